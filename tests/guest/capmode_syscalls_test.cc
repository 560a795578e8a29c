// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: capability mode's seccomp layer, syscall by syscall (kmod/seccomp.c).
//
// cap_enter() installs the module's seccomp filter on every thread, then enters.  The filter
// refuses with ECAPMODE every ia32 and x32 syscall, every number above the module's tables, and
// each x86-64 syscall of the rule table for its number or a register argument.  One test (or
// one parameter of a table-driven test) per syscall, named after it; each rule kind has its
// refused case and, where the syscall stays allowed in some form, the allowed case.
//
// The refused calls of the tables get arguments that would fail harmlessly (a missing path, a
// bad descriptor, an invalid flag) if the filter let them through: the tests run as root, and a
// refusal that does not happen must not reboot the guest.  The ECAPMODE they must return shows
// that the filter answered first.  File-system refusals are also made with real paths, and the
// tree is checked afterwards: a refused mkdir leaves no directory.
#include <fcntl.h>
#include <linux/capsicum.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "capsicum_test.h"
#include "raw_syscalls.h"

extern char** environ;

namespace capsicum_e2e {
namespace {

// x86-64 numbers that glibc 2.36's <sys/syscall.h> does not have yet.
constexpr long kNrFchmodat2 = 452;
constexpr long kNrStatmount = 457;
constexpr long kNrListmount = 458;
// The first number above every table the module knows (CAPSICUM_SECCOMP_NR_END).
constexpr long kNrBeyondTheTables = 463;
constexpr idtype_t kPPidfd = static_cast<idtype_t>(3);  // P_PIDFD
// A path under a directory that does not exist: any path syscall the filter let through
// would fail with ENOENT and change nothing.
constexpr char kNowhere[] = "/nonexistent-capsicum/x";

// The flag an exec'd copy of this binary gets to report on its seccomp state.
constexpr char kReportSeccompFlag[] = "--report-seccomp";
enum SeccompReportBits {
  kSeccompNotFilter = 1,       // prctl(PR_GET_SECCOMP) is not 2
  kPersonalityNotRefused = 2,  // personality(PER_LINUX32) was not ECAPMODE
  kKillZeroNotRefused = 4,     // kill(0, 0) was not ECAPMODE
};

// Whether this thread runs a seccomp filter that refuses what capability mode refuses by
// number and by argument; the bits above, 0 when it does.
int SeccompReport() {
  int bits = 0;
  const int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
  if (mode != 2) bits |= kSeccompNotFilter;
  errno = 0;
  const int persona = personality(PER_LINUX32);
  const int persona_errno = errno;
  if (!(persona == -1 && persona_errno == ECAPMODE)) bits |= kPersonalityNotRefused;
  errno = 0;
  const long kill_rc = syscall(SYS_kill, 0, 0);
  const int kill_errno = errno;
  if (!(kill_rc == -1 && kill_errno == ECAPMODE)) bits |= kKillZeroNotRefused;
  printf(
      "[report-seccomp] pid %d tid %ld: PR_GET_SECCOMP %d; personality(PER_LINUX32) = %d (%s);"
      " kill(0, 0) = %ld (%s)\n",
      getpid(), syscall(SYS_gettid), mode, persona,
      persona < 0 ? DescribeErrno(persona_errno).c_str() : "ok", kill_rc,
      kill_rc < 0 ? DescribeErrno(kill_errno).c_str() : "ok");
  fflush(stdout);
  return bits;
}

// `capsicum-e2e --report-seccomp`, re-invoked by fexecve below: reports before gtest starts.
// (glibc passes argc/argv to ELF constructors, in static programs too.)
__attribute__((constructor)) void ReportSeccompAfterExec(int argc, char** argv, char**) {
  if (argc != 2 || strcmp(argv[1], kReportSeccompFlag) != 0) return;
  alarm(kWatchdogSeconds);
  _exit(SeccompReport());
}

std::string DescribeSeccompReport(int bits) {
  if (bits == 0) return "the filter runs";
  std::string out;
  if (bits & kSeccompNotFilter) out += "[PR_GET_SECCOMP is not 2] ";
  if (bits & kPersonalityNotRefused) out += "[personality(PER_LINUX32) was not ECAPMODE] ";
  if (bits & kKillZeroNotRefused) out += "[kill(0, 0) was not ECAPMODE] ";
  return out + "(see the [report-seccomp] line above)";
}

// Names each parameter of a table-driven test by its syscall (or flag).
struct NameOfParam {
  template <class T>
  std::string operator()(const ::testing::TestParamInfo<T>& p) const {
    return p.param.name;
  }
};

// --- syscalls refused whatever their arguments ---

struct RefusedCall {
  const char* name;
  std::function<long()> call;
};

void PrintTo(const RefusedCall& c, std::ostream* os) { *os << c.name; }

char g_buf[4096];

const std::vector<RefusedCall>& AlwaysRefused() {
  static const std::vector<RefusedCall> calls = {
      // Path-only syscalls: the global file namespace.
      {"open", [] { return syscall(SYS_open, kNowhere, O_RDONLY | O_CLOEXEC); }},
      {"stat", [] { return syscall(SYS_stat, kNowhere, g_buf); }},
      {"lstat", [] { return syscall(SYS_lstat, kNowhere, g_buf); }},
      {"access", [] { return syscall(SYS_access, kNowhere, F_OK); }},
      {"execve",
       [] {
         char* argv[] = {nullptr};
         return syscall(SYS_execve, kNowhere, argv, environ);
       }},
      {"truncate", [] { return syscall(SYS_truncate, kNowhere, 0); }},
      {"chdir", [] { return syscall(SYS_chdir, kNowhere); }},
      {"rename", [] { return syscall(SYS_rename, kNowhere, kNowhere); }},
      {"mkdir", [] { return syscall(SYS_mkdir, kNowhere, 0755); }},
      {"rmdir", [] { return syscall(SYS_rmdir, kNowhere); }},
      {"creat", [] { return syscall(SYS_creat, kNowhere, 0644); }},
      {"link", [] { return syscall(SYS_link, kNowhere, kNowhere); }},
      {"unlink", [] { return syscall(SYS_unlink, kNowhere); }},
      {"symlink", [] { return syscall(SYS_symlink, "x", kNowhere); }},
      {"readlink", [] { return syscall(SYS_readlink, kNowhere, g_buf, sizeof(g_buf)); }},
      {"chmod", [] { return syscall(SYS_chmod, kNowhere, 0600); }},
      {"chown", [] { return syscall(SYS_chown, kNowhere, 0, 0); }},
      {"lchown", [] { return syscall(SYS_lchown, kNowhere, 0, 0); }},
      {"utime", [] { return syscall(SYS_utime, kNowhere, nullptr); }},
      {"mknod", [] { return syscall(SYS_mknod, kNowhere, S_IFIFO | 0600, 0); }},
      {"uselib", [] { return syscall(SYS_uselib, kNowhere); }},
      {"statfs", [] { return syscall(SYS_statfs, kNowhere, g_buf); }},
      {"chroot", [] { return syscall(SYS_chroot, kNowhere); }},
      {"setxattr", [] { return syscall(SYS_setxattr, kNowhere, "user.x", "v", 1, 0); }},
      {"lsetxattr", [] { return syscall(SYS_lsetxattr, kNowhere, "user.x", "v", 1, 0); }},
      {"getxattr", [] { return syscall(SYS_getxattr, kNowhere, "user.x", g_buf, 16); }},
      {"lgetxattr", [] { return syscall(SYS_lgetxattr, kNowhere, "user.x", g_buf, 16); }},
      {"listxattr", [] { return syscall(SYS_listxattr, kNowhere, g_buf, 16); }},
      {"llistxattr", [] { return syscall(SYS_llistxattr, kNowhere, g_buf, 16); }},
      {"removexattr", [] { return syscall(SYS_removexattr, kNowhere, "user.x"); }},
      {"lremovexattr", [] { return syscall(SYS_lremovexattr, kNowhere, "user.x"); }},
      {"utimes", [] { return syscall(SYS_utimes, kNowhere, nullptr); }},
      {"inotify_add_watch", [] { return syscall(SYS_inotify_add_watch, -1, kNowhere, 0xfff); }},
      {"name_to_handle_at", [] { return syscall(SYS_name_to_handle_at, -1, "", g_buf, g_buf, 0); }},
      {"open_by_handle_at", [] { return syscall(SYS_open_by_handle_at, -1, g_buf, 0); }},
      {"ustat", [] { return syscall(SYS_ustat, 0, g_buf); }},
      {"sysfs", [] { return syscall(SYS_sysfs, 3); }},
      // SysV IPC: global keys and ids (shmdt stays allowed).
      {"shmget", [] { return syscall(SYS_shmget, IPC_PRIVATE, ~0UL >> 2, 0600); }},
      {"shmat", [] { return syscall(SYS_shmat, -1, nullptr, 0); }},
      {"shmctl", [] { return syscall(SYS_shmctl, -1, IPC_STAT, g_buf); }},
      {"semget", [] { return syscall(SYS_semget, 0x7ffffff0, 1, 0); }},
      {"semop", [] { return syscall(SYS_semop, -1, g_buf, 0); }},
      {"semctl", [] { return syscall(SYS_semctl, -1, 0, IPC_STAT, g_buf); }},
      {"semtimedop", [] { return syscall(SYS_semtimedop, -1, g_buf, 0, nullptr); }},
      {"msgget", [] { return syscall(SYS_msgget, 0x7ffffff0, 0); }},
      {"msgsnd", [] { return syscall(SYS_msgsnd, -1, g_buf, 0, 0); }},
      {"msgrcv", [] { return syscall(SYS_msgrcv, -1, g_buf, 0, 0, IPC_NOWAIT); }},
      {"msgctl", [] { return syscall(SYS_msgctl, -1, IPC_STAT, g_buf); }},
      // POSIX message queues by name.
      {"mq_open", [] { return syscall(SYS_mq_open, "capsicum-none", O_RDONLY, 0, nullptr); }},
      {"mq_unlink", [] { return syscall(SYS_mq_unlink, "capsicum-none"); }},
      // Other processes.
      {"ptrace", [] { return syscall(SYS_ptrace, PTRACE_PEEKUSER, 999999, 0, 0); }},
      {"wait4", [] { return syscall(SYS_wait4, -1, nullptr, WNOHANG, nullptr); }},
      {"process_vm_readv",
       [] { return syscall(SYS_process_vm_readv, getpid(), nullptr, 0, nullptr, 0, 0); }},
      {"process_vm_writev",
       [] { return syscall(SYS_process_vm_writev, getpid(), nullptr, 0, nullptr, 0, 0); }},
      {"kcmp", [] { return syscall(SYS_kcmp, getpid(), getpid(), 0 /* KCMP_FILE */, 0, 0); }},
      {"process_madvise", [] { return syscall(SYS_process_madvise, -1, nullptr, 0, 0, 0); }},
      {"process_mrelease", [] { return syscall(SYS_process_mrelease, -1, 0); }},
      // Networking by address.
      {"bind", [] { return syscall(SYS_bind, -1, g_buf, 16); }},
      {"connect", [] { return syscall(SYS_connect, -1, g_buf, 16); }},
      // The system: mounts, namespaces, modules, time, names, accounting, kernel interfaces.
      {"mount", [] { return syscall(SYS_mount, "none", kNowhere, "tmpfs", 0, nullptr); }},
      {"umount2", [] { return syscall(SYS_umount2, kNowhere, 0); }},
      {"pivot_root", [] { return syscall(SYS_pivot_root, kNowhere, kNowhere); }},
      {"open_tree", [] { return syscall(SYS_open_tree, -1, "", 0); }},
      {"move_mount", [] { return syscall(SYS_move_mount, -1, "", -1, "", 0); }},
      {"fsopen", [] { return syscall(SYS_fsopen, "capsicum-nofs", 0); }},
      {"fsconfig", [] { return syscall(SYS_fsconfig, -1, 0, nullptr, nullptr, 0); }},
      {"fsmount", [] { return syscall(SYS_fsmount, -1, 0, 0); }},
      {"fspick", [] { return syscall(SYS_fspick, -1, "", 0); }},
      {"mount_setattr", [] { return syscall(SYS_mount_setattr, -1, "", 0, nullptr, 0); }},
      {"statmount", [] { return syscall(kNrStatmount, nullptr, nullptr, 0, 0); }},
      {"listmount", [] { return syscall(kNrListmount, nullptr, nullptr, 0, 0); }},
      {"setns", [] { return syscall(SYS_setns, -1, 0); }},
      {"swapon", [] { return syscall(SYS_swapon, kNowhere, 0); }},
      {"swapoff", [] { return syscall(SYS_swapoff, kNowhere); }},
      {"reboot", [] { return syscall(SYS_reboot, 0, 0, 0, nullptr); }},  // bad magic
      {"kexec_load", [] { return syscall(SYS_kexec_load, 0, 0, nullptr, ~0UL); }},
      {"kexec_file_load", [] { return syscall(SYS_kexec_file_load, -1, -1, 0, nullptr, ~0UL); }},
      {"init_module", [] { return syscall(SYS_init_module, nullptr, 0, ""); }},
      {"finit_module", [] { return syscall(SYS_finit_module, -1, "", 0); }},
      {"delete_module", [] { return syscall(SYS_delete_module, "capsicum_none", O_NONBLOCK); }},
      {"create_module", [] { return syscall(SYS_create_module, "capsicum_none", 0); }},
      {"get_kernel_syms", [] { return syscall(SYS_get_kernel_syms, nullptr); }},
      {"query_module", [] { return syscall(SYS_query_module, nullptr, 0, nullptr, 0, nullptr); }},
      {"sethostname", [] { return syscall(SYS_sethostname, "x", ~0UL); }},
      {"setdomainname", [] { return syscall(SYS_setdomainname, "x", ~0UL); }},
      {"settimeofday", [] { return syscall(SYS_settimeofday, nullptr, nullptr); }},
      {"clock_settime", [] { return syscall(SYS_clock_settime, CLOCK_MONOTONIC, g_buf); }},
      {"adjtimex",
       [] {
         memset(g_buf, 0, sizeof(g_buf));  // modes 0: a query
         return syscall(SYS_adjtimex, g_buf);
       }},
      {"clock_adjtime",
       [] {
         memset(g_buf, 0, sizeof(g_buf));
         return syscall(SYS_clock_adjtime, CLOCK_REALTIME, g_buf);
       }},
      {"acct", [] { return syscall(SYS_acct, kNowhere); }},
      {"syslog", [] { return syscall(SYS_syslog, 10 /* SIZE_BUFFER */, nullptr, 0); }},
      {"quotactl", [] { return syscall(SYS_quotactl, 0, kNowhere, 0, nullptr); }},
      {"quotactl_fd", [] { return syscall(SYS_quotactl_fd, -1, 0, 0, nullptr); }},
      {"iopl", [] { return syscall(SYS_iopl, 0); }},
      {"ioperm", [] { return syscall(SYS_ioperm, 0, 0, 0); }},
      {"vhangup",
       [] {
         setsid();  // no controlling terminal to hang up, were it allowed
         return syscall(SYS_vhangup);
       }},
      {"lookup_dcookie", [] { return syscall(SYS_lookup_dcookie, 0, nullptr, 0); }},
      {"_sysctl", [] { return syscall(SYS__sysctl, nullptr); }},
      {"nfsservctl", [] { return syscall(SYS_nfsservctl, 0, nullptr, nullptr); }},
      {"bpf", [] { return syscall(SYS_bpf, 0xffff, nullptr, 0); }},
      {"perf_event_open", [] { return syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0); }},
      {"add_key",
       [] { return syscall(SYS_add_key, "capsicum-no-type", "x", "", 0, -2 /* process */); }},
      {"request_key", [] { return syscall(SYS_request_key, "user", "capsicum-none", nullptr, 0); }},
      {"keyctl", [] { return syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -2, 0); }},
      {"io_uring_setup", [] { return syscall(SYS_io_uring_setup, 0, nullptr); }},
      {"userfaultfd", [] { return syscall(SYS_userfaultfd, ~0U); }},
  };
  return calls;
}

