// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: the escape suite: every way out of capability mode we could think of, each
// its own test named after the attack, each asserting the exact errno and that nothing leaked
// (the secret's bytes never read, nothing made or changed outside, the parent alive and
// untouched).  Then SelfProtection: what an unprivileged process outside capability mode
// cannot do to the programs, links and module that enforce Capsicum.
//
// Every attack runs in a forked child after cap_enter() (RunInChild, or ForkChild when the
// test must wait for the sandbox from outside: wait4 is refused in capability mode).
//
// The tree every Escape test starts from:
//   <scratch>/secret              kSecret: what no sandbox may ever read
//   <scratch>/root/               the directory descriptor's directory
//   <scratch>/root/file           kInside
//   <scratch>/root/sub/
//   <scratch>/root/abs_link     -> <scratch>/secret         (absolute)
//   <scratch>/root/up_link      -> ../secret                (climbs out)
//   <scratch>/root/sub/up2_link -> ../../secret             (climbs out from below)
//   <scratch>/root/abs_new      -> <scratch>/made           (absolute, dangling)
//   <scratch>/root/up_new       -> ../made                  (climbs out, dangling)
// and nothing named <scratch>/made may ever appear.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <linux/capsicum.h>
#include <linux/io_uring.h>
#include <linux/kcmp.h>
#include <linux/keyctl.h>
#include <linux/openat2.h>
#include <linux/perf_event.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "abi2_test.h"
#include "capsicum_test.h"
#include "raw_syscalls.h"

extern char** environ;

namespace capsicum_e2e {
namespace {

constexpr char kSecret[] = "SECRET:capsicum-escape:7f3a9c";
constexpr char kInside[] = "inside";
constexpr char kDecoy[] = "decoy";
constexpr int kRd = O_RDONLY | O_CLOEXEC;
constexpr int kDir = O_RDONLY | O_DIRECTORY | O_CLOEXEC;

// Where capsicumctl pins its BPF links (userspace/capsicumctl/pins.h, kPinDir).
constexpr char kPinDir[] = "/sys/fs/bpf/capsicum";
// The module's name, for delete_module.
constexpr char kModuleName[] = "capsicum";
// This binary re-executed by the setuid test: prints its credentials and exits with
// kCreds* bits (see ReportCredsAfterExec).
constexpr char kReportCredsFlag[] = "--escape-report-creds";

// --- what a call that must be refused gave, if it was not ---

// The first bytes of a descriptor nobody should have got (or why they cannot be read).
std::string Peek(int fd) {
  char buf[256];
  const ssize_t n = pread(fd, buf, sizeof(buf), 0);
  if (n < 0) return "<unreadable: " + DescribeErrno(errno) + ">";
  return std::string(buf, static_cast<size_t>(n));
}

bool HoldsSecret(const std::string& data) { return data.find(kSecret) != std::string::npos; }

// A call that would make a descriptor must fail with exactly `expected`.  If it made one, the
// failure says what the descriptor reads, and whether that is the secret.
void CheckRefusedOpen(const char* file, int line, const char* expr, int expected, long rc,
                      int err) {
  if (rc >= 0) {
    const std::string got = Peek(static_cast<int>(rc));
    close(static_cast<int>(rc));
    ADD_FAILURE_AT(file, line) << expr << " = " << rc << ": it made a descriptor; expected -1 "
                               << "with errno " << DescribeErrno(expected) << ". It reads \""
                               << got.substr(0, 64) << "\""
                               << (HoldsSecret(got) ? ": THE SECRET LEAKED" : "");
  } else if (err != expected) {
    ADD_FAILURE_AT(file, line) << expr << " = " << rc << ", errno " << DescribeErrno(err)
                               << "; expected " << DescribeErrno(expected);
  }
}

#define EXPECT_OPEN_REFUSED(err, expr)                                           \
  do {                                                                           \
    errno = 0;                                                                   \
    const long escape_rc_ = static_cast<long>(expr);                             \
    const int escape_errno_ = errno;                                             \
    CheckRefusedOpen(__FILE__, __LINE__, #expr, err, escape_rc_, escape_errno_); \
  } while (0)

long Openat2(int dirfd, const char* path, int flags) {
  struct open_how how;
  memset(&how, 0, sizeof(how));
  how.flags = static_cast<uint64_t>(flags) | O_CLOEXEC;
  return syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

// execveat(fd, path, ..., flags) of `capsicum-e2e FLAG`; with fd kExecve, execve(path).
constexpr int kExecve = INT_MIN;
long Execveat(int fd, const char* path, const char* flag, int flags) {
  char arg0[] = "capsicum-e2e";
  char* argv[] = {arg0, const_cast<char*>(flag), nullptr};
  fflush(stdout);
  fflush(stderr);
  if (fd == kExecve) return execve(path, argv, environ);
  return syscall(SYS_execveat, fd, path, argv, environ, flags);
}

// The path of this very binary, read before capability mode closes /proc.
std::string SelfExe() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) ADD_FAILURE() << "readlink /proc/self/exe: " << ec.message();
  return exe.string();
}

// The wait status of a child that exec'd `capsicum-e2e --report-capmode` must be 0.
void ExpectReportedCapMode(int status, const std::string& who) {
  if (status == -1 || !WIFEXITED(status))
    ADD_FAILURE() << who << " " << DescribeWaitStatus(status);
  else if (WEXITSTATUS(status) != 0)
    ADD_FAILURE() << who << ": " << DescribeCapmodeReport(WEXITSTATUS(status));
}

// Copies all of `from` (from its start) to `to`; false and a failure on error.
bool CopyAll(int from, int to) {
  char buf[64 * 1024];
  off_t off = 0;
  for (;;) {
    const ssize_t n = pread(from, buf, sizeof(buf), off);
    if (n < 0) {
      ADD_FAILURE() << "pread: " << DescribeErrno(errno);
      return false;
    }
    if (n == 0) return true;
    if (!WriteAll(to, buf, static_cast<size_t>(n))) {
      ADD_FAILURE() << "write: " << DescribeErrno(errno);
      return false;
    }
    off += n;
  }
}

// --- credentials after an exec (the setuid test) ---

enum CredsBits {
  kCredsEuidRoot = 1,       // the effective uid is 0
  kCredsRuidRoot = 2,       // the real uid is 0
  kCredsSuidRoot = 4,       // the saved uid is 0
  kCredsNotCapmode = 8,     // cap_getmode() does not say 1
  kCredsNoNewPrivsOff = 16  // PR_GET_NO_NEW_PRIVS is not 1
};

int ReportCreds() {
  uid_t r = 0, e = 0, s = 0;
  getresuid(&r, &e, &s);
  unsigned mode = 0;
  const int rc = cap_getmode(&mode);
  const int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  const int bits = (e == 0 ? kCredsEuidRoot : 0) | (r == 0 ? kCredsRuidRoot : 0) |
                   (s == 0 ? kCredsSuidRoot : 0) | (rc != 0 || mode != 1 ? kCredsNotCapmode : 0) |
                   (nnp != 1 ? kCredsNoNewPrivsOff : 0);
  printf("[creds] pid %d: uid %u euid %u suid %u, cap_getmode %d mode %u, no_new_privs %d\n",
         getpid(), r, e, s, rc, mode, nnp);
  fflush(stdout);
  return bits;
}

// `capsicum-e2e --escape-report-creds` reports and exits before main() (and gtest) start.
__attribute__((constructor)) void ReportCredsAfterExec(int argc, char** argv, char**) {
  if (argc != 2 || strcmp(argv[1], kReportCredsFlag) != 0) return;
  _exit(ReportCreds());
}

// --- BPF ---

long Bpf(int cmd, union bpf_attr* attr) { return syscall(SYS_bpf, cmd, attr, sizeof(*attr)); }

long BpfObjGet(const std::string& path) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.pathname = reinterpret_cast<uint64_t>(path.c_str());
  return Bpf(BPF_OBJ_GET, &attr);
}

// BPF_PROG_GET_FD_BY_ID, BPF_MAP_GET_FD_BY_ID or BPF_LINK_GET_FD_BY_ID.
long BpfGetFdById(int cmd, uint32_t id) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof(attr));
  if (cmd == BPF_PROG_GET_FD_BY_ID)
    attr.prog_id = id;
  else if (cmd == BPF_MAP_GET_FD_BY_ID)
    attr.map_id = id;
  else
    attr.link_id = id;
  return Bpf(cmd, &attr);
}

// BPF_*_GET_NEXT_ID after `start`: the id, or -1 with errno (ENOENT at the end).
long BpfNextId(int cmd, uint32_t start) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof(attr));
  attr.start_id = start;
  const long rc = Bpf(cmd, &attr);
  return rc == 0 ? static_cast<long>(attr.next_id) : rc;
}

// Every id BPF_*_GET_NEXT_ID lists (as root).
std::vector<uint32_t> AllBpfIds(int cmd) {
  std::vector<uint32_t> ids;
  long id = 0;
  while ((id = BpfNextId(cmd, static_cast<uint32_t>(id))) > 0)
    ids.push_back(static_cast<uint32_t>(id));
  if (errno != ENOENT) ADD_FAILURE() << "BPF_*_GET_NEXT_ID " << cmd << ": " << DescribeErrno(errno);
  return ids;
}

// What enforces Capsicum, found as root before a test drops its privileges: the pins
// capsicumctl made, the link and program behind each, and the maps those programs use.
struct OurBpf {
  std::vector<std::string> pins;
  std::vector<uint32_t> links;
  std::vector<uint32_t> progs;
  std::vector<uint32_t> maps;
};

OurBpf CollectOurBpf() {
  OurBpf out;
  DIR* dir = opendir(kPinDir);
  if (dir == nullptr) {
    ADD_FAILURE() << "opendir " << kPinDir << ": " << DescribeErrno(errno);
    return out;
  }
  while (const struct dirent* e = readdir(dir))
    if (e->d_name[0] != '.') out.pins.push_back(std::string(kPinDir) + "/" + e->d_name);
  closedir(dir);
  for (const std::string& pin : out.pins) {
    const long link = BpfObjGet(pin);
    if (link < 0) {
      ADD_FAILURE() << "BPF_OBJ_GET " << pin << " as root: " << DescribeErrno(errno);
      continue;
    }
    struct bpf_link_info info;
    memset(&info, 0, sizeof(info));
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.info.bpf_fd = static_cast<uint32_t>(link);
    attr.info.info_len = sizeof(info);
    attr.info.info = reinterpret_cast<uint64_t>(&info);
    if (Bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0) {
      out.links.push_back(info.id);
      out.progs.push_back(info.prog_id);
    } else {
      ADD_FAILURE() << "BPF_OBJ_GET_INFO_BY_FD " << pin << ": " << DescribeErrno(errno);
    }
    close(static_cast<int>(link));
  }
  for (const uint32_t prog_id : out.progs) {
    const long prog = BpfGetFdById(BPF_PROG_GET_FD_BY_ID, prog_id);
    if (prog < 0) continue;
    uint32_t map_ids[64];
    struct bpf_prog_info info;
    memset(&info, 0, sizeof(info));
    info.nr_map_ids = 64;
    info.map_ids = reinterpret_cast<uint64_t>(map_ids);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.info.bpf_fd = static_cast<uint32_t>(prog);
    attr.info.info_len = sizeof(info);
    attr.info.info = reinterpret_cast<uint64_t>(&info);
    if (Bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0)
      for (uint32_t i = 0; i < info.nr_map_ids && i < 64; i++) out.maps.push_back(map_ids[i]);
    close(static_cast<int>(prog));
  }
  return out;
}

