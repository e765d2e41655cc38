#include "register.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "anjian core (C++): periods, rule packs, indicator kernels, ranking";
    m.attr("__version__") = ANJIAN_VERSION;
    register_errors(m);
    register_period(m);
    register_indicators(m);
    register_ranking(m);
    register_penalty(m);
    register_accident(m);
    register_hazard(m);
    register_triggers(m);
    register_columns(m);
}
