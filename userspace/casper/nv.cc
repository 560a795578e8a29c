// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - <sys/nv.h> and <sys/dnv.h>: FreeBSD's nvlist C API (the part casper uses).
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/dnv.h>
#include <sys/nv.h>
#include <unistd.h>

#include <new>

#include "c_api.h"
#include "nv_impl.h"

namespace capsicum::casper {
namespace {

bool SameName(const nvlist_t* nvl, const std::string& a, const char* b) {
  return (nvl->flags & NV_FLAG_IGNORE_CASE) ? strcasecmp(a.c_str(), b) == 0 : a == b;
}

// The first pair called name (of type, unless NV_TYPE_NONE), or nullptr.
Pair* Find(const nvlist_t* nvl, const char* name, int type) {
  if (nvl == nullptr || name == nullptr) return nullptr;
  for (const auto& p : nvl->pairs) {
    if (SameName(nvl, p->name, name) && (type == NV_TYPE_NONE || p->type == type)) return p.get();
  }
  return nullptr;
}

void Fail(nvlist_t* nvl, int error) {
  if (nvl != nullptr && nvl->error == 0) nvl->error = error;
  errno = error;
}

// Checks that a pair called name may be added; the error is recorded in nvl.
bool MayAdd(nvlist_t* nvl, const char* name) {
  if (nvl == nullptr) {
    errno = EINVAL;
    return false;
  }
  if (nvl->error != 0) {
    errno = nvl->error;
    return false;
  }
  if (name == nullptr || strnlen(name, NV_NAME_MAX) >= NV_NAME_MAX) {
    Fail(nvl, EINVAL);
    return false;
  }
  if (!(nvl->flags & NV_FLAG_NO_UNIQUE) && Find(nvl, name, NV_TYPE_NONE) != nullptr) {
    Fail(nvl, EEXIST);
    return false;
  }
  return true;
}

void Append(nvlist_t* nvl, std::unique_ptr<Pair> p) {
  try {
    nvl->pairs.push_back(std::move(p));
  } catch (...) {
    Fail(nvl, ENOMEM);
  }
}

std::unique_ptr<Pair> NewPair(int type, const char* name) {
  auto p = std::make_unique<Pair>();
  p->type = type;
  p->name = name;
  return p;
}

// Adds a pair built by fill (which may throw); errors go to nvl.
template <class F>
void Add(nvlist_t* nvl, const char* name, int type, F&& fill) {
  if (!MayAdd(nvl, name)) return;
  try {
    auto p = NewPair(type, name);
    if (int e = fill(*p); e != 0) {
      Fail(nvl, e);
      return;
    }
    Append(nvl, std::move(p));
  } catch (...) {
    Fail(nvl, ENOMEM);
  }
}

NvPtr Clone(const nvlist_t& nvl);

// Copies one pair (descriptors duplicated); 0 or an errno.
int CopyValue(const Pair& from, Pair& to) {
  to.boolean = from.boolean;
  to.number = from.number;
  to.string = from.string;
  to.binary = from.binary;
  if (from.type == NV_TYPE_NVLIST) {
    to.list = Clone(*from.list);
    if (!to.list) return errno;
  }
  if (from.type == NV_TYPE_DESCRIPTOR) {
    to.fd.reset(fcntl(from.fd.get(), F_DUPFD_CLOEXEC, 0));
    if (!to.fd.valid()) return errno;
  }
  return 0;
}

NvPtr Clone(const nvlist_t& nvl) {
  if (nvl.error != 0) {
    errno = nvl.error;
    return nullptr;
  }
  try {
    NvPtr copy(new nvlist);
    copy->flags = nvl.flags;
    for (const auto& p : nvl.pairs) {
      auto q = NewPair(p->type, p->name.c_str());
      if (int e = CopyValue(*p, *q); e != 0) {
        errno = e;
        return nullptr;
      }
      copy->pairs.push_back(std::move(q));
    }
    return copy;
  } catch (...) {
    errno = ENOMEM;
    return nullptr;
  }
}

// Removes and returns the first pair called name of type (nullptr, errno ENOENT: none).
std::unique_ptr<Pair> Take(nvlist_t* nvl, const char* name, int type) {
  if (nvl == nullptr || name == nullptr) {
    errno = ENOENT;
    return nullptr;
  }
  for (auto it = nvl->pairs.begin(); it != nvl->pairs.end(); ++it) {
    if (SameName(nvl, (*it)->name, name) && (type == NV_TYPE_NONE || (*it)->type == type)) {
      auto p = std::move(*it);
      nvl->pairs.erase(it);
      return p;
    }
  }
  errno = ENOENT;
  return nullptr;
}

Pair* Get(const nvlist_t* nvl, const char* name, int type) {
  Pair* p = Find(nvl, name, type);
  if (p == nullptr) errno = ENOENT;
  return p;
}

char* DupString(const std::string& s) {
  char* out = static_cast<char*>(malloc(s.size() + 1));
  if (out == nullptr) return nullptr;
  memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

void* DupBinary(const std::vector<unsigned char>& b, size_t* sizep) {
  void* out = malloc(b.empty() ? 1 : b.size());
  if (out != nullptr && !b.empty()) memcpy(out, b.data(), b.size());
  if (sizep != nullptr) *sizep = b.size();
  return out;
}

}  // namespace

NvPtr MakeList(int flags) { return NvPtr(nvlist_create(flags)); }

}  // namespace capsicum::casper

using capsicum::casper::Pair;
namespace cc = capsicum::casper;

#define NV_EXPORT extern "C" CAPSICUM_EXPORT

NV_EXPORT nvlist_t* nvlist_create(int flags) noexcept {
  if (flags & ~(NV_FLAG_IGNORE_CASE | NV_FLAG_NO_UNIQUE)) {
    errno = EINVAL;
    return nullptr;
  }
  nvlist_t* nvl = new (std::nothrow) nvlist;
  if (nvl == nullptr) {
    errno = ENOMEM;
    return nullptr;
  }
  nvl->flags = flags;
  return nvl;
}

NV_EXPORT void nvlist_destroy(nvlist_t* nvl) noexcept {
  int saved = errno;
  delete nvl;
  errno = saved;
}

NV_EXPORT int nvlist_error(const nvlist_t* nvl) noexcept {
  return nvl == nullptr ? ENOMEM : nvl->error;
}

NV_EXPORT void nvlist_set_error(nvlist_t* nvl, int error) noexcept {
  if (nvl != nullptr && nvl->error == 0) nvl->error = error;
}

NV_EXPORT bool nvlist_empty(const nvlist_t* nvl) noexcept {
  return nvl == nullptr || nvl->pairs.empty();
}

NV_EXPORT int nvlist_flags(const nvlist_t* nvl) noexcept { return nvl == nullptr ? 0 : nvl->flags; }

NV_EXPORT nvlist_t* nvlist_clone(const nvlist_t* nvl) noexcept {
  if (nvl == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  return cc::Clone(*nvl).release();
}

NV_EXPORT void nvlist_fdump(const nvlist_t* nvl, FILE* fp) noexcept {
  if (nvl == nullptr || fp == nullptr) return;
  for (const auto& p : nvl->pairs) {
    switch (p->type) {
      case NV_TYPE_NULL:
        fprintf(fp, "%s (NULL)\n", p->name.c_str());
        break;
      case NV_TYPE_BOOL:
        fprintf(fp, "%s (BOOL): %s\n", p->name.c_str(), p->boolean ? "TRUE" : "FALSE");
        break;
      case NV_TYPE_NUMBER:
        fprintf(fp, "%s (NUMBER): %llu\n", p->name.c_str(),
                static_cast<unsigned long long>(p->number));
        break;
      case NV_TYPE_STRING:
        fprintf(fp, "%s (STRING): [%s]\n", p->name.c_str(), p->string.c_str());
        break;
      case NV_TYPE_NVLIST:
        fprintf(fp, "%s (NVLIST):\n", p->name.c_str());
        nvlist_fdump(p->list.get(), fp);
        break;
      case NV_TYPE_DESCRIPTOR:
        fprintf(fp, "%s (DESCRIPTOR): %d\n", p->name.c_str(), p->fd.get());
        break;
      case NV_TYPE_BINARY:
        fprintf(fp, "%s (BINARY): %zu bytes\n", p->name.c_str(), p->binary.size());
        break;
    }
  }
}

NV_EXPORT void nvlist_dump(const nvlist_t* nvl, int fd) noexcept {
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return;
  FILE* fp = fdopen(copy, "w");
  if (fp == nullptr) {
    close(copy);
    return;
  }
  nvlist_fdump(nvl, fp);
  fclose(fp);
}

NV_EXPORT const char* nvlist_next(const nvlist_t* nvl, int* typep, void** cookiep) noexcept {
  if (nvl == nullptr || cookiep == nullptr) return nullptr;
  size_t next = reinterpret_cast<uintptr_t>(*cookiep);  // 0: start; else index + 1 of the last
  if (next >= nvl->pairs.size()) return nullptr;
  const Pair& p = *nvl->pairs[next];
  *cookiep = reinterpret_cast<void*>(static_cast<uintptr_t>(next + 1));
  if (typep != nullptr) *typep = p.type;
  return p.name.c_str();
}

NV_EXPORT bool nvlist_exists(const nvlist_t* nvl, const char* name) noexcept {
  return cc::Find(nvl, name, NV_TYPE_NONE) != nullptr;
}
NV_EXPORT bool nvlist_exists_type(const nvlist_t* nvl, const char* name, int type) noexcept {
  return type != NV_TYPE_NONE && cc::Find(nvl, name, type) != nullptr;
}
#define NV_EXISTS(kind, TYPE)                                                           \
  NV_EXPORT bool nvlist_exists_##kind(const nvlist_t* nvl, const char* name) noexcept { \
    return cc::Find(nvl, name, TYPE) != nullptr;                                        \
  }
NV_EXISTS(null, NV_TYPE_NULL)
NV_EXISTS(bool, NV_TYPE_BOOL)
NV_EXISTS(number, NV_TYPE_NUMBER)
NV_EXISTS(string, NV_TYPE_STRING)
NV_EXISTS(nvlist, NV_TYPE_NVLIST)
NV_EXISTS(descriptor, NV_TYPE_DESCRIPTOR)
NV_EXISTS(binary, NV_TYPE_BINARY)

NV_EXPORT void nvlist_add_null(nvlist_t* nvl, const char* name) noexcept {
  cc::Add(nvl, name, NV_TYPE_NULL, [](Pair&) { return 0; });
}
NV_EXPORT void nvlist_add_bool(nvlist_t* nvl, const char* name, bool value) noexcept {
  cc::Add(nvl, name, NV_TYPE_BOOL, [&](Pair& p) {
    p.boolean = value;
    return 0;
  });
}
NV_EXPORT void nvlist_add_number(nvlist_t* nvl, const char* name, uint64_t value) noexcept {
  cc::Add(nvl, name, NV_TYPE_NUMBER, [&](Pair& p) {
    p.number = value;
    return 0;
  });
}
NV_EXPORT void nvlist_add_string(nvlist_t* nvl, const char* name, const char* value) noexcept {
  cc::Add(nvl, name, NV_TYPE_STRING, [&](Pair& p) {
    if (value == nullptr) return EINVAL;
    p.string = value;
    return 0;
  });
}
NV_EXPORT void nvlist_add_stringf(nvlist_t* nvl, const char* name, const char* fmt, ...) noexcept {
  char* value = nullptr;
  va_list ap;
  va_start(ap, fmt);
  int n = fmt == nullptr ? -1 : vasprintf(&value, fmt, ap);
  va_end(ap);
  if (n < 0) {
    cc::Fail(nvl, fmt == nullptr ? EINVAL : ENOMEM);
    return;
  }
  nvlist_move_string(nvl, name, value);
}
NV_EXPORT void nvlist_add_nvlist(nvlist_t* nvl, const char* name, const nvlist_t* value) noexcept {
  cc::Add(nvl, name, NV_TYPE_NVLIST, [&](Pair& p) {
    if (value == nullptr) return EINVAL;
    p.list = cc::Clone(*value);
    return p.list ? 0 : errno;
  });
}
NV_EXPORT void nvlist_add_descriptor(nvlist_t* nvl, const char* name, int value) noexcept {
  cc::Add(nvl, name, NV_TYPE_DESCRIPTOR, [&](Pair& p) {
    p.fd.reset(value < 0 ? -1 : fcntl(value, F_DUPFD_CLOEXEC, 0));
    return p.fd.valid() ? 0 : EBADF;
  });
}
NV_EXPORT void nvlist_add_binary(nvlist_t* nvl, const char* name, const void* value,
                                 size_t size) noexcept {
  cc::Add(nvl, name, NV_TYPE_BINARY, [&](Pair& p) {
    if (value == nullptr || size == 0) return EINVAL;
    auto* b = static_cast<const unsigned char*>(value);
    p.binary.assign(b, b + size);
    return 0;
  });
}

NV_EXPORT void nvlist_move_string(nvlist_t* nvl, const char* name, char* value) noexcept {
  nvlist_add_string(nvl, name, value);
  free(value);
}
NV_EXPORT void nvlist_move_nvlist(nvlist_t* nvl, const char* name, nvlist_t* value) noexcept {
  cc::NvPtr owned(value);
  if (value != nullptr && value->error != 0) {
    cc::Fail(nvl, value->error);
    return;
  }
  cc::Add(nvl, name, NV_TYPE_NVLIST, [&](Pair& p) {
    if (!owned) return EINVAL;
    p.list = std::move(owned);
    return 0;
  });
}
NV_EXPORT void nvlist_move_descriptor(nvlist_t* nvl, const char* name, int value) noexcept {
  capsicum::UniqueFd owned(value);
  cc::Add(nvl, name, NV_TYPE_DESCRIPTOR, [&](Pair& p) {
    if (!owned.valid() || fcntl(owned.get(), F_GETFD) < 0) return EBADF;
    p.fd = std::move(owned);
    return 0;
  });
}
NV_EXPORT void nvlist_move_binary(nvlist_t* nvl, const char* name, void* value,
                                  size_t size) noexcept {
  nvlist_add_binary(nvl, name, value, size);
  free(value);
}

NV_EXPORT bool nvlist_get_bool(const nvlist_t* nvl, const char* name) noexcept {
  Pair* p = cc::Get(nvl, name, NV_TYPE_BOOL);
  return p != nullptr && p->boolean;
}
NV_EXPORT uint64_t nvlist_get_number(const nvlist_t* nvl, const char* name) noexcept {
  Pair* p = cc::Get(nvl, name, NV_TYPE_NUMBER);
  return p == nullptr ? 0 : p->number;
}
NV_EXPORT const char* nvlist_get_string(const nvlist_t* nvl, const char* name) noexcept {
  Pair* p = cc::Get(nvl, name, NV_TYPE_STRING);
  return p == nullptr ? nullptr : p->string.c_str();
}
NV_EXPORT const nvlist_t* nvlist_get_nvlist(const nvlist_t* nvl, const char* name) noexcept {
  Pair* p = cc::Get(nvl, name, NV_TYPE_NVLIST);
  return p == nullptr ? nullptr : p->list.get();
}
NV_EXPORT int nvlist_get_descriptor(const nvlist_t* nvl, const char* name) noexcept {
  Pair* p = cc::Get(nvl, name, NV_TYPE_DESCRIPTOR);
  return p == nullptr ? -1 : p->fd.get();
}
NV_EXPORT const void* nvlist_get_binary(const nvlist_t* nvl, const char* name,
                                        size_t* sizep) noexcept {
  Pair* p = cc::Get(nvl, name, NV_TYPE_BINARY);
  if (sizep != nullptr) *sizep = p == nullptr ? 0 : p->binary.size();
  return p == nullptr ? nullptr : p->binary.data();
}

NV_EXPORT bool nvlist_take_bool(nvlist_t* nvl, const char* name) noexcept {
  auto p = cc::Take(nvl, name, NV_TYPE_BOOL);
  return p != nullptr && p->boolean;
}
NV_EXPORT uint64_t nvlist_take_number(nvlist_t* nvl, const char* name) noexcept {
  auto p = cc::Take(nvl, name, NV_TYPE_NUMBER);
  return p == nullptr ? 0 : p->number;
}
NV_EXPORT char* nvlist_take_string(nvlist_t* nvl, const char* name) noexcept {
  auto p = cc::Take(nvl, name, NV_TYPE_STRING);
  return p == nullptr ? nullptr : cc::DupString(p->string);
}
NV_EXPORT nvlist_t* nvlist_take_nvlist(nvlist_t* nvl, const char* name) noexcept {
  auto p = cc::Take(nvl, name, NV_TYPE_NVLIST);
  return p == nullptr ? nullptr : p->list.release();
}
NV_EXPORT int nvlist_take_descriptor(nvlist_t* nvl, const char* name) noexcept {
  auto p = cc::Take(nvl, name, NV_TYPE_DESCRIPTOR);
  return p == nullptr ? -1 : p->fd.release();
}
NV_EXPORT void* nvlist_take_binary(nvlist_t* nvl, const char* name, size_t* sizep) noexcept {
  auto p = cc::Take(nvl, name, NV_TYPE_BINARY);
  if (p == nullptr) {
    if (sizep != nullptr) *sizep = 0;
    return nullptr;
  }
  return cc::DupBinary(p->binary, sizep);
}

NV_EXPORT void nvlist_free_type(nvlist_t* nvl, const char* name, int type) noexcept {
  cc::Take(nvl, name, type);
}
NV_EXPORT void nvlist_free(nvlist_t* nvl, const char* name) noexcept {
  cc::Take(nvl, name, NV_TYPE_NONE);
}
#define NV_FREE(kind, TYPE)                                                     \
  NV_EXPORT void nvlist_free_##kind(nvlist_t* nvl, const char* name) noexcept { \
    cc::Take(nvl, name, TYPE);                                                  \
  }
