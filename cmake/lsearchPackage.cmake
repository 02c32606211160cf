# The installable library (docs/API.md): shared libraries beside the static
# ones, symbols hidden but for the API, and `cmake --install` of headers,
# libraries, tools, the CMake package `lsearch` and the pkg-config file
# `lsearch.pc`.
#
# SOVERSION policy: while lsearch is 0.x, any minor release may change the
# ABI, so the SONAME carries the minor version (liblsearch-searcher.so.0.1);
# from 1.0 on it is the major version, bumped with every ABI break.

include(CMakePackageConfigHelpers)

if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(LSEARCH_SOVERSION 0.${PROJECT_VERSION_MINOR})
    set(_lsearch_compatibility SameMinorVersion)
else()
    set(LSEARCH_SOVERSION ${PROJECT_VERSION_MAJOR})
    set(_lsearch_compatibility SameMajorVersion)
endif()

# Every object is built position-independent with hidden symbols, so that
# the static libraries' objects can make the shared ones, where only what
# the headers mark LSEARCH_API is exported.
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)

set(_lsearch_exports ${CMAKE_CURRENT_LIST_DIR}/lsearch.exports)

# lsearch_add_shared_library(<static target> <name>): the shared library
# liblsearch-<name>.so, from the static target's objects (compiled once),
# exported by the package as lsearch::<name>. The static library and the
# common one are linked privately: Xapian and ICU stay behind the API.
function(lsearch_add_shared_library static name)
    set(shared ${static}_shared)
    add_library(${shared} SHARED $<TARGET_OBJECTS:${static}>)
    add_library(lsearch::${name}_shared ALIAS ${shared})
    set_target_properties(${shared} PROPERTIES
        OUTPUT_NAME lsearch-${name}
        EXPORT_NAME ${name}
        VERSION ${PROJECT_VERSION}
        SOVERSION ${LSEARCH_SOVERSION}
        LINK_DEPENDS ${_lsearch_exports})
    target_include_directories(${shared} INTERFACE
        $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/common/include>
        $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    # The version script keeps template instantiations of the standard
    # library (default visibility in libstdc++'s headers) out of the ABI.
    target_link_options(${shared} PRIVATE -Wl,--no-undefined
        -Wl,--version-script=${_lsearch_exports})
    target_link_libraries(${shared} PRIVATE ${static})
endfunction()

# After the libraries and tools are defined: what `cmake --install` puts
# where.
function(lsearch_install)
    set(cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/lsearch)
    install(TARGETS lsearch_searcher_shared lsearch_indexer_shared EXPORT lsearchTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
    install(TARGETS lsearch_searcher lsearch_indexer lsearch_common EXPORT lsearchStaticTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
    install(TARGETS lindex lsearch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    # The default gazetteer and synonyms, which an installed lindex reads
    # for a new index when given none (indexer/CMakeLists.txt).
    install(FILES ${PROJECT_SOURCE_DIR}/data/companies.tsv ${PROJECT_SOURCE_DIR}/data/synonyms.tsv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lsearch)
    # The public headers, and what they include; the rest of common/ is
    # internal.
    install(FILES ${PROJECT_SOURCE_DIR}/searcher/include/lsearch.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(FILES
            ${PROJECT_SOURCE_DIR}/searcher/include/lsearch/searcher.h
            ${PROJECT_SOURCE_DIR}/searcher/include/lsearch/json.h
            ${PROJECT_SOURCE_DIR}/indexer/include/lsearch/indexer.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lsearch)
    install(FILES
            ${PROJECT_SOURCE_DIR}/common/include/lsearch/common/article.h
            ${PROJECT_SOURCE_DIR}/common/include/lsearch/common/error.h
            ${PROJECT_SOURCE_DIR}/common/include/lsearch/common/export.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/lsearch/common)

    install(EXPORT lsearchTargets NAMESPACE lsearch:: DESTINATION ${cmake_dir})
    install(EXPORT lsearchStaticTargets NAMESPACE lsearch:: DESTINATION ${cmake_dir})
    configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/lsearchConfig.cmake.in
        ${PROJECT_BINARY_DIR}/lsearchConfig.cmake INSTALL_DESTINATION ${cmake_dir})
    write_basic_package_version_file(${PROJECT_BINARY_DIR}/lsearchConfigVersion.cmake
        COMPATIBILITY ${_lsearch_compatibility})
    install(FILES
            ${PROJECT_BINARY_DIR}/lsearchConfig.cmake
            ${PROJECT_BINARY_DIR}/lsearchConfigVersion.cmake
            ${PROJECT_SOURCE_DIR}/cmake/lsearchXapian.cmake
        DESTINATION ${cmake_dir})

    # lsearch.pc finds the prefix from its own place, so that an install
    # with `cmake --install --prefix DIR` anywhere works.
    set(pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
    file(RELATIVE_PATH pc_to_prefix /${pc_dir} /)
    set(LSEARCH_PC_PREFIX "\${pcfiledir}/${pc_to_prefix}")
    string(REGEX REPLACE "/$" "" LSEARCH_PC_PREFIX "${LSEARCH_PC_PREFIX}")
    configure_file(${PROJECT_SOURCE_DIR}/cmake/lsearch.pc.in ${PROJECT_BINARY_DIR}/lsearch.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/lsearch.pc DESTINATION ${pc_dir})
endfunction()
