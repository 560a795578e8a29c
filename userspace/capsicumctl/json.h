// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the little JSON capsicumctl writes: strings, correctly escaped.
//
// No JSON library is packaged for the build machines, and capsicumctl only writes flat
// objects of numbers, booleans, strings and lists, so this is all it needs.
#ifndef CAPSICUM_CAPSICUMCTL_JSON_H_
#define CAPSICUM_CAPSICUMCTL_JSON_H_

#include <string>
#include <string_view>

namespace capsicumctl {

// Appends `s` to `out` as a JSON string, quotes included (RFC 8259): '"' and '\\' escaped,
// control characters as \n, \t... or \u00XX, valid UTF-8 copied as is, and every byte that is
// not part of a valid UTF-8 sequence (file names are bytes) replaced by U+FFFD, so that the
// output is always valid JSON.
void AppendJsonString(std::string& out, std::string_view s);

// AppendJsonString into a new string.
std::string JsonString(std::string_view s);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_JSON_H_