class SeccompAlwaysRefused : public ::testing::TestWithParam<RefusedCall> {};

TEST_P(SeccompAlwaysRefused, IsCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(GetParam().call());
  });
}

INSTANTIATE_TEST_SUITE_P(CapMode, SeccompAlwaysRefused, ::testing::ValuesIn(AlwaysRefused()),
                         NameOfParam());

// --- path-only syscalls on a real tree: refused before anything changes ---

class SeccompFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_.path();
    file_ = scratch_.Path("file");
    WriteFile(file_, "0123456789");
    ASSERT_OK(chmod(file_.c_str(), 0644));
    // A known modification time, to see that a refused utime* left it.
    struct timeval times[2] = {{1000, 0}, {1000, 0}};
    ASSERT_OK(utimes(file_.c_str(), times));
    ASSERT_OK(mkdir(scratch_.Path("dir").c_str(), 0755));
    ASSERT_OK(symlink("file", scratch_.Path("link").c_str()));
    ASSERT_OK(setxattr(file_.c_str(), "trusted.capsicum", "v", 1, 0));
  }

  // The directory descriptor of the scratch directory, opened before cap_enter().
  int OpenDir() {
    const int fd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    EXPECT_OK(fd);
    return fd;
  }

  // What must not have changed after a refused call: every name, content, mode, owner, time
  // and extended attribute of the tree SetUp made, and no new name.
  void ExpectTreeUnchanged() {
    struct stat st;
    ASSERT_OK(lstat(file_.c_str(), &st));
    EXPECT_EQ(0644u, st.st_mode & 07777) << "mode";
    EXPECT_EQ(0u, st.st_uid) << "owner";
    EXPECT_EQ(10, st.st_size) << "size";
    EXPECT_EQ(1000, st.st_mtim.tv_sec) << "modification time";
    EXPECT_EQ(1u, st.st_nlink) << "links";
    EXPECT_EQ("0123456789", ReadFile(file_));
    char v[4] = {};
    EXPECT_EQ(1, getxattr(file_.c_str(), "trusted.capsicum", v, sizeof(v))) << "xattr";
    EXPECT_STREQ("v", v) << "xattr value";
    EXPECT_SYSCALL_FAIL(ENODATA, getxattr(file_.c_str(), "trusted.other", v, sizeof(v)));
    EXPECT_TRUE(PathExists(scratch_.Path("dir")));
    EXPECT_TRUE(PathExists(scratch_.Path("link")));
    ASSERT_OK(lstat(scratch_.Path("link").c_str(), &st));
    EXPECT_EQ(0u, st.st_uid) << "the link's owner";
    for (const char* name : {"new", "new2", "fifo", "moved", "hard", "sym"})
      EXPECT_FALSE(PathExists(scratch_.Path(name))) << name << " was made by a refused call";
  }

  ScratchDir scratch_;
  std::string dir_;
  std::string file_;
};

