// SPDX-License-Identifier: BSD-2-Clause
// capsicum-e2e: the FreeBSD-style programs of tests/freebsd-style, compiled unchanged (their
// main() renamed by the build), run sandboxed: exact output, and the refused operations.

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "capsicum_test.h"
#include "tzif.h"

extern "C" {
int freebsd_style_echo_main(int argc, char* argv[]);
int freebsd_style_cat_main(int argc, char* argv[]);
int freebsd_style_rights_main(int argc, char* argv[]);
int freebsd_style_date_main(int argc, char* argv[]);
}

namespace capsicum_e2e {
namespace {

struct ProgramRun {
  int status = -1;  // as waitpid() gives it
  std::string out;
  std::string err;
};

std::string Drain(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) s.append(buf, static_cast<size_t>(n));
  close(fd);
  return s;
}

// Runs main_fn(args) in a forked child with stdin from /dev/null and stdout and stderr on
// pipes, as a shell would run the program.
ProgramRun RunProgram(int (*main_fn)(int, char**), std::vector<std::string> args) {
  ProgramRun run;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << DescribeErrno(errno);
    return run;
  }
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    if (in < 0 || dup2(in, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) _exit(120);
    if (in > 2) close(in);
    alarm(kWatchdogSeconds);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    optind = 1;
    exit(main_fn(static_cast<int>(args.size()), argv.data()));
  }
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << DescribeErrno(errno);
    close(out[0]);
    close(err[0]);
    return run;
  }
  run.out = Drain(out[0]);
  run.err = Drain(err[0]);
  run.status = WaitForChild(pid);
  return run;
}

#define EXPECT_EXITED(run, code)                                                \
  do {                                                                          \
    EXPECT_TRUE(WIFEXITED((run).status) && WEXITSTATUS((run).status) == (code)) \
        << DescribeWaitStatus((run).status) << "; stderr: " << (run).err;       \
  } while (0)

TEST(FreeBSDStyle, EchoRunsSandboxed) {
  ProgramRun run = RunProgram(freebsd_style_echo_main, {"echo", "hello", "capsicum"});
  EXPECT_EXITED(run, 0);
  EXPECT_EQ(run.out, "hello capsicum\nsandboxed: yes\n");
  EXPECT_EQ(run.err, "");
}

TEST(FreeBSDStyle, CatReadsItsLimitedFilesAndIsRefusedTheRest) {
  ScratchDir dir;
  WriteFile(dir.Path("a"), "first\n");
  WriteFile(dir.Path("b"), "second\n");
  ProgramRun run =
      RunProgram(freebsd_style_cat_main, {"cat", "-m", "-o", dir.Path("a"), dir.Path("b")});
  EXPECT_EXITED(run, 0);
  EXPECT_EQ(run.out, "first\nsecond\nfchmod " + dir.Path("a") +
                         ": Capabilities insufficient\nopen " + dir.Path("a") +
                         ": Not permitted in capability mode\n");
  EXPECT_EQ(ReadFile(dir.Path("a")), "first\n");
}

TEST(FreeBSDStyle, RightsFamilyOnALimitedDescriptor) {
  ScratchDir dir;
  WriteFile(dir.Path("f"), "data");
  ProgramRun run = RunProgram(freebsd_style_rights_main, {"rights", dir.Path("f")});
  EXPECT_EXITED(run, 0);
  EXPECT_EQ(run.out,
            "empty: yes\nvalid: yes\npread: yes\npwrite: no\ncontains read: yes\n"
            "all contains: yes\nmerge-remove empty: yes\nioctls before: all\n"
            "rights equal: yes\nioctls: 2 FIONREAD,FIONBIO\nfcntls: GETFL\n"
            "F_SETFL: Capabilities insufficient\nTIOCGWINSZ: Capabilities insufficient\n"
            "widen fcntls: Capabilities insufficient\n");
}

// caph_cache_tzdata() before caph_enter(): the zone file is read while it still can be.
TEST(FreeBSDStyle, DateKeepsItsTimeZoneInCapabilityMode) {
  ScratchDir dir;
  WriteFile(dir.Path("zone"), TzifPlusOneHour());
  ASSERT_OK(setenv("TZ", dir.Path("zone").c_str(), 1));
  ProgramRun cached = RunProgram(freebsd_style_date_main, {"date"});
  ProgramRun uncached = RunProgram(freebsd_style_date_main, {"date", "-n"});
  unsetenv("TZ");
  EXPECT_EXITED(cached, 0);
  EXPECT_EQ(cached.out, "1970-01-02 01:00:00 +0100 TST\n");
  // Without it glibc cannot open the file in capability mode and falls back to UTC.
  EXPECT_EXITED(uncached, 0);
  EXPECT_EQ(uncached.out.substr(0, 26), "1970-01-02 00:00:00 +0000 ");
}

}  // namespace
}  // namespace capsicum_e2e
