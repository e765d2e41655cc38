#pragma once
#include <pybind11/pybind11.h>

void register_errors(pybind11::module_& m);
void register_period(pybind11::module_& m);
void register_indicators(pybind11::module_& m);
void register_ranking(pybind11::module_& m);
void register_penalty(pybind11::module_& m);
void register_accident(pybind11::module_& m);
void register_hazard(pybind11::module_& m);
void register_triggers(pybind11::module_& m);
void register_columns(pybind11::module_& m);
