// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl load: module, programs, pins, ARM; idempotent.

#include <stdio.h>

#include <algorithm>
#include <string>
#include <vector>

#include "commands.h"
#include "control.h"
#include "kmod.h"
#include "lsm.h"
#include "pins.h"
#include "programs.h"

namespace capsicumctl {
namespace {

Outcome<> LoadModuleStep(const std::string& module_path) {
  if (ModuleLoaded()) {
    printf("module: already loaded\n");
    return kOk;
  }
  const std::string path = module_path.empty() ? DefaultModulePath() : module_path;
  auto loaded = LoadModule(path);
  if (!loaded.ok()) return loaded.error();
  if (loaded.value()) {
    printf("module: loaded from %s\n", path.c_str());
  } else {
    printf("module: already loaded\n");
  }
  return kOk;
}

// Attaches the programs unless all are already pinned.  A partial set (an earlier load that
// failed half way, or a pin removed by hand) is replaced, but only while the module is not
// armed: an armed module believes everything is enforced.
Outcome<> AttachStep(const std::vector<std::string>& programs, bool armed) {
  const auto live = std::count_if(programs.begin(), programs.end(), PinIsLink);
  if (live == static_cast<long>(programs.size())) {
    printf("programs: already attached (%zu)\n", programs.size());
    return kOk;
  }
  if (live != 0) {
    if (armed) {
      return Failure{"only " + std::to_string(live) + " of " + std::to_string(programs.size()) +
                     " programs are attached but the module is armed; run 'capsicumctl unload' "
                     "and then 'capsicumctl load'"};
    }
    auto removed = RemovePins(programs);
    if (!removed.ok()) return removed.error();
    printf("programs: replacing a partial attachment (%ld of %zu)\n", static_cast<long>(live),
           programs.size());
  }
  if (auto dir = EnsurePinDir(); !dir.ok()) return dir.error();
  auto attached = AttachAndPin();
  if (!attached.ok()) return attached.error();
  printf("programs: attached %d, pinned in %s\n", attached.value(), kPinDir);
  return kOk;
}

Outcome<> LoadAll(const std::string& module_path) {
  // The embedded object is opened first: if it is missing or broken, nothing is changed.
  auto programs = ProgramNames();
  if (!programs.ok()) return programs.error();

  const BpfLsm lsm = ProbeBpfLsm();
  if (lsm.state == BpfLsm::State::kInactive) {
    return Failure{std::string("BPF LSM is not active: ") + kLsmFile + " is \"" + lsm.detail +
                   "\", which lacks \"bpf\"; boot with lsm=" + lsm.detail + ",bpf"};
  }
  if (lsm.state == BpfLsm::State::kUnknown) {
    fprintf(stderr, "capsicumctl: warning: BPF LSM %s\n", Describe(lsm).c_str());
  }

  if (auto module = LoadModuleStep(module_path); !module.ok()) return module.error();

  auto control = OpenControl(2000);
  if (!control.ok()) return control.error();
  const int fd = control.value().get();
  auto abi = AbiVersion(fd);
  if (!abi.ok()) return abi.error();
  if (abi.value() != CAPSICUM_ABI_VERSION) {
    fprintf(stderr, "capsicumctl: warning: module ABI %d, this capsicumctl was built for ABI %d\n",
            abi.value(), CAPSICUM_ABI_VERSION);
  }
  auto status = QueryStatus(fd);
  if (!status.ok()) return status.error();

  if (auto attach = AttachStep(programs.value(), status.value().armed != 0); !attach.ok()) {
    return attach.error();
  }

  if (status.value().armed != 0) {
    printf("armed: already (ABI %d)\n", abi.value());
    return kOk;
  }
  if (auto armed = Arm(fd); !armed.ok()) {
    return SysFailure("ioctl CAPSICUM_IOC_ARM", armed.error().value);
  }
  printf("armed: yes (ABI %d)\n", abi.value());
  return kOk;
}

}  // namespace

int Load(const std::string& module_path) {
  auto done = LoadAll(module_path);
  if (!done.ok()) {
    fprintf(stderr, "capsicumctl: load: %s\n", done.error().message.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace capsicumctl
