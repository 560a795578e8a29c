// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: the exact text and JSON lines of capsicumctl trace.

#include "trace_format.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <string.h>
#include <sys/capsicum.h>
#include <sys/syscall.h>

#include <string>

#include "syscall_names.h"

namespace {

using capsicumctl::FormatTraceJson;
using capsicumctl::FormatTraceText;
using capsicumctl::SyscallName;
using capsicumctl::TraceFd;
using capsicumctl::TraceSyscall;

capsicum_trace_event ReadDenied() {
  capsicum_trace_event ev = {};
  ev.size = sizeof(ev);
  ev.error = ENOTCAPABLE;
  ev.pid = 1234;
  ev.tid = 1235;
  ev.syscall = SYS_read;
  ev.fd = 3;
  ev.flags = CAPSICUM_TRACE_RIGHTS;
  cap_rights_init(&ev.needed, CAP_READ);
  cap_rights_init(&ev.held, CAP_WRITE, CAP_SEEK);
  strcpy(ev.comm, "cat");
  return ev;
}

TEST(SyscallName, KnownNumbersByAbi) {
  EXPECT_EQ(SyscallName(SYS_read, false), "read");
  EXPECT_EQ(SyscallName(SYS_openat, false), "openat");
  EXPECT_EQ(SyscallName(257, false), "openat");
  // ia32: 5 is open, 3 is read (x86-64's 5 is fstat).
  EXPECT_EQ(SyscallName(5, true), "open");
  EXPECT_EQ(SyscallName(5, false), "fstat");
  EXPECT_EQ(SyscallName(100000, false), "syscall_100000");
  EXPECT_EQ(SyscallName(-1, false), "syscall_-1");
}

TEST(TraceSyscall, AbiMarks) {
  capsicum_trace_event ev = ReadDenied();
  EXPECT_EQ(TraceSyscall(ev), "read");
  ev.flags |= CAPSICUM_TRACE_IA32;
  EXPECT_EQ(TraceSyscall(ev), "restart_syscall/ia32");  // ia32 0; x86-64 0 is read
  ev.syscall = 3;
  EXPECT_EQ(TraceSyscall(ev), "read/ia32");
  ev.flags = CAPSICUM_TRACE_NOSYSCALL;
  ev.syscall = -1;
  EXPECT_EQ(TraceSyscall(ev), "io_uring");
}

TEST(TraceFd, NoneCwdAndNumbers) {
  EXPECT_EQ(TraceFd(-1), "-");
  EXPECT_EQ(TraceFd(AT_FDCWD), "AT_FDCWD");
  EXPECT_EQ(TraceFd(0), "0");
  EXPECT_EQ(TraceFd(1023), "1023");
}

TEST(FormatTraceText, RightsDenial) {
  EXPECT_EQ(FormatTraceText(ReadDenied()),
            "pid=1234 tid=1235 comm=cat syscall=read fd=3 needed=CAP_READ "
            "held=CAP_WRITE|CAP_SEEK errno=ENOTCAPABLE\n");
}

TEST(FormatTraceText, CapabilityModeHasNoRights) {
  capsicum_trace_event ev = ReadDenied();
  ev.error = ECAPMODE;
  ev.flags = CAPSICUM_TRACE_TRAPPED;
  ev.syscall = SYS_kill;
  ev.fd = -1;
  EXPECT_EQ(FormatTraceText(ev),
            "pid=1234 tid=1235 comm=cat syscall=kill fd=- needed=? held=? errno=ECAPMODE "
            "trapped\n");
}

TEST(FormatTraceText, EmptyHeldAndEscapedComm) {
  capsicum_trace_event ev = ReadDenied();
  cap_rights_init(&ev.held);
  strcpy(ev.comm, "a b\tc\\");
  EXPECT_EQ(FormatTraceText(ev),
            "pid=1234 tid=1235 comm=a\\x20b\\tc\\\\ syscall=read fd=3 needed=CAP_READ held=- "
            "errno=ENOTCAPABLE\n");
}

TEST(FormatTraceText, CommWithoutNulIsCutAt16) {
  capsicum_trace_event ev = ReadDenied();
  memset(ev.comm, 'x', sizeof(ev.comm));
  const std::string line = FormatTraceText(ev);
  EXPECT_NE(line.find(" comm=xxxxxxxxxxxxxxxx syscall="), std::string::npos) << line;
}

TEST(FormatTraceJson, RightsDenial) {
  capsicum_trace_event ev = ReadDenied();
  ev.dropped = 7;
  EXPECT_EQ(FormatTraceJson(ev),
            "{\"pid\":1234,\"tid\":1235,\"comm\":\"cat\",\"syscall\":\"read\",\"syscall_nr\":0,"
            "\"abi\":\"x86_64\",\"fd\":3,\"needed\":[\"CAP_READ\"],"
            "\"held\":[\"CAP_WRITE\",\"CAP_SEEK\"],\"errno\":135,\"error\":\"ENOTCAPABLE\","
            "\"trapped\":false,\"dropped\":7}\n");
}

TEST(FormatTraceJson, CapabilityModeIa32AndNulls) {
  capsicum_trace_event ev = ReadDenied();
  ev.error = ECAPMODE;
  ev.flags = CAPSICUM_TRACE_IA32 | CAPSICUM_TRACE_TRAPPED;
  ev.syscall = 5;
  ev.fd = AT_FDCWD;
  strcpy(ev.comm, "q\"");
  EXPECT_EQ(FormatTraceJson(ev),
            "{\"pid\":1234,\"tid\":1235,\"comm\":\"q\\\"\",\"syscall\":\"open\",\"syscall_nr\":5,"
            "\"abi\":\"ia32\",\"fd\":-100,\"needed\":null,\"held\":null,\"errno\":134,"
            "\"error\":\"ECAPMODE\",\"trapped\":true,\"dropped\":0}\n");
}

TEST(FormatTraceJson, IoUringWorker) {
  capsicum_trace_event ev = ReadDenied();
  ev.flags |= CAPSICUM_TRACE_NOSYSCALL;
  ev.syscall = -1;
  const std::string line = FormatTraceJson(ev);
  EXPECT_NE(line.find("\"syscall\":\"io_uring\",\"syscall_nr\":-1,\"abi\":\"none\""),
            std::string::npos)
      << line;
}

}  // namespace
