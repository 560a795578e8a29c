// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl trace's output: one line per refused operation.
#ifndef CAPSICUM_CAPSICUMCTL_TRACE_FORMAT_H_
#define CAPSICUM_CAPSICUMCTL_TRACE_FORMAT_H_

#include <linux/capsicum.h>

#include <string>

namespace capsicumctl {

// "read", "openat/ia32" for an ia32 number, "io_uring" for an io_uring worker (no syscall).
std::string TraceSyscall(const capsicum_trace_event& ev);

// The descriptor: "3", "-" when none is known (-1), "AT_FDCWD" (-100).
std::string TraceFd(int fd);

// One text line, newline included:
//   pid=PID tid=TID comm=COMM syscall=NAME fd=FD needed=RIGHTS held=RIGHTS errno=NAME[ trapped]
// RIGHTS as `capsicumctl rights` prints them (RightsText: names joined by '|', "all", "-" for
// none); both "?" when the event carries no rights (capability-mode refusals).  COMM escaped
// as EscapeName does, with a space as \x20, so that no field contains a space.
std::string FormatTraceText(const capsicum_trace_event& ev);

// One JSON object, newline included:
//   {"pid":N,"tid":N,"comm":"..","syscall":"..","syscall_nr":N,"abi":"x86_64"|"ia32"|"none",
//    "fd":N,"needed":[..]|null,"held":[..]|null,"errno":N,"error":"ENOTCAPABLE",
//    "trapped":bool,"dropped":N}
// fd is the raw number (-1 none, -100 AT_FDCWD); the rights lists are RightNames.
std::string FormatTraceJson(const capsicum_trace_event& ev);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_TRACE_FORMAT_H_
