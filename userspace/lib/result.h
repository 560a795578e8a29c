// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - Result<T, E>: a value or an error, the internal error type of user space.
#ifndef CAPSICUM_USERSPACE_LIB_RESULT_H_
#define CAPSICUM_USERSPACE_LIB_RESULT_H_

#include <utility>
#include <variant>

namespace capsicum {

// Why an operation failed, as an errno value (always > 0).
struct Errno {
  int value;
};

// The value of an operation that returns nothing but success.
struct Unit {};
inline constexpr Unit kOk{};

// A T or an E.  C++20 has no std::expected; this is the part of it the project needs.
template <class T, class E = Errno>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const noexcept { return v_.index() == 0; }

  // value() and error() may only be called when ok() says so.
  T& value() & noexcept { return *std::get_if<0>(&v_); }
  const T& value() const& noexcept { return *std::get_if<0>(&v_); }
  T&& value() && noexcept { return std::move(*std::get_if<0>(&v_)); }
  const E& error() const noexcept { return *std::get_if<1>(&v_); }

 private:
  std::variant<T, E> v_;
};

// Success or an errno.
using Status = Result<Unit>;

}  // namespace capsicum

#endif  // CAPSICUM_USERSPACE_LIB_RESULT_H_
