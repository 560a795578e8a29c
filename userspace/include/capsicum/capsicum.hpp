// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the C++ API: Rights, Fd, enter(), std::error_code with Capsicum's errnos.
//
// Header-only over the C ABI of libcapsicum (<sys/capsicum.h>), so it works with libcapsicum.a
// and libcapsicum.so alike and no exception ever crosses the C ABI.  Nothing here throws
// except the std::string and std::vector results (std::bad_alloc).
//
//   capsicum::Fd fd(open("data", O_RDONLY));
//   constexpr capsicum::Rights kRead{CAP_READ, CAP_SEEK, CAP_FSTAT};
//   if (std::error_code ec = fd.limit(kRead)) std::cerr << ec.message() << '\n';
//   if (std::error_code ec = capsicum::enter()) ...;   // ec == capsicum::Errc::... etc.
#ifndef CAPSICUM_CAPSICUM_HPP_
#define CAPSICUM_CAPSICUM_HPP_

#include <errno.h>
#include <sys/capsicum.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

namespace capsicum {

// A rights set: FreeBSD's cap_rights_t as a value type.  Every operation is constexpr.
//
// A malformed right (version bits, no or several word index bits) given to the constructor or
// add() marks the set malformed, as the C helpers do: valid() is then false, every predicate
// answers false, set operations with it give a malformed set, and limit() refuses it (EINVAL).
class Rights {
 public:
  // The empty set.
  constexpr Rights() noexcept : r_{{CAPRIGHT(0, 0ULL), CAPRIGHT(1, 0ULL)}} {}

  // Exactly the listed rights: Rights{CAP_READ, CAP_SEEK}.
  template <class... R>
  requires(sizeof...(R) > 0 &&
           (std::is_integral_v<R> && ...)) constexpr explicit Rights(R... rights) noexcept
      : Rights() {
    (add(static_cast<std::uint64_t>(rights)), ...);
  }

  // A copy of a C set (not checked: valid() tells).
  constexpr explicit Rights(const cap_rights_t& rights) noexcept : r_(rights) {}

  // Every right (CAP_ALL).
  static constexpr Rights All() noexcept {
    Rights r;
    r.r_.cr_rights[0] = CAP_ALL0;
    r.r_.cr_rights[1] = CAP_ALL1;
    return r;
  }

  // Adds one right (a composite adds all its parts); returns *this.
  constexpr Rights& add(std::uint64_t right) noexcept {
    int word = WordOf(right);
    if (word < 0)
      MarkMalformed();
    else
      r_.cr_rights[word] |= right;
    return *this;
  }

  // Removes one right (a composite removes all its parts, CAP_LOOKUP included); returns *this.
  constexpr Rights& remove(std::uint64_t right) noexcept {
    int word = WordOf(right);
    if (word < 0)
      MarkMalformed();
    else
      r_.cr_rights[word] &= ~(right & kRightBits);
    return *this;
  }

  // Version 0, each word's index bit, no bit outside CAP_ALL0/CAP_ALL1 (cap_rights_is_valid).
  constexpr bool valid() const noexcept {
    return WellFormed() && (r_.cr_rights[0] & ~CAP_ALL0) == 0 && (r_.cr_rights[1] & ~CAP_ALL1) == 0;
  }

  // No right (false for a malformed set).
  constexpr bool empty() const noexcept {
    return WellFormed() && (r_.cr_rights[0] & kRightBits) == 0 &&
           (r_.cr_rights[1] & kRightBits) == 0;
  }

  // Every right of `other` is here (cap_rights_contains); false if either is malformed.
  constexpr bool contains(const Rights& other) const noexcept {
    return WellFormed() && other.WellFormed() &&
           (r_.cr_rights[0] & other.r_.cr_rights[0]) == other.r_.cr_rights[0] &&
           (r_.cr_rights[1] & other.r_.cr_rights[1]) == other.r_.cr_rights[1];
  }

  // Every bit of `right` is here (a composite needs all its parts); false if malformed.
  constexpr bool contains(std::uint64_t right) const noexcept {
    int word = WordOf(right);
    return WellFormed() && word >= 0 && (r_.cr_rights[word] & right) == right;
  }

