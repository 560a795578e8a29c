// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl unload: DISARM, remove the pins, delete_module.

#include <stdio.h>

#include <chrono>
#include <thread>

#include "commands.h"
#include "control.h"
#include "kmod.h"
#include "pins.h"

namespace capsicumctl {
namespace {

// Time allowed for the module's references from the BPF programs to go.  fentry/fexit programs
// are freed after an RCU-tasks grace period, which takes seconds under an emulator.
constexpr int kUnloadTimeoutMs = 60000;
// Time allowed for the state of processes that just exited to go: their creds and files are
// freed after an RCU grace period, a moment after the processes are reaped.
constexpr auto kDisarmWait = std::chrono::seconds(3);

Outcome<> DisarmStep() {
  if (!ModuleLoaded()) {
    printf("module: not loaded\n");
    return kOk;
  }
  // Without the device the module cannot be asked whether a sandbox is live, so nothing is
  // detached: that would lift it.
  auto control = OpenControl(0);
  if (!control.ok()) return control.error();
  const int fd = control.value().get();
  auto disarmed = Disarm(fd);
  for (const auto deadline = std::chrono::steady_clock::now() + kDisarmWait;
       !disarmed.ok() && disarmed.error().value == EBUSY &&
       std::chrono::steady_clock::now() < deadline;
       disarmed = Disarm(fd)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!disarmed.ok()) {
    const int err = disarmed.error().value;
    if (err != EBUSY) return SysFailure("ioctl CAPSICUM_IOC_DISARM", err);
    std::string live = "a sandbox is live";
    if (auto st = QueryStatus(fd); st.ok()) {
      live = std::to_string(st.value().capmode_creds) + " credential(s) in capability mode and " +
             std::to_string(st.value().limited_files) + " file(s) with limited rights are live";
    }
    return Failure{"refused: " + live +
                   "; detaching the programs now would lift their sandbox. End those processes "
                   "(or close those files) and retry"};
  }
  printf("armed: no\n");
  return kOk;
}

Outcome<> UnloadAll() {
  if (auto disarm = DisarmStep(); !disarm.ok()) return disarm.error();

  auto removed = RemoveAllPins();
  if (!removed.ok()) return removed.error();
  printf("programs: detached %d\n", removed.value());

  auto unloaded = UnloadModule(kUnloadTimeoutMs);
  if (!unloaded.ok()) return unloaded.error();
  if (unloaded.value()) printf("module: unloaded\n");
  return kOk;
}

}  // namespace

int Unload() {
  auto done = UnloadAll();
  if (!done.ok()) {
    fprintf(stderr, "capsicumctl: unload: %s\n", done.error().message.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace capsicumctl
