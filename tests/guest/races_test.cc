// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: races on descriptor slots (ABI 2) and a leak check of the module's records.
//
// Each hammer runs two threads for about kHammerTime and is built so that a violation shows
// up as data: a byte in a pipe nobody may write to, or a byte read from a file nobody may
// read.  There are no timing assertions: the counts printed at the end only say how often
// each state was seen.  Under QEMU TCG a hammer takes 1-2 s; one that has not yet seen every
// state it must see goes on, up to kHammerMax (HammerClock).
//
// RightsLeak cycles open/limit/dup/close (and fork/exit) many times and checks that the
// module's counters of live slot records and limited files come back to where they were.
// All tests fail (they are not skipped) on a module older than ABI 2.
#include <fcntl.h>
#include <linux/capsicum.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "abi2_test.h"

namespace capsicum_e2e {
namespace {

using Clock = std::chrono::steady_clock;

// How long each hammer runs.
constexpr auto kHammerTime = std::chrono::milliseconds(1500);
// A hammer that must see both states of its slot (else "no race ran") goes on past
// kHammerTime until it has, for at most this long: on a starved host (a guest sharing its
// CPUs with other guests) 1.5 s can pass without the two threads ever interleaving.
constexpr auto kHammerMax = std::chrono::seconds(30);

// The loop condition of such a hammer: before kHammerTime, or later while it has not yet
// seen every state (`saw_all`), until kHammerMax.
class HammerClock {
 public:
  bool KeepGoing(bool saw_all) const {
    const auto t = Clock::now() - start_;
    return t < kHammerTime || (!saw_all && t < kHammerMax);
  }

