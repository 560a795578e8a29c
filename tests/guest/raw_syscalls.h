// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: system calls without a libc wrapper that several suites make, and what they
// take: a minimal io_uring (there is no liburing in the guest), ia32 calls through int $0x80,
// the pidfd and sigqueueinfo calls, a file handle, an AF_UNIX address.
#ifndef CAPSICUM_E2E_RAW_SYSCALLS_H_
#define CAPSICUM_E2E_RAW_SYSCALLS_H_

#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>

#include "capsicum_test.h"

namespace capsicum_e2e {

// A ring over the raw syscalls: Init() sets it up, Run() submits one SQE and waits for its
// completion.  A kernel without io_uring fails Init() with the reason.
class IoUring {
 public:
  IoUring() = default;
  IoUring(const IoUring&) = delete;
  IoUring& operator=(const IoUring&) = delete;
  ~IoUring() {
    if (sqes_ != MAP_FAILED) munmap(sqes_, sqes_size_);
    if (cq_ring_ != MAP_FAILED && cq_ring_ != sq_ring_) munmap(cq_ring_, cq_size_);
    if (sq_ring_ != MAP_FAILED) munmap(sq_ring_, sq_size_);
    if (fd_ >= 0) close(fd_);
  }

  // io_uring_setup and the three mappings; a failure says which step and why.
  ::testing::AssertionResult Init(unsigned entries = 4) {
    struct io_uring_params p;
    memset(&p, 0, sizeof(p));
    errno = 0;
    fd_ = static_cast<int>(syscall(__NR_io_uring_setup, entries, &p));
    if (fd_ < 0) {
      const int err = errno;
      auto failure = ::testing::AssertionFailure() << "io_uring_setup: " << DescribeErrno(err);
      if (err == ENOSYS)
        failure << ": this kernel has no io_uring (CONFIG_IO_URING), so the rights of "
                   "io_uring operations cannot be checked here";
      if (err == EPERM) failure << ": io_uring is switched off (sysctl kernel.io_uring_disabled)";
      return failure;
    }
    sq_size_ = p.sq_off.array + p.sq_entries * sizeof(uint32_t);
    cq_size_ = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    const bool single = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
    if (single) sq_size_ = cq_size_ = std::max(sq_size_, cq_size_);
    sq_ring_ = mmap(nullptr, sq_size_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd_,
                    IORING_OFF_SQ_RING);
    if (sq_ring_ == MAP_FAILED)
      return ::testing::AssertionFailure() << "mmap(SQ ring): " << DescribeErrno(errno);
    cq_ring_ = single ? sq_ring_
                      : mmap(nullptr, cq_size_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                             fd_, IORING_OFF_CQ_RING);
    if (cq_ring_ == MAP_FAILED)
      return ::testing::AssertionFailure() << "mmap(CQ ring): " << DescribeErrno(errno);
    sqes_size_ = p.sq_entries * sizeof(struct io_uring_sqe);
    sqes_ = mmap(nullptr, sqes_size_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd_,
                 IORING_OFF_SQES);
    if (sqes_ == MAP_FAILED)
      return ::testing::AssertionFailure() << "mmap(SQEs): " << DescribeErrno(errno);
    char* sq = static_cast<char*>(sq_ring_);
    char* cq = static_cast<char*>(cq_ring_);
    sq_tail_ = reinterpret_cast<unsigned*>(sq + p.sq_off.tail);
    sq_mask_ = *reinterpret_cast<unsigned*>(sq + p.sq_off.ring_mask);
    sq_array_ = reinterpret_cast<unsigned*>(sq + p.sq_off.array);
    cq_head_ = reinterpret_cast<unsigned*>(cq + p.cq_off.head);
    cq_tail_ = reinterpret_cast<unsigned*>(cq + p.cq_off.tail);
    cq_mask_ = *reinterpret_cast<unsigned*>(cq + p.cq_off.ring_mask);
    cqes_ = reinterpret_cast<struct io_uring_cqe*>(cq + p.cq_off.cqes);
    return ::testing::AssertionSuccess();
  }

  // Submits `sqe` alone, waits for its completion and returns it.  A failure of the ring
  // itself (not of the operation) is a test failure and yields res = INT32_MIN.
  struct io_uring_cqe Run(const struct io_uring_sqe& sqe) {
    struct io_uring_cqe out;
    memset(&out, 0, sizeof(out));
    out.res = INT32_MIN;
    const unsigned tail = *sq_tail_;
    const unsigned index = tail & sq_mask_;
    memcpy(static_cast<struct io_uring_sqe*>(sqes_) + index, &sqe, sizeof(sqe));
    sq_array_[index] = index;
    __atomic_store_n(sq_tail_, tail + 1, __ATOMIC_RELEASE);
    errno = 0;
    long rc = syscall(__NR_io_uring_enter, fd_, 1, 1, IORING_ENTER_GETEVENTS, nullptr, 0);
    if (rc != 1) {
      ADD_FAILURE() << "io_uring_enter(submit 1, wait 1) = " << rc << ", errno "
                    << DescribeErrno(errno);
      return out;
    }
    const unsigned head = *cq_head_;
    for (int i = 0; i < 100 && __atomic_load_n(cq_tail_, __ATOMIC_ACQUIRE) == head; i++) {
      rc = syscall(__NR_io_uring_enter, fd_, 0, 1, IORING_ENTER_GETEVENTS, nullptr, 0);
      if (rc < 0 && errno != EINTR) {
        ADD_FAILURE() << "io_uring_enter(wait 1): " << DescribeErrno(errno);
        return out;
      }
    }
    if (__atomic_load_n(cq_tail_, __ATOMIC_ACQUIRE) == head) {
      ADD_FAILURE() << "no completion arrived for the submitted operation";
      return out;
    }
    out = cqes_[head & cq_mask_];
    __atomic_store_n(cq_head_, head + 1, __ATOMIC_RELEASE);
    return out;
  }

