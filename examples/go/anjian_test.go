package anjian

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

func bits(x float64) string { return fmt.Sprintf("%016x", math.Float64bits(x)) }

func join(values []int64) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, " ")
}

// The same ranking, fine and GB 18218 grade as the Python API gives (ANJIAN_EXPECTED: the output of
// examples/python/reference.py).
func TestAgreesWithThePythonAPI(t *testing.T) {
	if ABIVersion() != HeaderABIVersion {
		t.Fatalf("libanjian_c has ABI %d, built for %d", ABIVersion(), HeaderABIVersion)
	}
	var out []string
	r, err := Rank([]float64{0.92, 35, 2, 0.98, 41, 0, 0.95, 38, 1, 0.81, 22, 5}, 4, 3, "entropy",
		[]int32{1, 1, -1}, "topsis", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	scores := make([]string, len(r.Scores))
	for i, s := range r.Scores {
		scores[i] = bits(s)
	}
	out = append(out, "ranking ranks: "+join(r.Ranks), "ranking scores: "+strings.Join(scores, " "),
		"ranking red: "+join(r.Red), "ranking black: "+join(r.Black))
	fine, err := Recommend(`{"provision": "accident_unit", "act_date": "2021-08-20", "decision_date": "2021-11-03", "facts": {"level": "较大"}}`)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, "fine: "+fine)
	u, err := Identify([]string{"氨", "液氯"}, []int64{25000000, 2000000}, 120, "2024-05-01")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, fmt.Sprintf("gb18218 s: %s is_major: %d grade: %d r: %s", bits(u.S), u.IsMajor, u.Grade, bits(u.R)))

	path := os.Getenv("ANJIAN_EXPECTED")
	if path == "" {
		t.Skip("ANJIAN_EXPECTED (the Python API's output) not given")
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(out, "\n") + "\n"; got != string(want) {
		t.Errorf("differs from the Python API:\n got: %s\nwant: %s", got, want)
	}
}

// A refused call is a Go error with the library's located message.
func TestARefusedCallIsAnErrorNamingTheKey(t *testing.T) {
	_, err := Recommend(`{"provision": "accident_unit", "act_date": "2021-8-20"}`)
	if err == nil || !strings.Contains(err.Error(), "act_date") {
		t.Fatalf("want an error naming act_date, got %v", err)
	}
}