// --- fork helpers ---

// A process outside capability mode that runs `step` again and again until Stop() (or the
// watchdog), counting the rounds in shared memory.
class Racer {
 public:
  explicit Racer(const std::function<void()>& step) {
    void* mem =
        mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
      ADD_FAILURE() << "mmap(MAP_SHARED): " << DescribeErrno(errno);
      return;
    }
    shared_ = new (mem) Shared;
    Shared* shared = shared_;
    pid_ = ForkChild([shared, &step] {
      while (!shared->stop.load()) {
        step();
        shared->rounds.fetch_add(1);
      }
    });
  }
  ~Racer() {
    Stop();
    if (shared_ != nullptr) munmap(shared_, sizeof(Shared));
  }
  Racer(const Racer&) = delete;
  Racer& operator=(const Racer&) = delete;

  // Stops the racer and returns how many rounds it made.
  uint64_t Stop() {
    if (shared_ == nullptr) return 0;
    shared_->stop.store(1);
    if (pid_ > 0) ExpectChildPassed(pid_, "the racer");
    pid_ = -1;
    return shared_->rounds.load();
  }

 private:
  struct Shared {
    std::atomic<int> stop{0};
    std::atomic<uint64_t> rounds{0};
  };
  Shared* shared_ = nullptr;
  pid_t pid_ = -1;
};

// What `iterations` openat(dir, path) calls in a row gave.
struct Tally {
  int expected = 0;    // opened, and read `ok_contents`
  int notcapable = 0;  // ENOTCAPABLE
  int enoent = 0;      // ENOENT
  int leaked = 0;      // opened, and read the secret
  int other = 0;       // anything else
  std::string first_other;
};

Tally Hammer(int dir, const char* path, const std::string& ok_contents, int iterations) {
  Tally t;
  for (int i = 0; i < iterations; i++) {
    errno = 0;
    const int fd = openat(dir, path, kRd);
    const int err = errno;
    if (fd >= 0) {
      const std::string got = Peek(fd);
      close(fd);
      if (got == ok_contents) {
        t.expected++;
      } else if (HoldsSecret(got)) {
        t.leaked++;
      } else {
        if (t.other++ == 0) t.first_other = "opened and read \"" + got.substr(0, 32) + "\"";
      }
    } else if (err == ENOTCAPABLE) {
      t.notcapable++;
    } else if (err == ENOENT) {
      t.enoent++;
    } else if (t.other++ == 0) {
      t.first_other = DescribeErrno(err);
    }
  }
  printf(
      "[race] openat(dir, \"%s\") x%d: %d read \"%s\", %d ENOTCAPABLE, %d ENOENT, %d read the "
      "secret, %d other%s%s\n",
      path, iterations, t.expected, ok_contents.c_str(), t.notcapable, t.enoent, t.leaked, t.other,
      t.other ? ", first: " : "", t.first_other.c_str());
  fflush(stdout);
  return t;
}

constexpr int kRaceIterations = 2000;

// --- sockets ---

// A one-byte message to the address `name` (sendmsg, sendmmsg, IORING_OP_SENDMSG).
struct MessageTo {
  MessageTo(const void* name, socklen_t len) {
    memset(&mm, 0, sizeof(mm));
    mm.msg_hdr.msg_name = const_cast<void*>(name);
    mm.msg_hdr.msg_namelen = len;
    mm.msg_hdr.msg_iov = &iov;
    mm.msg_hdr.msg_iovlen = 1;
  }
  MessageTo(const MessageTo&) = delete;
  MessageTo& operator=(const MessageTo&) = delete;
  struct msghdr* msg() {
    return &mm.msg_hdr;
  }

  char byte = 'L';
  struct iovec iov = {&byte, 1};
  struct mmsghdr mm;
};

// A TCP listener and a UDP socket on 127.0.0.1 (non-blocking), made outside the sandbox.
class Loopback {
 public:
  Loopback() {
    listener_ = Bind(SOCK_STREAM, &tcp_);
    udp_ = Bind(SOCK_DGRAM, &udp_addr_);
    if (listener_ >= 0) EXPECT_OK(listen(listener_, 4));
  }
  ~Loopback() {
    if (listener_ >= 0) close(listener_);
    if (udp_ >= 0) close(udp_);
  }
  Loopback(const Loopback&) = delete;
  Loopback& operator=(const Loopback&) = delete;

  bool ok() const { return listener_ >= 0 && udp_ >= 0; }
  const struct sockaddr* tcp() const { return reinterpret_cast<const sockaddr*>(&tcp_); }
  const struct sockaddr* udp() const { return reinterpret_cast<const sockaddr*>(&udp_addr_); }
  static constexpr socklen_t kLen = sizeof(struct sockaddr_in);

  // Nothing connected to the listener and nothing reached the UDP socket.
  void ExpectNothingArrived() const {
    EXPECT_SYSCALL_FAIL(EAGAIN, accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC));
    char byte;
    EXPECT_SYSCALL_FAIL(EAGAIN, recv(udp_, &byte, 1, 0));
  }

 private:
  static int Bind(int type, struct sockaddr_in* addr) {
    const int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    EXPECT_OK(fd);
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(*addr);
    EXPECT_OK(bind(fd, reinterpret_cast<sockaddr*>(addr), sizeof(*addr)));
    EXPECT_OK(getsockname(fd, reinterpret_cast<sockaddr*>(addr), &len));
    return fd;
  }
  int listener_ = -1;
  int udp_ = -1;
  struct sockaddr_in tcp_ = {};
  struct sockaddr_in udp_addr_ = {};
};

// --- the fixture ---

class EscapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    secret_ = scratch_.Path("secret");
    root_ = scratch_.Path("root");
    made_ = scratch_.Path("made");
    WriteFile(secret_, kSecret);
    ASSERT_OK(chmod(secret_.c_str(), 0644));
    ASSERT_OK(mkdir(root_.c_str(), 0755));
    ASSERT_OK(mkdir(InRoot("sub").c_str(), 0755));
    WriteFile(InRoot("file"), kInside);
    ASSERT_OK(symlink(secret_.c_str(), InRoot("abs_link").c_str()));
    ASSERT_OK(symlink("../secret", InRoot("up_link").c_str()));
    ASSERT_OK(symlink("../../secret", InRoot("sub/up2_link").c_str()));
    ASSERT_OK(symlink(made_.c_str(), InRoot("abs_new").c_str()));
    ASSERT_OK(symlink("../made", InRoot("up_new").c_str()));
  }

  void TearDown() override {
    for (const int fd : held_) close(fd);
  }

  std::string InRoot(const std::string& name) const { return root_ + "/" + name; }

  // Descriptors opened before cap_enter, closed at TearDown; -1 and a failure on error.
  int Hold(int fd, const std::string& what) {
    if (fd < 0) {
      ADD_FAILURE() << what << ": " << DescribeErrno(errno);
      return -1;
    }
    held_.push_back(fd);
    return fd;
  }
  int OpenRoot() { return Hold(open(root_.c_str(), kDir), "open " + root_); }
  int OpenProc() { return Hold(open("/proc", kDir), "open /proc"); }
  // This binary's directory (held) and, in *self, the binary's path.
  int OpenSelfDir(std::filesystem::path* self) {
    *self = SelfExe();
    return Hold(open(self->parent_path().c_str(), kDir), "open the binary's directory");
  }

  // The secret is still there, unchanged, with its mode, and nothing named `made` appeared.
  void ExpectNothingChangedOutside() {
    EXPECT_EQ(kSecret, ReadFile(secret_)) << "the secret changed";
    struct stat st;
    ASSERT_OK(stat(secret_.c_str(), &st));
    EXPECT_EQ(0644u, st.st_mode & 07777) << "the secret's mode changed";
    EXPECT_FALSE(PathExists(made_)) << made_ << " was made from inside the sandbox";
  }

  // In one sandboxed child: openat and openat2 through root/ of each of `paths` (all leading
  // out) are ENOTCAPABLE, and so are fstatat and fchmodat; then `more(dir)`.  Afterwards
  // nothing changed outside.
  void ExpectEscapesRefused(const std::vector<std::string>& paths,
                            const std::function<void(int dir)>& more) {
    const int dir = OpenRoot();
    ASSERT_OK(dir);
    RunInChild([&] {
      ASSERT_OK(cap_enter());
      for (const std::string& path : paths) {
        SCOPED_TRACE("path \"" + path + "\"");
        EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(dir, path.c_str(), kRd));
        EXPECT_OPEN_REFUSED(ENOTCAPABLE, Openat2(dir, path.c_str(), O_RDONLY));
        struct stat st;
        memset(&st, 0, sizeof(st));
        EXPECT_NOTCAPABLE(fstatat(dir, path.c_str(), &st, 0));
        EXPECT_EQ(0, st.st_ino) << "the refused fstatat filled the buffer";
        EXPECT_NOTCAPABLE(fchmodat(dir, path.c_str(), 0600, 0));
      }
      more(dir);
    });
    ExpectNothingChangedOutside();
  }

  // O_CREAT of `path` through `dir` is ENOTCAPABLE (and ExpectNothingChangedOutside checks
  // that nothing was made).
  static void ExpectCreateRefused(int dir, const std::string& path) {
    EXPECT_OPEN_REFUSED(ENOTCAPABLE,
                        openat(dir, path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  }

  // A swapper outside capability mode exchanges (RENAME_EXCHANGE, so the name always exists)
  // root/`name`, a symlink to `good`, with a symlink to each of `bad` in turn, while the sandbox
  // opens `path`: every open reads `ok` or is ENOTCAPABLE, and both happen.
  void SymlinkSwapRace(const std::string& name, const std::string& good,
                       const std::vector<std::string>& bad, const char* path,
                       const std::string& ok) {
    ASSERT_OK(mkdir(scratch_.Path("stage").c_str(), 0755));
    const std::string link = InRoot(name);
    ASSERT_OK(symlink(good.c_str(), link.c_str()));
    std::vector<std::string> staged;
    for (const std::string& target : bad) {
      staged.push_back(scratch_.Path("stage/" + std::to_string(staged.size())));
      ASSERT_OK(symlink(target.c_str(), staged.back().c_str()));
    }
    const int dir = OpenRoot();
    ASSERT_OK(dir);
    Racer racer([&] {
      for (const std::string& other : staged) {
        renameat2(AT_FDCWD, link.c_str(), AT_FDCWD, other.c_str(), RENAME_EXCHANGE);
        renameat2(AT_FDCWD, link.c_str(), AT_FDCWD, other.c_str(), RENAME_EXCHANGE);
      }
    });
    RunInChild([&] {
      ASSERT_OK(cap_enter());
      const Tally tally = Hammer(dir, path, ok, kRaceIterations);
      EXPECT_EQ(0, tally.leaked) << "the secret was read through a swapped symlink";
      EXPECT_EQ(0, tally.other + tally.enoent) << "first: " << tally.first_other;
      EXPECT_GT(tally.expected, 0) << "no lookup ever met the link to " << good;
      EXPECT_GT(tally.notcapable, 0) << "no lookup ever met a link that leaves";
    });
    EXPECT_GT(racer.Stop(), 0u) << "the swapper never ran";
    ExpectNothingChangedOutside();
  }

  ScratchDir scratch_;
  std::string secret_;
  std::string root_;
  std::string made_;

 private:
  std::vector<int> held_;
};

using Escape = EscapeTest;

// === the file system ===

TEST_F(Escape, DotDotOutOfTheDirfd) {
  ExpectEscapesRefused({"../secret", "sub/../../secret", "./../secret", "..", "sub/../..",
                        "../../../../../../../../etc/passwd"},
                       [](int dir) { ExpectCreateRefused(dir, "../made"); });
}

// O_PATH opens reach no hook after their walk, so a last ".." (or a symlink whose body ends in
// one) is refused as the walk looks it up in the directory descriptor's own directory: the
// inode_permission program reads the name ahead, in the path or in the symlink's body.
TEST_F(Escape, DotDotOutOfTheDirfdWithOPath) {
  ASSERT_OK(symlink("..", InRoot("dotdot_link").c_str()));
  ASSERT_OK(symlink("../..", InRoot("sub/dotdot2_link").c_str()));
  ASSERT_OK(symlink("sub/dotdot2_link", InRoot("via_link").c_str()));
  ASSERT_OK(symlink("dotdot_link/root", InRoot("mid_link").c_str()));
  const int dir = OpenRoot();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    for (const char* path : {"..", "../", "..//", "./..", ".//..", "sub/../..", "sub/..//../",
                             "../secret", "up_link", "sub/up2_link", "dotdot_link", "dotdot_link/",
                             "sub/dotdot2_link", "via_link", "mid_link/..", "sub/../dotdot_link"}) {
      SCOPED_TRACE(std::string("path \"") + path + "\"");
      EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(dir, path, O_PATH | O_CLOEXEC));
      EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(dir, path, O_PATH | O_DIRECTORY | O_CLOEXEC));
      EXPECT_OPEN_REFUSED(ENOTCAPABLE, Openat2(dir, path, O_PATH));
    }
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(dir, "..", O_PATH | O_NOFOLLOW | O_CLOEXEC));
  });
  ExpectNothingChangedOutside();
}

