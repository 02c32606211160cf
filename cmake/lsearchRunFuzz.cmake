# cmake -P script, run by the tests `fuzz_<target>` (cmake/lsearchChecks.cmake):
# runs the libFuzzer binary FUZZER for SECONDS over its seed corpus CORPUS
# (read only: what it finds goes to WORK/corpus, emptied first), with the
# libFuzzer OPTIONS (comma-separated). Fails on a crash, a leak, a timeout
# or an out-of-memory; the input that caused it is kept in WORK.
#
# Variables: FUZZER, CORPUS, WORK, SECONDS, OPTIONS.

get_filename_component(name ${FUZZER} NAME)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus)
string(REPLACE "," ";" options "${OPTIONS}")
execute_process(
    COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=30 -print_final_stats=1
        -artifact_prefix=${WORK}/ ${options} ${WORK}/corpus ${CORPUS}
    RESULT_VARIABLE result
    OUTPUT_FILE ${WORK}/log ERROR_FILE ${WORK}/log)
file(READ ${WORK}/log log)
string(REGEX MATCH "stat::number_of_executed_units: [0-9]+" executions "${log}")
string(REGEX REPLACE ".*: " "" executions "${executions}")
if(NOT result EQUAL 0)
    file(GLOB artifacts ${WORK}/crash-* ${WORK}/leak-* ${WORK}/timeout-* ${WORK}/oom-*)
    message("${log}")
    message(FATAL_ERROR "${name}: failed (${result}); input kept as ${artifacts}; "
        "reproduce with `${FUZZER} <that file>`, then add it as a regression test (fuzz/README.md)")
endif()
message("${name}: ${executions} executions in ${SECONDS} s, no failure (log: ${WORK}/log)")