  // IORING_REGISTER_PERSONALITY: an id for the caller's current creds, or -1 and errno.
  long RegisterPersonality() {
    return syscall(__NR_io_uring_register, fd_, IORING_REGISTER_PERSONALITY, nullptr, 0);
  }

 private:
  int fd_ = -1;
  void* sq_ring_ = MAP_FAILED;
  void* cq_ring_ = MAP_FAILED;
  void* sqes_ = MAP_FAILED;
  size_t sq_size_ = 0;
  size_t cq_size_ = 0;
  size_t sqes_size_ = 0;
  unsigned* sq_tail_ = nullptr;
  unsigned sq_mask_ = 0;
  unsigned* sq_array_ = nullptr;
  unsigned* cq_head_ = nullptr;
  unsigned* cq_tail_ = nullptr;
  unsigned cq_mask_ = 0;
  struct io_uring_cqe* cqes_ = nullptr;
};

// An SQE for a path operation: fd the directory, addr the path; each builder below sets the
// fields its operation reads.
inline struct io_uring_sqe PathSqe(uint8_t op, int dirfd, const char* path) {
  struct io_uring_sqe sqe;
  memset(&sqe, 0, sizeof(sqe));
  sqe.opcode = op;
  sqe.fd = dirfd;
  sqe.addr = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(path));
  sqe.user_data = 0x5eed;
  return sqe;
}

// The ia32 numbers the suites use (arch/x86/entry/syscalls/syscall_32.tbl), and the bit that
// makes a number an x32 one.
constexpr long kIa32Read = 3;
constexpr long kIa32Getpid = 20;
constexpr long kX32SyscallBit = 0x40000000;

// A 32-bit system call from 64-bit code: arguments in ebx, ecx, edx, esi, edi; the result
// (or -errno) in eax.  r8-r11 are listed as clobbered to be safe on every kernel.
inline int32_t Int80(long nr, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0) {
  long ret;
  asm volatile("int $0x80"
               : "=a"(ret)
               : "0"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
               : "memory", "cc", "r8", "r9", "r10", "r11");
  return static_cast<int32_t>(ret);
}

// The pidfd calls.  (glibc 2.36's <sys/pidfd.h> declares them without extern "C".)
inline long PidfdOpen(pid_t pid) { return syscall(SYS_pidfd_open, pid, 0); }
inline long PidfdGetfd(int pidfd, int fd) { return syscall(SYS_pidfd_getfd, pidfd, fd, 0); }
inline long PidfdSendSignal(int pidfd, int sig) {
  return syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0);
}

// rt_sigqueueinfo and rt_tgsigqueueinfo with what sigqueue(3) would send: SI_QUEUE from us.
inline siginfo_t QueuedSiginfo(int sig) {
  siginfo_t si;
  memset(&si, 0, sizeof(si));
  si.si_signo = sig;
  si.si_code = SI_QUEUE;
  si.si_pid = getpid();
  si.si_uid = getuid();
  return si;
}
inline long RtSigqueueinfo(pid_t pid, int sig) {
  siginfo_t si = QueuedSiginfo(sig);
  return syscall(SYS_rt_sigqueueinfo, pid, sig, &si);
}
inline long RtTgsigqueueinfo(pid_t tgid, pid_t tid, int sig) {
  siginfo_t si = QueuedSiginfo(sig);
  return syscall(SYS_rt_tgsigqueueinfo, tgid, tid, sig, &si);
}

// Room for any handle name_to_handle_at(2) makes, ready for it (handle_bytes set).
struct FileHandle {
  FileHandle() {
    memset(this, 0, sizeof(*this));
    fh.handle_bytes = MAX_HANDLE_SZ;
  }
  struct file_handle fh;
  unsigned char bytes[MAX_HANDLE_SZ];
};

// An AF_UNIX address for `path` (a leading NUL makes it abstract), cut to fit sun_path.
inline struct sockaddr_un UnixAddress(const std::string& path) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof(a));
  a.sun_family = AF_UNIX;
  memcpy(a.sun_path, path.data(), std::min(path.size(), sizeof(a.sun_path) - 1));
  return a;
}

}  // namespace capsicum_e2e

#endif  // CAPSICUM_E2E_RAW_SYSCALLS_H_
