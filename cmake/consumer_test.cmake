# Installs anjian (a plain build) into a prefix, then builds examples/cpp against it with
# find_package(anjian) and runs it: what a case-handling system's build does.
# cmake -DSOURCE_DIR=.. -DBUILD_DIR=.. -DCMAKE_GENERATOR=.. -P consumer_test.cmake
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()
set(prefix "${BUILD_DIR}/prefix")
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BUILD_DIR}/anjian" -G "${CMAKE_GENERATOR}" -DCMAKE_BUILD_TYPE=Release
    -DANJIAN_BUILD_TESTS=OFF "-DCMAKE_INSTALL_PREFIX=${prefix}")
run("${CMAKE_COMMAND}" --build "${BUILD_DIR}/anjian" --target install)
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/cpp" -B "${BUILD_DIR}/example" -G "${CMAKE_GENERATOR}"
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${prefix}")
run("${CMAKE_COMMAND}" --build "${BUILD_DIR}/example")
run("${BUILD_DIR}/example/bulletin")
run("${BUILD_DIR}/example/inspection")
