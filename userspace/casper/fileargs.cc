// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - system.fileargs: the client calls and the service.
//
// The service opens only the names of its limits, with the limits' flags and mode, and limits
// each descriptor to the limits' rights before it is sent. Limits are set once.
#include <casper/cap_fileargs.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dnv.h>
#include <unistd.h>

#include <new>

#include "c_api.h"
#include "service.h"

struct fileargs {
  cap_channel_t* chan = nullptr;  // nullptr: no names were given, every call is ENOTCAPABLE
  int fdflags = 0;
};

namespace capsicum::casper {
namespace {

constexpr int kOperations = FA_OPEN | FA_LSTAT | FA_REALPATH;
// The open flags a fileargs limit may carry; any other bit (O_PATH, O_TMPFILE, ...) is EINVAL.
constexpr int kOpenFlags = O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NONBLOCK |
                           O_CLOEXEC | O_NOFOLLOW | O_DIRECTORY | O_NOCTTY | O_SYNC | O_DSYNC |
                           O_NOATIME | O_LARGEFILE;

int FileargsLimit(const nvlist_t* oldlimits, const nvlist_t* newlimits) {
  if (oldlimits != nullptr) return ENOTCAPABLE;
  int type;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(newlimits, &type, &cookie)) {
    if (strcmp(name, "flags") == 0 || strcmp(name, "operations") == 0 ||
        strcmp(name, "mode") == 0) {
      if (type != NV_TYPE_NUMBER) return EINVAL;
    } else if (strcmp(name, "cap_rights") == 0) {
      if (type != NV_TYPE_BINARY) return EINVAL;
    } else if (type != NV_TYPE_NULL || name[0] == '\0') {
      return EINVAL;
    }
  }
  uint64_t flags = dnvlist_get_number(newlimits, "flags", 0);
  if ((flags & ~static_cast<uint64_t>(kOpenFlags)) || (flags & O_ACCMODE) == O_ACCMODE)
    return EINVAL;
  if (dnvlist_get_number(newlimits, "operations", 0) & ~static_cast<uint64_t>(kOperations))
    return EINVAL;
  if (flags & O_CREAT) {
    if (!nvlist_exists_number(newlimits, "mode")) return EINVAL;
    if (nvlist_get_number(newlimits, "mode") & ~07777ULL) return EINVAL;
  }
  if (nvlist_exists_binary(newlimits, "cap_rights")) {
    size_t size;
    const void* r = nvlist_get_binary(newlimits, "cap_rights", &size);
    cap_rights_t rights;
    if (size != sizeof(rights)) return EINVAL;
    memcpy(&rights, r, size);
    if (!cap_rights_is_valid(&rights)) return EINVAL;
  }
  return 0;
}

// The name of the request, if the limits allow operation on it; else nullptr.
const char* Allowed(const nvlist_t* limits, const nvlist_t* in, int operation, int* error) {
  *error = ENOTCAPABLE;
  if (limits == nullptr) return nullptr;
  if (!(dnvlist_get_number(limits, "operations", 0) & static_cast<uint64_t>(operation)))
    return nullptr;
  const char* name = dnvlist_get_string(in, "name", nullptr);
  if (name == nullptr) {
    *error = EINVAL;
    return nullptr;
  }
  if (!nvlist_exists_null(limits, name)) return nullptr;
  *error = 0;
  return name;
}

int OpenFile(const nvlist_t* limits, const char* name, UniqueFd& fd) {
  int flags = static_cast<int>(dnvlist_get_number(limits, "flags", 0));
  mode_t mode = static_cast<mode_t>(dnvlist_get_number(limits, "mode", 0));
  fd.reset(open(name, flags | O_CLOEXEC, mode));
  if (!fd.valid()) return errno;
  size_t size;
  const void* r = dnvlist_get_binary(limits, "cap_rights", &size, nullptr, 0);
  if (r != nullptr) {
    cap_rights_t rights;
    memcpy(&rights, r, sizeof(rights));
    // ENOSYS: no Capsicum here, nothing is enforced anyway (FreeBSD's rule).
    if (cap_rights_limit(fd.get(), &rights) < 0 && errno != ENOSYS) return errno;
  }
  return 0;
}

int FileargsCommand(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out) {
  int error;
  if (strcmp(cmd, "open") == 0) {
    const char* name = Allowed(limits, in, FA_OPEN, &error);
    if (name == nullptr) return error;
    UniqueFd fd;
    if (int e = OpenFile(limits, name, fd); e != 0) return e;
    nvlist_move_descriptor(out, "fd", fd.release());
    return 0;
  }
  if (strcmp(cmd, "lstat") == 0) {
    const char* name = Allowed(limits, in, FA_LSTAT, &error);
    if (name == nullptr) return error;
    struct stat sb;
    if (lstat(name, &sb) != 0) return errno;
    nvlist_add_binary(out, "stat", &sb, sizeof(sb));
    return 0;
  }
  if (strcmp(cmd, "realpath") == 0) {
    const char* name = Allowed(limits, in, FA_REALPATH, &error);
    if (name == nullptr) return error;
    char* resolved = realpath(name, nullptr);
    if (resolved == nullptr) return errno;
    nvlist_move_string(out, "realpath", resolved);
    return 0;
  }
  return EINVAL;
}

fileargs_t* NewFileargs(cap_channel_t* chan, int fdflags) {
  auto* fa = new (std::nothrow) fileargs;
  if (fa == nullptr) {
    cap_close(chan);
    errno = ENOMEM;
    return nullptr;
  }
  fa->chan = chan;
  fa->fdflags = fdflags;
  return fa;
}

// Asks the service for cmd on name; nullptr with errno on failure.
NvPtr Fetch(fileargs_t* fa, const char* name, const char* cmd) {
  if (fa == nullptr || name == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  if (fa->chan == nullptr) {
    errno = ENOTCAPABLE;
    return nullptr;
  }
  NvPtr req = Request(cmd, fa->chan);
  nvlist_add_string(req.get(), "name", name);
  return Call(fa->chan, std::move(req));
}

}  // namespace

const Service kFileargsService = {"system.fileargs", FileargsLimit, FileargsCommand};

}  // namespace capsicum::casper

