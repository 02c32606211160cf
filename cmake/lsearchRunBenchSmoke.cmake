# The benchmark's smoke test (bench/CMakeLists.txt): runs lsearch_bench on a
# few hundred documents and checks that it printed a whole, sane table: both
# scales, every row, both indexes with the right number of documents (the
# program itself fails otherwise), no query refused, ratios that are numbers.
# No timing is checked: figures on a shared machine are for people to read.
#
# cmake -DBENCH=lsearch_bench -DWORK=dir -DINPUTS=a;b -P lsearchRunBenchSmoke.cmake
file(REMOVE_RECURSE ${WORK})
execute_process(
    COMMAND ${BENCH} --scales 1,10 --reps 2 --work ${WORK} ${INPUTS}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
message("${out}")
if(NOT status EQUAL 0)
    message(FATAL_ERROR "lsearch_bench failed (${status}):\n${err}")
endif()

set(expected
    "== 1x: 35 documents"
    "== 10x: 350 documents"
    "documents/s "
    "MB/s "
    "CPU s "
    "peak RSS MiB "
    "index MB "
    "directory MB "
    "compacted MB "
    "p50 "
    "p95 "
    "p99 "
    "total "
    "p50 phrases "
    "p50 filters "
    "== targets \\(issue 6\\) =="
    "indexing throughput, lsearch/xapian at 10x"
    "query p50 with snippets\\+facets at 10x"
    "== growth: each measure at Nx divided by its value at 1x =="
    "lsearch indexing wall +1\\.00 +[0-9]"
    "queries refused +0 +0 +0\n")
foreach(line IN LISTS expected)
    if(NOT out MATCHES "${line}")
        message(FATAL_ERROR "lsearch_bench's table has no line matching '${line}'")
    endif()
endforeach()
if(out MATCHES " -?(nan|inf)")
    message(FATAL_ERROR "lsearch_bench printed a figure that is not a number")
endif()
# The timed query sets must have found something: lsearch answers most of the
# set on the test corpus (which is about other news than the queries, but
# shares their common words).
if(NOT out MATCHES "queries with results +([0-9]+) +([0-9]+)")
    message(FATAL_ERROR "no 'queries with results' line")
endif()
if(CMAKE_MATCH_2 LESS 20)
    message(FATAL_ERROR "lsearch found results for only ${CMAKE_MATCH_2} queries")
endif()
file(REMOVE_RECURSE ${WORK})