struct PathCall {
  const char* name;
  // Made in capability mode with the scratch directory's absolute path.
  std::function<long(const std::string& dir)> call;
};

void PrintTo(const PathCall& c, std::ostream* os) { *os << c.name; }

std::string In(const std::string& dir, const char* name) { return dir + "/" + name; }

const std::vector<PathCall>& PathCalls() {
  static const std::vector<PathCall> calls = {
      {"mkdir",
       [](const std::string& d) { return syscall(SYS_mkdir, In(d, "new").c_str(), 0755); }},
      {"rmdir", [](const std::string& d) { return syscall(SYS_rmdir, In(d, "dir").c_str()); }},
      {"unlink", [](const std::string& d) { return syscall(SYS_unlink, In(d, "file").c_str()); }},
      {"rename",
       [](const std::string& d) {
         return syscall(SYS_rename, In(d, "file").c_str(), In(d, "moved").c_str());
       }},
      {"link",
       [](const std::string& d) {
         return syscall(SYS_link, In(d, "file").c_str(), In(d, "hard").c_str());
       }},
      {"symlink",
       [](const std::string& d) { return syscall(SYS_symlink, "file", In(d, "sym").c_str()); }},
      {"chmod",
       [](const std::string& d) { return syscall(SYS_chmod, In(d, "file").c_str(), 0600); }},
      {"chown",
       [](const std::string& d) {
         return syscall(SYS_chown, In(d, "file").c_str(), 65534, 65534);
       }},
      {"lchown",
       [](const std::string& d) {
         return syscall(SYS_lchown, In(d, "link").c_str(), 65534, 65534);
       }},
      {"truncate",
       [](const std::string& d) { return syscall(SYS_truncate, In(d, "file").c_str(), 0); }},
      {"utime",
       [](const std::string& d) { return syscall(SYS_utime, In(d, "file").c_str(), nullptr); }},
      {"utimes",
       [](const std::string& d) { return syscall(SYS_utimes, In(d, "file").c_str(), nullptr); }},
      {"mknod",
       [](const std::string& d) {
         return syscall(SYS_mknod, In(d, "fifo").c_str(), S_IFIFO | 0600, 0);
       }},
      {"creat",
       [](const std::string& d) { return syscall(SYS_creat, In(d, "new").c_str(), 0644); }},
      {"setxattr",
       [](const std::string& d) {
         return syscall(SYS_setxattr, In(d, "file").c_str(), "trusted.capsicum", "w", 1, 0);
       }},
      {"lsetxattr",
       [](const std::string& d) {
         return syscall(SYS_lsetxattr, In(d, "file").c_str(), "trusted.other", "w", 1, 0);
       }},
      {"removexattr",
       [](const std::string& d) {
         return syscall(SYS_removexattr, In(d, "file").c_str(), "trusted.capsicum");
       }},
      {"lremovexattr",
       [](const std::string& d) {
         return syscall(SYS_lremovexattr, In(d, "file").c_str(), "trusted.capsicum");
       }},
      {"stat",
       [](const std::string& d) {
         struct stat st;
         return syscall(SYS_stat, In(d, "file").c_str(), &st);
       }},
      {"lstat",
       [](const std::string& d) {
         struct stat st;
         return syscall(SYS_lstat, In(d, "file").c_str(), &st);
       }},
      {"access",
       [](const std::string& d) { return syscall(SYS_access, In(d, "file").c_str(), 0); }},
      {"readlink",
       [](const std::string& d) {
         char buf[64];
         return syscall(SYS_readlink, In(d, "link").c_str(), buf, sizeof(buf));
       }},
      {"statfs",
       [](const std::string& d) {
         char buf[256];
         return syscall(SYS_statfs, d.c_str(), buf);
       }},
      {"getxattr",
       [](const std::string& d) {
         char v[4];
         return syscall(SYS_getxattr, In(d, "file").c_str(), "trusted.capsicum", v, sizeof(v));
       }},
      {"listxattr",
       [](const std::string& d) {
         char v[256];
         return syscall(SYS_listxattr, In(d, "file").c_str(), v, sizeof(v));
       }},
      {"chroot", [](const std::string& d) { return syscall(SYS_chroot, d.c_str()); }},
      {"chdir", [](const std::string& d) { return syscall(SYS_chdir, d.c_str()); }},
  };
  return calls;
}

