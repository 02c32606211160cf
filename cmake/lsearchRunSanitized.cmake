# cmake -P script, run by the test `sanitizers` (cmake/lsearchChecks.cmake):
# configures and builds lsearch with -DLSEARCH_SANITIZE=ON (address and
# undefined-behaviour sanitizers) at -O1 in BINARY_DIR, runs its test suite,
# and fails when a test fails or when any sanitized process reported
# anything: the sanitizers write their reports to files in
# BINARY_DIR/sanitizer-reports, which must stay empty.
#
# With -DSANITIZER=thread and -DPROGRAM=<target>, run by the test
# `thread_sanitizer` (tests/embed/CMakeLists.txt): the thread sanitizer
# instead (-DLSEARCH_SANITIZE_THREAD=ON), and only that target is built and
# run (its path relative to BINARY_DIR in PROGRAM_PATH).
#
# Variables: SOURCE_DIR, BINARY_DIR, GENERATOR, CXX, CTEST, WERROR, CORPUS_DIR;
# SANITIZER, PROGRAM, PROGRAM_PATH.

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${name}: ${what} failed (${result})")
    endif()
endfunction()

if(SANITIZER STREQUAL "thread")
    set(name thread_sanitizer)
    set(sanitize -DLSEARCH_SANITIZE_THREAD=ON)
    set(build_target --target ${PROGRAM})
else()
    set(name sanitizers)
    set(sanitize -DLSEARCH_SANITIZE=ON)
    set(build_target "")
endif()

run("configuring ${BINARY_DIR}"
    ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX}
    # -O1 and line tables only: quick to build, still fast, readable reports.
    -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
    ${sanitize} -DLSEARCH_WERROR=${WERROR} -DLSEARCH_SLOW_CHECKS=OFF
    -DLSEARCH_BUILD_TESTS=ON -DLSEARCH_BUILD_BENCH=OFF -DLSEARCH_BUILD_FUZZ=OFF
    -DLSEARCH_CORPUS_DIR=${CORPUS_DIR})
run("building ${BINARY_DIR}" ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2 ${build_target})

# Every process the suite starts (lindex, lsearch, as root or as nobody)
# writes its reports here, as asan.PID or ubsan.PID.
set(reports ${BINARY_DIR}/sanitizer-reports)
file(REMOVE_RECURSE ${reports})
file(MAKE_DIRECTORY ${reports})
file(CHMOD ${reports} DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_WRITE GROUP_EXECUTE
    WORLD_READ WORLD_WRITE WORLD_EXECUTE)
set(ENV{ASAN_OPTIONS}
    "detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1:log_path=${reports}/asan")
set(ENV{UBSAN_OPTIONS} "halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=${reports}/ubsan")
set(ENV{LSAN_OPTIONS} "")
set(ENV{TSAN_OPTIONS} "halt_on_error=1:second_deadlock_stack=1:log_path=${reports}/tsan")

if(PROGRAM)
    execute_process(COMMAND ${BINARY_DIR}/${PROGRAM_PATH} RESULT_VARIABLE suite_result)
else()
    execute_process(
        COMMAND ${CTEST} --test-dir ${BINARY_DIR} --output-on-failure --parallel 2
        RESULT_VARIABLE suite_result)
endif()

file(GLOB report_files ${reports}/*)
list(LENGTH report_files report_count)
foreach(report IN LISTS report_files)
    file(READ ${report} content)
    message("---- ${report}\n${content}")
endforeach()
if(report_count GREATER 0 OR NOT suite_result EQUAL 0)
    message(FATAL_ERROR
        "${name}: ${report_count} sanitizer report(s); sanitized run exit status ${suite_result}")
endif()
message("${name}: the sanitized run passed with 0 sanitizer reports")
