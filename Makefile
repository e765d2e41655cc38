# Entry points: make demo, make test, make build. Each installs what is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?= $(shell nproc)
SOURCES := $(shell find include src bindings rules cmake python -type f 2>/dev/null) CMakeLists.txt pyproject.toml

.PHONY: bench-scale all deps build demo test test-cpp test-fuzz test-python test-tsan test-wheel wheel fuzz bench stubs clean
all: build

deps: .build/deps.stamp
.build/deps.stamp: scripts/install-deps.sh
	@scripts/install-deps.sh
	@mkdir -p .build && touch $@

# The project venv with pinned packages, and anjian installed editable from this tree.
$(VENV)/.requirements.stamp: requirements/build.txt requirements/test.txt | deps
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/test.txt
	touch $@

# The extension's CMake configuration, one for the editable install and the wheel: both build in
# pyproject's build-dir (build/python/<tag>), so the wheel reuses the editable install's objects.
SKBUILD_DEFINES := -C cmake.define.ANJIAN_WERROR=$(if $(CI),ON,OFF)
$(VENV)/.anjian.stamp: $(VENV)/.requirements.stamp $(SOURCES)
	$(PY) -m pip install -q --disable-pip-version-check --no-build-isolation -e . $(SKBUILD_DEFINES) \
	  -C build.verbose=false
	touch $@

# C++ library, tests and examples (plain build) under build/cpp.
build/cpp/build.ninja: CMakeLists.txt | deps
	cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANJIAN_WERROR=ON

build: deps $(VENV)/.anjian.stamp build/cpp/build.ninja
	cmake --build build/cpp -j $(JOBS)

demo: deps $(VENV)/.anjian.stamp
	$(VENV)/bin/anjian demo --dir build/demo

# C++ tests under AddressSanitizer + UBSan, then the Python suite. The venv's Python (with anjian) is
# the reference the C ABI's consumers (C, ctypes, Go, Java) are held to.
build/asan/build.ninja: CMakeLists.txt | deps
	cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DANJIAN_WERROR=ON -DANJIAN_SANITIZE=address,undefined \
	  -DANJIAN_TEST_PYTHON=$(abspath $(PY))

test-cpp: build/asan/build.ninja $(VENV)/.anjian.stamp
	cmake --build build/asan -j $(JOBS)
	cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# The threaded kernels (aggregation, ranking batches) under ThreadSanitizer: not part of `make test`
# (a third full C++ build); run before changing how work is split between threads.
build/tsan/build.ninja: CMakeLists.txt | deps
	cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DANJIAN_WERROR=ON -DANJIAN_SANITIZE=thread

test-tsan: build/tsan/build.ninja
	cmake --build build/tsan -j $(JOBS)
	cd build/tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# libFuzzer over the pack loader, the conditions and the formula parser (clang, ASan + UBSan): `make fuzz`
# runs each target FUZZ_SECONDS (an hour by default), side by side, optimised (build/fuzz); `make test`
# runs the regression inputs and 30 s of each, built unoptimised (build/fuzz-smoke: 78 s to build
# against 139 on 2 cores; a smoke run does not need the inputs per second).
FUZZ_SECONDS ?= 3600
FUZZ_CMAKE := -DANJIAN_BUILD_TESTS=OFF -DANJIAN_BUILD_C=OFF -DANJIAN_BUILD_FUZZERS=ON -DANJIAN_INSTALL=OFF \
  -DANJIAN_WERROR=ON -DANJIAN_SANITIZE=address,undefined,fuzzer-no-link
build/fuzz/build.ninja: CMakeLists.txt | deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(FUZZ_CMAKE)
build/fuzz-smoke/build.ninja: CMakeLists.txt | deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz-smoke -G Ninja -DCMAKE_BUILD_TYPE=Debug $(FUZZ_CMAKE)

fuzz: build/fuzz/build.ninja
	cmake --build build/fuzz -j $(JOBS)
	scripts/fuzz.sh $(FUZZ_SECONDS) build/fuzz

test-fuzz: build/fuzz-smoke/build.ninja
	cmake --build build/fuzz-smoke -j $(JOBS)
	scripts/fuzz.sh 30 build/fuzz-smoke

