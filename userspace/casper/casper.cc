// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - <libcasper.h>: channels, the casper process and the service loop.
//
// cap_init() forks casper (twice, so that the caller has no child to reap); casper answers
// "open" by forking the service's process, which serves one channel until the client closes it.
// Every process starts from a clean slate: only its socket and /dev/null on 0-2.
#include <errno.h>
#include <fcntl.h>
#include <libcasper.h>
#include <signal.h>
#include <string.h>
#include <sys/dnv.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <new>

#include "c_api.h"
#include "service.h"

namespace capsicum::casper {
namespace {

constexpr int kMaxErrno = 4095;

// casper itself: opens services, and its limits are the set of names it may open.
int CoreLimit(const nvlist_t* oldlimits, const nvlist_t* newlimits);
int CoreCommand(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out);
const Service kCoreService = {"core.casper", CoreLimit, CoreCommand};

const Service* const kServices[] = {&kFileargsService, &kDnsService, &kNetService,
                                    &kPwdService,      &kGrpService, &kSyslogService};

// Makes sock descriptor 3 and closes everything else; /dev/null becomes 0, 1 and 2.
int CleanSlate(int sock) {
  int high = fcntl(sock, F_DUPFD, 10);
  if (high < 0) _exit(127);
  int null = open("/dev/null", O_RDWR);
  for (int fd = 0; fd < 3; fd++) {
    if (null >= 0 && null != fd) dup2(null, fd);
  }
  if (dup2(high, 3) != 3) _exit(127);
  if (syscall(SYS_close_range, 4U, ~0U, 0U) != 0) {
    for (int fd = 4; fd < 65536; fd++) close(fd);
  }
  return 3;
}

void ResetSignals() {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; sig++) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    signal(sig, SIG_DFL);
  }
  signal(SIGPIPE, SIG_IGN);
  signal(SIGCHLD, SIG_IGN);  // services exit by themselves; the kernel reaps them
}

// Serves one channel until the client closes it; never returns.
[[noreturn]] void ServiceLoop(const Service& svc, int sock, NvPtr limits);

// Forks a process that serves svc with limits on a new channel; the client's end, or an errno.
Result<UniqueFd> Spawn(const Service& svc, const nvlist_t* limits) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return Errno{errno};
  UniqueFd mine(sv[0]), theirs(sv[1]);
  NvPtr copy;
  if (limits != nullptr) {
    copy.reset(nvlist_clone(limits));
    if (!copy) return Errno{errno};
  }
  pid_t pid = fork();
  if (pid < 0) return Errno{errno};
  if (pid == 0) {
    int sock = CleanSlate(theirs.get());
    mine.release();  // closed by CleanSlate
    theirs.release();
    ServiceLoop(svc, sock, std::move(copy));
  }
  return mine;
}

NvPtr Answer(int error) {
  NvPtr out = MakeList();
  if (out) nvlist_add_number(out.get(), "error", static_cast<uint64_t>(error));
  return out;
}

int Dispatch(const Service& svc, const nvlist_t& req, NvPtr& limits, nvlist_t* out) {
  const char* cmd = dnvlist_get_string(&req, "cmd", nullptr);
  if (cmd == nullptr) return EINVAL;
  if (strcmp(cmd, "limit_set") == 0) {
    const nvlist_t* newlimits = dnvlist_get_nvlist(&req, "limits", nullptr);
    if (newlimits == nullptr) return EINVAL;
    if (int e = svc.limit(limits.get(), newlimits); e != 0) return e;
    NvPtr copy(nvlist_clone(newlimits));
    if (!copy) return ENOMEM;
    limits = std::move(copy);
    return 0;
  }
  if (strcmp(cmd, "limit_get") == 0) {
    if (limits)
      nvlist_add_nvlist(out, "limits", limits.get());
    else
      nvlist_add_null(out, "limits");
    return nvlist_error(out);
  }
  if (strcmp(cmd, "clone") == 0) {
    auto fd = Spawn(svc, limits.get());
    if (!fd.ok()) return fd.error().value;
    nvlist_move_descriptor(out, "sock", fd.value().release());
    return nvlist_error(out);
  }
  return svc.command(cmd, limits.get(), &req, out);
}

void ServiceLoop(const Service& svc, int sock, NvPtr limits) {
  for (;;) {
    bool in_sync = false;
    auto req = RecvFrame(sock, 0, &in_sync);
    NvPtr out;
    if (!req.ok()) {
      // The client closed its end, or the stream can no longer be followed: answer if one can
      // and stop. A frame read whole whose list was refused leaves the stream in step.
      if (req.error().value == EPIPE || req.error().value == ECONNRESET) _exit(0);
      out = Answer(req.error().value);
      if (!out || !SendFrame(sock, *out).ok() || !in_sync) _exit(0);
      continue;
    }
    out = MakeList();
    if (!out) _exit(1);
    int error = Dispatch(svc, *req.value(), limits, out.get());
    if (error == 0) error = nvlist_error(out.get());
    if (error != 0)
      out = Answer(error);
    else
      nvlist_add_number(out.get(), "error", 0);
    if (!out || !SendFrame(sock, *out).ok()) _exit(0);
  }
}

