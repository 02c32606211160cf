# cmake -P script, run by the test `exported_symbols` (tests/embed): the
# shared libraries export lsearch's API and nothing else (no Xapian, ICU,
# standard library instantiation or lsearch internal), and the whole API.
#
# Variables: NM, SEARCHER, INDEXER (the shared libraries).

# What may be exported: the C API, the classes and functions marked
# LSEARCH_API, and the type information of the exceptions. (Brackets stay
# balanced in each pattern: CMake does not split a list inside brackets.)
set(allowed
    "^lsearch_[a-z_]+$"
    "^lsearch::(Searcher|Indexer|PreparedDocument|PartialDate)::"
    "^lsearch::(request_from_json|to_json|error_json|read_index_stats)(\\[abi:cxx11\\])?\\("
    "^(typeinfo|typeinfo name|vtable) for lsearch::(Error|InvalidArgument|IndexNotFound|IndexVersionMismatch|IndexLocked|IndexError|QuerySyntaxError|InputError)$")

set(failures "")
function(check library)
    execute_process(COMMAND ${NM} -D --defined-only -C ${library}
        OUTPUT_VARIABLE output RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "exported_symbols: ${NM} failed on ${library}")
    endif()
    string(REGEX MATCHALL "[^\n]+" lines "${output}")
    set(names "")
    foreach(line IN LISTS lines)
        # "ADDRESS TYPE NAME"
        string(REGEX REPLACE "^[0-9a-f]+ [A-Za-z] " "" name "${line}")
        list(APPEND names "${name}")
        set(ok FALSE)
        foreach(pattern IN LISTS allowed)
            if(name MATCHES "${pattern}")
                set(ok TRUE)
            endif()
        endforeach()
        if(NOT ok)
            list(APPEND failures "${library}: exports `${name}`, which is not API")
        endif()
    endforeach()
    # And the API is there.
    foreach(required IN LISTS ARGN)
        set(found FALSE)
        foreach(name IN LISTS names)
            string(FIND "${name}" "${required}" at)
            if(at EQUAL 0)
                set(found TRUE)
            endif()
        endforeach()
        if(NOT found)
            list(APPEND failures "${library}: does not export `${required}`")
        endif()
    endforeach()
    set(failures "${failures}" PARENT_SCOPE)
endfunction()

check(${SEARCHER}
    lsearch_open lsearch_search lsearch_free lsearch_close lsearch_last_error
    lsearch_last_error_code lsearch_version
    "lsearch::Searcher::search(" "lsearch::Searcher::Searcher(" "lsearch::to_json"
    "lsearch::request_from_json(" "typeinfo for lsearch::QuerySyntaxError")
check(${INDEXER}
    "lsearch::Indexer::Indexer(" "lsearch::Indexer::add(" "lsearch::Indexer::remove("
    "lsearch::Indexer::commit(" "lsearch::Indexer::publish(" "lsearch::PartialDate::parse("
    "lsearch::read_index_stats(" "typeinfo for lsearch::IndexLocked")

if(failures)
    list(JOIN failures "\n  " text)
    message(FATAL_ERROR "exported_symbols:\n  ${text}")
endif()
message("exported_symbols: only the API is exported, and all of it")