namespace cc = capsicum::casper;

CASPER_EXPORT nvlist_t* fileargs_create_limit(int argc, const char* const* argv, int flags,
                                              mode_t mode, cap_rights_t* rightsp,
                                              int operations) noexcept {
  if (argc < 0 || (argc > 0 && argv == nullptr)) {
    errno = EINVAL;
    return nullptr;
  }
  cc::NvPtr limits(nvlist_create(NV_FLAG_NO_UNIQUE));
  if (!limits) return nullptr;
  nvlist_add_number(limits.get(), "flags", static_cast<uint64_t>(flags));
  nvlist_add_number(limits.get(), "operations", static_cast<uint64_t>(operations));
  if (rightsp != nullptr) nvlist_add_binary(limits.get(), "cap_rights", rightsp, sizeof(*rightsp));
  if (flags & O_CREAT) nvlist_add_number(limits.get(), "mode", static_cast<uint64_t>(mode));
  for (int i = 0; i < argc; i++) {
    if (argv[i] == nullptr || strnlen(argv[i], PATH_MAX) >= PATH_MAX) {
      errno = argv[i] == nullptr ? EINVAL : ENAMETOOLONG;
      return nullptr;
    }
    nvlist_add_null(limits.get(), argv[i]);
  }
  if (int e = nvlist_error(limits.get()); e != 0) {
    errno = e;
    return nullptr;
  }
  return limits.release();
}

