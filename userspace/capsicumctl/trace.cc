// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl trace and trap: FreeBSD's ktrace -t c and kern.trap_enotcap.
//
// trace opens a tracer (CAPSICUM_IOC_TRACE_OPEN, ABI 4) and prints each event it reads until
// SIGINT or SIGTERM (or --count events); trap reads or sets the global trap switch
// (CAPSICUM_IOC_TRAPCAP_CTL / _STATUS).

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/capsicum.h>
#include <unistd.h>

#include <array>
#include <string>

#include "commands.h"
#include "device.h"
#include "failure.h"
#include "trace_format.h"
#include "unique_fd.h"

namespace capsicumctl {
namespace {

volatile sig_atomic_t g_stop = 0;

void OnStop(int) { g_stop = 1; }

// The message for an errno of the trace or trap ioctls.
std::string Explain(int err, const std::string& step) {
  const std::string name = " (" + ErrnoName(err) + ")";
  switch (err) {
    case ENOSYS:
      return "Capsicum is not available: no " CAPSICUM_DEVICE " (is the module loaded?)" + name;
    case ENOTTY:
      return "the loaded capsicum module is older than ABI 4: it cannot trace or trap" + name;
    case ECAPMODE:
      return "capsicumctl runs in capability mode, where other processes' violations are "
             "hidden" +
             name;
    case EPERM:
      return step + " needs CAP_SYS_ADMIN (run as root)" + name;
    case EBUSY:
      return "already " + std::to_string(CAPSICUM_TRACE_MAX) + " tracers are open" + name;
    default:
      return step + ": " + cap_strerror(err) + name;
  }
}

int Fail(const std::string& command, const std::string& message) {
  fprintf(stderr, "capsicumctl: %s: %s\n", command.c_str(), message.c_str());
  return kExitFailure;
}

// SIGINT and SIGTERM end the trace: without SA_RESTART, a blocked read(2) returns EINTR.
void CatchStopSignals() {
  struct sigaction sa = {};
  sa.sa_handler = OnStop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace

int Trace(pid_t pid, bool json, long count) {
  if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) {
    return Fail("trace", "no process " + std::to_string(pid) + " (ESRCH)");
  }
  capsicum_trace_open request = {};
  request.size = sizeof(request);
  request.pid = pid;
  auto opened = capsicum::internal::DeviceIoctl(CAPSICUM_IOC_TRACE_OPEN, &request);
  if (!opened.ok()) return Fail("trace", Explain(opened.error().value, "tracing"));
  const capsicum::UniqueFd tracer(opened.value());
  CatchStopSignals();
  fprintf(stderr, "capsicumctl: tracing capability violations%s; Ctrl-C stops\n",
          pid > 0 ? (" of process " + std::to_string(pid)).c_str() : "");
  std::array<capsicum_trace_event, 32> events;
  long printed = 0;
  while (!g_stop && (count <= 0 || printed < count)) {
    const ssize_t n = read(tracer.get(), events.data(), sizeof(events));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail("trace", Explain(errno, "reading the tracer"));
    }
    for (size_t i = 0; i < static_cast<size_t>(n) / sizeof(events[0]); i++) {
      const capsicum_trace_event& ev = events[i];
      if (ev.dropped != 0 && !json) {
        fprintf(stderr, "capsicumctl: %u events lost (the tracer's ring was full)\n", ev.dropped);
      }
      const std::string line = json ? FormatTraceJson(ev) : FormatTraceText(ev);
      if (fputs(line.c_str(), stdout) == EOF || fflush(stdout) != 0) {
        return Fail("trace", "writing the output: " + std::string(cap_strerror(errno)));
      }
      if (count > 0 && ++printed >= count) break;
    }
  }
  return kExitOk;
}

int Trap(const std::string& state) {
  capsicum_trapcap arg = {};
  arg.size = sizeof(arg);
  arg.scope = CAPSICUM_TRAPCAP_GLOBAL;
  if (state.empty()) {
    auto got = capsicum::internal::DeviceIoctl(CAPSICUM_IOC_TRAPCAP_STATUS, &arg);
    if (!got.ok()) return Fail("trap", Explain(got.error().value, "reading the trap switch"));
    printf("trap_enotcap: %s\n", arg.state == CAPSICUM_TRAPCAP_ENABLE ? "on" : "off");
    return kExitOk;
  }
  arg.state = state == "on" ? CAPSICUM_TRAPCAP_ENABLE : CAPSICUM_TRAPCAP_DISABLE;
  auto set = capsicum::internal::DeviceIoctl(CAPSICUM_IOC_TRAPCAP_CTL, &arg);
  if (!set.ok()) return Fail("trap", Explain(set.error().value, "setting the trap switch"));
  printf("trap_enotcap: %s\n", state.c_str());
  return kExitOk;
}

}  // namespace capsicumctl
