# Fuzz targets owned by the security work: the config loader, the IANA CSV
# loader, the range catalog and port-purpose loaders, and TCP syslog framing. Included from tests/security/CMakeLists.txt
# (the guard makes a second include harmless).
#
#   FWLOG_FUZZ=ON with clang   <name>_fuzzer: libFuzzer + ASan + UBSan, e.g.
#       build-fuzz/tests/security/config_fuzzer tests/fuzz/corpus/config
#         -dict=tests/fuzz/config.dict -max_total_time=60
#   otherwise                  <name>_replay runs the seed corpus (and every
#                              crasher kept there) as a ctest labelled "fuzz"
include_guard(GLOBAL)
set(fwlog_security_fuzz_dir ${CMAKE_CURRENT_LIST_DIR})
set(fwlog_security_fuzz_targets
  "config:fwlog_config"
  "iana:fwlog_enrich"
  "range_catalog:fwlog_enrich"
  "port_purposes:fwlog_enrich"
  "syslog_framing:fwlog_input")

if(FWLOG_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FWLOG_FUZZ needs clang (CXX=clang++)")
  endif()
  foreach(lib fwlog_core fwlog_config fwlog_enrich fwlog_input)
    target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  endforeach()
endif()
foreach(entry ${fwlog_security_fuzz_targets})
  string(REPLACE ":" ";" parts ${entry})
  list(GET parts 0 name)
  list(GET parts 1 lib)
  if(FWLOG_FUZZ)
    add_executable(${name}_fuzzer ${fwlog_security_fuzz_dir}/${name}_fuzzer.cc)
    target_compile_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
    target_link_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(${name}_fuzzer PRIVATE ${lib} fwlog_warnings)
  else()
    add_executable(${name}_replay ${fwlog_security_fuzz_dir}/${name}_fuzzer.cc
                                  ${fwlog_security_fuzz_dir}/fuzz_replay_main.cc)
    target_link_libraries(${name}_replay PRIVATE ${lib} fwlog_warnings)
    add_dependencies(fwlog_portable_checks ${name}_replay)
    add_test(NAME fuzz.${name} COMMAND ${name}_replay ${fwlog_security_fuzz_dir}/corpus/${name})
    set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT 120)
  endif()
endforeach()