class SeccompPathRefused : public SeccompFilesTest,
                           public ::testing::WithParamInterface<PathCall> {};

TEST_P(SeccompPathRefused, IsCapmodeAndChangesNothing) {
  const std::string dir = dir_;
  RunInChild([&] {
    ASSERT_OK(chdir("/"));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(GetParam().call(dir));
    // The working directory is where it was (a refused chdir or chroot moved nothing).
    char cwd[64] = {};
    EXPECT_NE(nullptr, getcwd(cwd, sizeof(cwd))) << DescribeErrno(errno);
    EXPECT_STREQ("/", cwd);
  });
  ExpectTreeUnchanged();
}

INSTANTIATE_TEST_SUITE_P(CapMode, SeccompPathRefused, ::testing::ValuesIn(PathCalls()),
                         NameOfParam());

// --- *at syscalls: AT_FDCWD is refused, a directory descriptor is not ---

struct AtCall {
  const char* name;
  // `dirfd` is AT_FDCWD with the scratch directory's absolute path as `base`, or the scratch
  // directory's descriptor with "" as `base`; names are joined to `base`.
  std::function<long(long dirfd, const std::string& base)> call;
};

void PrintTo(const AtCall& c, std::ostream* os) { *os << c.name; }

std::string At(const std::string& base, const char* name) {
  return base.empty() ? name : base + "/" + name;
}

const std::vector<AtCall>& AtCalls() {
  static const std::vector<AtCall> calls = {
      {"openat",
       [](long fd, const std::string& b) {
         const long r = syscall(SYS_openat, fd, At(b, "file").c_str(), O_RDONLY | O_CLOEXEC);
         if (r >= 0) close(static_cast<int>(r));
         return r;
       }},
      {"openat2",
       [](long fd, const std::string& b) {
         struct open_how how = {};
         how.flags = O_RDONLY | O_CLOEXEC;
         const long r = syscall(SYS_openat2, fd, At(b, "file").c_str(), &how, sizeof(how));
         if (r >= 0) close(static_cast<int>(r));
         return r;
       }},
      {"mkdirat",
       [](long fd, const std::string& b) {
         return syscall(SYS_mkdirat, fd, At(b, "new").c_str(), 0755);
       }},
      {"mknodat",
       [](long fd, const std::string& b) {
         return syscall(SYS_mknodat, fd, At(b, "fifo").c_str(), S_IFIFO | 0600, 0);
       }},
      {"fchownat",
       [](long fd, const std::string& b) {
         return syscall(SYS_fchownat, fd, At(b, "file").c_str(), -1, -1, 0);
       }},
      {"futimesat",
       [](long fd, const std::string& b) {
         struct timeval times[2] = {{1000, 0}, {1000, 0}};
         return syscall(SYS_futimesat, fd, At(b, "file").c_str(), times);
       }},
      {"newfstatat",
       [](long fd, const std::string& b) {
         struct stat st;
         return syscall(SYS_newfstatat, fd, At(b, "file").c_str(), &st, 0);
       }},
      {"statx",
       [](long fd, const std::string& b) {
         struct statx stx;
         return syscall(SYS_statx, fd, At(b, "file").c_str(), 0, STATX_BASIC_STATS, &stx);
       }},
      {"unlinkat",
       [](long fd, const std::string& b) {
         return syscall(SYS_unlinkat, fd, At(b, "dir").c_str(), AT_REMOVEDIR);
       }},
      {"readlinkat",
       [](long fd, const std::string& b) {
         char buf[64];
         return syscall(SYS_readlinkat, fd, At(b, "link").c_str(), buf, sizeof(buf));
       }},
      {"fchmodat",
       [](long fd, const std::string& b) {
         return syscall(SYS_fchmodat, fd, At(b, "file").c_str(), 0644);
       }},
      {"faccessat",
       [](long fd, const std::string& b) {
         return syscall(SYS_faccessat, fd, At(b, "file").c_str(), R_OK);
       }},
      {"faccessat2",
       [](long fd, const std::string& b) {
         return syscall(SYS_faccessat2, fd, At(b, "file").c_str(), R_OK, 0);
       }},
      {"utimensat",
       [](long fd, const std::string& b) {
         struct timespec times[2] = {{1000, 0}, {1000, 0}};
         return syscall(SYS_utimensat, fd, At(b, "file").c_str(), times, 0);
       }},
      {"symlinkat",  // the directory descriptor is the second argument
       [](long fd, const std::string& b) {
         return syscall(SYS_symlinkat, "file", fd, At(b, "sym").c_str());
       }},
  };
  return calls;
}

class SeccompAtFdcwd : public SeccompFilesTest, public ::testing::WithParamInterface<AtCall> {};

// AT_FDCWD with an absolute path: only the directory descriptor argument is wrong.  With the
// high half of the register dirty too: the kernel reads an int.
TEST_P(SeccompAtFdcwd, AtFdcwdIsCapmodeAndChangesNothing) {
  const std::string dir = dir_;
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(GetParam().call(AT_FDCWD, dir));
    const long dirty = static_cast<long>(0x5a5a5a5a00000000UL | static_cast<uint32_t>(AT_FDCWD));
    EXPECT_CAPMODE(GetParam().call(dirty, dir));
  });
  ExpectTreeUnchanged();
}

TEST_P(SeccompAtFdcwd, ADirectoryDescriptorIsAllowed) {
  const int dirfd = OpenDir();
  ASSERT_OK(dirfd);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(GetParam().call(dirfd, ""));
  });
  close(dirfd);
}

INSTANTIATE_TEST_SUITE_P(CapMode, SeccompAtFdcwd, ::testing::ValuesIn(AtCalls()), NameOfParam());

using SeccompFiles = SeccompFilesTest;

