# SPDX-License-Identifier: GPL-3.0-or-later
# One interface target carries the language level, warnings and Qt strictness macros.
add_library(inferledger_common_cfg INTERFACE)
target_compile_features(inferledger_common_cfg INTERFACE cxx_std_20)
target_compile_options(inferledger_common_cfg INTERFACE
    -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor
    $<$<BOOL:${INFERLEDGER_WERROR}>:-Werror>)
# GCC 12 at -O2/-O3 reports false -Wrestrict warnings inside std::string (GCC bug 105651); they would stop
# a -Werror build on code that is correct.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(inferledger_common_cfg INTERFACE -Wno-restrict)
endif()
target_compile_definitions(inferledger_common_cfg INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_FOREACH
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER
    INFERLEDGER_VERSION="${PROJECT_VERSION}"
    INFERLEDGER_APP_ID="${INFERLEDGER_APP_ID}")
if(INFERLEDGER_SANITIZERS)
    list(JOIN INFERLEDGER_SANITIZERS "," _san)
    target_compile_options(inferledger_common_cfg INTERFACE -fsanitize=${_san} -fno-omit-frame-pointer)
    target_link_options(inferledger_common_cfg INTERFACE -fsanitize=${_san})
endif()

# Registers one Qt Test executable. LIBS: the narrowest libraries it needs.
function(inferledger_add_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
    # A test whose source is not there (yet) is reported loudly instead of breaking everyone's configure.
    foreach(_src ${ARG_SOURCES})
        if(NOT IS_ABSOLUTE ${_src})
            set(_src ${CMAKE_CURRENT_SOURCE_DIR}/${_src})
        endif()
        if(NOT EXISTS ${_src})
            message(WARNING "test ${name} skipped: ${_src} does not exist")
            return()
        endif()
    endforeach()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE inferledger_common_cfg Qt6::Test ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    target_compile_definitions(${name} PRIVATE
        INFERLEDGER_BINARY="$<TARGET_FILE:inferledger>"
        INFERLEDGER_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;INFERLEDGER_BINARY=$<TARGET_FILE:inferledger>"
        LABELS "${ARG_LABELS}" TIMEOUT 600)
endfunction()
