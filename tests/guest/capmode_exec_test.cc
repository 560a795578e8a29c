// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: what may run after fexecve in capability mode.
//
// Only execveat(fd, "", AT_EMPTY_PATH) on a descriptor with CAP_FEXECVE may exec.  The kernel's
// own open of the program's ELF interpreter (PT_INTERP) goes ahead, so dynamically linked
// programs start; an interpreter named by "#!" (or binfmt_misc) is a lookup in the global
// namespace and is refused with ECAPMODE (lsm/bprm_check_security).
//
// The programs are tiny ELF images written by the test itself (the guest has no dynamic
// loader): `Probe` is a position-independent program that tries open("/") and exits 0 only if
// that fails with ECAPMODE, 3 otherwise; `Dynamic` names a `Probe` file as its interpreter and
// would exit 9 if its own code ever ran.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "capsicum_test.h"

extern char** environ;

namespace capsicum_e2e {
namespace {

// x86-64: open("/", O_RDONLY); exit_group(rax == -ECAPMODE ? 0 : 3).
const unsigned char kProbeCode[] = {
    0xb8, 0x02, 0x00, 0x00, 0x00,              // mov eax, 2 (open)
    0x48, 0x8d, 0x3d, 0x1d, 0x00, 0x00, 0x00,  // lea rdi, [rip + 29] ("/")
    0x31, 0xf6,                                // xor esi, esi
    0x0f, 0x05,                                // syscall
    0x48, 0x3d, 0x7a, 0xff, 0xff, 0xff,        // cmp rax, -134
    0xbf, 0x00, 0x00, 0x00, 0x00,              // mov edi, 0
    0x74, 0x05,                                // je +5
    0xbf, 0x03, 0x00, 0x00, 0x00,              // mov edi, 3
    0xb8, 0xe7, 0x00, 0x00, 0x00,              // mov eax, 231 (exit_group)
    0x0f, 0x05,                                // syscall
    '/',  0x00,
};

// x86-64: exit_group(9).
const unsigned char kExit9Code[] = {
    0xbf, 0x09, 0x00, 0x00, 0x00,  // mov edi, 9
    0xb8, 0xe7, 0x00, 0x00, 0x00,  // mov eax, 231
    0x0f, 0x05,                    // syscall
};

// x86-64: exit_group(5) if geteuid() == 0, else fall into kProbeCode.
const unsigned char kEuidPrefix[] = {
    0xb8, 0x6b, 0x00, 0x00, 0x00,  // mov eax, 107 (geteuid)
    0x0f, 0x05,                    // syscall
    0x48, 0x85, 0xc0,              // test rax, rax
    0x75, 0x0c,                    // jne +12 (the probe)
    0xbf, 0x05, 0x00, 0x00, 0x00,  // mov edi, 5
    0xb8, 0xe7, 0x00, 0x00, 0x00,  // mov eax, 231
    0x0f, 0x05,                    // syscall
};

constexpr int kProbeSawCapmode = 0;
constexpr int kRanAsRoot = 5;
constexpr int kDynamicOwnCodeRan = 9;

template <typename T>
void Put(std::string* out, size_t at, T value) {
  std::memcpy(&(*out)[at], &value, sizeof(value));
}

// An ET_DYN image: one PT_LOAD mapping the whole file at 0, and a PT_INTERP
// naming `interp` when it is not empty.  The code follows the headers.
std::string Elf(const unsigned char* code, size_t code_size, const std::string& interp) {
  constexpr size_t kEhdr = 64, kPhdr = 56;
  const size_t nphdr = interp.empty() ? 1 : 2;
  const size_t code_at = kEhdr + nphdr * kPhdr;
  const size_t interp_at = code_at + code_size;
  // A whole page: 6.1's loader zeroes the rest of the last file page of an
  // interpreter (padzero()), which faults on a read-only mapping.
  constexpr size_t kPage = 4096;
  const size_t used = interp_at + (interp.empty() ? 0 : interp.size() + 1);
  const size_t total = (used + kPage - 1) / kPage * kPage;
  std::string elf(total, '\0');
  const unsigned char ident[] = {0x7f, 'E', 'L', 'F', 2 /* 64 */, 1 /* LE */, 1 /* version */};
  std::memcpy(&elf[0], ident, sizeof(ident));
  Put<uint16_t>(&elf, 16, 3);   // e_type ET_DYN
  Put<uint16_t>(&elf, 18, 62);  // e_machine EM_X86_64
  Put<uint32_t>(&elf, 20, 1);   // e_version
  Put<uint64_t>(&elf, 24, code_at);
  Put<uint64_t>(&elf, 32, kEhdr);  // e_phoff
  Put<uint16_t>(&elf, 52, kEhdr);
  Put<uint16_t>(&elf, 54, kPhdr);
  Put<uint16_t>(&elf, 56, nphdr);
  size_t ph = kEhdr;
  if (!interp.empty()) {
    Put<uint32_t>(&elf, ph, 3);  // PT_INTERP
    Put<uint32_t>(&elf, ph + 4, 4);
    Put<uint64_t>(&elf, ph + 8, interp_at);
    Put<uint64_t>(&elf, ph + 16, interp_at);
    Put<uint64_t>(&elf, ph + 24, interp_at);
    Put<uint64_t>(&elf, ph + 32, interp.size() + 1);
    Put<uint64_t>(&elf, ph + 40, interp.size() + 1);
    Put<uint64_t>(&elf, ph + 48, 1);
    std::memcpy(&elf[interp_at], interp.c_str(), interp.size() + 1);
    ph += kPhdr;
  }
  Put<uint32_t>(&elf, ph, 1);      // PT_LOAD
  Put<uint32_t>(&elf, ph + 4, 5);  // PF_R | PF_X
  Put<uint64_t>(&elf, ph + 32, total);
  Put<uint64_t>(&elf, ph + 40, total);
  Put<uint64_t>(&elf, ph + 48, 0x1000);
  std::memcpy(&elf[code_at], code, code_size);
  return elf;
}

std::string ProbeElf() { return Elf(kProbeCode, sizeof(kProbeCode), ""); }

std::string EuidProbeElf() {
  std::string code(reinterpret_cast<const char*>(kEuidPrefix), sizeof(kEuidPrefix));
  code.append(reinterpret_cast<const char*>(kProbeCode), sizeof(kProbeCode));
  return Elf(reinterpret_cast<const unsigned char*>(code.data()), code.size(), "");
}

void WriteProgram(const std::string& path, const std::string& image) {
  WriteFile(path, image);
  ASSERT_OK(chmod(path.c_str(), 0755));
}

long Fexecve(int fd) {
  char arg0[] = "capsicum-e2e-exec";
  char* argv[] = {arg0, nullptr};
  fflush(stdout);
  fflush(stderr);
  return syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
}

class CapModeExecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    probe_ = scratch_.Path("probe");
    WriteProgram(probe_, ProbeElf());
    dynamic_ = scratch_.Path("dynamic");
    WriteProgram(dynamic_, Elf(kExit9Code, sizeof(kExit9Code), probe_));
    script_ = scratch_.Path("script");
    WriteProgram(script_, "#!" + probe_ + "\n");
  }

