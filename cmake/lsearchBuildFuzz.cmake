# cmake -P script, run by the test `fuzz_build` (cmake/lsearchChecks.cmake):
# configures lsearch with clang and -DLSEARCH_BUILD_FUZZ=ON in BINARY_DIR and
# builds the fuzz targets TARGETS (comma-separated).
#
# Variables: SOURCE_DIR, BINARY_DIR, GENERATOR, CXX, WERROR, CORPUS_DIR, TARGETS.

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "fuzz_build: ${what} failed (${result})")
    endif()
endfunction()

run("configuring ${BINARY_DIR}"
    ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
    -DLSEARCH_BUILD_FUZZ=ON -DLSEARCH_BUILD_TESTS=OFF -DLSEARCH_SLOW_CHECKS=OFF
    -DLSEARCH_WERROR=${WERROR} -DLSEARCH_CORPUS_DIR=${CORPUS_DIR})
string(REPLACE "," ";" targets "${TARGETS}")
run("building ${TARGETS}" ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2 --target ${targets})