// The rule reads the low half only: a descriptor with AT_FDCWD in the high half is a
// descriptor (the kernel truncates), and is allowed.
TEST_F(SeccompFiles, MkdiratWithAtFdcwdInTheHighHalfOnlyIsAllowed) {
  const int dirfd = OpenDir();
  ASSERT_OK(dirfd);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const long fd =
        static_cast<long>((static_cast<uint64_t>(static_cast<uint32_t>(AT_FDCWD)) << 32) |
                          static_cast<uint32_t>(dirfd));
    EXPECT_OK(syscall(SYS_mkdirat, fd, "new", 0755));
  });
  EXPECT_TRUE(PathExists(scratch_.Path("new")));
  close(dirfd);
}

// Both directory descriptors of renameat, renameat2 and linkat are checked.
TEST_F(SeccompFiles, RenameatWithEitherDirfdAtFdcwdIsCapmode) {
  const int dirfd = OpenDir();
  ASSERT_OK(dirfd);
  const std::string dir = dir_;
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const std::string from = dir + "/file", to = dir + "/moved";
    EXPECT_CAPMODE(syscall(SYS_renameat, AT_FDCWD, from.c_str(), dirfd, "moved"));
    EXPECT_CAPMODE(syscall(SYS_renameat, dirfd, "file", AT_FDCWD, to.c_str()));
    EXPECT_CAPMODE(syscall(SYS_renameat2, AT_FDCWD, from.c_str(), dirfd, "moved", 0));
    EXPECT_CAPMODE(syscall(SYS_renameat2, dirfd, "file", AT_FDCWD, to.c_str(), 0));
  });
  ExpectTreeUnchanged();
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(syscall(SYS_renameat, dirfd, "file", dirfd, "moved"));
    EXPECT_OK(syscall(SYS_renameat2, dirfd, "moved", dirfd, "file", RENAME_NOREPLACE));
  });
  EXPECT_EQ("0123456789", ReadFile(file_));
  close(dirfd);
}

TEST_F(SeccompFiles, LinkatWithEitherDirfdAtFdcwdIsCapmode) {
  const int dirfd = OpenDir();
  ASSERT_OK(dirfd);
  const std::string dir = dir_;
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const std::string from = dir + "/file", to = dir + "/hard";
    EXPECT_CAPMODE(syscall(SYS_linkat, AT_FDCWD, from.c_str(), dirfd, "hard", 0));
    EXPECT_CAPMODE(syscall(SYS_linkat, dirfd, "file", AT_FDCWD, to.c_str(), 0));
  });
  ExpectTreeUnchanged();
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(syscall(SYS_linkat, dirfd, "file", dirfd, "hard", 0));
  });
  EXPECT_TRUE(PathExists(scratch_.Path("hard")));
  close(dirfd);
}

// fchmodat2 is new in 6.6: on 6.1 the allowed call reaches a kernel without it (ENOSYS), which
// still shows that the filter let it through.
TEST_F(SeccompFiles, Fchmodat2AtFdcwdIsCapmodeADirfdIsNot) {
  const int dirfd = OpenDir();
  ASSERT_OK(dirfd);
  const std::string path = file_;
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(kNrFchmodat2, AT_FDCWD, path.c_str(), 0600, 0));
    errno = 0;
    const long rc = syscall(kNrFchmodat2, dirfd, "file", 0644, 0);
    EXPECT_TRUE(rc == 0 || errno == ENOSYS) << "fchmodat2(dirfd): " << DescribeErrno(errno);
  });
  ExpectTreeUnchanged();
  close(dirfd);
}

// execveat(AT_FDCWD, path) is refused by number and argument; fexecve is CapModeExec's.
TEST_F(SeccompFiles, ExecveatAtFdcwdIsCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    char arg0[] = "capsicum-e2e";
    char* argv[] = {arg0, const_cast<char*>(kUnexpectedExecFlag), nullptr};
    fflush(stdout);
    EXPECT_CAPMODE(syscall(SYS_execveat, AT_FDCWD, "/proc/self/exe", argv, environ, 0));
  });
}

// getcwd and fchdir stay: they name no path of the global namespace.
TEST_F(SeccompFiles, FchdirAndGetcwdAreAllowedChdirIsCapmode) {
  const int dirfd = OpenDir();
  ASSERT_OK(dirfd);
  const std::string dir = dir_;
  RunInChild([&] {
    ASSERT_OK(chdir("/"));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(chdir(dir.c_str()));
    EXPECT_OK(fchdir(dirfd));
    char cwd[512] = {};
    ASSERT_NE(nullptr, getcwd(cwd, sizeof(cwd))) << DescribeErrno(errno);
    EXPECT_EQ(dir, std::string(cwd));
    // The working directory is not a way back in: AT_FDCWD is still refused.
    EXPECT_CAPMODE(openat(AT_FDCWD, "file", O_RDONLY | O_CLOEXEC));
  });
  close(dirfd);
}

// --- fanotify and inotify ---

TEST_F(SeccompFiles, FanotifyMarkThroughADirfdIsAllowedAtFdcwdMountAndFilesystemAreCapmode) {
  const int dirfd = OpenDir();
  ASSERT_OK(dirfd);
  const int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);
  ASSERT_OK(fan);
  const std::string path = file_;
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, dirfd, "file"));
    EXPECT_CAPMODE(fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, path.c_str()));
    EXPECT_CAPMODE(fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, nullptr));
    EXPECT_CAPMODE(fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, dirfd, "file"));
    EXPECT_CAPMODE(fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN, dirfd, "file"));
  });
  close(fan);
  close(dirfd);
}

TEST_F(SeccompFiles, InotifyInit1IsAllowedInotifyAddWatchIsCapmode) {
  const std::string dir = dir_;
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    const int in = inotify_init1(IN_CLOEXEC);
    ASSERT_OK(in);
    EXPECT_CAPMODE(inotify_add_watch(in, dir.c_str(), IN_ALL_EVENTS));
    close(in);
  });
}

// --- processes ---

// unshare of anything but a namespace is allowed; each namespace flag is refused.
struct FlagCase {
  const char* name;
  unsigned long flag;
};

void PrintTo(const FlagCase& c, std::ostream* os) { *os << c.name; }

const std::vector<FlagCase>& NamespaceFlags() {
  static const std::vector<FlagCase> flags = {
      {"CLONE_NEWNS", CLONE_NEWNS},     {"CLONE_NEWCGROUP", CLONE_NEWCGROUP},
      {"CLONE_NEWUTS", CLONE_NEWUTS},   {"CLONE_NEWIPC", CLONE_NEWIPC},
      {"CLONE_NEWUSER", CLONE_NEWUSER}, {"CLONE_NEWPID", CLONE_NEWPID},
      {"CLONE_NEWNET", CLONE_NEWNET},
  };
  return flags;
}

class SeccompNamespaceFlag : public ::testing::TestWithParam<FlagCase> {};

TEST_P(SeccompNamespaceFlag, UnshareIsCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(unshare(static_cast<int>(GetParam().flag)));
  });
}

int ExitAtOnce(void*) { return 0; }

TEST_P(SeccompNamespaceFlag, CloneIsCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    static char stack[64 * 1024] __attribute__((aligned(16)));
    const int flags = static_cast<int>(GetParam().flag) | SIGCHLD;
    errno = 0;
    const int pid = clone(ExitAtOnce, stack + sizeof(stack), flags, nullptr);
    EXPECT_EQ(-1, pid) << GetParam().name;
    EXPECT_EQ(ECAPMODE, errno) << GetParam().name << ": " << DescribeErrno(errno);
  });
}