CASPER_EXPORT fileargs_t* fileargs_cinitnv(cap_channel_t* cas, nvlist_t* limits) noexcept {
  cc::NvPtr owned(limits);
  if (cas == nullptr || limits == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  int fdflags = static_cast<int>(dnvlist_get_number(limits, "flags", 0));
  cap_channel_t* chan = cap_service_open(cas, "system.fileargs");
  if (chan == nullptr) return nullptr;
  if (cap_limit_set(chan, owned.release()) < 0) {
    cap_close(chan);
    return nullptr;
  }
  return cc::NewFileargs(chan, fdflags);
}

CASPER_EXPORT fileargs_t* fileargs_initnv(nvlist_t* limits) noexcept {
  cc::NvPtr owned(limits);
  cap_channel_t* cas = cap_init();
  if (cas == nullptr) return nullptr;
  fileargs_t* fa = fileargs_cinitnv(cas, owned.release());
  cap_close(cas);
  return fa;
}

CASPER_EXPORT fileargs_t* fileargs_cinit(cap_channel_t* cas, int argc, char* argv[], int flags,
                                         mode_t mode, cap_rights_t* rightsp,
                                         int operations) noexcept {
  if (argc <= 0 || argv == nullptr) return cc::NewFileargs(nullptr, 0);
  nvlist_t* limits = fileargs_create_limit(argc, argv, flags, mode, rightsp, operations);
  if (limits == nullptr) return nullptr;
  return fileargs_cinitnv(cas, limits);
}

CASPER_EXPORT fileargs_t* fileargs_init(int argc, char* argv[], int flags, mode_t mode,
                                        cap_rights_t* rightsp, int operations) noexcept {
  if (argc <= 0 || argv == nullptr) return cc::NewFileargs(nullptr, 0);
  nvlist_t* limits = fileargs_create_limit(argc, argv, flags, mode, rightsp, operations);
  if (limits == nullptr) return nullptr;
  return fileargs_initnv(limits);
}

CASPER_EXPORT int fileargs_open(fileargs_t* fa, const char* name) noexcept {
  cc::NvPtr answer = cc::Fetch(fa, name, "open");
  if (!answer) return -1;
  int fd = dnvlist_take_descriptor(answer.get(), "fd", -1);
  if (fd < 0) {
    errno = EBADMSG;
    return -1;
  }
  if (!(fa->fdflags & O_CLOEXEC)) fcntl(fd, F_SETFD, 0);
  return fd;
}

CASPER_EXPORT FILE* fileargs_fopen(fileargs_t* fa, const char* name, const char* mode) noexcept {
  if (mode == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  int fd = fileargs_open(fa, name);
  if (fd < 0) return nullptr;
  FILE* fp = fdopen(fd, mode);
  if (fp == nullptr) close(fd);
  return fp;
}

CASPER_EXPORT int fileargs_lstat(fileargs_t* fa, const char* name, struct stat* sb) noexcept {
  if (sb == nullptr) {
    errno = EFAULT;
    return -1;
  }
  cc::NvPtr answer = cc::Fetch(fa, name, "lstat");
  if (!answer) return -1;
  size_t size = 0;
  const void* buf = dnvlist_get_binary(answer.get(), "stat", &size, nullptr, 0);
  if (buf == nullptr || size != sizeof(*sb)) {
    errno = EBADMSG;
    return -1;
  }
  memcpy(sb, buf, size);
  return 0;
}

CASPER_EXPORT char* fileargs_realpath(fileargs_t* fa, const char* pathname,
                                      char* reserved_path) noexcept {
  cc::NvPtr answer = cc::Fetch(fa, pathname, "realpath");
  if (!answer) return nullptr;
  const char* path = dnvlist_get_string(answer.get(), "realpath", nullptr);
  if (path == nullptr || path[0] != '/' || strlen(path) >= PATH_MAX) {
    errno = EBADMSG;
    return nullptr;
  }
  if (reserved_path != nullptr) return strcpy(reserved_path, path);
  char* copy = strdup(path);
  return copy;
}

CASPER_EXPORT void fileargs_free(fileargs_t* fa) noexcept {
  if (fa == nullptr) return;
  cap_close(fa->chan);
  delete fa;
}

CASPER_EXPORT fileargs_t* fileargs_wrap(cap_channel_t* chan, int fdflags) noexcept {
  if (chan == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  return cc::NewFileargs(chan, fdflags);
}

CASPER_EXPORT cap_channel_t* fileargs_unwrap(fileargs_t* fa, int* fdflags) noexcept {
  if (fa == nullptr) return nullptr;
  cap_channel_t* chan = fa->chan;
  if (fdflags != nullptr) *fdflags = fa->fdflags;
  delete fa;
  return chan;
}