int CoreLimit(const nvlist_t* oldlimits, const nvlist_t* newlimits) {
  int type;
  void* cookie = nullptr;
  while (nvlist_next(newlimits, &type, &cookie) != nullptr) {
    if (type != NV_TYPE_NULL) return EINVAL;
  }
  if (oldlimits != nullptr && !IsSubset(newlimits, oldlimits)) return ENOTCAPABLE;
  return 0;
}

int CoreCommand(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out) {
  if (strcmp(cmd, "open") != 0) return EINVAL;
  const char* name = dnvlist_get_string(in, "service", nullptr);
  if (name == nullptr) return EINVAL;
  if (limits != nullptr && !nvlist_exists_null(limits, name)) return ENOTCAPABLE;
  for (const Service* svc : kServices) {
    if (strcmp(svc->name, name) != 0) continue;
    auto fd = Spawn(*svc, nullptr);
    if (!fd.ok()) return fd.error().value;
    nvlist_move_descriptor(out, "sock", fd.value().release());
    return nvlist_error(out);
  }
  return ENOENT;
}

cap_channel_t* NewChannel(int sock, int flags) {
  auto* chan = new (std::nothrow) cap_channel;
  if (chan == nullptr) {
    close(sock);
    errno = ENOMEM;
    return nullptr;
  }
  chan->sock.reset(sock);
  chan->flags = flags;
  return chan;
}

// The descriptor "sock" of an answer as a new channel with chan's flags.
cap_channel_t* ChannelFromAnswer(const cap_channel_t* chan, NvPtr answer) {
  if (!answer) return nullptr;
  int fd = dnvlist_take_descriptor(answer.get(), "sock", -1);
  if (fd < 0) {
    errno = EBADMSG;
    return nullptr;
  }
  return NewChannel(fd, chan->flags);
}

int RecvFlags(const cap_channel_t* chan) {
  return (chan->flags & CASPER_NO_UNIQ) ? NV_FLAG_NO_UNIQUE : 0;
}

}  // namespace

NvPtr Request(const char* cmd, const cap_channel_t* chan) {
  NvPtr req(nvlist_create(chan != nullptr ? RecvFlags(chan) : 0));
  if (req) nvlist_add_string(req.get(), "cmd", cmd);
  return req;
}

NvPtr Call(const cap_channel_t* chan, NvPtr req) {
  if (chan == nullptr || !req) {
    errno = chan == nullptr ? EINVAL : ENOMEM;
    return nullptr;
  }
  if (int e = nvlist_error(req.get()); e != 0) {
    errno = e;
    return nullptr;
  }
  if (Status s = SendFrame(chan->sock.get(), *req); !s.ok()) {
    errno = s.error().value;
    return nullptr;
  }
  auto answer = RecvFrame(chan->sock.get(), RecvFlags(chan), nullptr);
  if (!answer.ok()) {
    errno = answer.error().value;
    return nullptr;
  }
  NvPtr nvl = std::move(answer).value();
  if (!nvlist_exists_number(nvl.get(), "error")) {
    errno = EBADMSG;
    return nullptr;
  }
  uint64_t error = nvlist_get_number(nvl.get(), "error");
  if (error != 0) {
    errno = error <= kMaxErrno ? static_cast<int>(error) : EBADMSG;
    return nullptr;
  }
  return nvl;
}

int ReplaceLimitList(const cap_channel_t* chan, const char* key, NvPtr list) {
  if (!list) return -1;
  nvlist_t* limits = nullptr;
  if (cap_limit_get(chan, &limits) < 0) return -1;
  NvPtr owned(limits != nullptr ? limits : nvlist_create(0));
  if (!owned) return -1;
  nvlist_free_nvlist(owned.get(), key);
  nvlist_move_nvlist(owned.get(), key, list.release());
  return cap_limit_set(chan, owned.release());
}

NvPtr NameSet(const char* const* names, size_t n) {
  NvPtr set = MakeList();
  if (!set) return nullptr;
  if (names == nullptr && n > 0) nvlist_set_error(set.get(), EINVAL);
  for (size_t i = 0; i < n && nvlist_error(set.get()) == 0; i++) {
    if (names[i] == nullptr) {
      nvlist_set_error(set.get(), EINVAL);
    } else if (!nvlist_exists_null(set.get(), names[i])) {
      nvlist_add_null(set.get(), names[i]);
    }
  }
  return set;
}

bool IsSubset(const nvlist_t* sub, const nvlist_t* super) {
  int type;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(sub, &type, &cookie)) {
    if (type != NV_TYPE_NULL || !nvlist_exists_null(super, name)) return false;
  }
  return true;
}

// cap_init's child: forks casper and exits at once; casper serves the channel.
[[noreturn]] static void StartCasper(int sock) {
  pid_t pid = fork();
  if (pid != 0) _exit(pid < 0 ? 1 : 0);
  ResetSignals();
  setsid();  // no terminal signals meant for the client's job
  int fd = CleanSlate(sock);
  ServiceLoop(kCoreService, fd, nullptr);
}

}  // namespace capsicum::casper