  // Union, intersection and difference.  A malformed operand gives a malformed result.
  constexpr Rights& operator|=(const Rights& other) noexcept {
    return Combine(other, [](std::uint64_t a, std::uint64_t b) { return a | b; });
  }
  constexpr Rights& operator&=(const Rights& other) noexcept {
    return Combine(other, [](std::uint64_t a, std::uint64_t b) { return a & b; });
  }
  constexpr Rights& operator-=(const Rights& other) noexcept {
    return Combine(other, [](std::uint64_t a, std::uint64_t b) { return a & ~b; });
  }
  friend constexpr Rights operator|(Rights a, const Rights& b) noexcept { return a |= b; }
  friend constexpr Rights operator&(Rights a, const Rights& b) noexcept { return a &= b; }
  friend constexpr Rights operator-(Rights a, const Rights& b) noexcept { return a -= b; }

  friend constexpr bool operator==(const Rights& a, const Rights& b) noexcept {
    return a.r_.cr_rights[0] == b.r_.cr_rights[0] && a.r_.cr_rights[1] == b.r_.cr_rights[1];
  }

  // The C set, for the C API.
  constexpr const cap_rights_t& c_rights() const noexcept { return r_; }

  // The fewest non-composite names, joined by '|': "CAP_READ|CAP_SEEK" for CAP_PREAD; "" for
  // the empty set, "(malformed)" for a malformed one, CAPRIGHT(word,0x...) for unnamed bits
  // (capsicum_rights_format).
  std::string to_string() const {
    std::string out(128, '\0');
    ssize_t n = capsicum_rights_format(&r_, out.data(), out.size() + 1);
    if (n < 0) return {};
    if (static_cast<std::size_t>(n) > out.size()) {
      out.resize(static_cast<std::size_t>(n));
      n = capsicum_rights_format(&r_, out.data(), out.size() + 1);
      if (n < 0) return {};
    }
    out.resize(static_cast<std::size_t>(n));
    return out;
  }

  friend std::ostream& operator<<(std::ostream& os, const Rights& rights) {
    return os << rights.to_string();
  }

 private:
  static constexpr std::uint64_t kRightBits = CAPRIGHT_BITS_MASK;
  static constexpr std::uint64_t kIndexBits = 0x1FULL << 57;

  // The word a version-0 right belongs to, or -1.
  static constexpr int WordOf(std::uint64_t right) noexcept {
    if (CAPRVER(right) != 0) return -1;
    if (CAPIDXBIT(right) == 1) return 0;
    if (CAPIDXBIT(right) == 2) return 1;
    return -1;
  }

  constexpr bool WellFormed() const noexcept {
    return CAPRVER(r_.cr_rights[0]) == CAP_RIGHTS_VERSION_00 && CAPIDXBIT(r_.cr_rights[0]) == 1 &&
           CAPRVER(r_.cr_rights[1]) == 0 && CAPIDXBIT(r_.cr_rights[1]) == 2;
  }

  // As libcapsicum's helpers do: clear the index bits of word 0.
  constexpr void MarkMalformed() noexcept { r_.cr_rights[0] &= ~kIndexBits; }

  template <class Op>
  constexpr Rights& Combine(const Rights& other, Op op) noexcept {
    if (!WellFormed() || !other.WellFormed()) {
      MarkMalformed();
      return *this;
    }
    for (int i = 0; i < 2; i++) {
      std::uint64_t bits = op(r_.cr_rights[i] & kRightBits, other.r_.cr_rights[i] & kRightBits);
      r_.cr_rights[i] = (r_.cr_rights[i] & ~kRightBits) | (bits & kRightBits);
    }
    return *this;
  }

  cap_rights_t r_;
};

// The Capsicum errnos, as std::error_code values of capsicum::category().
enum class Errc {
  capability_mode = ECAPMODE,  // Not permitted in capability mode
  not_capable = ENOTCAPABLE,   // Capabilities insufficient
};

namespace detail {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "capsicum"; }
  std::string message(int ev) const override { return cap_strerror(ev); }
  // ECAPMODE and ENOTCAPABLE stay Capsicum's; every other errno compares equal to its
  // std::errc (ec == std::errc::bad_file_descriptor).
  std::error_condition default_error_condition(int ev) const noexcept override {
    if (ev == ECAPMODE || ev == ENOTCAPABLE) return {ev, *this};
    return {ev, std::generic_category()};
  }
};

}  // namespace detail