// The allowed side of the lookahead: a ".." that stays beneath, a ".." from the process's root
// (which stays there), and openat2's own scoping.
TEST_F(Escape, DotDotThatStaysBeneathWithOPathIsAllowed) {
  ASSERT_OK(symlink("..", InRoot("sub/parent_link").c_str()));
  const int dir = OpenRoot();
  const int slash = Hold(open("/", kDir), "open /");
  ASSERT_OK(dir);
  ASSERT_OK(slash);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    for (const char* path : {"sub/..", "sub/../", "sub/../sub/..", "./sub/./..", "sub/parent_link",
                             "sub/parent_link/sub/..", "sub/parent_link/file"}) {
      SCOPED_TRACE(std::string("path \"") + path + "\"");
      const int fd = openat(dir, path, O_PATH | O_CLOEXEC);
      EXPECT_OK(fd);
      if (fd >= 0) close(fd);
    }
    const int top = openat(slash, "..", O_PATH | O_CLOEXEC);
    EXPECT_OK(top);
    if (top >= 0) close(top);
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT;
    const long in_root = syscall(SYS_openat2, dir, "..", &how, sizeof(how));
    EXPECT_OK(in_root);
    if (in_root >= 0) close(static_cast<int>(in_root));
    how.resolve = RESOLVE_BENEATH;
    EXPECT_OPEN_REFUSED(EXDEV, syscall(SYS_openat2, dir, "..", &how, sizeof(how)));
  });
}

// Divergence (docs/capmode.md, "Different errno"): tmpfs keeps a symlink body of 128 bytes or
// more in a page, not in the inode (i_link), so the program cannot read its last ".." ahead.
// An O_PATH open through it gives a descriptor without any right; every use of it is
// ENOTCAPABLE, and any other open of the same path is refused by file_open.
using DivergenceCapModeOPath = EscapeTest;
TEST_F(DivergenceCapModeOPath, LastDotDotInALongSymlinkBodyGivesADescriptorWithoutRights) {
  std::string body;
  while (body.size() < 140) body += "./";
  body += "..";
  ASSERT_OK(symlink(body.c_str(), InRoot("long_link").c_str()));
  const int dir = OpenRoot();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int fd = openat(dir, "long_link", O_PATH | O_CLOEXEC);
    ASSERT_OK(fd);
    struct stat st;
    EXPECT_NOTCAPABLE(fstat(fd, &st));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(fd, "secret", kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(fd, ".", O_PATH | O_CLOEXEC));
    EXPECT_NOTCAPABLE(fchdir(fd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(dir, "long_link", kDir));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(dir, "long_link/secret", O_PATH | O_CLOEXEC));
  });
  ExpectNothingChangedOutside();
}

// The other *at calls climb out no better than openat.
TEST_F(Escape, DotDotOutOfTheDirfdThroughEveryAtCall) {
  ASSERT_OK(symlink("secret", scratch_.Path("outside_link").c_str()));
  const int dir = OpenRoot();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    struct stat st;
    memset(&st, 0, sizeof(st));
    EXPECT_NOTCAPABLE(fstatat(dir, "../secret", &st, 0));
    EXPECT_EQ(0, st.st_size) << "the refused fstatat filled the buffer";
    EXPECT_NOTCAPABLE(faccessat(dir, "../secret", R_OK, 0));
    char buf[64];
    EXPECT_NOTCAPABLE(readlinkat(dir, "../outside_link", buf, sizeof(buf)));
    EXPECT_NOTCAPABLE(mkdirat(dir, "../made", 0755));
    EXPECT_NOTCAPABLE(mknodat(dir, "../made", S_IFIFO | 0644, 0));
    EXPECT_NOTCAPABLE(symlinkat("x", dir, "../made"));
    EXPECT_NOTCAPABLE(linkat(dir, "../secret", dir, "stolen", 0));
    EXPECT_NOTCAPABLE(linkat(dir, "file", dir, "../made", 0));
    EXPECT_NOTCAPABLE(renameat(dir, "../secret", dir, "stolen"));
    EXPECT_NOTCAPABLE(renameat(dir, "file", dir, "../made"));
    EXPECT_NOTCAPABLE(unlinkat(dir, "../secret", 0));
    EXPECT_NOTCAPABLE(fchmodat(dir, "../secret", 0600, 0));
    EXPECT_NOTCAPABLE(fchownat(dir, "../secret", 65534, 65534, 0));
    const struct timespec times[2] = {{0, 0}, {0, 0}};
    EXPECT_NOTCAPABLE(utimensat(dir, "../secret", times, 0));
  });
  ExpectNothingChangedOutside();
  EXPECT_FALSE(PathExists(InRoot("stolen"))) << "a link to or the secret itself moved in";
  EXPECT_EQ(kInside, ReadFile(InRoot("file")));
  struct stat st;
  ASSERT_OK(stat(secret_.c_str(), &st));
  EXPECT_EQ(0u, st.st_uid) << "the secret's owner changed";
  EXPECT_NE(0, st.st_mtime) << "the secret's times changed";
}

// Leaving and coming back is refused at the "..", whatever follows: an answer that depended
// on what lies outside (ENOENT, ENOTDIR, success) would let the sandbox probe it.
TEST_F(Escape, DotDotOutAndBackIn) {
  ExpectEscapesRefused({"../root/file", "../nonexistent/../root/file", "../secret/../root/file",
                        "sub/../../root/file", "../root"},
                       [](int dir) {
                         EXPECT_NOTCAPABLE(mkdirat(dir, "../root/made-here", 0755));
                         char buf[64];
                         EXPECT_NOTCAPABLE(readlinkat(dir, "../root/up_link", buf, sizeof(buf)));
                         // A ".." that stays beneath is allowed.
                         const int fd = openat(dir, "sub/../file", kRd);
                         EXPECT_OK(fd);
                         if (fd >= 0) {
                           EXPECT_EQ(kInside, Peek(fd));
                           close(fd);
                         }
                       });
  EXPECT_FALSE(PathExists(InRoot("made-here")));
}

// Absolute is refused as such, even when it names a file beneath the dirfd.
TEST_F(Escape, AbsolutePathToAtCalls) {
  ExpectEscapesRefused({secret_, "/etc/passwd", "/", InRoot("file")}, [this](int dir) {
    ExpectCreateRefused(dir, made_);
    EXPECT_NOTCAPABLE(mkdirat(dir, made_.c_str(), 0755));
    EXPECT_NOTCAPABLE(unlinkat(dir, secret_.c_str(), 0));
  });
}

TEST_F(Escape, SymlinkToAnAbsolutePath) {
  ExpectEscapesRefused({"abs_link"}, [](int dir) { ExpectCreateRefused(dir, "abs_new"); });
}

TEST_F(Escape, SymlinkClimbingOut) {
  ExpectEscapesRefused({"up_link", "sub/up2_link"},
                       [](int dir) { ExpectCreateRefused(dir, "up_new"); });
}

// --- /proc magic links, through a /proc descriptor held from before ---
//
// A /proc descriptor is a directory descriptor like any other: what lies beneath it (this
// process's own /proc/self/stat) opens; a magic link that jumps out of it does not.

