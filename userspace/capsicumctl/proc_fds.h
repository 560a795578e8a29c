// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - a process's open descriptors from /proc/PID/fd: number, name, type.
#ifndef CAPSICUM_CAPSICUMCTL_PROC_FDS_H_
#define CAPSICUM_CAPSICUMCTL_PROC_FDS_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace capsicumctl {

// One open descriptor of a process.
struct ProcFd {
  int fd = -1;
  // readlink(/proc/PID/fd/N): a path, or "socket:[ino]", "pipe:[ino]", "anon_inode:[eventfd]"...
  std::string name;
  // FdType() of it.
  std::string_view type;
};

// A short type for a descriptor, from its link target and, when stat(2) of the link worked
// (`st` not null), the file's mode: file, dir, chr, blk, fifo, pipe, socket, link (an O_PATH
// descriptor of a symbolic link), anon (anon_inode: eventfd, epoll, timerfd, pidfd...), ns (a
// namespace), other; "?" when neither says.
std::string_view FdType(std::string_view target, const struct stat* st);

// The open descriptors of process `pid`, in ascending order.  A descriptor closed while the
// list is read is left out.  Errors: ESRCH (no process `pid`), EPERM (not allowed to read its
// descriptors: the ptrace rule of /proc/PID/fd), ECAPMODE (the caller is in capability mode),
// or any other errno of opendir(3), readdir(3) or readlink(2).
capsicum::Result<std::vector<ProcFd>> ListProcFds(pid_t pid);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_PROC_FDS_H_
