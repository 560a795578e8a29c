// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the nvlist encoding and its frames on a unix socket (docs/casper.md).
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/nv.h>
#include <sys/socket.h>

#include <new>

#include "c_api.h"
#include "nv_impl.h"

namespace capsicum::casper {
namespace {

constexpr uint32_t kMagic = 0x4e565043;  // "CPVN" little-endian
constexpr uint16_t kVersion = 1;

struct FrameHeader {
  uint32_t magic;
  uint16_t version;
  uint16_t reserved;
  uint32_t size;  // bytes of the encoded nvlist that follow
  uint32_t nfds;  // descriptors sent with the header (SCM_RIGHTS)
};
static_assert(sizeof(FrameHeader) == 16);

template <class T>
void Put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(v));
}

Status EncodeList(const nvlist_t& nvl, std::string& out, std::vector<int>& fds, int depth) {
  if (nvl.error != 0) return Errno{nvl.error};
  if (depth > kMaxDepth) return Errno{ELOOP};
  Put<uint32_t>(out, static_cast<uint32_t>(nvl.flags));
  Put<uint32_t>(out, static_cast<uint32_t>(nvl.pairs.size()));
  for (const auto& p : nvl.pairs) {
    Put<uint8_t>(out, static_cast<uint8_t>(p->type));
    Put<uint16_t>(out, static_cast<uint16_t>(p->name.size()));
    out += p->name;
    switch (p->type) {
      case NV_TYPE_NULL:
        break;
      case NV_TYPE_BOOL:
        Put<uint8_t>(out, p->boolean ? 1 : 0);
        break;
      case NV_TYPE_NUMBER:
        Put<uint64_t>(out, p->number);
        break;
      case NV_TYPE_STRING:
        Put<uint32_t>(out, static_cast<uint32_t>(p->string.size()));
        out += p->string;
        break;
      case NV_TYPE_NVLIST:
        if (Status s = EncodeList(*p->list, out, fds, depth + 1); !s.ok()) return s;
        break;
      case NV_TYPE_DESCRIPTOR:
        if (fds.size() >= kMaxFds) return Errno{E2BIG};
        Put<uint32_t>(out, static_cast<uint32_t>(fds.size()));
        fds.push_back(p->fd.get());
        break;
      case NV_TYPE_BINARY:
        Put<uint32_t>(out, static_cast<uint32_t>(p->binary.size()));
        out.append(reinterpret_cast<const char*>(p->binary.data()), p->binary.size());
        break;
      default:
        return Errno{EINVAL};
    }
    if (out.size() > kMaxFrame) return Errno{EMSGSIZE};
  }
  return kOk;
}

// Reads from a byte range; every read is bounded by what is left.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  template <class T>
  bool Get(T& v) {
    if (b_.size() < sizeof(T)) return false;
    memcpy(&v, b_.data(), sizeof(T));
    b_.remove_prefix(sizeof(T));
    return true;
  }
  bool Bytes(size_t n, std::string_view& v) {
    if (b_.size() < n) return false;
    v = b_.substr(0, n);
    b_.remove_prefix(n);
    return true;
  }
  bool empty() const { return b_.empty(); }

 private:
  std::string_view b_;
};

constexpr uint32_t kKnownFlags = NV_FLAG_IGNORE_CASE | NV_FLAG_NO_UNIQUE;

