# Runs `${CLI} check-config ${INPUT}` and requires exit code 1 and EXPECT in its stderr.
execute_process(COMMAND ${CLI} check-config ${INPUT}
                RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT code EQUAL 1)
  message(FATAL_ERROR "expected exit code 1, got ${code}\nstderr: ${err}")
endif()
string(FIND "${err}" "${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr lacks '${EXPECT}':\n${err}")
endif()
