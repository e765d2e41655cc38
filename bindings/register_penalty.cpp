// The penalty engine. Money crosses as fen (int); the Python layer turns it into int yuan or
// Decimal. Dates are datetime.date.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <structmember.h>

#include <anjian/penalty/batch.hpp>
#include <anjian/rules/penalty.hpp>
#include <anjian/rules/validate.hpp>
#include <algorithm>
#include <array>
#include <functional>
#include <string>

#include "casters.hpp"
#include "columns.hpp"
#include "refusals.hpp"
#include "register.hpp"

namespace py = pybind11;
namespace pn = anjian::penalty;

namespace {

// The money, basis and refusal columns every penalty batch returns, the columns handed over, not copied.
py::dict money_columns(pn::BatchResult&& r, std::size_t rows) {
    py::dict out;
    out["min_fen"] = to_numpy(std::move(r.min_fen));
    out["max_fen"] = to_numpy(std::move(r.max_fen));
    out["recommended_fen"] = to_numpy(std::move(r.recommended_fen));
    out["basis"] = to_numpy(std::move(r.basis));
    out["bases"] = r.bases;
    out["law_versions"] = r.law_versions;
    out["refused"] = status_column(r, rows);
    out["reasons"] = r.reasons;
    return out;
}

// Python text made once and never freed (no Python object may outlive the interpreter's end): the
// keys a decision's result is read by, on every call.
const py::str& key(const char* text) { return *new py::str(text); }

// Exact yuan of fen, as anjian._frames.yuan gives it (a test holds the two equal): int when whole,
// otherwise the Decimal of its text with two places ("0.50", as Decimal(50).scaleb(-2)).
py::object yuan_object(std::int64_t fen) {
    if (fen % 100 == 0) return py::int_(fen / 100);
    // The Decimals made last, by fen, in a small direct-mapped table (kept, never freed, as the keys
    // are): a band's bounds are shares of statutory amounts, the same few values call after call, and
    // making a Decimal cost a tenth of a decision. A Decimal is immutable: one object may be shared.
    static auto& made = *new std::array<std::pair<std::int64_t, py::object>, 256>();
    auto& slot = made[(static_cast<std::uint64_t>(fen) * 0x9E3779B97F4A7C15ULL) >> 56];
    if (slot.second && slot.first == fen) return slot.second;
    static const py::object& decimal = *new py::object(py::module_::import("decimal").attr("Decimal"));
    const std::uint64_t abs = fen < 0 ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
    const auto cents = static_cast<int>(abs % 100);
    std::string text = (fen < 0 ? "-" : "") + std::to_string(abs / 100);
    text += '.';
    text += static_cast<char>('0' + cents / 10);
    text += static_cast<char>('0' + cents % 10);
    // The C API call: pybind11's argument tuple doubled the cost of a Decimal.
    const py::str arg(text);
    auto out = py::reinterpret_steal<py::object>(PyObject_CallOneArg(decimal.ptr(), arg.ptr()));
    if (!out) throw py::error_already_set();
    slot = {fen, out};
    return out;
}

// Python text of a result's field, the str made last for the same bytes reused (kept, never freed, as
// the Decimals are): the pack, the basis, the band and the provision are the same few texts decision
// after decision, and decoding them (UTF-8, mostly Chinese) cost a tenth of a decision. A str is
// immutable: one object may be shared.
py::str text_object(const std::string& text) {
    static auto& made = *new std::array<std::pair<std::string, py::str>, 256>();  // slots start as "" for ""
    auto& slot = made[std::hash<std::string>{}(text) % made.size()];
    if (slot.first == text) return slot.second;
    py::str out(text);
    slot = {text, out};
    return out;
}

// The trace as Python reads it, [{"rule": ..., "detail": ...}, ...], made with the C API (pybind11's
// item accessor took most of the time), each rule's text the str made for it last time.
py::list trace_list(const pn::Recommendation& r) {
    static const py::str& rule_key = key("rule");
    static const py::str& detail_key = key("detail");
    py::list out(r.trace.size());
    for (std::size_t i = 0; i < r.trace.size(); ++i) {
        auto step = py::reinterpret_steal<py::dict>(PyDict_New());
        if (!step || PyDict_SetItem(step.ptr(), rule_key.ptr(), text_object(r.trace[i].rule).ptr()) != 0 ||
            PyDict_SetItem(step.ptr(), detail_key.ptr(), py::str(r.trace[i].detail).ptr()) != 0)
            throw py::error_already_set();
        PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), step.release().ptr());
    }
    return out;
}

