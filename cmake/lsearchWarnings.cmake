# Compiler warnings and sanitizers (LSEARCH_SANITIZE: address and undefined;
# LSEARCH_SANITIZE_THREAD: thread, for tests/embed/threads_test.cc), applied
# to every lsearch target through the interface target lsearch_build_flags.
add_library(lsearch_build_flags INTERFACE)
target_compile_options(lsearch_build_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wimplicit-fallthrough)
if(LSEARCH_WERROR)
    target_compile_options(lsearch_build_flags INTERFACE -Werror)
endif()
if(LSEARCH_SANITIZE)
    set(_lsearch_san -fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_compile_options(lsearch_build_flags INTERFACE ${_lsearch_san})
    target_link_options(lsearch_build_flags INTERFACE ${_lsearch_san})
endif()
if(LSEARCH_SANITIZE_THREAD)
    set(_lsearch_tsan -fsanitize=thread -fno-omit-frame-pointer)
    target_compile_options(lsearch_build_flags INTERFACE ${_lsearch_tsan})
    target_link_options(lsearch_build_flags INTERFACE ${_lsearch_tsan})
endif()
