# cmake -P script, run by the test `api_doc_snippets` (tests/embed): every
# code block of docs/API.md announced by a line `<!-- examples/FILE -->` is
# that file of examples/, verbatim, so that the getting-started snippets
# are the examples the test `install_examples` builds and runs.
#
# Variables: SOURCE_DIR.

file(READ ${SOURCE_DIR}/docs/API.md doc)
string(REGEX MATCHALL "<!-- examples/[^ ]+ -->\n```[a-z]*\n" markers "${doc}")
list(LENGTH markers count)
if(count LESS 2)
    message(FATAL_ERROR "api_doc_snippets: docs/API.md has ${count} example snippets, not the C++ and C ones")
endif()
set(failures "")
foreach(marker IN LISTS markers)
    string(REGEX REPLACE "<!-- (examples/[^ ]+) -->.*" "\\1" file "${marker}")
    string(FIND "${doc}" "${marker}" start)
    string(LENGTH "${marker}" length)
    math(EXPR start "${start} + ${length}")
    string(SUBSTRING "${doc}" ${start} -1 rest)
    string(FIND "${rest}" "```\n" end)
    string(SUBSTRING "${rest}" 0 ${end} snippet)
    file(READ ${SOURCE_DIR}/${file} content)
    if(NOT snippet STREQUAL content)
        list(APPEND failures ${file})
    endif()
endforeach()
if(failures)
    message(FATAL_ERROR "api_doc_snippets: docs/API.md differs from ${failures}; copy the file into the doc")
endif()
message("api_doc_snippets: ${count} snippets of docs/API.md are their examples/ files")