# The suite runs again under each other pandas major users have (installed beside the venv, not in it):
# the one pandas -> column conversion must read 2.x and 3.x frames alike (string dtype, copy-on-write,
# datetimes in any resolution).
PANDAS_ALSO := 2.2.3 3.1.1
build/pandas-%/.stamp: $(VENV)/.requirements.stamp
	rm -rf build/pandas-$*
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --target build/pandas-$* pandas==$*
	touch $@

test-python: $(VENV)/.anjian.stamp $(foreach v,$(PANDAS_ALSO),build/pandas-$(v)/.stamp)
	$(PY) scripts/stubs.py --check
	$(PY) -m mypy
	scripts/pytest-each-pandas.sh $(PY) $(PANDAS_ALSO)

# The wheel users install (pip install build/wheel/anjian-*.whl): Release, with libyaml-cpp bundled by
# auditwheel, for this platform tag (x86-64 Linux, this glibc and newer); built in the editable
# install's build tree with its configuration, so after it only the packaging runs. test-wheel installs
# it into a fresh venv from PyPI's packages alone and runs `python -m anjian selftest` there, from
# outside the source tree, checking that the extension loads the bundled yaml-cpp, not the system's.
wheel: $(VENV)/.anjian.stamp requirements/wheel.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/wheel.txt
	rm -rf build/wheel/raw build/wheel/*.whl
	$(PY) -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w build/wheel/raw . \
	  $(SKBUILD_DEFINES)
	PATH="$(abspath $(VENV))/bin:$$PATH" $(PY) -m auditwheel repair -w build/wheel build/wheel/raw/anjian-*.whl

test-wheel: wheel
	rm -rf build/wheel/venv
	$(PYTHON) -m venv build/wheel/venv
	build/wheel/venv/bin/python -m pip install -q --disable-pip-version-check build/wheel/anjian-*.whl \
	  -c requirements/build.txt
	cd build/wheel && venv/bin/python -m anjian selftest
	cd build/wheel && core=$$(venv/bin/python -c "import anjian._core as c; print(c.__file__)") && \
	  ldd "$$core" | grep yaml-cpp | grep -q "anjian.libs/" && echo "the wheel's extension loads its own yaml-cpp" || \
	  { echo "the wheel's extension does not load the bundled yaml-cpp:"; ldd "$$core"; exit 1; }

test: deps test-cpp test-fuzz test-python test-wheel

# Benchmarks: Google Benchmark kernels (Release) and the Python comparison with pandas/DuckDB/Polars.
bench: deps $(VENV)/.anjian.stamp
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/bench.txt
	cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DANJIAN_BUILD_BENCHMARKS=ON -DANJIAN_BUILD_TESTS=OFF
	cmake --build build/release -j $(JOBS)
	build/release/benchmarks/bench_aggregate --benchmark_min_time=0.5
	build/release/benchmarks/bench_ranking --benchmark_min_time=0.5
	build/release/benchmarks/bench_penalty --benchmark_min_time=0.5
	build/release/benchmarks/bench_triggers --benchmark_min_time=0.5
	build/release/benchmarks/bench_hazard --benchmark_min_time=0.5
	build/release/benchmarks/bench_accident --benchmark_min_time=0.5
	$(PY) benchmarks/bench_aggregate.py
	$(PY) benchmarks/bench_ranking.py
	$(PY) benchmarks/bench_penalty.py
	$(PY) benchmarks/bench_hazards.py
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_pipeline.py

# Beyond one machine: 100 M events as Parquet under build/scale (made once, ~2 GB; the disk is checked
# first), aggregated by anjian streaming, anjian on Dask, Dask, Spark and pandas (on the rows that fit).
bench-scale: deps $(VENV)/.anjian.stamp
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/bench.txt
	$(PY) benchmarks/bench_scale.py --rows $(or $(SCALE_ROWS),100000000)

# Regenerate python/anjian/_core.pyi from the built module (make test fails while it is stale).
stubs: $(VENV)/.anjian.stamp
	$(PY) scripts/stubs.py

clean:
	rm -rf build .build $(VENV)/.anjian.stamp
