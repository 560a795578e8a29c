// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: entry point; also the program that exec tests re-invoke.
#include <stdio.h>
#include <string.h>
#include <sys/procctl.h>
#include <unistd.h>

#include "capsicum_test.h"

namespace {

using capsicum_e2e::ModuleStatus;

// Runs before any test so that a missing or unarmed module is named once,
// plainly, instead of being guessed from a hundred failures.  The tests
// still run: each must then fail, starting with
// Environment.ModuleLoadedAndArmed.
void PrintModuleBanner() {
  const ModuleStatus st = capsicum_e2e::QueryModuleStatus();
  if (st.ok && st.armed) {
    printf(
        "capsicum-e2e: module ABI %u, armed; %llu capability-mode creds, "
        "%llu limited files before the tests\n",
        st.abi_version, st.capmode_creds, st.limited_files);
    return;
  }
  const char* why = !st.ok ? "the capsicum module is not loaded (or /dev/capsicum is unusable)"
                           : "the capsicum module is loaded but not armed: its BPF-LSM "
                             "programs are not attached";
  printf("capsicum-e2e: *** %s ***\n", st.ok ? "module not armed" : st.error.c_str());
  printf("capsicum-e2e: *** %s.\n", why);
  printf("capsicum-e2e: *** Nothing is enforced, so the tests below WILL FAIL.\n");
  printf("capsicum-e2e: *** Run `capsicumctl load` as root first.\n");
  fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  // Re-invocations by the exec tests: report and leave before gtest starts.
  if (argc >= 2 && strcmp(argv[1], capsicum_e2e::kReportCapmodeFlag) == 0)
    return capsicum_e2e::CapmodeReport();
  if (argc >= 2 && strcmp(argv[1], capsicum_e2e::kReportTrapcapFlag) == 0) {
    int state = 0;
    return procctl(P_PID, 0, PROC_TRAPCAP_STATUS, &state) == 0 ? state
                                                               : capsicum_e2e::kExitExecFailed;
  }
  if (argc >= 2 && strcmp(argv[1], capsicum_e2e::kUnexpectedExecFlag) == 0) {
    printf("[report] pid %d: this exec should have been refused\n", getpid());
    return capsicum_e2e::kExitExecUnexpectedlyRan;
  }

  ::testing::InitGoogleTest(&argc, argv);
  if (!GTEST_FLAG_GET(list_tests)) PrintModuleBanner();
  return RUN_ALL_TESTS();
}
