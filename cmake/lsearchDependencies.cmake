# Finds lsearch's dependencies and fails early, naming the Debian package to
# install (scripts/install-deps installs them all).

function(lsearch_missing what package)
    message(FATAL_ERROR
        "lsearch: ${what} not found. Install the Debian package '${package}' "
        "(or run scripts/install-deps, which installs everything lsearch needs).")
endfunction()

include(lsearchXapian)
if(NOT TARGET lsearch_deps::xapian)
    lsearch_missing("Xapian" "libxapian-dev")
endif()

find_package(ICU QUIET COMPONENTS uc i18n)
if(NOT ICU_FOUND)
    lsearch_missing("ICU" "libicu-dev")
endif()

find_package(Boost 1.74 QUIET COMPONENTS program_options)
if(NOT Boost_FOUND)
    lsearch_missing("Boost.ProgramOptions" "libboost-program-options-dev")
endif()

find_package(nlohmann_json 3.10 QUIET)
if(NOT nlohmann_json_FOUND)
    lsearch_missing("nlohmann-json" "nlohmann-json3-dev")
endif()

find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
    lsearch_missing("zlib" "zlib1g-dev")
endif()

find_package(zstd 1.4 QUIET CONFIG)
if(NOT TARGET zstd::libzstd_shared)
    lsearch_missing("zstd" "libzstd-dev")
endif()

if(LSEARCH_BUILD_TESTS)
    find_package(doctest QUIET)
    if(NOT doctest_FOUND)
        lsearch_missing("doctest" "doctest-dev")
    endif()
endif()

if(LSEARCH_BUILD_TESTS OR LSEARCH_BUILD_BENCH)
    find_package(benchmark QUIET)
    if(NOT benchmark_FOUND)
        lsearch_missing("Google Benchmark" "libbenchmark-dev")
    endif()
endif()

# jemalloc, linked into lindex only (never into the libraries, whose users
# choose their allocator): Xapian's indexing allocates and frees a node per
# term and posting in its change tables, and across threads (a document
# built by an analyser, freed by a shard writer); jemalloc does it for less
# CPU than glibc's malloc (docs/INDEXING-SPEED.md). Not under the
# sanitizers, which bring their own malloc.
if(NOT LSEARCH_SANITIZE AND NOT LSEARCH_SANITIZE_THREAD)
    find_library(LSEARCH_JEMALLOC_LIBRARY NAMES jemalloc)
    if(NOT LSEARCH_JEMALLOC_LIBRARY)
        lsearch_missing("jemalloc" "libjemalloc-dev")
    endif()
endif()

find_package(Threads REQUIRED)
