// Package anjian calls libanjian_c (the C ABI of anjian) through cgo: a ranking, a fine
// recommendation and GB 18218 identification, with Go errors carrying the library's located message.
//
// Build against an installed anjian: PKG_CONFIG_PATH=<prefix>/lib/pkgconfig go test ./...
package anjian

/*
#cgo pkg-config: anjian_c
#include <stdlib.h>
#include <anjian/anjian.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Error is a failed call: the status and the library's message (file, line, key, row, column).
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("anjian status %d: %s", e.Status, e.Message) }

func check(status C.anjian_status) error {
	if status == C.ANJIAN_OK {
		return nil
	}
	return &Error{Status: int(status), Message: C.GoString(C.anjian_last_error())}
}

// ABIVersion is the library's ABI version; the header's is C.ANJIAN_ABI_VERSION.
func ABIVersion() int { return int(C.anjian_abi_version()) }

// HeaderABIVersion is the ABI this package was compiled against.
const HeaderABIVersion = C.ANJIAN_ABI_VERSION

// Ranking of units (rows) on indicators (columns).
type Ranking struct {
	Scores     []float64
	Ranks      []int64
	Red, Black []int64
}

// Rank ranks the units of a row-major matrix with the weighting ("entropy", "critic", "equal"), the
// method ("weighted_sum", "topsis", "vikor") and the red/black list sizes given.
func Rank(matrix []float64, units, indicators int, weighting string, directions []int32, method string,
	red, black int32) (*Ranking, error) {
	if len(matrix) != units*indicators || len(directions) != indicators {
		return nil, fmt.Errorf("matrix must hold %d x %d values and directions %d", units, indicators, indicators)
	}
	cw, cm := C.CString(weighting), C.CString(method)
	defer C.free(unsafe.Pointer(cw))
	defer C.free(unsafe.Pointer(cm))
	var r *C.anjian_result
	if err := check(C.anjian_rank((*C.double)(&matrix[0]), C.int64_t(units), C.int64_t(indicators), cw, nil,
		(*C.int32_t)(&directions[0]), cm, nil, nil, 0.5, C.int32_t(red), C.int32_t(black), &r)); err != nil {
		return nil, err
	}
	defer C.anjian_result_free(r)
	return &Ranking{
		Scores: floats(r, "score", units), Ranks: ints(r, "rank", units),
		Red: ints(r, "red", units), Black: ints(r, "black", units),
	}, nil
}

// Recommend returns the recommendation JSON (schema anjian.penalty.recommendation/1) for a case given
// as JSON, from the national penalty pack.
func Recommend(request string) (string, error) {
	var engine *C.anjian_penalty_engine
	if err := check(C.anjian_penalty_engine_new(nil, 0, &engine)); err != nil {
		return "", err
	}
	defer C.anjian_penalty_engine_free(engine)
	cr := C.CString(request)
	defer C.free(unsafe.Pointer(cr))
	var out *C.char
	if err := check(C.anjian_penalty_recommend(engine, cr, &out)); err != nil {
		return "", err
	}
	defer C.anjian_string_free(out)
	return C.GoString(out), nil
}

// Unit is one GB 18218 unit's result.
type Unit struct {
	S, R           float64
	IsMajor, Grade int64
}

// Identify identifies one unit from its substances and quantities (grams) on a day ("2024-05-01").
func Identify(substances []string, grams []int64, people int64, on string) (*Unit, error) {
	var table *C.anjian_hazard_table
	if err := check(C.anjian_hazard_table_new(nil, &table)); err != nil {
		return nil, err
	}
	defer C.anjian_hazard_table_free(table)
	var lines, units *C.anjian_table
	if err := check(C.anjian_table_new(C.int64_t(len(grams)), &lines)); err != nil {
		return nil, err
	}
	defer C.anjian_table_free(lines)
	if err := check(C.anjian_table_new(1, &units)); err != nil {
		return nil, err
	}
	defer C.anjian_table_free(units)
	unit := make([]int64, len(grams))
	names := make([]*C.char, len(substances))
	for i, s := range substances {
		names[i] = C.CString(s)
		defer C.free(unsafe.Pointer(names[i]))
	}
	columns := []struct {
		name string
		add  func(*C.char) C.anjian_status
	}{
		{"unit", func(n *C.char) C.anjian_status {
			return C.anjian_table_add_int64(lines, n, (*C.int64_t)(&unit[0]), nil)
		}},
		{"substance", func(n *C.char) C.anjian_status {
			return C.anjian_table_add_text(lines, n, (**C.char)(unsafe.Pointer(&names[0])))
		}},
		{"q_grams", func(n *C.char) C.anjian_status {
			return C.anjian_table_add_int64(lines, n, (*C.int64_t)(&grams[0]), nil)
		}},
		{"people", func(n *C.char) C.anjian_status {
			return C.anjian_table_add_int64(units, n, (*C.int64_t)(&people), nil)
		}},
	}
	for _, c := range columns {
		cn := C.CString(c.name)
		err := check(c.add(cn))
		C.free(unsafe.Pointer(cn))
		if err != nil {
			return nil, err
		}
	}
	con := C.CString(on)
	defer C.free(unsafe.Pointer(con))
	var r *C.anjian_result
	if err := check(C.anjian_hazard_identify_many(table, lines, units, con, C.ANJIAN_REFUSE_CALL, &r)); err != nil {
		return nil, err
	}
	defer C.anjian_result_free(r)
	return &Unit{S: floats(r, "s", 1)[0], R: floats(r, "r", 1)[0], IsMajor: ints(r, "is_major", 1)[0],
		Grade: ints(r, "grade", 1)[0]}, nil
}

func ints(r *C.anjian_result, name string, n int) []int64 {
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	p := C.anjian_result_int64(r, cn)
	return append([]int64(nil), unsafe.Slice((*int64)(unsafe.Pointer(p)), n)...)
}

func floats(r *C.anjian_result, name string, n int) []float64 {
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	p := C.anjian_result_float64(r, cn)
	return append([]float64(nil), unsafe.Slice((*float64)(unsafe.Pointer(p)), n)...)
}