INSTANTIATE_TEST_SUITE_P(CapMode, SeccompNamespaceFlag, ::testing::ValuesIn(NamespaceFlags()),
                         NameOfParam());

TEST(SeccompProcess, UnshareOfATimeNamespaceIsCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(unshare(CLONE_NEWTIME));
  });
}

TEST(SeccompProcess, UnshareWithoutANamespaceFlagIsAllowed) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(unshare(CLONE_FILES));
    EXPECT_OK(unshare(CLONE_FS));
    EXPECT_OK(unshare(CLONE_SYSVSEM));
  });
}

TEST(SeccompProcess, CloneWithoutANamespaceFlagIsAllowed) {
  RunInChild([] {
    const int status = StatusOfChildMadeInside([] {
      EXPECT_OK(cap_enter());
      static char stack[64 * 1024] __attribute__((aligned(16)));
      const int pid = clone(ExitAtOnce, stack + sizeof(stack), SIGCHLD, nullptr);
      EXPECT_OK(pid);
      return pid;
    });
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  });
}

// A child is waited for through its process descriptor (here one made before cap_enter(),
// by clone with CLONE_PIDFD); wait4 and every other waitid are refused, and reap nothing.
TEST(SeccompProcess, WaitidThroughAPidfdIsAllowedWait4AndOtherWaitidsAreCapmode) {
  RunInChild([] {
    int gate[2];
    ASSERT_OK(pipe2(gate, O_CLOEXEC));
    int pidfd = -1;
    const pid_t child = ForkWithPidfd(&pidfd);
    if (child == 0) {
      char c;
      close(gate[1]);
      _exit(read(gate[0], &c, 1) == 0 ? 7 : 8);
    }
    ASSERT_OK(child);
    close(gate[0]);
    ASSERT_OK(cap_enter());
    close(gate[1]);  // the child exits now
    siginfo_t info;
    int status = 0;
    EXPECT_CAPMODE(wait4(child, &status, 0, nullptr));
    EXPECT_CAPMODE(wait4(-1, &status, 0, nullptr));
    EXPECT_CAPMODE(waitpid(child, &status, 0));
    EXPECT_CAPMODE(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED));
    EXPECT_CAPMODE(waitid(P_ALL, 0, &info, WEXITED));
    EXPECT_CAPMODE(waitid(P_PGID, 0, &info, WEXITED));
    memset(&info, 0, sizeof(info));
    ASSERT_OK(waitid(kPPidfd, static_cast<id_t>(pidfd), &info, WEXITED));
    EXPECT_EQ(child, info.si_pid);
    EXPECT_EQ(CLD_EXITED, info.si_code);
    EXPECT_EQ(7, info.si_status);
    close(pidfd);
  });
}

// kill to the process itself is the LSM's to judge; to a group or to everyone it is refused
// here.  Signal 0 only asks: nothing is sent even where it would be allowed.
TEST(SeccompProcess, KillOfAGroupOrOfEveryoneIsCapmodeKillOfItselfIsAllowed) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(kill(getpid(), 0));
    EXPECT_CAPMODE(kill(0, 0));
    EXPECT_CAPMODE(kill(-1, 0));
    EXPECT_CAPMODE(kill(-getpgrp(), 0));
    EXPECT_CAPMODE(syscall(SYS_kill, 0x100000000L, 0));
  });
}

TEST(SeccompProcess, RtSigqueueinfoToAGroupIsCapmodeToItselfIsAllowed) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(RtSigqueueinfo(getpid(), 0));
    EXPECT_CAPMODE(RtSigqueueinfo(0, 0));
    EXPECT_CAPMODE(RtSigqueueinfo(-1, 0));
    EXPECT_CAPMODE(RtSigqueueinfo(-getpgrp(), 0));
  });
}

// Only the query: any change of personality (even to the current one) is refused, since some
// change the syscall table or the address space layout.
TEST(SeccompProcess, PersonalityQueryIsAllowedAnyChangeIsCapmode) {
  RunInChild([] {
    const int before = personality(0xffffffff);
    ASSERT_OK(before);
    ASSERT_OK(cap_enter());
    EXPECT_EQ(before, personality(0xffffffff));
    EXPECT_CAPMODE(personality(PER_LINUX32));
    EXPECT_CAPMODE(personality(ADDR_NO_RANDOMIZE));
    EXPECT_CAPMODE(personality(static_cast<unsigned long>(before)));
    EXPECT_EQ(before, personality(0xffffffff)) << "a refused personality changed it";
  });
}

// --- networking ---

TEST(SeccompNetwork, SendtoWithoutAnAddressIsAllowedWithOneIsCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
    EXPECT_EQ(1, sendto(sv[0], "a", 1, 0, nullptr, 0));
    // A NULL address with a length is no address: the kernel ignores the length.
    EXPECT_EQ(1, syscall(SYS_sendto, sv[0], "b", 1, 0, nullptr, 16));
    struct sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, "/nonexistent-capsicum/socket");
    EXPECT_CAPMODE(
        sendto(sv[0], "c", 1, 0, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)));
    // An address pointer is refused whatever the length says.
    EXPECT_CAPMODE(sendto(sv[0], "d", 1, 0, reinterpret_cast<struct sockaddr*>(&addr), 0));
    char buf[8] = {};
    EXPECT_EQ(1, recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
    EXPECT_EQ(1, recv(sv[1], buf + 1, sizeof(buf) - 1, MSG_DONTWAIT));
    EXPECT_SYSCALL_FAIL(EAGAIN, recv(sv[1], buf + 2, sizeof(buf) - 2, MSG_DONTWAIT));
    EXPECT_STREQ("ab", buf);
    close(sv[0]);
    close(sv[1]);
  });
}

TEST(SeccompNetwork, SocketAndSocketpairAreAllowedBindAndConnectAreCapmode) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    const int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(s);
    struct sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, "/nonexistent-capsicum/socket");
    EXPECT_CAPMODE(bind(s, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)));
    EXPECT_CAPMODE(connect(s, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)));
    close(s);
  });
}

// --- IPC ---

// A segment attached before cap_enter() can be detached inside; attaching is refused.
TEST(SeccompIpc, ShmdtIsAllowedShmatIsCapmode) {
  const int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  ASSERT_OK(id);
  void* addr = shmat(id, nullptr, 0);
  ASSERT_NE(reinterpret_cast<void*>(-1), addr) << DescribeErrno(errno);
  ASSERT_OK(shmctl(id, IPC_RMID, nullptr));  // gone once the last attachment goes
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(reinterpret_cast<long>(shmat(id, nullptr, 0)));
    EXPECT_OK(shmdt(addr));
  });
  shmdt(addr);
}

// A queue opened before cap_enter() keeps working; opening one by name is refused.
TEST(SeccompIpc, MqOpenIsCapmodeAHeldQueueWorks) {
  const std::string name = "/capsicum-e2e-" + std::to_string(getpid());
  struct mq_attr attr = {};
  attr.mq_maxmsg = 2;
  attr.mq_msgsize = 8;
  const mqd_t q = mq_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
  ASSERT_NE(static_cast<mqd_t>(-1), q) << DescribeErrno(errno);
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(static_cast<long>(mq_open(name.c_str(), O_RDWR | O_CLOEXEC)));
    EXPECT_CAPMODE(mq_unlink(name.c_str()));
    EXPECT_OK(mq_send(q, "x", 1, 0));
    char buf[8];
    EXPECT_EQ(1, mq_receive(q, buf, sizeof(buf), nullptr));
  });
  EXPECT_OK(mq_unlink(name.c_str()));
  mq_close(q);
}

