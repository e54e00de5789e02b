# Runs the CLI and requires exit code 1 and EXPECT in its stderr. The command is
# `${CLI} check-config ${INPUT}`, or `${CLI}` followed by ARGS (words separated by '|') when
# ARGS is given.
if(DEFINED ARGS)
  string(REPLACE "|" ";" words "${ARGS}")
else()
  set(words check-config ${INPUT})
endif()
execute_process(COMMAND ${CLI} ${words}
                RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT code EQUAL 1)
  message(FATAL_ERROR "expected exit code 1, got ${code}\nstderr: ${err}")
endif()
string(FIND "${err}" "${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr lacks '${EXPECT}':\n${err}")
endif()
