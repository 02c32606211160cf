# cmake -P script, run by the test `install_examples` (tests/embed), in the
# way of {fmt}'s find-package-test: installs lsearch into a temporary
# prefix, configures examples/ as a separate project against it, builds and
# runs the examples on an index of data/articles written by the installed
# lindex, and checks what they print; then the C and C++ examples compiled
# with `pkg-config --cflags --libs lsearch` only, run without
# LD_LIBRARY_PATH (lsearch.pc's rpath finds the libraries), and the Python
# example (ctypes).
#
# Variables: SOURCE_DIR, BUILD_DIR, WORK, GENERATOR, CXX, WERROR, PYTHON,
# PKG_CONFIG, LIBDIR (CMAKE_INSTALL_LIBDIR), DATADIR (CMAKE_INSTALL_DATADIR).

set(failures "")
# Nothing but the binaries' own rpath may find the installed libraries.
unset(ENV{LD_LIBRARY_PATH})

# run(<name> <expected exit status> <command...>): runs the command, output
# in ${name}_out and ${name}_err; a wrong exit status is a failure.
macro(run name status)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE ${name}_rc
        OUTPUT_VARIABLE ${name}_out ERROR_VARIABLE ${name}_err)
    if(NOT "${${name}_rc}" STREQUAL "${status}")
        message(FATAL_ERROR "install_examples: `${ARGN}` exited with ${${name}_rc}, not ${status}\n"
            "stdout:\n${${name}_out}\nstderr:\n${${name}_err}")
    endif()
endmacro()

# expect(<what> <actual> <expected>)
function(expect what actual expected)
    if(NOT "${actual}" STREQUAL "${expected}")
        message(SEND_ERROR "install_examples: ${what}:\n--- got\n${actual}\n--- expected\n${expected}")
    endif()
endfunction()