TEST_F(Escape, ProcSelfRootMagicLink) {
  const int proc = OpenProc();
  ASSERT_OK(proc);
  const std::string through_root = "self/root" + secret_;
  const std::string through_thread = "thread-self/root" + secret_;
  RunInChild([&] {
    const std::string through_pid = std::to_string(getpid()) + "/root" + secret_;
    ASSERT_OK(cap_enter());
    const int stat_fd = openat(proc, "self/stat", kRd);
    EXPECT_OK(stat_fd);
    if (stat_fd >= 0) close(stat_fd);
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, through_root.c_str(), kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, through_thread.c_str(), kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, through_pid.c_str(), kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, "self/root", kDir));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, "self/root/etc/passwd", kRd));
  });
  ExpectNothingChangedOutside();
}

TEST_F(Escape, ProcSelfCwdMagicLink) {
  const int proc = OpenProc();
  ASSERT_OK(proc);
  RunInChild([&] {
    ASSERT_OK(chdir(scratch_.path().c_str()));
    ASSERT_OK(cap_enter());
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, "self/cwd/secret", kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, "self/cwd", kDir));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE,
                        openat(proc, "self/cwd/made", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  });
  ExpectNothingChangedOutside();
}

TEST_F(Escape, ProcSelfFdDotDot) {
  const int proc = OpenProc();
  const int dir = OpenRoot();
  ASSERT_OK(proc);
  ASSERT_OK(dir);
  const std::string fd_dir = "self/fd/" + std::to_string(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, (fd_dir + "/../secret").c_str(), kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, (fd_dir + "/..").c_str(), kDir));
    // The link leads out of /proc, even though it leads into the sandbox's own directory.
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, (fd_dir + "/file").c_str(), kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, fd_dir.c_str(), kDir));
  });
  ExpectNothingChangedOutside();
}

// Reopening a limited descriptor through its magic link would give a new open file with all
// rights: a write through a descriptor limited to CAP_READ.
TEST_F(Escape, ProcSelfFdReopenOfALimitedDescriptor) {
  const int proc = OpenProc();
  ASSERT_OK(proc);
  const int limited =
      Hold(OpenLimited(InRoot("file"), O_RDWR, Rights({CAP_READ, CAP_FSTAT})), "limit root/file");
  ASSERT_OK(limited);
  const std::string link = "self/fd/" + std::to_string(limited);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, link.c_str(), O_RDWR | O_CLOEXEC));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, link.c_str(), kRd));
    EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, "self/exe", kRd));
    EXPECT_NOTCAPABLE(write(limited, "X", 1));
  });
  EXPECT_EQ(kInside, ReadFile(InRoot("file")));
}

// Outside capability mode the same link opens the limited descriptor's file again with every
// right, as opening it by its path would (docs/coverage.md, "Looser than FreeBSD"); the limited
// descriptor itself keeps its rights.
using DivergenceOutsideCapMode = EscapeTest;
TEST_F(DivergenceOutsideCapMode, ProcSelfFdReopensALimitedFileWithEveryRight) {
  const int limited =
      Hold(OpenLimited(InRoot("file"), O_RDWR, Rights({CAP_READ, CAP_FSTAT})), "limit root/file");
  ASSERT_OK(limited);
  RunInChild([&] {
    const std::string link = "/proc/self/fd/" + std::to_string(limited);
    const int again = open(link.c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_OK(again);
    EXPECT_RIGHTS_EQ(AllRights(), GetRights(again));
    EXPECT_NOTCAPABLE(write(limited, "X", 1));
    close(again);
  });
  EXPECT_EQ(kInside, ReadFile(InRoot("file")));
}

// Another process's magic links (root, cwd, exe, fd/N, ns): init's, and the unsandboxed
// parent's (whose working directory holds the secret; the sandbox's own is /).  The
// inode_follow_link program refuses them before the kernel's ptrace check would (EACCES).
TEST_F(Escape, ProcPidRootAndCwdOfOtherProcesses) {
  const int proc = OpenProc();
  ASSERT_OK(proc);
  const std::string init_root = "1/root" + secret_;
  RunInChild([&] {
    ASSERT_OK(chdir(scratch_.path().c_str()));
    const std::string parent = std::to_string(getpid());
    const std::string parent_cwd = parent + "/cwd/secret";
    const int secret = open(secret_.c_str(), kRd);
    ASSERT_OK(secret);
    const std::string parent_fd = parent + "/fd/" + std::to_string(secret);
    const pid_t sandbox = ForkChild([&] {
      ASSERT_OK(chdir("/"));
      ASSERT_OK(cap_enter());
      EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, init_root.c_str(), kRd));
      EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, parent_cwd.c_str(), kRd));
      EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, parent_fd.c_str(), kRd));
      for (const std::string& link :
           {parent + "/cwd", parent + "/root", parent + "/exe", parent + "/ns/net",
            std::string("1/root"), std::string("1/cwd")}) {
        SCOPED_TRACE("link " + link);
        EXPECT_OPEN_REFUSED(ENOTCAPABLE, openat(proc, link.c_str(), O_PATH | O_CLOEXEC));
      }
    });
    ExpectChildPassed(sandbox, "the sandboxed child");
  });
  ExpectNothingChangedOutside();
}

// --- races ---

// root/sub/deep (holding a/b/c/d) moves to <scratch>/away/deep and back, again and again,
// while the sandbox opens "sub/deep/a/b/c/d/../../../../../../secret".  With deep at home the
// six ".." climb back to root, whose secret is a decoy; with deep away, they climb through
// <scratch>/away to <scratch>, whose secret must never be read.  The walk spends long in
// deep's subtree, so a move often lands while it is in there: a lookup refused with
// ENOTCAPABLE, where a check of the end alone could have been fooled.
TEST_F(Escape, RenameRaceMovesADirectoryOutDuringLookup) {
  const std::string home = InRoot("sub/deep");
  const std::string away = scratch_.Path("away/deep");
  ASSERT_OK(mkdir(home.c_str(), 0755));
  std::string below = home;
  for (const char* name : {"a", "b", "c", "d"}) {
    below += std::string("/") + name;
    ASSERT_OK(mkdir(below.c_str(), 0755));
  }
  ASSERT_OK(mkdir(scratch_.Path("away").c_str(), 0755));
  WriteFile(InRoot("secret"), kDecoy);
  const int dir = OpenRoot();
  ASSERT_OK(dir);
  Racer racer([&] {
    rename(home.c_str(), away.c_str());
    rename(away.c_str(), home.c_str());
  });
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const Tally t =
        Hammer(dir, "sub/deep/a/b/c/d/../../../../../../secret", kDecoy, kRaceIterations);
    EXPECT_EQ(0, t.leaked) << "the secret was read through a directory moved out";
    EXPECT_EQ(0, t.other) << "first: " << t.first_other;
    EXPECT_GT(t.expected, 0) << "no lookup ever ran with the directory at home";
    EXPECT_GT(t.notcapable + t.enoent, 0) << "no lookup ever met the directory away";
  });
  EXPECT_GT(racer.Stop(), 0u) << "the renamer never ran";
  ExpectNothingChangedOutside();
}

// root/link swaps between "file" and "../secret", then the absolute path of the secret.
TEST_F(Escape, SymlinkSwapRaceDuringLookup) {
  SymlinkSwapRace("link", "file", {"../secret", secret_}, "link", kInside);
}

// The symlink in the middle of the path: root/dlink swaps between "sub" (where sub/secret is
// a decoy) and "..", then the absolute path of <scratch>.
TEST_F(Escape, SymlinkSwapRaceOnADirectoryComponent) {
  WriteFile(InRoot("sub/secret"), kDecoy);
  SymlinkSwapRace("dlink", "sub", {"..", scratch_.path()}, "dlink/secret", kDecoy);
}

// --- descriptor passing ---

// The sandbox sends a limited descriptor to a process outside capability mode, which cannot
// grow it either, and gets it back: the same rights, still no write.
TEST_F(Escape, ScmRightsRoundTripDoesNotGrowRights) {
  const cap_rights_t limited = Rights({CAP_READ, CAP_FSTAT});
  const std::string file = InRoot("file");
  RunInChild([&] {
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    const pid_t sandbox = ForkChild([&] {
      close(sv[1]);
      const int fd = OpenLimited(file, O_RDWR, limited);
      ASSERT_OK(fd);
      ASSERT_OK(cap_enter());
      ASSERT_OK(SendFd(sv[0], fd));
      close(fd);
      const int back = RecvFd(sv[0]);
      ASSERT_OK(back);
      EXPECT_RIGHTS_EQ(limited, GetRights(back));
      EXPECT_NOTCAPABLE(write(back, "X", 1));
      const cap_rights_t all = AllRights();
      EXPECT_NOTCAPABLE(cap_rights_limit(back, &all));
      // Around again through a socketpair made inside.
      int inner[2];
      ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, inner));
      ASSERT_OK(SendFd(inner[0], back));
      const int again = RecvFd(inner[1]);
      ASSERT_OK(again);
      EXPECT_RIGHTS_EQ(limited, GetRights(again));
      EXPECT_NOTCAPABLE(write(again, "X", 1));
    });
    close(sv[0]);
    const int got = RecvFd(sv[1]);
    EXPECT_OK(got);
    if (got >= 0) {
      EXPECT_RIGHTS_EQ(limited, GetRights(got));
      const cap_rights_t all = AllRights();
      EXPECT_NOTCAPABLE(cap_rights_limit(got, &all));
      EXPECT_NOTCAPABLE(write(got, "X", 1));
      EXPECT_OK(SendFd(sv[1], got));
      close(got);
    }
    ExpectChildPassed(sandbox, "the sandboxed child");
  });
  EXPECT_EQ(kInside, ReadFile(InRoot("file")));
}

TEST_F(Escape, PidfdGetfdFromTheParent) {
  RunInChild([&] {
    const int secret = open(secret_.c_str(), kRd);
    ASSERT_OK(secret);
    const pid_t parent = getpid();
    const pid_t sandbox = ForkChild([&] {
      const int pidfd = PidfdOpen(parent);
      ASSERT_OK(pidfd);
      close(secret);  // the number is the parent's alone now
      ASSERT_OK(cap_enter());
      EXPECT_OPEN_REFUSED(ECAPMODE, PidfdGetfd(pidfd, secret));
      EXPECT_SYSCALL_FAIL(EBADF, fcntl(secret, F_GETFD));
    });
    ExpectChildPassed(sandbox, "the sandboxed child");
    EXPECT_EQ(kSecret, Peek(secret)) << "the parent's descriptor";
  });
}

// --- io_uring ---
//
// The ring is set up before cap_enter, as a program preparing its sandbox would.  In
// capability mode every io_uring path operation is ECAPMODE (docs/testing.md,
// DivergenceIoUringCapMode): the module cannot see which directory descriptor a request
// names, so even a "../" (an escape, ENOTCAPABLE as a syscall) is ECAPMODE here.

