# The slow checks of docs/RELIABILITY.md, run as tests of the suite itself
# (CI runs the suite and nothing else):
#
# - `sanitizers`: the whole suite again, built with the address and
#   undefined-behaviour sanitizers (-DLSEARCH_SANITIZE=ON, -O1) in the
#   sub-build BUILD/sanitize; fails on a failing test or on any sanitizer
#   report (cmake/lsearchRunSanitized.cmake).
# - `fuzz_build`, then `fuzz_<target>`: the libFuzzer targets of fuzz/, built
#   with clang in BUILD/fuzz, each run for LSEARCH_FUZZ_SECONDS over its seed
#   corpus; fails on a crash (cmake/lsearchRunFuzz.cmake). Skipped, saying
#   so, when clang cannot build a fuzzer (scripts/install-deps installs
#   clang and libclang-rt-14-dev).
#
# The sub-builds are configured with LSEARCH_SLOW_CHECKS=OFF, so the nested
# suite does not run itself again.

option(LSEARCH_SLOW_CHECKS
    "Add the sanitizer and fuzzing runs (sub-builds, several minutes) to the test suite" ON)
set(LSEARCH_FUZZ_SECONDS 60 CACHE STRING "Seconds each fuzz target runs in the test suite")
if(NOT LSEARCH_SLOW_CHECKS)
    return()
endif()

set(_checks_common_args
    -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
    -DGENERATOR=${CMAKE_GENERATOR}
    -DWERROR=${LSEARCH_WERROR}
    -DCORPUS_DIR=${LSEARCH_CORPUS_DIR})

# The suite under sanitizers, with the compiler of this build. Alone on the
# machine (RUN_SERIAL): it builds with every core, then runs the timed
# end-to-end tests, which must not starve.
add_test(NAME sanitizers
    COMMAND ${CMAKE_COMMAND} ${_checks_common_args}
        -DBINARY_DIR=${PROJECT_BINARY_DIR}/sanitize
        -DCXX=${CMAKE_CXX_COMPILER}
        -DCTEST=${CMAKE_CTEST_COMMAND}
        -P ${PROJECT_SOURCE_DIR}/cmake/lsearchRunSanitized.cmake)
set_tests_properties(sanitizers PROPERTIES RUN_SERIAL TRUE TIMEOUT 1500)

# Fuzzing needs clang with its fuzzer runtime: try to link a fuzzer, until
# that works (so that installing clang later and configuring again is enough).
if(NOT LSEARCH_FUZZ_CXX)
    find_program(_clangxx NAMES clang++ clang++-14 NO_CACHE)
    set(_fuzz_cxx "")
    if(_clangxx)
        set(_probe ${PROJECT_BINARY_DIR}/CMakeFiles/lsearch-fuzz-probe)
        file(WRITE ${_probe}.cc
            "#include <cstddef>\n#include <cstdint>\n"
            "extern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }\n")
        execute_process(
            COMMAND ${_clangxx} -fsanitize=fuzzer,address,undefined ${_probe}.cc -o ${_probe}
            RESULT_VARIABLE _probe_result OUTPUT_QUIET ERROR_QUIET)
        if(_probe_result EQUAL 0)
            set(_fuzz_cxx ${_clangxx})
        endif()
    endif()
    set(LSEARCH_FUZZ_CXX "${_fuzz_cxx}" CACHE FILEPATH
        "clang++ able to build libFuzzer targets (empty: the fuzz tests are skipped)" FORCE)
endif()

# target, then its libFuzzer options (a dictionary, a maximum input length).
set(_fuzz_targets
    "analyzer|-max_len=2048|-dict=${PROJECT_SOURCE_DIR}/fuzz/analyzer.dict"
    "query|-max_len=512|-dict=${PROJECT_SOURCE_DIR}/fuzz/query.dict"
    "article|-max_len=4096|-dict=${PROJECT_SOURCE_DIR}/fuzz/article.dict"
    "jsonl|-max_len=4096|-dict=${PROJECT_SOURCE_DIR}/fuzz/jsonl.dict")

if(NOT LSEARCH_FUZZ_CXX)
    message(WARNING
        "lsearch: clang++ cannot build libFuzzer targets here: the fuzz tests are skipped. "
        "Install the Debian packages clang and libclang-rt-14-dev (scripts/install-deps does).")
    add_test(NAME fuzz COMMAND ${CMAKE_COMMAND} -E echo
        "skipped: clang++ cannot build libFuzzer targets; install clang and libclang-rt-14-dev")
    set_tests_properties(fuzz PROPERTIES SKIP_REGULAR_EXPRESSION "skipped:")
    return()
endif()

set(_fuzz_dir ${PROJECT_BINARY_DIR}/fuzz)
set(_fuzz_names)
foreach(_entry IN LISTS _fuzz_targets)
    string(REPLACE "|" ";" _entry "${_entry}")
    list(GET _entry 0 _name)
    list(APPEND _fuzz_names fuzz_${_name})
endforeach()
string(REPLACE ";" "," _fuzz_names "${_fuzz_names}")
add_test(NAME fuzz_build
    COMMAND ${CMAKE_COMMAND} ${_checks_common_args}
        -DBINARY_DIR=${_fuzz_dir}
        -DCXX=${LSEARCH_FUZZ_CXX}
        -DTARGETS=${_fuzz_names}
        -P ${PROJECT_SOURCE_DIR}/cmake/lsearchBuildFuzz.cmake)
set_tests_properties(fuzz_build PROPERTIES
    RUN_SERIAL TRUE TIMEOUT 1200 FIXTURES_SETUP lsearch_fuzz)

foreach(_entry IN LISTS _fuzz_targets)
    string(REPLACE "|" ";" _entry "${_entry}")
    list(POP_FRONT _entry _name)
    string(REPLACE ";" "," _options "${_entry}")
    add_test(NAME fuzz_${_name}
        COMMAND ${CMAKE_COMMAND}
            -DFUZZER=${_fuzz_dir}/fuzz/fuzz_${_name}
            -DCORPUS=${PROJECT_SOURCE_DIR}/fuzz/corpus/${_name}
            -DWORK=${_fuzz_dir}/runs/${_name}
            -DSECONDS=${LSEARCH_FUZZ_SECONDS}
            -DOPTIONS=${_options}
            -P ${PROJECT_SOURCE_DIR}/cmake/lsearchRunFuzz.cmake)
    math(EXPR _timeout "${LSEARCH_FUZZ_SECONDS} + 120")
    set_tests_properties(fuzz_${_name} PROPERTIES
        TIMEOUT ${_timeout} FIXTURES_REQUIRED lsearch_fuzz)
endforeach()
