# The consumers of anjian, each built and run as an outside project would:
#   MODE=install       configure, build and install anjian (Debug) into BUILD_DIR/prefix
#   MODE=cpp           examples/cpp against the installed package (find_package(anjian))
#   MODE=subdirectory  examples/cpp with anjian's source tree inside (add_subdirectory), anjian shared
#   MODE=c             examples/c against the installed package, shared and static, under SANITIZE
#   MODE=ctypes        examples/python/ctypes_consumer.py with PYTHON on the installed libanjian_c.so
#   MODE=go            examples/go: go test, cgo finding anjian through its pkg-config file
#   MODE=java          examples/java: mvn test, JNA loading the installed libanjian_c.so
# The C, ctypes, Go and Java consumers print what EXPECTED holds: the Python API's output for the same
# inputs (examples/python/reference.py). A consumer whose toolchain is absent prints "SKIPPED:".
# cmake -DMODE=.. -DSOURCE_DIR=.. -DBUILD_DIR=.. -DCMAKE_GENERATOR=.. [-DEXPECTED=..] [-DPYTHON=..] -P consumer_test.cmake
cmake_minimum_required(VERSION 3.25)
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()
# Runs a consumer and holds its output to EXPECTED.
function(agrees name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "${name} failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  file(READ "${EXPECTED}" want)
  if(NOT out STREQUAL want)
    message(FATAL_ERROR "${name} differs from the Python API (${EXPECTED}):\n--- got\n${out}--- want\n${want}")
  endif()
  message(STATUS "${name} agrees with the Python API")
endfunction()
function(need_tool var name)
  find_program(${var} ${name})
  if(NOT ${var})
    message(STATUS "SKIPPED: ${name} is not installed")
    return()
  endif()
endfunction()

set(prefix "${BUILD_DIR}/prefix")
# These builds check how a consumer finds, builds, links and calls anjian, not its speed: unoptimised,
# without debug information, each compiles in a fraction of a Release build's time (two whole builds of
# the library run here, beside the other tests).
set(unoptimised -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O0")
if(MODE STREQUAL "install")
  run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BUILD_DIR}/anjian" -G "${CMAKE_GENERATOR}" ${unoptimised}
      -DANJIAN_BUILD_TESTS=OFF "-DCMAKE_INSTALL_PREFIX=${prefix}")
  run("${CMAKE_COMMAND}" --build "${BUILD_DIR}/anjian" --target install)
elseif(MODE STREQUAL "cpp" OR MODE STREQUAL "subdirectory")
  set(dir "${BUILD_DIR}/example-${MODE}")
  if(MODE STREQUAL "cpp")
    set(how "-DCMAKE_PREFIX_PATH=${prefix}")
  else()
    set(how "-DANJIAN_SOURCE_DIR=${SOURCE_DIR}" -DBUILD_SHARED_LIBS=ON)
  endif()
  run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/cpp" -B "${dir}" -G "${CMAKE_GENERATOR}" ${unoptimised} ${how})
  run("${CMAKE_COMMAND}" --build "${dir}")
  run("${dir}/bulletin")
  run("${dir}/inspection")
elseif(MODE STREQUAL "c")
  set(dir "${BUILD_DIR}/example-c")
  run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/c" -B "${dir}" -G "${CMAKE_GENERATOR}" -DCMAKE_BUILD_TYPE=Debug
      "-DCMAKE_PREFIX_PATH=${prefix}" "-DSANITIZE=${SANITIZE}")
  run("${CMAKE_COMMAND}" --build "${dir}")
  agrees("C (libanjian_c.so)" "${CMAKE_COMMAND}" -E env ASAN_OPTIONS=detect_leaks=1 "${dir}/embedding")
  agrees("C (libanjian_c.a)" "${CMAKE_COMMAND}" -E env ASAN_OPTIONS=detect_leaks=1 "${dir}/embedding_static")
elseif(MODE STREQUAL "ctypes")
  agrees("Python ctypes" "${PYTHON}" "${SOURCE_DIR}/examples/python/ctypes_consumer.py"
         "${prefix}/lib/libanjian_c.so")
elseif(MODE STREQUAL "go")
  need_tool(GO go)
  if(GO)
    run("${CMAKE_COMMAND}" -E env "PKG_CONFIG_PATH=${prefix}/lib/pkgconfig" "LD_LIBRARY_PATH=${prefix}/lib"
        "ANJIAN_EXPECTED=${EXPECTED}" CGO_ENABLED=1 GOTOOLCHAIN=local GOFLAGS=-count=1
        "${GO}" -C "${SOURCE_DIR}/examples/go" test -v ./...)
  endif()
elseif(MODE STREQUAL "java")
  need_tool(MVN mvn)
  if(MVN)
    run("${CMAKE_COMMAND}" -E env "ANJIAN_EXPECTED=${EXPECTED}"
        "${MVN}" -q -B -f "${SOURCE_DIR}/examples/java/pom.xml" test "-Danjian.lib=${prefix}/lib"
        "-Danjian.build.dir=${BUILD_DIR}/example-java" -Dsurefire.failIfNoSpecifiedTests=false)
  endif()
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