// The fields to_python fills, in the order it fills them (the trace as None: Python decodes it from
// _native when first read).
constexpr std::array<const char*, 21> filled = {
    "provision", "party",     "min_yuan",    "max_yuan",   "recommended_yuan", "open_below", "no_fine",
    "band",      "band_min_yuan", "band_max_yuan", "measures", "no_penalty", "may_waive", "time_barred",
    "hearing",   "basis",     "law_version", "verified",   "pack",             "trace",      "_native"};

// Where each filled field lies in an instance of cls, a slotted dataclass: read once from its slots'
// descriptors (or, where a descriptor stands in front of a slot, as the trace's reader does, from the
// one it names as .slot), each checked to be a slot that holds any object (anything else is refused).
const std::array<Py_ssize_t, filled.size()>& slot_offsets(const py::type& cls) {
    static PyObject* known = nullptr;
    static std::array<Py_ssize_t, filled.size()> at{};
    if (cls.ptr() == known) return at;
    std::array<Py_ssize_t, filled.size()> found{};
    for (std::size_t i = 0; i < filled.size(); ++i) {
        py::object d = py::getattr(cls, filled[i], py::none());  // a slot's descriptor, read from its class
        if (!Py_IS_TYPE(d.ptr(), &PyMemberDescr_Type)) d = py::getattr(d, "slot", py::none());  // one in front
        const auto* slot = reinterpret_cast<PyMemberDescrObject*>(d.ptr());
        if (!Py_IS_TYPE(d.ptr(), &PyMemberDescr_Type) || slot->d_member->type != T_OBJECT_EX ||
            !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(cls.ptr()), PyDescr_TYPE(d.ptr())))
            throw py::type_error(std::string("a recommendation's class must hold its field ") + filled[i] +
                                 " in a slot (a dataclass made with slots=True)");
        found[i] = slot->d_member->offset;
    }
    at = found;
    Py_XDECREF(known);
    known = cls.inc_ref().ptr();  // held, so that no other class is made at its address
    return at;
}

// A decision as Python reads it, made in the call that decided: Python's Recommendation (cls), every
// field written into its slot, the trace as None (Python decodes it from _native when first asked for:
// decoding its text cost a third of a decision), in one call (read a property at a time, a
// decision cost more in the binding than in the engine); with the detail of each "review" step (a pack
// used past its reviewed_through), which Python warns of, where there is one: (rec, [detail, ...]).
py::object to_python(pn::Recommendation decided, const py::type& cls) {
    const auto& at = slot_offsets(cls);
    const py::object self = py::cast(std::move(decided));  // the C++ result, kept as the _native field
    const auto& r = self.cast<const pn::Recommendation&>();
    // The instance made as object.__new__(cls), its slots empty (a frozen dataclass's __init__ checks
    // each of its 21 fields: as long again as the decision).
    auto rec = py::reinterpret_steal<py::object>(
        PyBaseObject_Type.tp_new(reinterpret_cast<PyTypeObject*>(cls.ptr()), py::tuple().ptr(), nullptr));
    if (!rec) throw py::error_already_set();
    std::size_t field = 0;  // the next in `filled`
    const auto put = [&](py::object value) {
        auto** slot = reinterpret_cast<PyObject**>(reinterpret_cast<char*>(rec.ptr()) + at[field++]);
        Py_XSETREF(*slot, value.release().ptr());
    };
    const auto amount = [&r](anjian::Money m) -> py::object { return r.no_fine ? py::none() : yuan_object(m.fen()); };
    const auto flag = [](bool b) -> py::object { return py::bool_(b); };
    put(text_object(r.provision));
    put(text_object(r.party));
    put(amount(r.min));
    put(amount(r.max));
    put(amount(r.recommended));
    put(flag(r.open_below));
    put(flag(r.no_fine));
    put(text_object(r.band));
    put(amount(r.band_min));
    put(amount(r.band_max));
    put(py::cast(r.measures));
    put(flag(r.no_penalty));
    put(flag(r.may_waive));
    put(flag(r.time_barred));
    put(flag(r.hearing));
    put(text_object(r.basis));
    put(text_object(r.law_version));
    put(flag(r.verified));
    put(text_object(r.pack));
    put(py::none());  // the trace, decoded when first read
    put(self);
    const auto review = [](const pn::Step& step) { return step.rule == "review"; };
    if (std::none_of(r.trace.begin(), r.trace.end(), review)) return rec;  // the common case: no list, no tuple
    py::list stale;
    for (const auto& step : r.trace)
        if (review(step)) stale.append(step.detail);
    return py::make_tuple(std::move(rec), std::move(stale));
}

}  // namespace

