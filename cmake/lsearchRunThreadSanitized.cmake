# cmake -P script, run by the test `thread_sanitizer` (tests/embed): builds
# tests/embed/threads_test.cc and the libraries it needs with the thread
# sanitizer (-DLSEARCH_SANITIZE_THREAD=ON, -O1) in BINARY_DIR, runs it, and
# fails when a test fails or the sanitizer reports anything.
#
# Variables: SOURCE_DIR, BINARY_DIR, GENERATOR, CXX, WERROR.

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "thread_sanitizer: ${what} failed (${result})")
    endif()
endfunction()

run("configuring ${BINARY_DIR}"
    ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
    -DLSEARCH_SANITIZE_THREAD=ON -DLSEARCH_WERROR=${WERROR} -DLSEARCH_SLOW_CHECKS=OFF
    -DLSEARCH_BUILD_TESTS=ON -DLSEARCH_BUILD_BENCH=OFF -DLSEARCH_BUILD_FUZZ=OFF)
run("building threads_test" ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2 --target threads_test)

# exitcode: a report fails the run even when every check passed.
set(ENV{TSAN_OPTIONS} "halt_on_error=1:exitcode=66:second_deadlock_stack=1")
execute_process(COMMAND ${BINARY_DIR}/tests/embed/threads_test
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
message("${output}${errors}")
if(NOT result EQUAL 0 OR errors MATCHES "ThreadSanitizer")
    message(FATAL_ERROR "thread_sanitizer: threads_test exit status ${result}")
endif()
message("thread_sanitizer: threads_test passed with no report")