  // Forks a child that runs `body` and then fexecve()s `fd`; returns the
  // child's wait status (the exec'd image's exit, or 1 if the exec failed
  // and `expect_errno` was not what execveat gave).
  static int ExecInChild(int fd, bool enter, int expect_errno) {
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    if (pid == 0) {
      alarm(kWatchdogSeconds);
      if (enter && cap_enter() != 0) _exit(20);
      Fexecve(fd);
      const int err = errno;
      if (expect_errno == 0)
        printf("[exec] execveat(fd %d, \"\", AT_EMPTY_PATH): %s\n", fd, DescribeErrno(err).c_str());
      fflush(stdout);
      _exit(err == expect_errno ? 42 : 1);
    }
    return WaitForChild(pid);
  }

  static void ExpectExit(int status, int code) {
    ASSERT_TRUE(WIFEXITED(status)) << DescribeWaitStatus(status);
    EXPECT_EQ(code, WEXITSTATUS(status));
  }

  ScratchDir scratch_;
  std::string probe_;
  std::string dynamic_;
  std::string script_;
};

using CapModeExecImage = CapModeExecTest;

TEST_F(CapModeExecImage, ProbeRunsOutsideAndSeesNoCapabilityMode) {
  const int fd = open(probe_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  ExpectExit(ExecInChild(fd, false, 0), 3);
  close(fd);
}

TEST_F(CapModeExecImage, StaticProgramRunsInCapabilityMode) {
  const int fd = open(probe_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  ExpectExit(ExecInChild(fd, true, 0), kProbeSawCapmode);
  close(fd);
}

// The kernel opens PT_INTERP by path for the program: that open is the
// kernel's, not the sandbox's, and goes ahead; the interpreter runs in
// capability mode (it sees open("/") refused).
TEST_F(CapModeExecImage, DynamicProgramRunsItsInterpreterInCapabilityMode) {
  const int fd = open(dynamic_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  const int status = ExecInChild(fd, true, 0);
  ExpectExit(status, kProbeSawCapmode);
  EXPECT_NE(kDynamicOwnCodeRan, WEXITSTATUS(status));
  close(fd);
}

// Outside capability mode, through a descriptor limited to CAP_FEXECVE:
// the interpreter's open is not a lookup through that descriptor.
TEST_F(CapModeExecImage, DynamicProgramThroughALimitedDescriptorRuns) {
  const int fd = OpenLimited(dynamic_, O_RDONLY, Rights({CAP_FEXECVE}));
  ASSERT_OK(fd);
  ExpectExit(ExecInChild(fd, false, 0), 3);
  close(fd);
}

// The script's interpreter is the probe: outside capability mode it runs
// and sees open("/") succeed.
TEST_F(CapModeExecImage, ScriptRunsOutsideCapabilityMode) {
  // Not O_CLOEXEC: the kernel gives a script run by descriptor the path
  // /dev/fd/N, and refuses (ENOENT) if that descriptor would not survive.
  const int fd = open(script_.c_str(), O_RDONLY);
  ASSERT_OK(fd);
  ExpectExit(ExecInChild(fd, false, 0), 3);
  close(fd);
}

// Escape attempt: "#!" makes the kernel look up and run another program by
// path.  Refused before the interpreter runs.
TEST_F(CapModeExecImage, ScriptInterpreterByPathIsCapmode) {
  const int fd = open(script_.c_str(), O_RDONLY);
  ASSERT_OK(fd);
  ExpectExit(ExecInChild(fd, true, ECAPMODE), 42);
  close(fd);
}

// Escape attempt: a program written into a memfd from inside the sandbox
// and fexecve'd still runs in capability mode.
TEST_F(CapModeExecImage, MemfdProgramWrittenInsideRunsInCapabilityMode) {
  const std::string image = ProbeElf();
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = memfd_create("capsicum-e2e-probe", MFD_CLOEXEC);
    ASSERT_OK(fd);
    ASSERT_EQ(static_cast<ssize_t>(image.size()), write(fd, image.data(), image.size()));
    Fexecve(fd);
    ADD_FAILURE() << "fexecve(memfd): " << DescribeErrno(errno);
  });
}

// Escape attempt: a set-user-ID-root program fexecve'd by an unprivileged
// sandbox.  cap_enter() set no_new_privs, so the exec gains nothing: the
// program runs as the caller, still in capability mode.
TEST_F(CapModeExecImage, SetuidRootProgramGainsNothingAndStaysInCapabilityMode) {
  const std::string path = scratch_.Path("setuid-probe");
  WriteProgram(path, EuidProbeElf());
  ASSERT_OK(chown(path.c_str(), 0, 0));
  ASSERT_OK(chmod(path.c_str(), 04755));
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(fd);
  // Control: without capability mode (and without no_new_privs) the same
  // exec does run as root, so the assertion below can fail.
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0) _exit(21);
    Fexecve(fd);
    _exit(1);
  }
  ExpectExit(WaitForChild(pid), kRanAsRoot);
  pid = fork();
  if (pid == 0) {
    if (setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0) _exit(21);
    if (cap_enter() != 0) _exit(20);
    Fexecve(fd);
    _exit(1);
  }
  ExpectExit(WaitForChild(pid), kProbeSawCapmode);
  close(fd);
}

}  // namespace
}  // namespace capsicum_e2e
