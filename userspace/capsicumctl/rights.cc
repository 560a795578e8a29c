// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl rights PID: every descriptor's rights, like procstat -C.
//
// The descriptors come from /proc/PID/fd, their rights from CAPSICUM_IOC_FD_QUERY (ABI 2).
// The module is asked first, with descriptor -1, before /proc is read: its answer (EBADF when
// all is well) says whether Capsicum is there, new enough, and lets the caller see PID, in the
// module's own order (ECAPMODE, ESRCH, EPERM), even for a process with no descriptor at all.

#include "rights.h"

#include <errno.h>
#include <stdio.h>
#include <sys/capsicum.h>

#include <string>
#include <vector>

#include "commands.h"
#include "failure.h"
#include "fd_query.h"
#include "fd_report.h"
#include "proc_fds.h"

namespace capsicumctl {
namespace {

// The message for a failure about process `pid`, ending with the errno's name; `step` (which
// names the process) is said only for errors that have no message of their own.
std::string Explain(int err, pid_t pid, const std::string& step) {
  const std::string name = " (" + ErrnoName(err) + ")";
  const std::string process = "process " + std::to_string(pid);
  switch (err) {
    case ENOSYS:
      return "Capsicum is not available: no " CAPSICUM_DEVICE " (is the module loaded?)" + name;
    case ENOTTY:
      return "the loaded capsicum module is older than ABI 2: it has no CAPSICUM_IOC_FD_QUERY" +
             name;
    case ECAPMODE:
      return "capsicumctl runs in capability mode, where other processes cannot be inspected" +
             name;
    case ESRCH:
      return "no " + process + name;
    case EPERM:
      return "not permitted to read the descriptors of " + process + name;
    default:
      return step + ": " + cap_strerror(err) + name;
  }
}

}  // namespace

Outcome<std::string> FdRightsReport(pid_t pid, bool json) {
  if (auto probe = capsicum::QueryFd(pid, -1); !probe.ok() && probe.error().value != EBADF) {
    return Failure{Explain(probe.error().value, pid, "query of process " + std::to_string(pid))};
  }
  auto fds = ListProcFds(pid);
  if (!fds.ok()) {
    return Failure{Explain(fds.error().value, pid, "reading /proc/" + std::to_string(pid) + "/fd")};
  }
  std::vector<FdRow> rows;
  for (ProcFd& fd : fds.value()) {
    auto info = capsicum::QueryFd(pid, fd.fd);
    if (!info.ok()) {
      if (info.error().value == EBADF) continue;  // closed since /proc was read
      return Failure{Explain(
          info.error().value, pid,
          "query of descriptor " + std::to_string(fd.fd) + " of process " + std::to_string(pid))};
    }
    rows.push_back(FdRow{fd.fd, fd.type, std::move(fd.name), std::move(info.value())});
  }
  return json ? FormatJson(pid, rows) : FormatText(rows);
}

int PrintFdRights(pid_t pid, bool json) {
  auto report = FdRightsReport(pid, json);
  if (!report.ok()) {
    fprintf(stderr, "capsicumctl: rights: %s\n", report.error().message.c_str());
    return kExitFailure;
  }
  if (fputs(report.value().c_str(), stdout) == EOF || fflush(stdout) != 0) {
    const int err = errno;
    fprintf(stderr, "capsicumctl: rights: writing the report: %s (%s)\n", cap_strerror(err),
            ErrnoName(err).c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace capsicumctl