// --- other ABIs and unknown numbers ---

TEST(SeccompAbi, Ia32GetpidThroughInt80IsCapmodeInsideAndWorksOutside) {
  RunInChild([] {
    EXPECT_EQ(getpid(), Int80(kIa32Getpid)) << "int $0x80 outside capability mode";
    ASSERT_OK(cap_enter());
    EXPECT_EQ(-ECAPMODE, Int80(kIa32Getpid)) << "int $0x80 inside";
  });
}

TEST(SeccompAbi, Ia32ReadOfAnUnlimitedDescriptorIsCapmode) {
  int p[2];
  ASSERT_OK(pipe2(p, O_CLOEXEC));
  ASSERT_EQ(1, write(p[1], "x", 1));
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    void* low =
        mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    ASSERT_NE(MAP_FAILED, low) << DescribeErrno(errno);
    EXPECT_EQ(-ECAPMODE, Int80(kIa32Read, p[0], reinterpret_cast<long>(low), 1));
    char c = 0;
    EXPECT_EQ(1, read(p[0], &c, 1)) << "the refused ia32 read consumed the byte";
  });
  close(p[0]);
  close(p[1]);
}

// x32 syscalls are the x86-64 numbers with bit 30.  Debian's kernels have x32 off unless
// booted with syscall.x32=y: outside capability mode getpid through x32 is ENOSYS or the pid.
TEST(SeccompAbi, X32GetpidIsCapmodeInside) {
  RunInChild([] {
    errno = 0;
    const long outside = syscall(kX32SyscallBit | SYS_getpid);
    EXPECT_TRUE(outside == getpid() || (outside == -1 && errno == ENOSYS))
        << "x32 getpid outside: " << outside << ", " << DescribeErrno(errno);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(kX32SyscallBit | SYS_getpid));
    EXPECT_CAPMODE(syscall(kX32SyscallBit | 512));  // x32's own rt_sigaction
  });
}

// Numbers no table of the module has: what they would do cannot be known, so they are refused
// (on these kernels they do not exist: ENOSYS outside).
TEST(SeccompAbi, NumbersAboveTheTablesAreCapmodeInsideAndEnosysOutside) {
  RunInChild([] {
    EXPECT_SYSCALL_FAIL(ENOSYS, syscall(kNrBeyondTheTables));
    EXPECT_SYSCALL_FAIL(ENOSYS, syscall(1000));
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(syscall(kNrBeyondTheTables));
    EXPECT_CAPMODE(syscall(1000));
    EXPECT_CAPMODE(syscall(-1L));
  });
}

// --- what stays allowed ---

TEST(SeccompAllowed, EverydaySyscallsWork) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_EQ(2, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
    EXPECT_OK(getppid());
    int p[2];
    EXPECT_OK(pipe2(p, O_CLOEXEC));
    EXPECT_OK(memfd_create("capsicum", MFD_CLOEXEC));
    EXPECT_OK(eventfd(0, EFD_CLOEXEC));
    EXPECT_OK(epoll_create1(EPOLL_CLOEXEC));
    EXPECT_OK(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC));
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    EXPECT_OK(sigprocmask(SIG_BLOCK, &set, nullptr));
    EXPECT_OK(signalfd(-1, &set, SFD_CLOEXEC));
    struct timespec ts;
    EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &ts));
    ts = {0, 1000};
    EXPECT_OK(nanosleep(&ts, nullptr));
    char r[8];
    EXPECT_EQ(8, getrandom(r, sizeof(r), 0));
    void* m = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_NE(MAP_FAILED, m);
    EXPECT_OK(mprotect(m, 4096, PROT_READ));
    EXPECT_OK(madvise(m, 4096, MADV_DONTNEED));
    EXPECT_OK(munmap(m, 4096));
    EXPECT_OK(setpriority(PRIO_PROCESS, 0, 1));
    EXPECT_OK(prctl(PR_SET_NAME, "capsicum", 0, 0, 0));
  });
}

// --- inheritance: fork, threads, exec ---

TEST(SeccompInherit, ForkChildRunsTheFilter) {
  RunInChild([] {
    const int status = StatusOfChildMadeInside([] {
      EXPECT_OK(cap_enter());
      fflush(stdout);
      const pid_t child = fork();
      if (child == 0) _exit(SeccompReport());
      EXPECT_OK(child);
      return child;
    });
    ASSERT_TRUE(WIFEXITED(status)) << DescribeWaitStatus(status);
    EXPECT_EQ(0, WEXITSTATUS(status)) << DescribeSeccompReport(WEXITSTATUS(status));
  });
}

// Threads that exist before cap_enter() get the filter too (TSYNC), at once.
TEST(SeccompInherit, ThreadsStartedBeforeEnteringRunTheFilter) {
  RunInChild([] {
    int go[2];
    ASSERT_OK(pipe2(go, O_CLOEXEC));
    std::atomic<int> bits[2] = {{-1}, {-1}};
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; i++) {
      threads.emplace_back([&, i] {
        char c;
        if (read(go[0], &c, 1) == 1) bits[i] = SeccompReport();
      });
    }
    const int entered = cap_enter();
    EXPECT_EQ(2, write(go[1], "xx", 2));
    for (auto& t : threads) t.join();
    ASSERT_OK(entered);
    for (int i = 0; i < 2; i++)
      EXPECT_EQ(0, bits[i].load()) << "thread " << i << ": " << DescribeSeccompReport(bits[i]);
  });
}

TEST(SeccompInherit, ThreadStartedAfterEnteringRunsTheFilter) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    int bits = -1;
    std::thread thread([&] { bits = SeccompReport(); });
    thread.join();
    EXPECT_EQ(0, bits) << DescribeSeccompReport(bits);
  });
}

// The filter survives fexecve: the program exec'd from a descriptor opened before cap_enter()
// (this binary, as `--report-seccomp`) runs it.
TEST(SeccompInherit, FilterSurvivesFexecve) {
  RunInChild([] {
    const int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    ASSERT_OK(exe);
    const int status = StatusOfChildMadeInside([exe] {
      EXPECT_OK(cap_enter());
      fflush(stdout);
      const pid_t child = fork();
      if (child == 0) {
        alarm(kWatchdogSeconds);
        char arg0[] = "capsicum-e2e";
        char* argv[] = {arg0, const_cast<char*>(kReportSeccompFlag), nullptr};
        syscall(SYS_execveat, exe, "", argv, environ, AT_EMPTY_PATH);
        printf("[exec] execveat: %s\n", DescribeErrno(errno).c_str());
        fflush(stdout);
        _exit(kExitExecFailed);
      }
      EXPECT_OK(child);
      return child;
    });
    ASSERT_TRUE(WIFEXITED(status)) << DescribeWaitStatus(status);
    EXPECT_EQ(0, WEXITSTATUS(status)) << DescribeSeccompReport(WEXITSTATUS(status));
  });
}

