// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl status: what is loaded, attached, armed and enforced.
//
// One "key: value" line per fact, lists indented by two spaces under a "key: count" line, so
// that scripts can grep it.  Exit 0 when every fact could be found out (the module being
// absent is a fact), 1 when some query failed (the line says which and why).

#include <stdio.h>
#include <sys/utsname.h>

#include <optional>

#include "commands.h"
#include "control.h"
#include "kmod.h"
#include "lsm.h"
#include "pins.h"
#include "rights_table.h"

namespace capsicumctl {
namespace {

// Prints the module part; returns the module's ABI version if it could be asked.
std::optional<int> PrintModule(bool& ok) {
  if (!ModuleLoaded()) {
    printf("module: not loaded\n");
    return std::nullopt;
  }
  printf("module: loaded\n");
  auto control = OpenControl(0);
  if (!control.ok()) {
    printf("device: %s\n", control.error().message.c_str());
    ok = false;
    return std::nullopt;
  }
  const int fd = control.value().get();
  auto abi = AbiVersion(fd);
  if (!abi.ok()) {
    printf("abi: %s\n", abi.error().message.c_str());
    ok = false;
    return std::nullopt;
  }
  printf("abi: %d\n", abi.value());
  auto st = QueryStatus(fd);
  if (!st.ok()) {
    printf("armed: %s\n", st.error().message.c_str());
    ok = false;
    return abi.value();
  }
  printf("armed: %s\n", st.value().armed != 0 ? "yes" : "no");
  printf("capmode creds: %llu\n", static_cast<unsigned long long>(st.value().capmode_creds));
  printf("limited files: %llu\n", static_cast<unsigned long long>(st.value().limited_files));
  return abi.value();
}

void PrintHooks(bool& ok) {
  auto names = PinNames();
  if (!names.ok()) {
    printf("hooks: unknown (%s)\n", names.error().message.c_str());
    ok = false;
    return;
  }
  printf("hooks: %zu\n", names.value().size());
  for (const std::string& name : names.value()) {
    auto info = InspectPin(name);
    if (!info.ok()) {
      printf("  %s: %s\n", name.c_str(), info.error().message.c_str());
      ok = false;
      continue;
    }
    const LinkInfo& li = info.value();
    printf("  %s: %s (%s) prog %s id %u, link id %u\n", name.c_str(), li.hook.c_str(),
           li.attach_type.c_str(), li.prog_name.c_str(), li.prog_id, li.link_id);
  }
}

void PrintRights(std::optional<int> module_abi) {
  int abi = module_abi.value_or(CAPSICUM_ABI_VERSION);
  if (abi > CAPSICUM_ABI_VERSION) {
    printf(
        "note: module ABI %d is newer than this capsicumctl's (%d); rights below are for ABI %d\n",
        abi, CAPSICUM_ABI_VERSION, CAPSICUM_ABI_VERSION);
    abi = CAPSICUM_ABI_VERSION;
  }
  int enforced = 0;
  for (const capsicum::RightInfo& r : capsicum::AllRights())
    enforced += capsicum::EnforcedAt(r, abi);
  printf("rights enforced at ABI %d: %d\n", abi, enforced);
  for (const capsicum::RightInfo& r : capsicum::AllRights()) {
    if (!capsicum::EnforcedAt(r, abi)) continue;
    if (r.coverage.empty()) {
      printf("  %.*s\n", static_cast<int>(r.name.size()), r.name.data());
    } else {
      printf("  %.*s (%.*s)\n", static_cast<int>(r.name.size()), r.name.data(),
             static_cast<int>(r.coverage.size()), r.coverage.data());
    }
  }
  printf("rights not enforced at ABI %d: %d\n", abi,
         static_cast<int>(capsicum::AllRights().size()) - enforced);
  for (const capsicum::RightInfo& r : capsicum::AllRights()) {
    if (!capsicum::EnforcedAt(r, abi)) {
      printf("  %.*s\n", static_cast<int>(r.name.size()), r.name.data());
    }
  }
}

}  // namespace

int PrintStatus() {
  bool ok = true;
  struct utsname u;
  printf("kernel: %s\n", uname(&u) == 0 ? u.release : "unknown");
  printf("bpf-lsm: %s\n", Describe(ProbeBpfLsm()).c_str());
  const std::optional<int> abi = PrintModule(ok);
  PrintHooks(ok);
  PrintRights(abi);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace capsicumctl