bool DecodeList(Reader& r, std::vector<UniqueFd>& fds, std::vector<bool>& used, int depth,
                nvlist_t& nvl) {
  uint32_t flags, count;
  if (depth > kMaxDepth || !r.Get(flags) || !r.Get(count) || (flags & ~kKnownFlags)) return false;
  nvl.flags = static_cast<int>(flags);
  for (uint32_t i = 0; i < count; i++) {
    uint8_t type;
    uint16_t namelen;
    std::string_view name;
    if (!r.Get(type) || !r.Get(namelen) || namelen >= NV_NAME_MAX || !r.Bytes(namelen, name) ||
        name.find('\0') != std::string_view::npos)
      return false;
    std::string key(name);
    if (!(nvl.flags & NV_FLAG_NO_UNIQUE) && nvlist_exists(&nvl, key.c_str())) return false;
    // In the list before its value: a failure below leaves every descriptor where Disown finds it.
    nvl.pairs.push_back(std::make_unique<Pair>());
    Pair* p = nvl.pairs.back().get();
    p->type = type;
    p->name = std::move(key);
    uint32_t len;
    std::string_view bytes;
    switch (type) {
      case NV_TYPE_NULL:
        break;
      case NV_TYPE_BOOL: {
        uint8_t b;
        if (!r.Get(b) || b > 1) return false;
        p->boolean = b != 0;
        break;
      }
      case NV_TYPE_NUMBER:
        if (!r.Get(p->number)) return false;
        break;
      case NV_TYPE_STRING:
        if (!r.Get(len) || !r.Bytes(len, bytes) || bytes.find('\0') != std::string_view::npos)
          return false;
        p->string.assign(bytes);
        break;
      case NV_TYPE_NVLIST:
        p->list.reset(new nvlist);
        if (!DecodeList(r, fds, used, depth + 1, *p->list)) return false;
        break;
      case NV_TYPE_DESCRIPTOR:
        if (!r.Get(len) || len >= fds.size() || used[len]) return false;
        used[len] = true;
        p->fd = UniqueFd(fds[len].get());  // owned by p only once the whole list is accepted
        break;
      case NV_TYPE_BINARY:
        if (!r.Get(len) || len == 0 || !r.Bytes(len, bytes)) return false;
        p->binary.assign(bytes.begin(), bytes.end());
        break;
      default:
        return false;
    }
  }
  return true;
}

// Gives up, without closing, every descriptor a half-built list took from fds.
void Disown(nvlist_t& nvl) {
  for (auto& p : nvl.pairs) {
    if (p->type == NV_TYPE_DESCRIPTOR) p->fd.release();
    if (p->type == NV_TYPE_NVLIST && p->list) Disown(*p->list);
  }
}

Status SendAll(int sock, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(sock, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno{errno};
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return kOk;
}

// Reads exactly size bytes; collects any descriptors that come with them. EOF before the first
// byte: EPIPE (the other side closed); after it: EBADMSG (a truncated frame).
Status RecvAll(int sock, char* data, size_t size, std::vector<UniqueFd>& fds) {
  size_t got = 0;
  while (got < size) {
    iovec iov{data + got, size - got};
    alignas(cmsghdr) char control[CMSG_SPACE(kMaxFds * sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno{errno};
    }
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < nfd; i++) {
        int fd;
        memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
        fds.emplace_back(fd);
      }
    }
    if (msg.msg_flags & MSG_CTRUNC) return Errno{EMSGSIZE};
    if (n == 0) return Errno{got == 0 ? EPIPE : EBADMSG};
    got += static_cast<size_t>(n);
  }
  return kOk;
}

}  // namespace

Status Encode(const nvlist_t& nvl, std::string& out, std::vector<int>& fds) {
  try {
    return EncodeList(nvl, out, fds, 0);
  } catch (...) {
    return Errno{ENOMEM};
  }
}

Result<NvPtr> Decode(std::string_view bytes, std::vector<UniqueFd>& fds, int flags) {
  NvPtr nvl(new (std::nothrow) nvlist);
  if (!nvl) return Errno{ENOMEM};
  try {
    std::vector<bool> used(fds.size(), false);
    Reader r(bytes);
    bool ok = DecodeList(r, fds, used, 0, *nvl) && r.empty();
    for (bool u : used) ok = ok && u;
    if (!ok) {
      Disown(*nvl);
      return Errno{EBADMSG};
    }
    for (auto& fd : fds) fd.release();  // now owned by the list
    fds.clear();
    nvl->flags |= flags & kKnownFlags;
    return nvl;
  } catch (...) {
    Disown(*nvl);
    return Errno{ENOMEM};
  }
}