struct io_uring_sqe OpenatSqe(int dirfd, const char* path, uint32_t flags) {
  struct io_uring_sqe sqe = PathSqe(IORING_OP_OPENAT, dirfd, path);
  sqe.open_flags = flags;
  return sqe;
}

// A completion that must be -err; a descriptor it made anyway is read and reported.
void ExpectCqeRefused(int err, const struct io_uring_cqe& cqe, const std::string& what) {
  if (cqe.res >= 0) {
    const std::string got = Peek(cqe.res);
    close(cqe.res);
    ADD_FAILURE() << what << " completed with descriptor " << cqe.res << " reading \""
                  << got.substr(0, 64) << "\"" << (HoldsSecret(got) ? ": THE SECRET LEAKED" : "")
                  << "; expected -" << DescribeErrno(err);
  } else {
    EXPECT_EQ(-err, cqe.res) << what << ": " << DescribeErrno(-cqe.res) << ", expected "
                             << DescribeErrno(err);
  }
}

TEST_F(Escape, IoUringOpenatAtFdcwdAndDotDot) {
  const int dir = OpenRoot();
  ASSERT_OK(dir);
  RunInChild([&] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    ASSERT_OK(cap_enter());
    ExpectCqeRefused(ECAPMODE, ring.Run(OpenatSqe(AT_FDCWD, secret_.c_str(), O_RDONLY)),
                     "IORING_OP_OPENAT(AT_FDCWD, secret)");
    ExpectCqeRefused(ECAPMODE, ring.Run(OpenatSqe(AT_FDCWD, "/etc/passwd", O_RDONLY)),
                     "IORING_OP_OPENAT(AT_FDCWD, /etc/passwd)");
    ExpectCqeRefused(ECAPMODE, ring.Run(OpenatSqe(dir, "../secret", O_RDONLY)),
                     "IORING_OP_OPENAT(dir, ../secret)");
    ExpectCqeRefused(ECAPMODE, ring.Run(OpenatSqe(dir, "up_link", O_RDONLY)),
                     "IORING_OP_OPENAT(dir, up_link)");
    ExpectCqeRefused(ECAPMODE, ring.Run(OpenatSqe(dir, "../made", O_WRONLY | O_CREAT)),
                     "IORING_OP_OPENAT(dir, ../made, O_CREAT)");
    struct open_how how;
    memset(&how, 0, sizeof(how));
    how.flags = O_RDONLY;
    struct io_uring_sqe sqe = PathSqe(IORING_OP_OPENAT2, dir, "../secret");
    sqe.len = sizeof(how);
    sqe.addr2 = reinterpret_cast<uint64_t>(&how);
    ExpectCqeRefused(ECAPMODE, ring.Run(sqe), "IORING_OP_OPENAT2(dir, ../secret)");
  });
  ExpectNothingChangedOutside();
}

TEST_F(Escape, IoUringSetupInside) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    EXPECT_OPEN_REFUSED(ECAPMODE, syscall(SYS_io_uring_setup, 4, &p));
  });
}

// connect and sendmsg with an address through a ring set up before cap_enter.
TEST_F(Escape, IoUringConnectAndSendmsgToLoopback) {
  Loopback lo;
  ASSERT_TRUE(lo.ok());
  RunInChild([&] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    ASSERT_OK(cap_enter());
    const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(s);
    struct io_uring_sqe sqe = PathSqe(IORING_OP_CONNECT, s, nullptr);
    sqe.addr = reinterpret_cast<uint64_t>(lo.tcp());
    sqe.off = Loopback::kLen;
    EXPECT_EQ(-ECAPMODE, ring.Run(sqe).res) << "IORING_OP_CONNECT to 127.0.0.1";
    const int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(u);
    MessageTo to(lo.udp(), Loopback::kLen);
    sqe = PathSqe(IORING_OP_SENDMSG, u, nullptr);
    sqe.addr = reinterpret_cast<uint64_t>(to.msg());
    sqe.len = 1;
    EXPECT_EQ(-ECAPMODE, ring.Run(sqe).res) << "IORING_OP_SENDMSG to 127.0.0.1";
  });
  lo.ExpectNothingArrived();
}

// --- 32-bit and x32 system calls ---

constexpr long kIa32Open = 5;
constexpr long kIa32Openat = 295;

// Each in a forked child: a kernel without ia32 emulation answers int $0x80 with SIGSEGV.
TEST_F(Escape, Int80OpenAndGetpid) {
  RunInChild([&] {
    // The kernel reads only the low 32 bits of a pointer: the path lives below 4 GiB.
    void* low =
        mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    ASSERT_NE(MAP_FAILED, low) << DescribeErrno(errno);
    ASSERT_LT(secret_.size(), 4000u);
    memcpy(low, secret_.c_str(), secret_.size() + 1);
    const long path = static_cast<long>(reinterpret_cast<uintptr_t>(low));
    const int dir = open(root_.c_str(), kDir);
    ASSERT_OK(dir);
    ASSERT_OK(cap_enter());
    int32_t rc = Int80(kIa32Open, path, O_RDONLY);
    if (rc >= 0) {
      ADD_FAILURE() << "ia32 open(secret) made descriptor " << rc << " reading \"" << Peek(rc)
                    << "\"";
      close(rc);
    }
    EXPECT_EQ(-ECAPMODE, rc) << "ia32 open(secret)";
    EXPECT_EQ(-ECAPMODE, Int80(kIa32Getpid)) << "ia32 getpid";
    memcpy(low, "file", 5);
    rc = Int80(kIa32Openat, dir, path, O_RDONLY);
    if (rc >= 0) close(rc);
    EXPECT_EQ(-ECAPMODE, rc) << "ia32 openat(dir, \"file\")";
  });
}

TEST_F(Escape, X32SyscallNumber) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(kX32SyscallBit | SYS_getpid));
    EXPECT_OPEN_REFUSED(ECAPMODE, syscall(kX32SyscallBit | SYS_open, secret_.c_str(), O_RDONLY));
  });
}

// --- exec ---

// By absolute path, by a path relative to a working directory entered with fchdir, and
// execveat(AT_FDCWD).
TEST_F(Escape, ExecveByPath) {
  std::filesystem::path self;
  const int bindir = OpenSelfDir(&self);
  ASSERT_OK(bindir);
  const std::string name = self.filename().string();
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(Execveat(kExecve, self.c_str(), kUnexpectedExecFlag, 0));
    EXPECT_CAPMODE(Execveat(kExecve, "/bin/sh", kUnexpectedExecFlag, 0));
    EXPECT_CAPMODE(Execveat(AT_FDCWD, self.c_str(), kUnexpectedExecFlag, 0));
    ASSERT_OK(fchdir(bindir));
    EXPECT_CAPMODE(Execveat(kExecve, name.c_str(), kUnexpectedExecFlag, 0));
    EXPECT_CAPMODE(Execveat(AT_FDCWD, name.c_str(), kUnexpectedExecFlag, 0));
  });
}

TEST_F(Escape, ExecveatByNameFromADirfd) {
  std::filesystem::path self;
  const int bindir = OpenSelfDir(&self);
  ASSERT_OK(bindir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    for (const int flags : {0, AT_EMPTY_PATH})
      EXPECT_CAPMODE(Execveat(bindir, self.filename().c_str(), kUnexpectedExecFlag, flags));
  });
}

// A "#!" script names its interpreter by path: in capability mode fexecve of the script is
// refused (the interpreter would be an open in the global namespace).  The interpreter is this
// binary as `--unexpectedly-executed`, which exits kExitExecUnexpectedlyRan if it ever runs.
TEST_F(Escape, ScriptThroughFexecve) {
  const std::string self = SelfExe();
  ASSERT_FALSE(self.empty());
  const std::string script = scratch_.Path("script");
  WriteFile(script, "#!" + self + " " + kUnexpectedExecFlag + "\n");
  ASSERT_OK(chmod(script.c_str(), 0755));
  // Not O_CLOEXEC: the interpreter of an fexecve'd script opens it as /dev/fd/N.
  const int fd = Hold(open(script.c_str(), O_RDONLY), "open the script");
  ASSERT_OK(fd);
  // Control: outside capability mode the same fexecve runs the interpreter.
  const pid_t control = fork();
  ASSERT_OK(control);
  if (control == 0) {
    Execveat(fd, "", kUnexpectedExecFlag, AT_EMPTY_PATH);
    _exit(kExitExecFailed);
  }
  const int status = WaitForChild(control);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == kExitExecUnexpectedlyRan)
      << "outside capability mode the script's interpreter did not run: "
      << DescribeWaitStatus(status);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(Execveat(fd, "", kUnexpectedExecFlag, AT_EMPTY_PATH));
  });
}

// A program written into a memfd inside capability mode may run (fexecve of a descriptor
// with CAP_FEXECVE), and runs in capability mode.
TEST_F(Escape, MemfdExecStaysInCapabilityMode) {
  RunInChild([&] {
    const pid_t sandbox = ForkChild([&] {
      const int exe = open("/proc/self/exe", kRd);
      ASSERT_OK(exe);
      ASSERT_OK(cap_enter());
      const int mfd = memfd_create("escape-exe", MFD_CLOEXEC);
      ASSERT_OK(mfd);
      ASSERT_TRUE(CopyAll(exe, mfd));
      Execveat(mfd, "", kReportCapmodeFlag, AT_EMPTY_PATH);
      ADD_FAILURE() << "execveat(memfd, \"\", AT_EMPTY_PATH): " << DescribeErrno(errno);
    });
    ExpectReportedCapMode(WaitForChild(sandbox), "the program exec'd from a memfd");
  });
}