file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)
run(install 0 ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# Only the public headers, and everything they include, are installed.
file(GLOB_RECURSE headers RELATIVE ${prefix}/include ${prefix}/include/*)
list(SORT headers)
expect("installed headers" "${headers}"
    "lsearch.h;lsearch/common/article.h;lsearch/common/error.h;lsearch/common/export.h;lsearch/indexer.h;lsearch/json.h;lsearch/searcher.h")

set(index ${WORK}/index)
run(lindex 0 ${prefix}/bin/lindex --db ${index} --quiet
    --companies ${SOURCE_DIR}/data/companies.tsv ${SOURCE_DIR}/data/articles)

# The installed lindex, run where there is no data/, uses the installed
# gazetteer and synonyms (PREFIX/DATADIR/lsearch), says so, and finds
# companies with them.
foreach(file companies.tsv synonyms.tsv)
    file(READ ${SOURCE_DIR}/data/${file} source_data)
    file(READ ${prefix}/${DATADIR}/lsearch/${file} installed_data)
    expect("installed ${DATADIR}/lsearch/${file}" "${installed_data}" "${source_data}")
endforeach()
file(MAKE_DIRECTORY ${WORK}/elsewhere)
file(REAL_PATH ${prefix}/${DATADIR}/lsearch data_dir)
execute_process(COMMAND ${prefix}/bin/lindex --db ${WORK}/installed-data-index
        ${SOURCE_DIR}/data/articles
    WORKING_DIRECTORY ${WORK}/elsewhere RESULT_VARIABLE defaults_rc
    OUTPUT_VARIABLE defaults_out ERROR_VARIABLE defaults_err)
expect("installed lindex without data/: exit status" "${defaults_rc}" "0")
string(REGEX MATCH "; gazetteer [^\n]*" defaults_line "${defaults_out}")
expect("installed lindex without data/: its gazetteer and synonyms" "${defaults_line}"
    "; gazetteer ${data_dir}/companies.tsv (59 companies); synonyms ${data_dir}/synonyms.tsv (3 groups)")
run(defaults_search 0 ${prefix}/bin/lsearch --db ${WORK}/installed-data-index --format json
    --no-facets company:Amazon)
string(JSON defaults_total GET "${defaults_search_out}" total)
# Each of the 5 articles of data/articles names Amazon alone (not only as
# "Amazon Web Services", which is AWS); without a gazetteer, none is found.
expect("installed lindex without data/: company:Amazon" "${defaults_total}" "5")

set(flags "-Wall -Wextra")
if(WERROR)
    string(APPEND flags " -Werror")
endif()
run(configure 0 ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples -B ${WORK}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX}
    "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_C_FLAGS=${flags}")
run(build 0 ${CMAKE_COMMAND} --build ${WORK}/build --parallel 2)
set(bin ${WORK}/build)

# The C++ example, shared and static: the three articles about layoffs,
# best first (the hand-checked order of `lsearch licenciements`).
set(licenciements
    "1. aws-suppressions-postes-voi-2024 (2024)\n2. aws-france-licenciements-2023 (2023)\n3. amazon-14000-licenciements-vague-ia-2025 (2025-11)\n3 results\n")
run(search 0 ${bin}/search ${index} licenciements)
expect("search licenciements" "${search_out}" "${licenciements}")
run(static 0 ${bin}/search_static ${index} licenciements)
expect("search_static licenciements" "${static_out}" "${licenciements}")
run(none 1 ${bin}/search ${index} zzzyyx)
expect("search zzzyyx" "${none_out}" "0 results\n")
run(missing 2 ${bin}/search ${WORK}/no-index licenciements)
expect("search on a missing index" "${missing_err}"
    "search: no index at ${WORK}/no-index; build one with `lindex --db ${WORK}/no-index DIRECTORY` (or `lindex data` for the default index)\n")

# The indexing example: add, replace (same id), add and remove, commit. A
# second run (docs/API.md) makes the same calls on the index the first left:
# the same result.
run(index 0 ${bin}/index ${WORK}/own-index)
expect("index" "${index_out}" "updated: 1, removed: 1, 1 document(s)\n")
run(index_again 0 ${bin}/index ${WORK}/own-index)
expect("index, second run" "${index_again_out}" "updated: 1, removed: 1, 1 document(s)\n")
run(own 0 ${bin}/search ${WORK}/own-index "cinquante ingénieurs")  # only in the replaced body
expect("search of the example's index" "${own_out}" "1. exemple-1 (2025-03)\n1 results\n")

# The C example: the JSON of docs/JSON.md.
run(c 0 ${bin}/search_c ${index} "{\"query\": \"AWS France\", \"limit\": 1}")
string(JSON version GET "${c_out}" version)
string(JSON total GET "${c_out}" total)
string(JSON id GET "${c_out}" results 0 id)
string(JSON company GET "${c_out}" facets company 0 value)
expect("search_c: version, total, first id, first company" "${version} ${total} ${id} ${company}"
    "3 1 aws-france-licenciements-2023 AWS")
run(c_bad 2 ${bin}/search_c ${index} "{\"query\": \"AWS\", \"limt\": 1}")
expect("search_c with a misspelt member" "${c_bad_err}"
    "search_c: search request: \"limt\" is not a request member (query, offset, limit, sort, match, facets, facet_values, snippet_length, count_limit)\n")

# The C example again, compiled with pkg-config's flags only.
if(NOT PKG_CONFIG)
    message(FATAL_ERROR "install_examples: pkg-config not found; install the Debian package pkg-config")
endif()
find_program(CC NAMES cc gcc REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
run(pc 0 ${PKG_CONFIG} --cflags --libs lsearch)
separate_arguments(pc_flags UNIX_COMMAND "${pc_out}")
set(pc_normalized "")  # lsearch.pc finds the prefix from its own place: ../..
foreach(flag IN LISTS pc_flags)
    if(flag MATCHES "^(-[IL]|-Wl,-rpath,)(.*)")
        file(REAL_PATH "${CMAKE_MATCH_2}" path)
        set(flag "${CMAKE_MATCH_1}${path}")
    endif()
    list(APPEND pc_normalized "${flag}")
endforeach()
expect("pkg-config --cflags --libs lsearch" "${pc_normalized}"
    "-I${prefix}/include;-L${prefix}/${LIBDIR};-Wl,-rpath,${prefix}/${LIBDIR};-llsearch-searcher;-llsearch-indexer")
# Built with these flags only, and run as they are: a prefix the dynamic
# loader does not search must not need LD_LIBRARY_PATH.
run(cc 0 ${CC} -std=c99 -Wall -Wextra -Werror ${SOURCE_DIR}/examples/search.c ${pc_flags}
    -o ${WORK}/search_pkg_config)
run(c_pc 0 ${WORK}/search_pkg_config ${index} "{\"query\": \"AWS France\", \"limit\": 1}")
expect("search_c built with pkg-config" "${c_pc_out}" "${c_out}")
run(cxx_pc 0 ${CXX} -std=c++17 -Wall -Wextra -Werror ${SOURCE_DIR}/examples/search.cc ${pc_flags}
    -o ${WORK}/search_cxx_pkg_config)
run(cxx_pc_run 0 ${WORK}/search_cxx_pkg_config ${index} licenciements)
expect("search built with pkg-config" "${cxx_pc_run_out}" "${licenciements}")

# The Python example, through ctypes: what the C++ example prints.
if(NOT PYTHON)
    message(FATAL_ERROR "install_examples: python3 not found; install the Debian package python3")
endif()
run(python 0 ${PYTHON} ${SOURCE_DIR}/examples/search.py ${prefix}/${LIBDIR}/liblsearch-searcher.so
    ${index} licenciements)
expect("search.py licenciements" "${python_out}" "${licenciements}")
# Errors as examples/search.cc has them: a message and exit status 2; a
# usage error prints the usage, not a traceback.
run(python_missing 2 ${PYTHON} ${SOURCE_DIR}/examples/search.py
    ${prefix}/${LIBDIR}/liblsearch-searcher.so ${WORK}/no-index licenciements)
expect("search.py on a missing index" "${python_missing_err}"
    "search.py: no index at ${WORK}/no-index; build one with `lindex --db ${WORK}/no-index DIRECTORY` (or `lindex data` for the default index)\n")
run(python_usage 2 ${PYTHON} ${SOURCE_DIR}/examples/search.py)
if(NOT python_usage_err MATCHES "^usage: search.py " OR python_usage_err MATCHES "Traceback")
    message(SEND_ERROR "install_examples: search.py without arguments:\n${python_usage_err}")
endif()
run(python_no_library 2 ${PYTHON} ${SOURCE_DIR}/examples/search.py ${WORK}/no-lib.so
    ${index} licenciements)
if(NOT python_no_library_err MATCHES "^search.py: cannot load ${WORK}/no-lib.so: ")
    message(SEND_ERROR "install_examples: search.py with no library:\n${python_no_library_err}")
endif()

message("install_examples: the installed package builds and runs every example")