// Entering again is a no-op that keeps the filter (the library installs no second one: the
// host tests CapEnterSeccomp.* show what it asks the module).
TEST(SeccompInherit, EnteringAgainKeepsTheFilter) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    ASSERT_OK(cap_enter());
    EXPECT_EQ(0, SeccompReport());
  });
}

// --- CAPSICUM_IOC_ENTER demands the filter on every thread ---

class SeccompEnter : public DeviceTest {
 protected:
  // The module's filter, from CAPSICUM_IOC_SECCOMP_FILTER.
  std::vector<struct sock_filter> Filter() {
    struct capsicum_seccomp_filter_arg arg = {};
    arg.size = sizeof(arg);
    EXPECT_SYSCALL_FAIL(ENOSPC, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &arg));
    std::vector<struct sock_filter> prog(arg.count);
    arg.filter = reinterpret_cast<uintptr_t>(prog.data());
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &arg));
    EXPECT_EQ(prog.size(), arg.count);
    return prog;
  }

  static long Install(std::vector<struct sock_filter>& prog, unsigned flags) {
    struct sock_fprog fprog = {static_cast<unsigned short>(prog.size()), prog.data()};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
  }

  // Not in capability mode by the module's account, and the namespace still open.
  void ExpectOutside() {
    struct capsicum_mode m = {};
    m.size = sizeof(m);
    ASSERT_OK(ioctl(dev_, CAPSICUM_IOC_GETMODE, &m));
    EXPECT_EQ(0u, m.mode);
    // A directory descriptor, so not refused by number: the kernel's own answer comes back.
    EXPECT_SYSCALL_FAIL(EBADF, syscall(SYS_openat, 3000, "x", O_RDONLY));
  }
};

TEST_F(SeccompEnter, RawEnterWithoutTheFilterIsEpermAndChangesNothing) {
  RunInChild([&] {
    EXPECT_SYSCALL_FAIL(EPERM, ioctl(dev_, CAPSICUM_IOC_ENTER));
    ExpectOutside();
    EXPECT_EQ(0, prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
    EXPECT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)) << "a refused ENTER set no_new_privs";
    const int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    EXPECT_OK(fd);
    close(fd);
  });
}

// A filter on the calling thread only (no TSYNC) while another thread runs none: refused.
TEST_F(SeccompEnter, RawEnterWithTheFilterOnOneThreadOfTwoIsEperm) {
  RunInChild([&] {
    int go[2];
    ASSERT_OK(pipe2(go, O_CLOEXEC));
    std::thread other([&] {
      char c;
      (void)!read(go[0], &c, 1);
    });
    auto prog = Filter();
    ASSERT_OK(Install(prog, 0));
    EXPECT_SYSCALL_FAIL(EPERM, ioctl(dev_, CAPSICUM_IOC_ENTER));
    ExpectOutside();
    EXPECT_EQ(1, write(go[1], "x", 1));
    other.join();
  });
}

// With the filter installed by TSYNC on both threads, the raw ENTER works: this is what
// cap_enter() does.
TEST_F(SeccompEnter, RawEnterAfterTsyncOfTheFilterSucceeds) {
  RunInChild([&] {
    int go[2];
    ASSERT_OK(pipe2(go, O_CLOEXEC));
    std::atomic<int> bits{-1};
    std::thread other([&] {
      char c;
      if (read(go[0], &c, 1) == 1) bits = SeccompReport();
    });
    auto prog = Filter();
    ASSERT_OK(Install(prog, SECCOMP_FILTER_FLAG_TSYNC));
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_ENTER));
    struct capsicum_mode m = {};
    m.size = sizeof(m);
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_GETMODE, &m));
    EXPECT_EQ(1u, m.mode);
    EXPECT_EQ(1, write(go[1], "x", 1));
    other.join();
    EXPECT_EQ(0, bits.load()) << DescribeSeccompReport(bits);
  });
}

// The module checks that one filter runs on every thread, not which one (uapi: EPERM): a
// program that installs its own gets what it installed.  Pinned so that a change is noticed.
TEST_F(SeccompEnter, RawEnterAcceptsAnyFilterThatRunsOnEveryThread) {
  RunInChild([&] {
    std::vector<struct sock_filter> allow = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    ASSERT_OK(Install(allow, SECCOMP_FILTER_FLAG_TSYNC));
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_ENTER));
    EXPECT_CAPMODE(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  });
}

// Already in capability mode, entering again needs nothing new (today's behaviour).
TEST_F(SeccompEnter, RawEnterInCapabilityModeSucceeds) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(ioctl(dev_, CAPSICUM_IOC_ENTER));
  });
}

// --- CAPSICUM_IOC_SECCOMP_FILTER ---

using SeccompFilterIoctl = SeccompEnter;

TEST_F(SeccompFilterIoctl, TooSmallIsEnospcWithTheLengthAndWritesNothing) {
  struct capsicum_seccomp_filter_arg arg = {};
  arg.size = sizeof(arg);
  EXPECT_SYSCALL_FAIL(ENOSPC, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &arg));
  const uint32_t len = arg.count;
  EXPECT_GT(len, 100u);
  EXPECT_LE(len, 4096u) << "BPF_MAXINSNS";
  std::vector<struct sock_filter> prog(len);
  memset(prog.data(), 0xa5, len * sizeof(prog[0]));
  arg.count = len - 1;
  arg.filter = reinterpret_cast<uintptr_t>(prog.data());
  EXPECT_SYSCALL_FAIL(ENOSPC, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &arg));
  EXPECT_EQ(len, arg.count);
  EXPECT_EQ(0xa5a5a5a5u, prog[0].k) << "a short buffer was written";
}

TEST_F(SeccompFilterIoctl, TheSameFilterEveryTimeStartingWithTheArchCheck) {
  auto a = Filter();
  auto b = Filter();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(0, memcmp(a.data(), b.data(), a.size() * sizeof(a[0])));
  ASSERT_GE(a.size(), 3u);
  EXPECT_EQ(BPF_LD | BPF_W | BPF_ABS, a[0].code);
  EXPECT_EQ(offsetof(struct seccomp_data, arch), a[0].k);
  EXPECT_EQ(BPF_RET | BPF_K, a.back().code);
}

TEST_F(SeccompFilterIoctl, SizeChecksAsForTheOtherIoctls) {
  struct {
    struct capsicum_seccomp_filter_arg arg;
    uint64_t extra;
  } big = {};
  big.arg.size = CAPSICUM_SECCOMP_FILTER_ARG_SIZE_VER0 - 4;
  EXPECT_SYSCALL_FAIL(EINVAL, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &big));
  big.arg.size = sizeof(big);
  big.extra = 1;
  EXPECT_SYSCALL_FAIL(E2BIG, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &big));
  big.extra = 0;
  EXPECT_SYSCALL_FAIL(ENOSPC, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &big));
  EXPECT_GT(big.arg.count, 0u);
  big.arg.filter = 8;  // unmapped
  EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &big));
  EXPECT_SYSCALL_FAIL(EFAULT, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, nullptr));
}

TEST_F(SeccompFilterIoctl, AllowedInCapabilityMode) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    struct capsicum_seccomp_filter_arg arg = {};
    arg.size = sizeof(arg);
    EXPECT_SYSCALL_FAIL(ENOSPC, ioctl(dev_, CAPSICUM_IOC_SECCOMP_FILTER, &arg));
    EXPECT_GT(arg.count, 0u);
  });
}

}  // namespace
}  // namespace capsicum_e2e