namespace cc = capsicum::casper;

CASPER_EXPORT int cap_channel_flags(const cap_channel_t* chan) noexcept {
  return chan == nullptr ? 0 : chan->flags;
}

CASPER_EXPORT cap_channel_t* cap_init(void) noexcept {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return nullptr;
  capsicum::UniqueFd mine(sv[0]), theirs(sv[1]);
  pid_t pid = fork();
  if (pid < 0) return nullptr;
  if (pid == 0) cc::StartCasper(theirs.get());
  theirs.reset();
  int status = 0;
  pid_t waited;
  do {
    waited = waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  // ECHILD: the caller ignores SIGCHLD and the kernel reaped it; the first request will tell.
  if (waited == pid && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    errno = EAGAIN;
    return nullptr;
  }
  return cc::NewChannel(mine.release(), 0);
}

CASPER_EXPORT cap_channel_t* cap_service_open(const cap_channel_t* chan,
                                              const char* name) noexcept {
  if (chan == nullptr || name == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  cc::NvPtr req = cc::Request("open", chan);
  nvlist_add_string(req.get(), "service", name);
  return cc::ChannelFromAnswer(chan, cc::Call(chan, std::move(req)));
}

CASPER_EXPORT int cap_service_limit(const cap_channel_t* chan, const char* const* names,
                                    size_t nnames) noexcept {
  cc::NvPtr set = cc::NameSet(names, nnames);
  if (!set) return -1;
  return cap_limit_set(chan, set.release());
}

CASPER_EXPORT cap_channel_t* cap_wrap(int sock, int flags) noexcept {
  if (sock < 0) {
    errno = EBADF;
    return nullptr;
  }
  return cc::NewChannel(sock, flags);
}

CASPER_EXPORT int cap_unwrap(cap_channel_t* chan, int* flags) noexcept {
  if (chan == nullptr) {
    errno = EINVAL;
    return -1;
  }
  if (flags != nullptr) *flags = chan->flags;
  int fd = chan->sock.release();
  delete chan;
  return fd;
}

CASPER_EXPORT cap_channel_t* cap_clone(const cap_channel_t* chan) noexcept {
  if (chan == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  return cc::ChannelFromAnswer(chan, cc::Call(chan, cc::Request("clone", chan)));
}

CASPER_EXPORT void cap_close(cap_channel_t* chan) noexcept {
  int saved = errno;
  delete chan;
  errno = saved;
}

CASPER_EXPORT int cap_sock(const cap_channel_t* chan) noexcept {
  if (chan == nullptr) {
    errno = EINVAL;
    return -1;
  }
  return chan->sock.get();
}

CASPER_EXPORT int cap_limit_set(const cap_channel_t* chan, nvlist_t* limits) noexcept {
  cc::NvPtr owned(limits);
  if (chan == nullptr || limits == nullptr) {
    errno = EINVAL;
    return -1;
  }
  cc::NvPtr req = cc::Request("limit_set", chan);
  nvlist_move_nvlist(req.get(), "limits", owned.release());
  return cc::Call(chan, std::move(req)) ? 0 : -1;
}

CASPER_EXPORT int cap_limit_get(const cap_channel_t* chan, nvlist_t** limitsp) noexcept {
  if (chan == nullptr || limitsp == nullptr) {
    errno = EINVAL;
    return -1;
  }
  cc::NvPtr answer = cc::Call(chan, cc::Request("limit_get", chan));
  if (!answer) return -1;
  if (nvlist_exists_null(answer.get(), "limits")) {
    *limitsp = nullptr;
    return 0;
  }
  nvlist_t* limits = dnvlist_take_nvlist(answer.get(), "limits", nullptr);
  if (limits == nullptr) {
    errno = EBADMSG;
    return -1;
  }
  *limitsp = limits;
  return 0;
}

CASPER_EXPORT int cap_send_nvlist(const cap_channel_t* chan, const nvlist_t* nvl) noexcept {
  if (chan == nullptr || nvl == nullptr) {
    errno = EINVAL;
    return -1;
  }
  return capsicum::ToC(cc::SendFrame(chan->sock.get(), *nvl));
}

CASPER_EXPORT nvlist_t* cap_recv_nvlist(const cap_channel_t* chan) noexcept {
  if (chan == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  auto r = cc::RecvFrame(chan->sock.get(), cc::RecvFlags(chan), nullptr);
  if (!r.ok()) {
    errno = r.error().value;
    return nullptr;
  }
  return std::move(r).value().release();
}

CASPER_EXPORT nvlist_t* cap_xfer_nvlist(const cap_channel_t* chan, nvlist_t* nvl) noexcept {
  cc::NvPtr owned(nvl);
  if (cap_send_nvlist(chan, nvl) < 0) return nullptr;
  owned.reset();
  return cap_recv_nvlist(chan);
}
