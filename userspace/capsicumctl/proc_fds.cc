// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - a process's open descriptors from /proc/PID/fd: number, name, type.

#include "proc_fds.h"

#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <memory>

namespace capsicumctl {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// nsfs names its files "<type>:[<inode>]" (proc_ns_operations' names).
bool IsNamespace(std::string_view target) {
  static constexpr std::string_view kTypes[] = {
      "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
      "user",   "uts",
  };
  const size_t colon = target.find(":[");
  if (colon == std::string_view::npos || target.back() != ']') return false;
  return std::find(std::begin(kTypes), std::end(kTypes), target.substr(0, colon)) !=
         std::end(kTypes);
}

// Errors of /proc/PID/fd in the terms of the process: no directory means no process, and a
// refused one means the caller may not look.
int ProcErrno(int err) {
  if (err == ENOENT) return ESRCH;
  if (err == EACCES) return EPERM;
  return err;
}

// readlink(2) of `path` into a string of any length; errno on failure.
capsicum::Result<std::string> ReadLink(const std::string& path) {
  std::string target(256, '\0');
  for (;;) {
    const ssize_t n = readlink(path.c_str(), target.data(), target.size());
    if (n < 0) return capsicum::Errno{errno};
    if (static_cast<size_t>(n) < target.size()) {
      target.resize(static_cast<size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);
  }
}

struct DirCloser {
  void operator()(DIR* dir) const { closedir(dir); }
};

}  // namespace

std::string_view FdType(std::string_view target, const struct stat* st) {
  if (StartsWith(target, "socket:")) return "socket";
  if (StartsWith(target, "pipe:")) return "pipe";
  if (StartsWith(target, "anon_inode:")) return "anon";
  if (IsNamespace(target)) return "ns";
  if (st == nullptr) return "?";
  switch (st->st_mode & S_IFMT) {
    case S_IFREG:
      return "file";
    case S_IFDIR:
      return "dir";
    case S_IFCHR:
      return "chr";
    case S_IFBLK:
      return "blk";
    case S_IFIFO:
      return "fifo";
    case S_IFSOCK:
      return "socket";
    case S_IFLNK:
      return "link";
    default:
      return "other";
  }
}

capsicum::Result<std::vector<ProcFd>> ListProcFds(pid_t pid) {
  const std::string dir_path = "/proc/" + std::to_string(pid) + "/fd";
  std::unique_ptr<DIR, DirCloser> dir(opendir(dir_path.c_str()));
  if (!dir) return capsicum::Errno{ProcErrno(errno)};

  std::vector<int> fds;
  for (;;) {
    errno = 0;
    const struct dirent* entry = readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) return capsicum::Errno{ProcErrno(errno)};
      break;
    }
    const std::string_view name = entry->d_name;
    int fd = -1;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), fd);
    if (ec == std::errc() && end == name.data() + name.size() && fd >= 0) fds.push_back(fd);
  }
  std::sort(fds.begin(), fds.end());

  std::vector<ProcFd> out;
  for (int fd : fds) {
    const std::string link = dir_path + "/" + std::to_string(fd);
    auto target = ReadLink(link);
    if (!target.ok()) {
      if (target.error().value == ENOENT) continue;  // closed since readdir
      return capsicum::Errno{ProcErrno(target.error().value)};
    }
    struct stat st;
    const bool have_stat = stat(link.c_str(), &st) == 0;
    ProcFd entry;
    entry.fd = fd;
    entry.name = std::move(target.value());
    entry.type = FdType(entry.name, have_stat ? &st : nullptr);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace capsicumctl