// The category of every error this API returns: errno values, named with cap_strerror().
inline const std::error_category& category() noexcept {
  static const detail::Category instance;
  return instance;
}

inline std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), category()};
}

inline std::error_condition make_error_condition(Errc e) noexcept {
  return {static_cast<int>(e), category()};
}

// errno as an error_code of capsicum::category().
inline std::error_code ErrorFromErrno(int errnum) noexcept { return {errnum, category()}; }

// strerror(3) that knows ECAPMODE and ENOTCAPABLE (cap_strerror(), which C code can call).
inline std::string strerror(int errnum) { return cap_strerror(errnum); }

namespace detail {
inline std::error_code Check(int rc) noexcept {
  return rc < 0 ? ErrorFromErrno(errno) : std::error_code();
}
}  // namespace detail

// Enters capability mode (cap_enter): irreversible, for the process and its descendants.
inline std::error_code enter() noexcept { return detail::Check(cap_enter()); }

// True in capability mode (cap_sandboxed).
inline bool sandboxed() noexcept { return cap_sandboxed(); }

// The calls on a plain descriptor number; Fd has the same as members.
inline std::error_code limit(int fd, const Rights& rights) noexcept {
  return detail::Check(cap_rights_limit(fd, &rights.c_rights()));
}
inline std::error_code limit_fcntls(int fd, std::uint32_t fcntls) noexcept {
  return detail::Check(cap_fcntls_limit(fd, fcntls));
}
inline std::error_code limit_ioctls(int fd, std::span<const cap_ioctl_t> cmds) noexcept {
  return detail::Check(cap_ioctls_limit(fd, cmds.data(), cmds.size()));
}
// On failure these set ec and return what grants least: no rights, no fcntls, no ioctls.
inline Rights get_rights(int fd, std::error_code& ec) noexcept {
  cap_rights_t r;
  ec = detail::Check(cap_rights_get(fd, &r));
  return ec ? Rights() : Rights(r);
}
inline std::uint32_t get_fcntls(int fd, std::error_code& ec) noexcept {
  std::uint32_t fcntls = 0;
  ec = detail::Check(cap_fcntls_get(fd, &fcntls));
  return ec ? 0 : fcntls;
}
// The allowed ioctl commands; std::nullopt when every command is allowed (CAP_IOCTLS_ALL).
inline std::optional<std::vector<cap_ioctl_t>> get_ioctls(int fd, std::error_code& ec) {
  std::vector<cap_ioctl_t> cmds(CAP_IOCTLS_MAX);
  ssize_t n = cap_ioctls_get(fd, cmds.data(), cmds.size());
  ec = detail::Check(n < 0 ? -1 : 0);
  if (n < 0) return std::vector<cap_ioctl_t>();
  if (n == CAP_IOCTLS_ALL) return std::nullopt;
  cmds.resize(static_cast<std::size_t>(n) < cmds.size() ? static_cast<std::size_t>(n)
                                                        : cmds.size());
  return cmds;
}

// A move-only owner of one descriptor: closes it when destroyed; -1 means none.
class Fd {
 public:
  Fd() noexcept = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }
  explicit operator bool() const noexcept { return valid(); }

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

  std::error_code limit(const Rights& rights) const noexcept {
    return capsicum::limit(fd_, rights);
  }
  std::error_code limit_fcntls(std::uint32_t fcntls) const noexcept {
    return capsicum::limit_fcntls(fd_, fcntls);
  }
  std::error_code limit_ioctls(std::span<const cap_ioctl_t> cmds) const noexcept {
    return capsicum::limit_ioctls(fd_, cmds);
  }
  Rights rights(std::error_code& ec) const noexcept { return get_rights(fd_, ec); }
  std::uint32_t fcntls(std::error_code& ec) const noexcept { return get_fcntls(fd_, ec); }
  std::optional<std::vector<cap_ioctl_t>> ioctls(std::error_code& ec) const {
    return get_ioctls(fd_, ec);
  }

 private:
  int fd_ = -1;
};

}  // namespace capsicum

template <>
struct std::is_error_code_enum<capsicum::Errc> : std::true_type {};

#endif  // CAPSICUM_CAPSICUM_HPP_