// A setuid-root copy of this binary: fexecve'd by a sandboxed process running as nobody, it
// keeps nobody's uids (no_new_privs), and capability mode.  Outside capability mode the same
// process gets euid 0 from it, which shows the bit works on this file system.
TEST_F(Escape, SetuidRootProgramThroughFexecveGainsNothing) {
  const std::string copy = scratch_.Path("suid-e2e");
  {
    const int exe = open("/proc/self/exe", kRd);
    ASSERT_OK(exe);
    const int out = open(copy.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
    ASSERT_OK(out);
    const bool copied = CopyAll(exe, out);
    close(exe);
    close(out);
    ASSERT_TRUE(copied);
  }
  ASSERT_OK(chown(copy.c_str(), 0, 0));
  ASSERT_OK(chmod(copy.c_str(), 04755));
  RunInChild([&] {
    const int exe = open(copy.c_str(), kRd);
    ASSERT_OK(exe);
    ASSERT_OK(setgroups(0, nullptr));
    ASSERT_OK(setresgid(65534, 65534, 65534));
    ASSERT_OK(setresuid(65534, 65534, 65534));
    // Control, outside capability mode.
    pid_t pid = ForkChild([&] {
      Execveat(exe, "", kReportCredsFlag, AT_EMPTY_PATH);
      ADD_FAILURE() << "execveat(setuid copy): " << DescribeErrno(errno);
    });
    int status = WaitForChild(pid);
    EXPECT_TRUE(WIFEXITED(status) &&
                WEXITSTATUS(status) ==
                    (kCredsEuidRoot | kCredsSuidRoot | kCredsNotCapmode | kCredsNoNewPrivsOff))
        << "control: the setuid copy outside capability mode did not run as euid 0: "
        << DescribeWaitStatus(status);
    pid = ForkChild([&] {
      ASSERT_OK(cap_enter());
      Execveat(exe, "", kReportCredsFlag, AT_EMPTY_PATH);
      ADD_FAILURE() << "execveat(setuid copy) in capability mode: " << DescribeErrno(errno);
    });
    status = WaitForChild(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "the setuid copy fexecve'd in capability mode: " << DescribeWaitStatus(status)
        << " (bits: 1 euid 0, 2 uid 0, 4 suid 0, 8 not in capability mode, 16 no_new_privs "
           "off; see the [creds] line above)";
  });
}

// --- processes ---

// Two children in capability mode: one tries to trace or read the other.
TEST_F(Escape, PtraceOfASibling) {
  RunInChild([] {
    Pipe ready, gate;
    ASSERT_TRUE(ready.Open());
    ASSERT_TRUE(gate.Open());
    const pid_t target = ForkChild([&] {
      close(gate.w);
      ASSERT_OK(cap_enter());
      EXPECT_EQ(1, write(ready.w, "r", 1));
      char c;
      EXPECT_EQ(0, read(gate.r, &c, 1)) << "the gate closes without a byte";
    });
    close(gate.r);
    char c;
    ASSERT_TRUE(ReadAll(ready.r, &c, 1, "the target's word that it is in capability mode"));
    const pid_t attacker = ForkChild([&] {
      ASSERT_OK(cap_enter());
      EXPECT_CAPMODE(ptrace(PTRACE_ATTACH, target, nullptr, nullptr));
      EXPECT_CAPMODE(ptrace(PTRACE_SEIZE, target, nullptr, nullptr));
      char buf[8] = {};
      struct iovec local = {buf, sizeof(buf)};
      struct iovec remote = {&c, 1};
      EXPECT_CAPMODE(process_vm_readv(target, &local, 1, &remote, 1, 0));
      EXPECT_CAPMODE(kill(target, 0));
    });
    ExpectChildPassed(attacker, "the attacking sibling");
    close(gate.w);
    ExpectChildPassed(target, "the target sibling");
  });
}

TEST_F(Escape, PtraceTraceme) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(ptrace(PTRACE_TRACEME, 0, nullptr, nullptr));
  });
}

// The unsandboxed parent records every signal it gets, one bit per signal number; each call
// sends its own signal, so a bit names the call that got through.
TEST_F(Escape, SignalsToTheParent) {
  static std::atomic<uint64_t> received{0};
  RunInChild([] {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = [](int sig) { received.fetch_or(uint64_t{1} << sig); };
    sa.sa_flags = SA_RESTART;
    for (const int sig : {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGURG, SIGPWR, SIGWINCH})
      ASSERT_OK(sigaction(sig, &sa, nullptr));
    const pid_t parent = getpid();
    const pid_t sandbox = ForkChild([&] {
      const int pidfd = PidfdOpen(parent);
      ASSERT_OK(pidfd);
      ASSERT_OK(cap_enter());
      EXPECT_CAPMODE(kill(parent, SIGTERM));
      EXPECT_CAPMODE(kill(parent, 0));
      EXPECT_CAPMODE(kill(-getpgrp(), 0));
      EXPECT_CAPMODE(kill(0, 0));
      EXPECT_CAPMODE(kill(-1, 0));
      EXPECT_CAPMODE(syscall(SYS_tkill, parent, SIGHUP));
      EXPECT_CAPMODE(syscall(SYS_tgkill, parent, parent, SIGUSR2));
      EXPECT_CAPMODE(RtSigqueueinfo(parent, SIGUSR1));
      EXPECT_CAPMODE(RtTgsigqueueinfo(parent, parent, SIGURG));
      EXPECT_CAPMODE(PidfdSendSignal(pidfd, SIGPWR));
      EXPECT_CAPMODE(PidfdSendSignal(pidfd, 0));
      EXPECT_CAPMODE(PidfdOpen(parent));
      // To itself, a signal is allowed.
      EXPECT_OK(kill(getpid(), 0));
    });
    ExpectChildPassed(sandbox, "the sandboxed child");
    // Anything sent before the child exited has been delivered by the time waitpid returned.
    sigset_t pending;
    sigpending(&pending);
    EXPECT_EQ(0u, received.load()) << "bit N: signal N reached the parent";
    for (const int sig : {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGURG, SIGPWR, SIGWINCH})
      EXPECT_FALSE(sigismember(&pending, sig)) << "signal " << sig << " is pending";
  });
}

// The parent's memory holds a secret written after the fork; the sandbox knows its address.
TEST_F(Escape, ProcessVmReadvOfTheParent) {
  static char parent_buffer[64];
  RunInChild([] {
    Pipe go;
    ASSERT_TRUE(go.Open());
    memset(parent_buffer, 0, sizeof(parent_buffer));
    const pid_t parent = getpid();
    const pid_t sandbox = ForkChild([&] {
      ASSERT_OK(cap_enter());
      char c;
      ASSERT_TRUE(ReadAll(go.r, &c, 1, "the parent's word that its secret is in place"));
      char local[sizeof(parent_buffer)] = {};
      struct iovec liov = {local, sizeof(local)};
      struct iovec riov = {parent_buffer, sizeof(parent_buffer)};
      EXPECT_CAPMODE(process_vm_readv(parent, &liov, 1, &riov, 1, 0));
      EXPECT_FALSE(HoldsSecret(std::string(local, sizeof(local)))) << "THE SECRET LEAKED";
      char scribble[] = "scribbled by the sandbox";
      struct iovec wiov = {scribble, sizeof(scribble)};
      EXPECT_CAPMODE(process_vm_writev(parent, &wiov, 1, &riov, 1, 0));
    });
    memcpy(parent_buffer, kSecret, sizeof(kSecret));
    EXPECT_EQ(1, write(go.w, "g", 1));
    ExpectChildPassed(sandbox, "the sandboxed child");
    EXPECT_STREQ(kSecret, parent_buffer) << "the parent's memory was written";
  });
}

TEST_F(Escape, KcmpOfTheParent) {
  RunInChild([&] {
    const int fd = open(secret_.c_str(), kRd);
    ASSERT_OK(fd);
    const pid_t parent = getpid();
    const pid_t sandbox = ForkChild([&] {
      ASSERT_OK(cap_enter());
      EXPECT_CAPMODE(syscall(SYS_kcmp, getpid(), parent, KCMP_FILE, fd, fd));
      EXPECT_CAPMODE(syscall(SYS_kcmp, getpid(), parent, KCMP_VM, 0, 0));
      EXPECT_CAPMODE(syscall(SYS_kcmp, getpid(), parent, KCMP_FILES, 0, 0));
    });
    ExpectChildPassed(sandbox, "the sandboxed child");
  });
}

TEST_F(Escape, PerfEventOpenOnTheParent) {
  RunInChild([] {
    const pid_t parent = getppid();
    ASSERT_OK(cap_enter());
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.size = sizeof(attr);
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.disabled = 1;
    EXPECT_OPEN_REFUSED(ECAPMODE, syscall(SYS_perf_event_open, &attr, parent, -1, -1, 0));
    EXPECT_OPEN_REFUSED(ECAPMODE, syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
  });
}

// --- namespaces ---

TEST_F(Escape, UnshareNewUserNamespace) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(unshare(CLONE_NEWUSER));
    EXPECT_EQ(0u, geteuid());
  });
}

TEST_F(Escape, UnshareNewMountNamespace) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(unshare(CLONE_NEWNS));
    EXPECT_CAPMODE(unshare(CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET));
  });
}

// clone3's flags are in memory, out of a seccomp filter's sight.
TEST_F(Escape, Clone3WithNewUserNamespace) {
  // clone3 with `flags` must fail with ECAPMODE; a child it makes anyway exits at once.
  const auto ExpectClone3Refused = [](uint64_t flags, const char* what) {
    struct {  // struct clone_args, version 0
      uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    } args = {flags, 0, 0, 0, SIGCHLD, 0, 0, 0};
    fflush(stdout);
    errno = 0;
    const long rc = syscall(SYS_clone3, &args, sizeof(args));
    const int err = errno;
    if (rc == 0) _exit(kExitExecUnexpectedlyRan);
    if (rc > 0)
      ADD_FAILURE() << "clone3(" << what << ") made process " << rc << "; expected ECAPMODE";
    else
      EXPECT_EQ(ECAPMODE, err) << "clone3(" << what << "): " << DescribeErrno(err);
  };
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    ExpectClone3Refused(CLONE_NEWUSER, "CLONE_NEWUSER");
    ExpectClone3Refused(CLONE_NEWNS, "CLONE_NEWNS");
    ExpectClone3Refused(CLONE_NEWPID | CLONE_NEWNET, "CLONE_NEWPID | CLONE_NEWNET");
  });
}

TEST_F(Escape, CloneWithNewMountNamespace) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    fflush(stdout);
    errno = 0;
    const long rc = syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, nullptr, nullptr, nullptr, 0);
    const int err = errno;
    if (rc == 0) _exit(kExitExecUnexpectedlyRan);
    EXPECT_EQ(-1, rc) << "clone(CLONE_NEWNS) made a process";
    EXPECT_EQ(ECAPMODE, err) << DescribeErrno(err);
  });
}

TEST_F(Escape, SetnsWithANamespaceFdFromBefore) {
  RunInChild([] {
    const int uts = open("/proc/self/ns/uts", kRd);
    const int mnt = open("/proc/1/ns/mnt", kRd);
    const int user = open("/proc/self/ns/user", kRd);
    const int pidfd = PidfdOpen(getppid());
    ASSERT_OK(uts);
    ASSERT_OK(mnt);
    ASSERT_OK(user);
    ASSERT_OK(pidfd);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(setns(uts, CLONE_NEWUTS));
    EXPECT_CAPMODE(setns(mnt, CLONE_NEWNS));
    EXPECT_CAPMODE(setns(user, 0));
    EXPECT_CAPMODE(setns(pidfd, CLONE_NEWNS | CLONE_NEWUTS));
  });
}