void register_penalty(py::module_& m) {
    using R = pn::Recommendation;
    // The C++ result behind a Python Recommendation (its _native): the fields are Python's; kept
    // for the trace, read when first asked for, and the JSON form.
    py::class_<R>(m, "PenaltyRecommendation")
        .def_property_readonly("trace", &trace_list)
        .def("to_json", [](const R& r) { return pn::to_json(r); })
        // Read-only from Python: a copy is itself (dataclasses.asdict and copy.deepcopy of a
        // Recommendation copy its fields, this one included).
        .def("__copy__", [](const py::object& self) { return self; })
        .def("__deepcopy__", [](const py::object& self, const py::object&) { return self; }, py::arg("memo"));
    m.def("yuan_of_fen", &yuan_object, py::arg("fen"), "Exact yuan of fen: int when whole, Decimal otherwise.");
    m.def("text_of", &text_object, py::arg("text"), "The str a result's text field is made as (the one made last for it).");
    py::class_<pn::Engine>(m, "PenaltyEngine")
        .def(py::init([](const std::vector<std::string>& packs) { return anjian::rules::penalty_engine(packs); }),
             py::arg("packs") = std::vector<std::string>{})
        .def_property_readonly("overlays",
                               [](const pn::Engine& e) {
                                   std::vector<anjian::rules::PackInfo> out = e.table_overlays();
                                   for (const auto& d : e.discretion()) out.push_back(d.pack);
                                   return out;
                               })
        .def_property_readonly("pack", [](const pn::Engine& e) { return e.table().pack; })
        .def_property_readonly("packs", &pn::Engine::packs)
        .def(
            "late_payment_surcharge_fen",
            [](const pn::Engine& e, std::int64_t fen, const anjian::date& due, const anjian::date& paid) {
                return pn::late_payment_surcharge(e.general(), anjian::Money::from_fen(fen), due, paid).fen();
            },
            py::arg("fine_fen"), py::arg("due_date"), py::arg("paid_date"))
        .def_property_readonly("circumstances",
                               [](const pn::Engine& e) {
                                   // (key, effect, citation, instrument, its dates, verified) per rule
                                   std::vector<std::tuple<std::string, std::string, std::string, std::string,
                                                          std::string, bool>>
                                       out;
                                   for (const auto& in : e.general().instruments)
                                       for (const auto& c : in.circumstances)
                                           out.emplace_back(c.key, pn::effect_name(c.effect), c.basis.quoted(), in.id,
                                                            in.effective.str(), c.basis.verified);
                                   return out;
                               })
        .def_property_readonly("provisions",
                               [](const pn::Engine& e) {
                                   std::vector<std::pair<std::string, std::string>> out;
                                   for (const auto& p : e.table().provisions) out.emplace_back(p.id, p.title_zh);
                                   return out;
                               })
        .def(
            "accident_fine",
            [](const pn::Engine& e, const py::type& cls, const std::string& level, const anjian::date& act,
               std::optional<anjian::date> decision, bool aggravated, const std::string& sector) {
                return to_python(e.accident_fine(level, act, decision, aggravated, sector), cls);
            },
            py::arg("cls"), py::arg("level"), py::arg("act_date"), py::arg("decision_date") = py::none(),
            py::arg("aggravated") = false, py::arg("sector") = "general")
        .def(
            "principal_fine",
            [](const pn::Engine& e, const py::type& cls, const std::string& level, std::int64_t income_fen,
               const anjian::date& act, std::optional<anjian::date> decision, const std::string& sector) {
                return to_python(e.principal_fine(level, anjian::Money::from_fen(income_fen), act, decision, sector),
                                 cls);
            },
            py::arg("cls"), py::arg("level"), py::arg("income_fen"), py::arg("act_date"),
            py::arg("decision_date") = py::none(), py::arg("sector") = "general")
        .def(
            "recommend",
            [](const pn::Engine& e, const py::type& cls, const std::string& provision, const std::string& party,
               const py::dict& facts, std::optional<std::int64_t> income_fen,
               std::optional<std::int64_t> gains_fen, const std::vector<std::string>& circumstances, bool reduce,
               std::optional<anjian::date> act_end, std::optional<anjian::date> discovered, bool harm,
               const anjian::date& act, std::optional<anjian::date> decision) {
                pn::Facts f;
                // As text, as the pack's facts are read: True/False are "true"/"false", others str(value).
                for (const auto& [k, v] : facts)
                    f.values[py::str(k).cast<std::string>()] =
                        v.is(py::bool_(true))    ? std::string("true")
                        : v.is(py::bool_(false)) ? std::string("false")
                                                 : py::str(v).cast<std::string>();
                if (income_fen) f.income = anjian::Money::from_fen(*income_fen);
                if (gains_fen) f.illegal_gains = anjian::Money::from_fen(*gains_fen);
                f.circumstances = circumstances;
                f.reduce = reduce;
                f.act_end = act_end;
                f.discovered = discovered;
                f.harm_to_life_or_health = harm;
                return to_python(e.recommend(provision, party, f, act, decision), cls);
            },
            py::arg("cls"), py::arg("provision"), py::arg("party"), py::arg("facts"), py::arg("income_fen"),
            py::arg("gains_fen"), py::arg("circumstances"), py::arg("reduce"), py::arg("act_end"), py::arg("discovered"), py::arg("harm"),
            py::arg("act_date"), py::arg("decision_date") = py::none());
    m.def(
        "penalty_batch",
        [](const pn::Engine& e, const py::dict& columns, std::int64_t rows, bool principal, const std::string& sector,
           bool status) {
            const anjian::Table t = to_table(columns, rows);
            pn::BatchResult r;
            {
                py::gil_scoped_release release;
                r = pn::BatchEngine(e).run(t, principal, sector, status ? pn::Refusal::status : pn::Refusal::raise);
            }
            return money_columns(std::move(r), t.size());
        },
        py::arg("engine"), py::arg("columns"), py::arg("rows"), py::arg("principal"), py::arg("sector") = "general",
        py::arg("status") = false);
    m.def(
        "penalty_many",
        [](const pn::Engine& e, const py::dict& columns, std::int64_t rows, const std::vector<std::string>& facts,
           bool status) {
            const anjian::Table t = to_table(columns, rows);
            pn::BatchEngine::ManyResult r;
            {
                py::gil_scoped_release release;
                r = pn::BatchEngine(e).run_many(t, facts, status ? pn::Refusal::status : pn::Refusal::raise);
            }
            const auto n = static_cast<py::ssize_t>(t.rows());
            py::dict out = money_columns(std::move(r.money), t.size());
            out["band"] = r.band;
            out["no_penalty"] = py::array_t<std::uint8_t>(n, r.no_penalty.data());
            out["hearing"] = py::array_t<std::uint8_t>(n, r.hearing.data());
            out["no_fine"] = py::array_t<std::uint8_t>(n, r.no_fine.data());
            return out;
        },
        py::arg("engine"), py::arg("columns"), py::arg("rows"), py::arg("facts"), py::arg("status") = false);
    m.def("article_zh", &pn::article_zh, py::arg("number"));
    m.def(
        "daily_penalty_fen",
        [](std::int64_t fen, const anjian::date& order, const anjian::date& through) {
            return pn::daily_penalty(anjian::Money::from_fen(fen), order, through).fen();
        },
        py::arg("original_fen"), py::arg("order_date"), py::arg("through"));
}
