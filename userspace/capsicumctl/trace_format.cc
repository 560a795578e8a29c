// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl trace's output: text and JSON lines.

#include "trace_format.h"

#include <fcntl.h>
#include <string.h>

#include <string_view>

#include "failure.h"
#include "fd_report.h"
#include "json.h"
#include "syscall_names.h"

namespace capsicumctl {
namespace {

// The command name: NUL-terminated within its 16 bytes, whatever the module wrote.
std::string_view Comm(const capsicum_trace_event& ev) {
  return std::string_view(ev.comm, strnlen(ev.comm, sizeof(ev.comm)));
}

bool HasRights(const capsicum_trace_event& ev) { return (ev.flags & CAPSICUM_TRACE_RIGHTS) != 0; }

const char* Abi(const capsicum_trace_event& ev) {
  if ((ev.flags & CAPSICUM_TRACE_NOSYSCALL) != 0) return "none";
  if ((ev.flags & CAPSICUM_TRACE_IA32) != 0) return "ia32";
  return "x86_64";
}

}  // namespace

std::string TraceSyscall(const capsicum_trace_event& ev) {
  if ((ev.flags & CAPSICUM_TRACE_NOSYSCALL) != 0) return "io_uring";
  const bool ia32 = (ev.flags & CAPSICUM_TRACE_IA32) != 0;
  std::string name = SyscallName(ev.syscall, ia32);
  return ia32 ? name + "/ia32" : name;
}

std::string TraceFd(int fd) {
  if (fd == -1) return "-";
  if (fd == AT_FDCWD) return "AT_FDCWD";
  return std::to_string(fd);
}

std::string FormatTraceText(const capsicum_trace_event& ev) {
  std::string comm;
  for (const char ch : EscapeName(Comm(ev)))
    comm += ch == ' ' ? std::string("\\x20") : std::string(1, ch);
  std::string out = "pid=" + std::to_string(ev.pid) + " tid=" + std::to_string(ev.tid) +
                    " comm=" + comm + " syscall=" + TraceSyscall(ev) + " fd=" + TraceFd(ev.fd);
  out += " needed=" + (HasRights(ev) ? RightsText(ev.needed) : std::string("?"));
  out += " held=" + (HasRights(ev) ? RightsText(ev.held) : std::string("?"));
  out += " errno=" + ErrnoName(static_cast<int>(ev.error));
  if ((ev.flags & CAPSICUM_TRACE_TRAPPED) != 0) out += " trapped";
  out += '\n';
  return out;
}

std::string FormatTraceJson(const capsicum_trace_event& ev) {
  std::string out = "{\"pid\":" + std::to_string(ev.pid) + ",\"tid\":" + std::to_string(ev.tid);
  out += ",\"comm\":";
  AppendJsonString(out, Comm(ev));
  out += ",\"syscall\":";
  AppendJsonString(out, (ev.flags & CAPSICUM_TRACE_NOSYSCALL) != 0
                            ? std::string("io_uring")
                            : SyscallName(ev.syscall, (ev.flags & CAPSICUM_TRACE_IA32) != 0));
  out += ",\"syscall_nr\":" + std::to_string(ev.syscall);
  out += std::string(",\"abi\":\"") + Abi(ev) + '"';
  out += ",\"fd\":" + std::to_string(ev.fd);
  out += ",\"needed\":";
  if (HasRights(ev)) {
    AppendJsonList(out, RightNames(ev.needed));
  } else {
    out += "null";
  }
  out += ",\"held\":";
  if (HasRights(ev)) {
    AppendJsonList(out, RightNames(ev.held));
  } else {
    out += "null";
  }
  out += ",\"errno\":" + std::to_string(ev.error) + ",\"error\":";
  AppendJsonString(out, ErrnoName(static_cast<int>(ev.error)));
  out +=
      std::string(",\"trapped\":") + ((ev.flags & CAPSICUM_TRACE_TRAPPED) != 0 ? "true" : "false");
  out += ",\"dropped\":" + std::to_string(ev.dropped) + "}\n";
  return out;
}

}  // namespace capsicumctl