Status SendFrame(int sock, const nvlist_t& nvl) {
  std::string payload;
  std::vector<int> fds;
  if (Status s = Encode(nvl, payload, fds); !s.ok()) return s;
  FrameHeader h{kMagic, kVersion, 0, static_cast<uint32_t>(payload.size()),
                static_cast<uint32_t>(fds.size())};
  iovec iov{&h, sizeof(h)};
  alignas(cmsghdr) char control[CMSG_SPACE(kMaxFds * sizeof(int))];
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (!fds.empty()) {
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
    memcpy(CMSG_DATA(c), fds.data(), fds.size() * sizeof(int));
  }
  ssize_t n;
  do {
    n = sendmsg(sock, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Errno{errno};
  if (Status s = SendAll(sock, reinterpret_cast<const char*>(&h) + n, sizeof(h) - n); !s.ok())
    return s;
  return SendAll(sock, payload.data(), payload.size());
}

Result<NvPtr> RecvFrame(int sock, int flags, bool* in_sync) {
  if (in_sync != nullptr) *in_sync = false;
  std::vector<UniqueFd> fds;
  FrameHeader h;
  if (Status s = RecvAll(sock, reinterpret_cast<char*>(&h), sizeof(h), fds); !s.ok())
    return s.error();
  if (h.magic != kMagic || h.version != kVersion || h.reserved != 0 || h.nfds > kMaxFds)
    return Errno{EBADMSG};
  if (h.size > kMaxFrame) return Errno{EMSGSIZE};
  std::string payload;
  try {
    payload.resize(h.size);
  } catch (...) {
    return Errno{ENOMEM};
  }
  std::vector<UniqueFd> late;  // descriptors sent with the payload: not part of the frame
  if (Status s = RecvAll(sock, payload.data(), payload.size(), late); !s.ok()) {
    return Errno{s.error().value == EPIPE ? EBADMSG : s.error().value};
  }
  if (in_sync != nullptr) *in_sync = true;
  if (fds.size() != h.nfds || !late.empty()) return Errno{EBADMSG};
  return Decode(payload, fds, flags);
}

}  // namespace capsicum::casper

namespace cc = capsicum::casper;

extern "C" CAPSICUM_EXPORT void* nvlist_pack(const nvlist_t* nvl, size_t* sizep) noexcept {
  if (nvl == nullptr || sizep == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  std::string out;
  std::vector<int> fds;
  if (capsicum::Status s = cc::Encode(*nvl, out, fds); !s.ok()) {
    errno = s.error().value;
    return nullptr;
  }
  if (!fds.empty()) {
    errno = EOPNOTSUPP;  // descriptors only travel over a socket
    return nullptr;
  }
  void* buf = malloc(out.empty() ? 1 : out.size());
  if (buf == nullptr) return nullptr;
  memcpy(buf, out.data(), out.size());
  *sizep = out.size();
  return buf;
}

extern "C" CAPSICUM_EXPORT nvlist_t* nvlist_unpack(const void* buf, size_t size,
                                                   int flags) noexcept {
  if (buf == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  std::vector<capsicum::UniqueFd> none;
  auto r = cc::Decode(std::string_view(static_cast<const char*>(buf), size), none, flags);
  if (!r.ok()) {
    errno = r.error().value;
    return nullptr;
  }
  return std::move(r).value().release();
}

extern "C" CAPSICUM_EXPORT int nvlist_send(int sock, const nvlist_t* nvl) noexcept {
  if (nvl == nullptr) {
    errno = EINVAL;
    return -1;
  }
  return capsicum::ToC(cc::SendFrame(sock, *nvl));
}

extern "C" CAPSICUM_EXPORT nvlist_t* nvlist_recv(int sock, int flags) noexcept {
  auto r = cc::RecvFrame(sock, flags, nullptr);
  if (!r.ok()) {
    errno = r.error().value;
    return nullptr;
  }
  return std::move(r).value().release();
}

extern "C" CAPSICUM_EXPORT nvlist_t* nvlist_xfer(int sock, nvlist_t* nvl, int flags) noexcept {
  cc::NvPtr owned(nvl);
  if (nvlist_send(sock, nvl) < 0) return nullptr;
  owned.reset();
  return nvlist_recv(sock, flags);
}