// --- BPF, the module, /dev/capsicum ---

TEST_F(Escape, BpfProgGetNextId) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(BpfNextId(BPF_PROG_GET_NEXT_ID, 0));
    EXPECT_CAPMODE(BpfNextId(BPF_LINK_GET_NEXT_ID, 0));
    EXPECT_CAPMODE(BpfNextId(BPF_MAP_GET_NEXT_ID, 0));
  });
}

TEST_F(Escape, BpfObjGetOfThePins) {
  const OurBpf ours = CollectOurBpf();
  ASSERT_FALSE(ours.pins.empty()) << "capsicumctl pinned nothing in " << kPinDir;
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    for (const std::string& pin : ours.pins) EXPECT_OPEN_REFUSED(ECAPMODE, BpfObjGet(pin));
    for (const uint32_t id : ours.links)
      EXPECT_OPEN_REFUSED(ECAPMODE, BpfGetFdById(BPF_LINK_GET_FD_BY_ID, id));
    for (const uint32_t id : ours.progs)
      EXPECT_OPEN_REFUSED(ECAPMODE, BpfGetFdById(BPF_PROG_GET_FD_BY_ID, id));
    for (const uint32_t id : ours.maps)
      EXPECT_OPEN_REFUSED(ECAPMODE, BpfGetFdById(BPF_MAP_GET_FD_BY_ID, id));
  });
  const ModuleStatus st = QueryModuleStatus();
  EXPECT_TRUE(st.ok && st.armed) << st.error;
  EXPECT_EQ(ours.pins.size(), CollectOurBpf().pins.size());
}

TEST_F(Escape, DeleteModuleCapsicum) {
  const int exe = Hold(open("/proc/self/exe", kRd), "open /proc/self/exe");
  ASSERT_OK(exe);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(SYS_delete_module, kModuleName, O_NONBLOCK));
    EXPECT_CAPMODE(syscall(SYS_finit_module, exe, "", 0));
  });
  const ModuleStatus st = QueryModuleStatus();
  EXPECT_TRUE(st.ok && st.armed) << "the module after delete_module from inside: " << st.error;
}

TEST_F(Escape, DisarmIoctlOnADeviceFdFromBefore) {
  const int dev = Hold(open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC), "open " CAPSICUM_DEVICE);
  ASSERT_OK(dev);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_SYSCALL_FAIL(EPERM, ioctl(dev, CAPSICUM_IOC_DISARM));
    EXPECT_SYSCALL_FAIL(EPERM, ioctl(dev, CAPSICUM_IOC_ARM));
    unsigned mode = 0;
    EXPECT_OK(cap_getmode(&mode));
    EXPECT_EQ(1u, mode);
    EXPECT_OPEN_REFUSED(ECAPMODE, open(secret_.c_str(), kRd));
  });
  const ModuleStatus st = QueryModuleStatus();
  EXPECT_TRUE(st.ok && st.armed) << st.error;
}

TEST_F(Escape, RightsLimitTryingToGrowRights) {
  const cap_rights_t limited = Rights({CAP_READ, CAP_FSTAT, CAP_FCNTL, CAP_IOCTL});
  const int fd = Hold(OpenLimited(InRoot("file"), O_RDWR, limited), "limit root/file");
  ASSERT_OK(fd);
  ASSERT_OK(cap_fcntls_limit(fd, CAP_FCNTL_GETFL));
  ASSERT_OK(IoctlsLimit(fd, {FIONREAD}));
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const cap_rights_t more = Rights({CAP_READ, CAP_WRITE, CAP_FSTAT, CAP_FCNTL, CAP_IOCTL});
    const cap_rights_t all = AllRights();
    EXPECT_NOTCAPABLE(cap_rights_limit(fd, &more));
    EXPECT_NOTCAPABLE(cap_rights_limit(fd, &all));
    EXPECT_NOTCAPABLE(cap_fcntls_limit(fd, CAP_FCNTL_ALL));
    EXPECT_NOTCAPABLE(IoctlsLimit(fd, {FIONREAD, FIONBIO}));
    const int copy = dup(fd);
    ASSERT_OK(copy);
    EXPECT_NOTCAPABLE(cap_rights_limit(copy, &all));
    EXPECT_RIGHTS_EQ(limited, GetRights(fd));
    EXPECT_RIGHTS_EQ(limited, GetRights(copy));
    uint32_t fcntls = 0;
    EXPECT_OK(cap_fcntls_get(fd, &fcntls));
    EXPECT_EQ(static_cast<uint32_t>(CAP_FCNTL_GETFL), fcntls);
    EXPECT_NOTCAPABLE(write(fd, "X", 1));
    EXPECT_NOTCAPABLE(write(copy, "X", 1));
  });
  EXPECT_EQ(kInside, ReadFile(InRoot("file")));
}

// --- the network ---

TEST_F(Escape, ConnectAndSendtoAnAfUnixPath) {
  const std::string stream_path = scratch_.Path("listen.sock");
  const std::string dgram_path = scratch_.Path("dgram.sock");
  const std::string made_sock = scratch_.Path("made");
  // An abstract name: a global namespace with no file at all.
  const std::string abstract = std::string(1, '\0') + "capsicum-escape-" + std::to_string(getpid());
  const int listener =
      Hold(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "socket");
  const int abstract_listener =
      Hold(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "socket");
  const int dgram = Hold(socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), "socket");
  ASSERT_OK(listener);
  ASSERT_OK(abstract_listener);
  ASSERT_OK(dgram);
  const struct sockaddr_un stream_addr = UnixAddress(stream_path);
  const struct sockaddr_un dgram_addr = UnixAddress(dgram_path);
  const struct sockaddr_un made_addr = UnixAddress(made_sock);
  const struct sockaddr_un abstract_addr = UnixAddress(abstract);
  const socklen_t abstract_len =
      static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + abstract.size());
  const auto sa = [](const struct sockaddr_un& a) { return reinterpret_cast<const sockaddr*>(&a); };
  ASSERT_OK(bind(listener, sa(stream_addr), sizeof(stream_addr)));
  ASSERT_OK(listen(listener, 4));
  ASSERT_OK(bind(abstract_listener, sa(abstract_addr), abstract_len));
  ASSERT_OK(listen(abstract_listener, 4));
  ASSERT_OK(bind(dgram, sa(dgram_addr), sizeof(dgram_addr)));
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(s);
    EXPECT_CAPMODE(connect(s, sa(stream_addr), sizeof(stream_addr)));
    EXPECT_CAPMODE(connect(s, sa(abstract_addr), abstract_len));
    const int u = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(u);
    EXPECT_CAPMODE(sendto(u, "L", 1, 0, sa(dgram_addr), sizeof(dgram_addr)));
    MessageTo to(&dgram_addr, sizeof(dgram_addr));
    EXPECT_CAPMODE(sendmsg(u, to.msg(), 0));
    EXPECT_CAPMODE(bind(u, sa(made_addr), sizeof(made_addr)));
  });
  EXPECT_SYSCALL_FAIL(EAGAIN, accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
  EXPECT_SYSCALL_FAIL(EAGAIN, accept4(abstract_listener, nullptr, nullptr, SOCK_CLOEXEC));
  char byte;
  EXPECT_SYSCALL_FAIL(EAGAIN, recv(dgram, &byte, 1, 0));
  ExpectNothingChangedOutside();
}

TEST_F(Escape, ConnectAndSendtoLoopback) {
  Loopback lo;
  ASSERT_TRUE(lo.ok());
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(s);
    EXPECT_CAPMODE(connect(s, lo.tcp(), Loopback::kLen));
    const int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(u);
    EXPECT_CAPMODE(sendto(u, "L", 1, 0, lo.udp(), Loopback::kLen));
    EXPECT_CAPMODE(connect(u, lo.udp(), Loopback::kLen));
    MessageTo to(lo.udp(), Loopback::kLen);
    EXPECT_CAPMODE(sendmsg(u, to.msg(), 0));
    EXPECT_CAPMODE(sendmmsg(u, &to.mm, 1, 0));
    struct sockaddr_in any = {};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_CAPMODE(bind(u, reinterpret_cast<sockaddr*>(&any), sizeof(any)));
  });
  lo.ExpectNothingArrived();
}

// --- mounts, roots, handles, the working directory ---

TEST_F(Escape, MountATmpfs) {
  const std::string mnt = scratch_.Path("mnt");
  ASSERT_OK(mkdir(mnt.c_str(), 0755));
  const int dir = OpenRoot();
  ASSERT_OK(dir);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(mount("none", mnt.c_str(), "tmpfs", 0, nullptr));
    EXPECT_CAPMODE(umount2(scratch_.path().c_str(), MNT_DETACH));
    EXPECT_OPEN_REFUSED(ECAPMODE, syscall(SYS_fsopen, "tmpfs", 0));
    EXPECT_OPEN_REFUSED(ECAPMODE, syscall(SYS_open_tree, dir, "sub", 1 /* OPEN_TREE_CLONE */));
  });
  struct stat at_mnt, at_scratch;
  ASSERT_OK(stat(mnt.c_str(), &at_mnt));
  ASSERT_OK(stat(scratch_.path().c_str(), &at_scratch));
  EXPECT_EQ(at_scratch.st_dev, at_mnt.st_dev) << mnt << " is a mount point now";
}

TEST_F(Escape, Chroot) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(chroot(root_.c_str()));
    EXPECT_CAPMODE(chroot("."));
    EXPECT_CAPMODE(syscall(SYS_pivot_root, root_.c_str(), InRoot("sub").c_str()));
  });
}

TEST_F(Escape, OpenByHandleAtWithAHandleFromBefore) {
  FileHandle handle;
  int mount_id = 0;
  ASSERT_OK(name_to_handle_at(AT_FDCWD, secret_.c_str(), &handle.fh, &mount_id, 0));
  const int mount_fd = Hold(open(scratch_.path().c_str(), kDir), "open the scratch directory");
  ASSERT_OK(mount_fd);
  const int dir = OpenRoot();
  ASSERT_OK(dir);
  // Control: the handle opens the secret outside capability mode.
  const int control = open_by_handle_at(mount_fd, &handle.fh, kRd);
  ASSERT_OK(control);
  EXPECT_EQ(kSecret, Peek(control));
  close(control);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OPEN_REFUSED(ECAPMODE, open_by_handle_at(mount_fd, &handle.fh, kRd));
    EXPECT_OPEN_REFUSED(ECAPMODE, open_by_handle_at(dir, &handle.fh, kRd));
    EXPECT_OPEN_REFUSED(ECAPMODE, open_by_handle_at(mount_fd, &handle.fh, O_PATH | O_CLOEXEC));
    FileHandle other;
    int id = 0;
    EXPECT_CAPMODE(name_to_handle_at(dir, "file", &other.fh, &id, 0));
  });
}

