// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - UniqueFd: a move-only owner of one file descriptor.
#ifndef CAPSICUM_USERSPACE_LIB_UNIQUE_FD_H_
#define CAPSICUM_USERSPACE_LIB_UNIQUE_FD_H_

#include <errno.h>
#include <unistd.h>

namespace capsicum {

// Owns a descriptor and closes it when destroyed; -1 means "none".
class UniqueFd {
 public:
  UniqueFd() noexcept = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }

  // Gives up ownership without closing.
  int release() noexcept {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

  // Closes the owned descriptor (keeping errno: close is cleanup, not the error being
  // reported) and takes ownership of fd.
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) {
      int saved = errno;
      ::close(fd_);
      errno = saved;
    }
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace capsicum

#endif  // CAPSICUM_USERSPACE_LIB_UNIQUE_FD_H_