NV_FREE(null, NV_TYPE_NULL)
NV_FREE(bool, NV_TYPE_BOOL)
NV_FREE(number, NV_TYPE_NUMBER)
NV_FREE(string, NV_TYPE_STRING)
NV_FREE(nvlist, NV_TYPE_NVLIST)
NV_FREE(descriptor, NV_TYPE_DESCRIPTOR)
NV_FREE(binary, NV_TYPE_BINARY)

NV_EXPORT bool dnvlist_get_bool(const nvlist_t* nvl, const char* name, bool defval) noexcept {
  Pair* p = cc::Find(nvl, name, NV_TYPE_BOOL);
  return p == nullptr ? defval : p->boolean;
}
NV_EXPORT uint64_t dnvlist_get_number(const nvlist_t* nvl, const char* name,
                                      uint64_t defval) noexcept {
  Pair* p = cc::Find(nvl, name, NV_TYPE_NUMBER);
  return p == nullptr ? defval : p->number;
}
NV_EXPORT const char* dnvlist_get_string(const nvlist_t* nvl, const char* name,
                                         const char* defval) noexcept {
  Pair* p = cc::Find(nvl, name, NV_TYPE_STRING);
  return p == nullptr ? defval : p->string.c_str();
}
NV_EXPORT const nvlist_t* dnvlist_get_nvlist(const nvlist_t* nvl, const char* name,
                                             const nvlist_t* defval) noexcept {
  Pair* p = cc::Find(nvl, name, NV_TYPE_NVLIST);
  return p == nullptr ? defval : p->list.get();
}
NV_EXPORT int dnvlist_get_descriptor(const nvlist_t* nvl, const char* name, int defval) noexcept {
  Pair* p = cc::Find(nvl, name, NV_TYPE_DESCRIPTOR);
  return p == nullptr ? defval : p->fd.get();
}
NV_EXPORT const void* dnvlist_get_binary(const nvlist_t* nvl, const char* name, size_t* sizep,
                                         const void* defval, size_t defsize) noexcept {
  Pair* p = cc::Find(nvl, name, NV_TYPE_BINARY);
  if (p == nullptr) {
    if (sizep != nullptr) *sizep = defsize;
    return defval;
  }
  if (sizep != nullptr) *sizep = p->binary.size();
  return p->binary.data();
}
NV_EXPORT bool dnvlist_take_bool(nvlist_t* nvl, const char* name, bool defval) noexcept {
  return nvlist_exists_bool(nvl, name) ? nvlist_take_bool(nvl, name) : defval;
}
NV_EXPORT uint64_t dnvlist_take_number(nvlist_t* nvl, const char* name, uint64_t defval) noexcept {
  return nvlist_exists_number(nvl, name) ? nvlist_take_number(nvl, name) : defval;
}
NV_EXPORT char* dnvlist_take_string(nvlist_t* nvl, const char* name, char* defval) noexcept {
  return nvlist_exists_string(nvl, name) ? nvlist_take_string(nvl, name) : defval;
}
NV_EXPORT nvlist_t* dnvlist_take_nvlist(nvlist_t* nvl, const char* name,
                                        nvlist_t* defval) noexcept {
  return nvlist_exists_nvlist(nvl, name) ? nvlist_take_nvlist(nvl, name) : defval;
}
NV_EXPORT int dnvlist_take_descriptor(nvlist_t* nvl, const char* name, int defval) noexcept {
  return nvlist_exists_descriptor(nvl, name) ? nvlist_take_descriptor(nvl, name) : defval;
}
NV_EXPORT void* dnvlist_take_binary(nvlist_t* nvl, const char* name, size_t* sizep, void* defval,
                                    size_t defsize) noexcept {
  if (!nvlist_exists_binary(nvl, name)) {
    if (sizep != nullptr) *sizep = defsize;
    return defval;
  }
  return nvlist_take_binary(nvl, name, sizep);
}