TEST_F(Escape, FchdirThenARelativeOpen) {
  const int outer = Hold(open(scratch_.path().c_str(), kDir), "open the scratch directory");
  ASSERT_OK(outer);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(fchdir(outer));
    EXPECT_OPEN_REFUSED(ECAPMODE, open("secret", kRd));
    EXPECT_OPEN_REFUSED(ECAPMODE, openat(AT_FDCWD, "secret", kRd));
    EXPECT_OPEN_REFUSED(ECAPMODE, open("made", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    struct stat st;
    EXPECT_CAPMODE(stat("secret", &st));
    EXPECT_CAPMODE(chdir(".."));
    EXPECT_CAPMODE(mkdir("made", 0755));
    EXPECT_CAPMODE(unlink("secret"));
  });
  ExpectNothingChangedOutside();
}

// --- IPC and system namespaces ---

TEST_F(Escape, MqOpen) {
  const std::string fresh = "/capsicum-escape-fresh-" + std::to_string(getpid());
  const std::string existing = "/capsicum-escape-existing-" + std::to_string(getpid());
  const mqd_t mq = mq_open(existing.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, nullptr);
  ASSERT_OK(mq);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OPEN_REFUSED(ECAPMODE,
                        mq_open(fresh.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600, nullptr));
    EXPECT_OPEN_REFUSED(ECAPMODE, mq_open(existing.c_str(), O_RDWR | O_CLOEXEC));
    EXPECT_CAPMODE(mq_unlink(existing.c_str()));
  });
  EXPECT_SYSCALL_FAIL(ENOENT, mq_open(fresh.c_str(), O_RDONLY | O_CLOEXEC));
  // The queue made before is still there: removing it works now.
  EXPECT_OK(mq_unlink(existing.c_str()));
  mq_close(mq);
}

TEST_F(Escape, ShmOpenByName) {
  const std::string name = "/capsicum-escape-" + std::to_string(getpid());
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OPEN_REFUSED(ECAPMODE, shm_open(name.c_str(), O_CREAT | O_RDWR, 0600));
  });
  EXPECT_SYSCALL_FAIL(ENOENT, shm_open(name.c_str(), O_RDONLY, 0));
}

TEST_F(Escape, Shmget) {
  const key_t key = static_cast<key_t>(0x43500000 | (getpid() & 0xfffff));
  const int by_key = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
  ASSERT_OK(by_key);
  const int private_id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  ASSERT_OK(private_id);
  void* attached = shmat(private_id, nullptr, 0);
  ASSERT_NE(reinterpret_cast<void*>(-1), attached) << DescribeErrno(errno);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
    EXPECT_CAPMODE(shmget(key, 0, 0));
    EXPECT_CAPMODE(reinterpret_cast<long>(shmat(by_key, nullptr, 0)));
    struct shmid_ds ds;
    EXPECT_CAPMODE(shmctl(by_key, IPC_RMID, &ds));
    EXPECT_CAPMODE(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
    EXPECT_CAPMODE(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
    // A segment attached before stays usable, and shmdt is allowed.
    memcpy(attached, "written inside", 15);
    EXPECT_OK(shmdt(attached));
  });
  EXPECT_STREQ("written inside", static_cast<const char*>(attached));
  struct shmid_ds ds;
  // Still there: not removed from inside.
  EXPECT_OK(shmctl(by_key, IPC_STAT, &ds));
  EXPECT_EQ(0u, ds.shm_nattch) << "the segment was attached from inside";
  shmdt(attached);
  shmctl(by_key, IPC_RMID, nullptr);
  shmctl(private_id, IPC_RMID, nullptr);
}

TEST_F(Escape, KeyctlAddKeyRequestKey) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "capsicum-escape"));
    EXPECT_CAPMODE(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0));
    EXPECT_CAPMODE(
        syscall(SYS_add_key, "user", "capsicum-escape", "v", 1, KEY_SPEC_PROCESS_KEYRING));
    EXPECT_CAPMODE(syscall(SYS_request_key, "user", "capsicum-escape", nullptr, 0));
  });
}

TEST_F(Escape, Userfaultfd) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OPEN_REFUSED(ECAPMODE, syscall(SYS_userfaultfd, O_CLOEXEC));
  });
}

// personality() that would change how syscalls are read is refused; the query is allowed.
TEST_F(Escape, PersonalityChange) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(personality(PER_LINUX32));
    EXPECT_CAPMODE(personality(static_cast<unsigned long>(PER_LINUX) | READ_IMPLIES_EXEC));
    EXPECT_EQ(PER_LINUX, personality(0xffffffff));
  });
}

TEST_F(Escape, InotifyAddWatch) {
  const int ifd = Hold(inotify_init1(IN_CLOEXEC), "inotify_init1");
  ASSERT_OK(ifd);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(inotify_add_watch(ifd, secret_.c_str(), IN_ALL_EVENTS));
    EXPECT_CAPMODE(inotify_add_watch(ifd, "/", IN_ALL_EVENTS));
  });
}

// === self-protection: an unprivileged process outside capability mode ===

class SelfProtectionTest : public ::testing::Test {
 protected:
  // setgroups, setresgid and setresuid to nobody (65534), in the forked child.
  static void DropToNobody() {
    ASSERT_OK(setgroups(0, nullptr));
    ASSERT_OK(setresgid(65534, 65534, 65534));
    ASSERT_OK(setresuid(65534, 65534, 65534));
    ASSERT_EQ(65534u, geteuid());
  }
};

using SelfProtection = SelfProtectionTest;

// Every BPF object of the system, ours included: BPF_*_GET_FD_BY_ID needs CAP_SYS_ADMIN, and
// the kernel checks it before it looks the id up.
TEST_F(SelfProtection, UnprivilegedCannotGetOurBpfProgramsLinksMapsById) {
  const OurBpf ours = CollectOurBpf();
  ASSERT_FALSE(ours.links.empty()) << "capsicumctl pinned no link in " << kPinDir;
  std::vector<uint32_t> progs = AllBpfIds(BPF_PROG_GET_NEXT_ID);
  std::vector<uint32_t> links = AllBpfIds(BPF_LINK_GET_NEXT_ID);
  std::vector<uint32_t> maps = AllBpfIds(BPF_MAP_GET_NEXT_ID);
  progs.insert(progs.end(), ours.progs.begin(), ours.progs.end());
  links.insert(links.end(), ours.links.begin(), ours.links.end());
  maps.insert(maps.end(), ours.maps.begin(), ours.maps.end());
  printf(
      "[bpf] ours: %zu pins, %zu links, %zu programs, %zu maps; the system: %zu links, "
      "%zu programs, %zu maps\n",
      ours.pins.size(), ours.links.size(), ours.progs.size(), ours.maps.size(), links.size(),
      progs.size(), maps.size());
  RunInChild([&] {
    DropToNobody();
    for (const uint32_t id : progs) {
      SCOPED_TRACE("program id " + std::to_string(id));
      EXPECT_SYSCALL_FAIL(EPERM, BpfGetFdById(BPF_PROG_GET_FD_BY_ID, id));
    }
    for (const uint32_t id : links) {
      SCOPED_TRACE("link id " + std::to_string(id));
      EXPECT_SYSCALL_FAIL(EPERM, BpfGetFdById(BPF_LINK_GET_FD_BY_ID, id));
    }
    for (const uint32_t id : maps) {
      SCOPED_TRACE("map id " + std::to_string(id));
      EXPECT_SYSCALL_FAIL(EPERM, BpfGetFdById(BPF_MAP_GET_FD_BY_ID, id));
    }
    EXPECT_SYSCALL_FAIL(EPERM, BpfNextId(BPF_PROG_GET_NEXT_ID, 0));
    EXPECT_SYSCALL_FAIL(EPERM, BpfNextId(BPF_LINK_GET_NEXT_ID, 0));
    EXPECT_SYSCALL_FAIL(EPERM, BpfNextId(BPF_MAP_GET_NEXT_ID, 0));
  });
  const ModuleStatus st = QueryModuleStatus();
  EXPECT_TRUE(st.ok && st.armed) << st.error;
}

// capsicumctl makes its pin directory mode 0700 (pins.cc, EnsurePinDir): the path walk to a
// pin fails with EACCES before bpf() looks at the object.
TEST_F(SelfProtection, UnprivilegedCannotOpenThePins) {
  const OurBpf ours = CollectOurBpf();
  ASSERT_FALSE(ours.pins.empty()) << "capsicumctl pinned nothing in " << kPinDir;
  struct stat st;
  ASSERT_OK(stat(kPinDir, &st));
  // Asserted: with another mode the unlink below could remove a pin for real.
  ASSERT_EQ(0700u, st.st_mode & 07777) << kPinDir;
  ASSERT_EQ(0u, st.st_uid) << kPinDir;
  RunInChild([&] {
    DropToNobody();
    for (const std::string& pin : ours.pins) EXPECT_OPEN_REFUSED(EACCES, BpfObjGet(pin));
    EXPECT_SYSCALL_FAIL(EACCES, unlink(ours.pins.front().c_str()));
    EXPECT_SYSCALL_FAIL(EACCES, rename(ours.pins.front().c_str(), "/sys/fs/bpf/stolen"));
  });
  EXPECT_EQ(ours.pins.size(), CollectOurBpf().pins.size());
}

TEST_F(SelfProtection, UnprivilegedCannotArmOrDisarm) {
  const int held = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
  ASSERT_OK(held);
  RunInChild([&] {
    DropToNobody();
    // The device is open to everyone (every process may sandbox itself).
    const int dev = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
    ASSERT_OK(dev);
    for (const int fd : {dev, held}) {
      EXPECT_SYSCALL_FAIL(EPERM, ioctl(fd, CAPSICUM_IOC_DISARM));
      EXPECT_SYSCALL_FAIL(EPERM, ioctl(fd, CAPSICUM_IOC_ARM));
    }
  });
  close(held);
  const ModuleStatus st = QueryModuleStatus();
  EXPECT_TRUE(st.ok && st.armed) << st.error;
}

TEST_F(SelfProtection, UnprivilegedCannotDeleteTheModule) {
  RunInChild([] {
    DropToNobody();
    EXPECT_SYSCALL_FAIL(EPERM, syscall(SYS_delete_module, kModuleName, O_NONBLOCK));
    EXPECT_SYSCALL_FAIL(EPERM, syscall(SYS_delete_module, kModuleName, 0));
  });
  const ModuleStatus st = QueryModuleStatus();
  EXPECT_TRUE(st.ok && st.armed) << st.error;
}

}  // namespace
}  // namespace capsicum_e2e
