// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl status: what is loaded, attached, armed and enforced.
//
// One "key: value" line per fact, lists indented by two spaces under a "key: count" line, so
// that scripts can grep it.  Exit 0 when every fact could be found out (the module being
// absent is a fact), 1 when some query failed (the line says which and why).

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capsicum.h>
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

// What the module said about itself; each part is empty when it could not be found out.
struct ModuleFacts {
  std::optional<int> abi;
  std::optional<struct capsicum_status> status;
};

// Whether the module filled the fields of ABI 2 (slot_entries, tables, enforced).  It does not
// write back the size, and an older module leaves bytes it does not know as we sent them
// (zero), so its ABI version is what tells.
bool HasVer1Fields(const struct capsicum_status& st) {
  return st.size >= CAPSICUM_STATUS_SIZE_VER1 && st.abi_version >= 2;
}

// Prints the module part.
ModuleFacts PrintModule(bool& ok) {
  ModuleFacts facts;
  if (!ModuleLoaded()) {
    printf("module: not loaded\n");
    return facts;
  }
  printf("module: loaded\n");
  auto control = OpenControl(0);
  if (!control.ok()) {
    printf("device: %s\n", control.error().message.c_str());
    ok = false;
    return facts;
  }
  const int fd = control.value().get();
  auto abi = AbiVersion(fd);
  if (!abi.ok()) {
    printf("abi: %s\n", abi.error().message.c_str());
    ok = false;
    return facts;
  }
  printf("abi: %d\n", abi.value());
  facts.abi = abi.value();
  auto st = QueryStatus(fd);
  if (!st.ok()) {
    printf("armed: %s\n", st.error().message.c_str());
    ok = false;
    return facts;
  }
  const struct capsicum_status& s = st.value();
  printf("armed: %s\n", s.armed != 0 ? "yes" : "no");
  printf("capmode creds: %llu\n", static_cast<unsigned long long>(s.capmode_creds));
  printf("limited files: %llu\n", static_cast<unsigned long long>(s.limited_files));
  if (HasVer1Fields(s)) {
    printf("slot entries: %llu\n", static_cast<unsigned long long>(s.slot_entries));
    printf("tables: %llu\n", static_cast<unsigned long long>(s.tables));
  } else {
    printf("slot entries: not reported (module ABI %u is older than 2)\n", s.abi_version);
    printf("tables: not reported (module ABI %u is older than 2)\n", s.abi_version);
  }
  facts.status = s;
  // Capability mode's seccomp filter (ABI 3), which cap_enter() installs on every thread.
  auto filter = SeccompFilterLength(fd);
  if (filter.ok()) {
    printf("seccomp filter: %u instructions\n", filter.value());
  } else if (filter.error().value == ENOTTY) {
    printf("seccomp filter: none (module ABI %d is older than 3)\n", abi.value());
  } else if (filter.error().value == EOPNOTSUPP) {
    printf("seccomp filter: not given out while not armed\n");
  } else {
    printf("seccomp filter: %s\n", strerror(filter.error().value));
    ok = false;
  }
  return facts;
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

// The rights of the table that the running module does not check in full, from its own report
// (capsicum_status.enforced, ABI 2): a right is listed unless every bit of it is enforced.
void PrintKernelEnforcement(const ModuleFacts& facts, bool& ok) {
  if (!facts.status.has_value()) return;
  const struct capsicum_status& st = *facts.status;
  if (!HasVer1Fields(st)) {
    printf("not enforced on this kernel: unknown (module ABI %u is older than 2)\n",
           st.abi_version);
    return;
  }
  if (!cap_rights_is_valid(&st.enforced)) {
    printf("not enforced on this kernel: unknown (the module reported a malformed set)\n");
    ok = false;
    return;
  }
  auto enforced = [&st](const capsicum::RightInfo& r) { return capsicum::RightIn(r, st.enforced); };
  int missing = 0;
  for (const capsicum::RightInfo& r : capsicum::AllRights()) missing += !enforced(r);
  printf("not enforced on this kernel: %d\n", missing);
  for (const capsicum::RightInfo& r : capsicum::AllRights()) {
    if (!enforced(r)) printf("  %.*s\n", static_cast<int>(r.name.size()), r.name.data());
  }
}

}  // namespace

int PrintStatus() {
  bool ok = true;
  struct utsname u;
  printf("kernel: %s\n", uname(&u) == 0 ? u.release : "unknown");
  printf("bpf-lsm: %s\n", Describe(ProbeBpfLsm()).c_str());
  const ModuleFacts facts = PrintModule(ok);
  PrintHooks(ok);
  PrintRights(facts.abi);
  PrintKernelEnforcement(facts, ok);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace capsicumctl