 private:
  const Clock::time_point start_ = Clock::now();
};

// The leak check: cycles of open, limit (rights, fcntls, ioctls), dup, limit, close; every
// kForkEvery cycles a child is forked while both descriptors are open, limits its copy and
// exits.  The copy is limited while the original is still open in every kSharedEvery-th cycle
// (the module then looks for every other descriptor of the file, a walk over every thread of
// the system: about 280 us under TCG, against 30 us otherwise), and after the original was
// closed in the others.  The limits go straight to one descriptor of /dev/capsicum (the
// library fstat()s its descriptor before each call) and the file is opened by a name relative
// to the scratch directory: the same module paths as the library and an absolute path, at
// about 300 us a cycle instead of 800.  1e5 cycles: see docs/testing.md for the time.
constexpr int kLeakCycles = 100000;
constexpr int kForkEvery = 100;
constexpr int kSharedEvery = 10;
static_assert(kForkEvery % kSharedEvery == 0, "every forking cycle limits with both open");

class RightsRaceTest : public Abi2Test {
 protected:
  ScratchDir scratch_;
};

using RightsRace = RightsRaceTest;
using RightsLeak = RightsRaceTest;

// Reads whatever is in a non-blocking pipe; returns the bytes.
std::string Drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

// A pipe whose write end is limited to READ|FSTAT: any byte in it is a violation.  The
// other pipe's write end keeps every right.
struct TwoPipes {
  Pipe limited;
  Pipe open;
  struct stat limited_st {};
  bool Open() {
    if (!limited.Open(O_NONBLOCK) || !open.Open(O_NONBLOCK)) return false;
    if (fstat(limited.w, &limited_st) != 0) {
      ADD_FAILURE() << "fstat: " << DescribeErrno(errno);
      return false;
    }
    const cap_rights_t rights = Rights({CAP_READ, CAP_FSTAT});
    if (cap_rights_limit(limited.w, &rights) != 0) {
      ADD_FAILURE() << "cap_rights_limit: " << DescribeErrno(errno);
      return false;
    }
    errno = 0;
    if (!(write(limited.w, "x", 1) == -1 && errno == ENOTCAPABLE)) {
      ADD_FAILURE() << "a write to the limited pipe was not refused before the race: "
                    << DescribeErrno(errno);
      return false;
    }
    return true;
  }
  void Close() {
    limited.Close();
    open.Close();
  }
  // The verdict: no byte ever reached the limited pipe.
  void ExpectNothingLeaked(const char* how) {
    const std::string leaked = Drain(limited.r);
    EXPECT_EQ("", leaked) << leaked.size() << " byte(s) were written " << how
                          << " into a pipe whose write end has no CAP_WRITE";
  }
};

// Thread A swaps slot N between the limited pipe's write end and the open pipe's with dup2;
// thread B writes to N.  A write may land in the open pipe or be refused; it must never
// land in the limited one.
TEST_F(RightsRace, Dup2SwapsNeverLetAWriteIntoTheLimitedPipe) {
  TwoPipes pipes;
  ASSERT_TRUE(pipes.Open());
  const int slot = dup(pipes.open.w);
  ASSERT_OK(slot);
  std::atomic<bool> stop{false};
  std::atomic<long> swaps{0};
  std::atomic<long> swap_errors{0};
  std::thread swapper([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      if (dup2(pipes.limited.w, slot) != slot) swap_errors++;
      if (dup2(pipes.open.w, slot) != slot) swap_errors++;
      swaps++;
    }
  });
  long written = 0, refused = 0, full = 0, other = 0;
  int other_errno = 0;
  const HammerClock hammer;
  for (long i = 0; hammer.KeepGoing(written > 0 && refused > 0); i++) {
    errno = 0;
    const ssize_t r = write(slot, "x", 1);
    if (r == 1) {
      written++;
    } else if (errno == ENOTCAPABLE) {
      refused++;
    } else if (errno == EAGAIN) {
      full++;
      Drain(pipes.open.r);
    } else {
      other++;
      other_errno = errno;
    }
    if ((i & 1023) == 0) Drain(pipes.open.r);
  }
  stop = true;
  swapper.join();
  printf("[race] dup2 swaps %ld; writes: %ld written, %ld refused, %ld pipe full\n", swaps.load(),
         written, refused, full);
  pipes.ExpectNothingLeaked("through a slot swapped by dup2");
  EXPECT_EQ(0, other) << "last unexpected write errno: " << DescribeErrno(other_errno);
  EXPECT_EQ(0, swap_errors.load());
  EXPECT_GT(written, 0) << "the slot never held the open pipe when written: no race ran";
  EXPECT_GT(refused, 0) << "the slot never held the limited pipe when written: no race ran";
  close(slot);
  pipes.Close();
}

// The child of a fork that races cap_rights_limit in another thread.  Raw ioctls, write and
// _exit only (the parent has threads).  0: the child's rights are one of the two sets the
// parent ever had, and enforcement agrees with them.
int ForkRaceChild(int dev, int fd, unsigned char tag, const cap_rights_t& all,
                  const cap_rights_t& limited) {
  struct capsicum_rights_arg a;
  memset(&a, 0, sizeof(a));
  a.size = sizeof(a);
  a.fd = fd;
  if (ioctl(dev, CAPSICUM_IOC_RIGHTS_GET, &a) != 0) return 10;
  const bool is_all =
      a.rights.cr_rights[0] == all.cr_rights[0] && a.rights.cr_rights[1] == all.cr_rights[1];
  const bool is_limited = a.rights.cr_rights[0] == limited.cr_rights[0] &&
                          a.rights.cr_rights[1] == limited.cr_rights[1];
  if (!is_all && !is_limited) return 11;
  errno = 0;
  const ssize_t w = write(fd, &tag, 1);
  if (is_limited && w == 1) return 12;
  if (is_limited && errno != ENOTCAPABLE) return 13;
  if (is_all && w != 1) return errno == ENOTCAPABLE ? 14 : 15;
  return 0;
}

// Two threads dup2 two differently limited descriptors of one pipe's write end onto slot N
// (window 4 of docs/design.md: the last observer to run may not be the last install), a
// third writes to N.  Neither source has CAP_WRITE, so whatever N ends with, no write may land.
TEST_F(RightsRace, ConcurrentDup2sOfTwoLimitedCopiesNeverLetAWrite) {
  Pipe pipe;
  ASSERT_TRUE(pipe.Open(O_NONBLOCK));
  const int a = dup(pipe.w);
  const int b = dup(pipe.w);
  ASSERT_OK(a);
  ASSERT_OK(b);
  const cap_rights_t read_fstat = Rights({CAP_READ, CAP_FSTAT});
  const cap_rights_t fstat_seek = Rights({CAP_FSTAT, CAP_SEEK});
  ASSERT_OK(cap_rights_limit(a, &read_fstat));
  ASSERT_OK(cap_rights_limit(b, &fstat_seek));
  // Only the two limited copies are left to write through.
  close(pipe.w);
  pipe.w = -1;
  const int slot = dup(a);
  ASSERT_OK(slot);
  std::atomic<bool> stop{false};
  std::atomic<long> swaps{0};
  auto swapper = [&](int from) {
    while (!stop.load(std::memory_order_relaxed)) {
      if (dup2(from, slot) == slot) swaps++;
    }
  };
  std::thread t1(swapper, a);
  std::thread t2(swapper, b);
  long written = 0, refused = 0, other = 0;
  const HammerClock hammer;
  while (hammer.KeepGoing(refused > 0)) {
    errno = 0;
    if (write(slot, "x", 1) == 1)
      written++;
    else if (errno == ENOTCAPABLE)
      refused++;
    else
      other++;
  }
  stop = true;
  t1.join();
  t2.join();
  printf("[race] concurrent dup2s %ld; writes: %ld written, %ld refused, %ld other\n", swaps.load(),
         written, refused, other);
  EXPECT_EQ(0, written) << "writes went through a slot whose sources both lack CAP_WRITE";
  EXPECT_EQ("", Drain(pipe.r));
  EXPECT_EQ(0, other);
  EXPECT_GT(refused, 0);
  for (const int fd : {a, b, slot}) close(fd);
  pipe.Close();
}

// Thread A limits a pipe's write end (all rights -> READ) while thread B forks children
// that report their rights and write a tag byte.  A child forked after the limit returned
// must not be able to write: its tag in the pipe is the violation.  Every child's rights
// must be one of the two sets the parent had, and match what enforcement does.
TEST_F(RightsRace, ForkRacingALimitNeverGivesTheChildMoreRightsThanTheParent) {
  const int dev = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
  ASSERT_OK(dev);
  const cap_rights_t all = AllRights();
  const cap_rights_t read_only = Rights({CAP_READ});
  constexpr size_t kMaxChildren = 64;
  long rounds = 0, children_total = 0, wrote_before = 0, refused_before = 0;
  const char* codes[] = {"",
                         "cap_rights_get failed",
                         "rights neither all nor the limit",
                         "rights say limited but the write went through",
                         "rights say limited but the write failed otherwise",
                         "rights say all but the write was refused",
                         "rights say all but the write failed otherwise"};
  const auto deadline = Clock::now() + kHammerTime;
  while (Clock::now() < deadline && !HasFailure()) {
    Pipe p;
    ASSERT_TRUE(p.Open(O_NONBLOCK));
    std::atomic<bool> go{false};
    std::atomic<bool> limited{false};
    int limit_rc = -1;
    const long spin = (rounds % 16) * 500;
    std::thread limiter([&] {
      while (!go.load(std::memory_order_acquire)) {
      }
      for (long i = 0; i < spin; i++) asm volatile("" ::: "memory");
      limit_rc = cap_rights_limit(p.w, &read_only);
      limited.store(true, std::memory_order_release);
    });
    struct Child {
      pid_t pid;
      bool after_limit;
    };
    std::vector<Child> children;
    int after = 0;
    fflush(stdout);
    fflush(stderr);
    go.store(true, std::memory_order_release);
    while (children.size() < kMaxChildren && after < 2) {
      const bool after_limit = limited.load(std::memory_order_acquire);
      const unsigned char tag = static_cast<unsigned char>(children.size());
      const pid_t pid = fork();
      if (pid == 0) _exit(ForkRaceChild(dev, p.w, tag, all, read_only));
      if (pid < 0) {
        ADD_FAILURE() << "fork: " << DescribeErrno(errno);
        break;
      }
      children.push_back({pid, after_limit});
      if (after_limit) after++;
    }
    limiter.join();
    EXPECT_EQ(0, limit_rc);
    for (size_t i = 0; i < children.size(); i++) {
      const int status = WaitForChild(children[i].pid);
      const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      if (code != 0) {
        const char* what = code >= 10 && code <= 15 ? codes[code - 9] : "died";
        ADD_FAILURE() << "round " << rounds << " child " << i
                      << (children[i].after_limit ? " (forked after the limit)" : "") << ": "
                      << DescribeWaitStatus(status) << ": " << what;
      }
    }
    for (const char c : Drain(p.r)) {
      const size_t tag = static_cast<unsigned char>(c);
      if (tag < children.size() && children[tag].after_limit)
        ADD_FAILURE() << "round " << rounds << ": child " << tag
                      << ", forked after cap_rights_limit returned, wrote to the limited pipe";
      else if (tag < children.size())
        wrote_before++;
      else
        ADD_FAILURE() << "round " << rounds << ": unknown byte " << tag << " in the pipe";
    }
    for (const Child& c : children)
      if (!c.after_limit) refused_before++;
    children_total += static_cast<long>(children.size());
    rounds++;
    p.Close();
  }
  refused_before -= wrote_before;
  printf(
      "[race] fork vs limit: %ld rounds, %ld children; forked before the limit returned: "
      "%ld wrote, %ld were already limited\n",
      rounds, children_total, wrote_before, refused_before);
  EXPECT_GT(rounds, 0);
  close(dev);
}

// Thread A swaps the sender's slot N with dup2 (as above); thread B sends N over an AF_UNIX
// socket with SCM_RIGHTS, receives it, and writes through the received descriptor.  The
// limited pipe's descriptor must arrive with no more than READ|FSTAT and never write.
TEST_F(RightsRace, ScmRightsSendRacingDup2NeverCarriesMoreRightsThanTheSlotHad) {
  TwoPipes pipes;
  ASSERT_TRUE(pipes.Open());
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  const int slot = dup(pipes.open.w);
  ASSERT_OK(slot);
  const cap_rights_t limited_rights = Rights({CAP_READ, CAP_FSTAT});
  const cap_rights_t all = AllRights();
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      dup2(pipes.limited.w, slot);
      dup2(pipes.open.w, slot);
    }
  });
  long got_limited = 0, got_open = 0, unidentified = 0, fewer = 0, too_many = 0, wrote_limited = 0,
       errors = 0;
  int last_errno = 0;
  const HammerClock hammer;
  for (long i = 0; hammer.KeepGoing(got_limited > 0 && got_open > 0); i++) {
    if (SendFd(sv[0], slot) != 0) {
      errors++;
      last_errno = errno;
      continue;
    }
    const int got = RecvFd(sv[1]);
    if (got < 0) {
      errors++;
      last_errno = errno;
      continue;
    }
    cap_rights_t rights;
    memset(&rights, 0, sizeof(rights));
    const bool have_rights = cap_rights_get(got, &rights) == 0;
    struct stat st;
    const bool identified = fstat(got, &st) == 0;
    const bool is_limited =
        identified && st.st_ino == pipes.limited_st.st_ino && st.st_dev == pipes.limited_st.st_dev;
    if (!identified) {
      unidentified++;  // no CAP_FSTAT: fewer rights than either slot state had
    } else if (is_limited) {
      got_limited++;
      if (!have_rights || !cap_rights_contains(&limited_rights, &rights)) too_many++;
    } else {
      got_open++;
      if (!have_rights || !cap_rights_contains(&rights, &all)) fewer++;
    }
    errno = 0;
    if (write(got, "x", 1) == 1 && is_limited) wrote_limited++;
    close(got);
    if ((i & 255) == 0) Drain(pipes.open.r);
  }
  stop = true;
  swapper.join();
  printf(
      "[race] SCM_RIGHTS vs dup2: received the limited pipe %ld times, the open pipe %ld "
      "times (%ld of them with fewer rights than the slot had: fail-safe), unidentified "
      "%ld\n",
      got_limited, got_open, fewer, unidentified);
  pipes.ExpectNothingLeaked("through a descriptor received with SCM_RIGHTS");
  EXPECT_EQ(0, too_many) << "receptions of the limited pipe with more than READ|FSTAT";
  EXPECT_EQ(0, wrote_limited);
  EXPECT_EQ(0, errors) << "last error: " << DescribeErrno(last_errno);
  EXPECT_GT(got_limited, 0) << "never sent while the slot held the limited pipe: no race ran";
  EXPECT_GT(got_open, 0) << "never sent while the slot held the open pipe: no race ran";
  close(slot);
  close(sv[0]);
  close(sv[1]);
  pipes.Close();
}

