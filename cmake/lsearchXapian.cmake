# Xapian ships a variables-only config file (Debian's libxapian-dev): wrap it
# in the imported target lsearch_deps::xapian. Used by lsearch's own build
# (lsearchDependencies.cmake) and installed with the CMake package, whose
# static libraries link to it.
find_package(xapian QUIET CONFIG)
if((xapian_FOUND OR XAPIAN_FOUND) AND NOT TARGET lsearch_deps::xapian)
    add_library(lsearch_deps::xapian INTERFACE IMPORTED)
    set_target_properties(lsearch_deps::xapian PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()