// Thread A closes slot N and refills it, in turn, by open() of a public file (all rights),
// by fcntl(F_DUPFD) of a descriptor of a secret file limited to FSTAT (no READ), and by
// receiving that descriptor with SCM_RIGHTS; each lands on N, the lowest free number.
// Thread B reads N.  Reading the public file is fine; no byte of the secret may ever be
// read, and the secret open file's offset (shared by every copy) must stay 0.
TEST_F(RightsRace, CloseAndReuseOfASlotNeverLetsAReadThroughAFileLimitedWithoutRead) {
  const std::string secret = scratch_.Path("secret");
  const std::string pub = scratch_.Path("public");
  WriteFile(secret, std::string(4096, 'S'));
  WriteFile(pub, std::string(4096, 'p'));
  const int base = open(secret.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(base);
  const int lim = dup(base);
  ASSERT_OK(lim);
  const cap_rights_t fstat_only = Rights({CAP_FSTAT});
  ASSERT_OK(cap_rights_limit(lim, &fstat_only));
  char c;
  EXPECT_NOTCAPABLE(read(lim, &c, 1));
  int sv[2];
  ASSERT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  // The slot: the lowest free number now, and (nothing else opening) after every close.
  const int slot = open(pub.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_OK(slot);

  std::atomic<bool> stop{false};
  std::atomic<long> refills{0};
  std::atomic<long> misplaced{0};
  std::thread refiller([&] {
    for (long i = 0; !stop.load(std::memory_order_relaxed); i++) {
      close(slot);
      int got = -1;
      switch (i % 3) {
        case 0:
          got = open(pub.c_str(), O_RDONLY | O_CLOEXEC);
          break;
        case 1:
          got = fcntl(lim, F_DUPFD_CLOEXEC, slot);
          break;
        default:
          got = SendFd(sv[0], lim) == 0 ? RecvFd(sv[1]) : -1;
          break;
      }
      if (got != slot) {
        misplaced++;
        if (got >= 0) close(got);
      }
      refills++;
    }
  });
  long public_reads = 0, secret_reads = 0, eof = 0, refused = 0, closed = 0, other = 0;
  int other_errno = 0;
  char buf[64];
  const HammerClock hammer;
  while (hammer.KeepGoing(public_reads > 0 && refused > 0)) {
    errno = 0;
    const ssize_t r = read(slot, buf, sizeof(buf));
    if (r > 0) {
      if (memchr(buf, 'S', static_cast<size_t>(r)) != nullptr)
        secret_reads++;
      else
        public_reads++;
    } else if (r == 0) {
      eof++;
    } else if (errno == ENOTCAPABLE) {
      refused++;
    } else if (errno == EBADF) {
      closed++;
    } else {
      other++;
      other_errno = errno;
    }
  }
  stop = true;
  refiller.join();
  printf("[race] close/reuse: %ld refills; reads: %ld public, %ld refused, %ld closed, %ld eof\n",
         refills.load(), public_reads, refused, closed, eof);
  EXPECT_EQ(0, secret_reads) << "reads returned bytes of a file limited without CAP_READ";
  EXPECT_EQ(0, lseek(base, 0, SEEK_CUR))
      << "the secret file's offset moved: something read it through a limited descriptor";
  EXPECT_EQ(0, other) << "last unexpected errno: " << DescribeErrno(other_errno);
  EXPECT_EQ(0, misplaced.load()) << "refills that did not land on the slot";
  EXPECT_GT(public_reads, 0) << "the public file was never read: no race ran, or a reused "
                                "slot kept the old limit";
  EXPECT_GT(refused, 0) << "the slot never held the secret file when read: no race ran";
  for (const int x : {slot, lim, base, sv[0], sv[1]}) close(x);
}

// Counters after earlier tests' RCU-deferred frees have finished: two reads 100 ms apart
// agree (at most 2 s).
SlotCounters SettledCounters() {
  SlotCounters last = ReadSlotCounters();
  for (int i = 0; i < 20 && last.ok; i++) {
    usleep(100 * 1000);
    const SlotCounters now = ReadSlotCounters();
    if (!now.ok) return now;
    if (now.slot_entries == last.slot_entries && now.limited_files == last.limited_files)
      return now;
    last = now;
  }
  return last;
}

// CAPSICUM_IOC_RIGHTS_LIMIT, _FCNTLS_LIMIT and _IOCTLS_LIMIT on one descriptor of
// /dev/capsicum, kept for the whole leak test (above stdio and the test's own numbers).
class LimitDevice {
 public:
  LimitDevice() {
    const int low = open(CAPSICUM_DEVICE, O_RDWR | O_CLOEXEC);
    if (low < 0) return;
    fd_ = fcntl(low, F_DUPFD_CLOEXEC, 512);
    close(low);
  }
  ~LimitDevice() {
    if (fd_ >= 0) close(fd_);
  }
  LimitDevice(const LimitDevice&) = delete;
  LimitDevice& operator=(const LimitDevice&) = delete;

  bool ok() const { return fd_ >= 0; }
  int Rights(int fd, const cap_rights_t& rights) const {
    struct capsicum_rights_arg a;
    memset(&a, 0, sizeof(a));
    a.size = sizeof(a);
    a.fd = fd;
    static_assert(sizeof(a.rights) == sizeof(rights), "cap_rights_t is struct cap_rights");
    memcpy(&a.rights, &rights, sizeof(rights));
    return ioctl(fd_, CAPSICUM_IOC_RIGHTS_LIMIT, &a);
  }
  int Fcntls(int fd, uint32_t fcntls) const {
    struct capsicum_fcntls_arg a;
    memset(&a, 0, sizeof(a));
    a.size = sizeof(a);
    a.fd = fd;
    a.fcntls = fcntls;
    return ioctl(fd_, CAPSICUM_IOC_FCNTLS_LIMIT, &a);
  }
  int Ioctls(int fd, const cap_ioctl_t* cmds, int64_t ncmds) const {
    struct capsicum_ioctls_arg a;
    memset(&a, 0, sizeof(a));
    a.size = sizeof(a);
    a.fd = fd;
    a.cmds = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(cmds));
    a.ncmds = ncmds;
    return ioctl(fd_, CAPSICUM_IOC_IOCTLS_LIMIT, &a);
  }

 private:
  int fd_ = -1;
};

TEST_F(RightsLeak, SlotRecordsAndLimitedFilesReturnToTheirStartAfterManyCycles) {
  WriteFile(scratch_.Path("data"), "0123456789");
  const int dir = open(scratch_.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_OK(dir);
  const LimitDevice limit;
  ASSERT_TRUE(limit.ok()) << CAPSICUM_DEVICE << ": " << DescribeErrno(errno);
  const SlotCounters before = SettledCounters();
  ASSERT_TRUE(before.ok) << before.error;
  const cap_rights_t first = Rights({CAP_READ, CAP_FSTAT, CAP_FCNTL, CAP_IOCTL});
  const cap_rights_t second = Rights({CAP_READ});
  const cap_rights_t none = Rights({});
  const cap_ioctl_t cmds[2] = {FIONREAD, FIONBIO};
  long errors = 0;
  int first_errno = 0;
  const char* first_error = nullptr;
  auto fail = [&](const char* what) {
    if (errors++ == 0) {
      first_errno = errno;
      first_error = what;
    }
  };
  const auto start = Clock::now();
  for (int i = 0; i < kLeakCycles; i++) {
    // A new open file every cycle: its limited-file record is made and freed.
    const int fd = openat(dir, "data", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      fail("open");
      continue;
    }
    if (limit.Rights(fd, first) != 0) fail("limit rights");
    if (limit.Fcntls(fd, CAP_FCNTL_GETFL) != 0) fail("limit fcntls");
    if (limit.Ioctls(fd, cmds, 2) != 0) fail("limit ioctls");
    const int copy = dup(fd);
    if (copy < 0) fail("dup");
    if (i == 0) {
      // The counters must see these two descriptors, or the check below proves nothing.
      const SlotCounters during = ReadSlotCounters();
      EXPECT_TRUE(during.ok) << during.error;
      EXPECT_GE(during.slot_entries, before.slot_entries + 2)
          << "two limited descriptors are open but slot_entries did not grow by 2";
      EXPECT_GE(during.limited_files, before.limited_files + 1)
          << "a limited open file exists but limited_files did not grow";
    }
    if (i % kSharedEvery != 0) {
      // The original goes first; the copy is then the file's only descriptor.
      close(fd);
      if (copy >= 0 && limit.Rights(copy, second) != 0) fail("limit rights(copy, alone)");
      if (copy >= 0) close(copy);
      continue;
    }
    if (copy >= 0 && limit.Rights(copy, second) != 0) fail("limit rights(copy)");
    if (i % kForkEvery == 0) {
      const pid_t pid = fork();
      if (pid == 0) {
        const int rc = copy >= 0 ? limit.Rights(copy, none) : 0;
        _exit(rc == 0 ? 0 : 1);
      }
      if (pid < 0) {
        fail("fork");
      } else {
        const int status = WaitForChild(pid);
        if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) fail("child");
      }
    }
    if (copy >= 0) close(copy);
    close(fd);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(0, errors) << "first failure: " << (first_error ? first_error : "") << ": "
                       << DescribeErrno(first_errno);
  // Frees are RCU-deferred: give them up to 2 s.
  SlotCounters after = ReadSlotCounters();
  for (int i = 0;
       i < 40 && after.ok &&
       (after.slot_entries != before.slot_entries || after.limited_files != before.limited_files);
       i++) {
    usleep(50 * 1000);
    after = ReadSlotCounters();
  }
  ASSERT_TRUE(after.ok) << after.error;
  printf(
      "[leak] %d cycles (a fork every %d, the copy limited beside the original every %d) "
      "in %.1f s; slot_entries %llu -> %llu, limited_files %llu -> %llu, "
      "tables %llu -> %llu\n",
      kLeakCycles, kForkEvery, kSharedEvery, seconds,
      static_cast<unsigned long long>(before.slot_entries),
      static_cast<unsigned long long>(after.slot_entries),
      static_cast<unsigned long long>(before.limited_files),
      static_cast<unsigned long long>(after.limited_files),
      static_cast<unsigned long long>(before.tables),
      static_cast<unsigned long long>(after.tables));
  EXPECT_EQ(before.slot_entries, after.slot_entries) << "slot records leaked";
  EXPECT_EQ(before.limited_files, after.limited_files) << "limited-file records leaked";
  close(dir);
}

}  // namespace
}  // namespace capsicum_e2e
