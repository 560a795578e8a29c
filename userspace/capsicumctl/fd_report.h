// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl rights' output: one descriptor per line, as text or JSON.
#ifndef CAPSICUM_CAPSICUMCTL_FD_REPORT_H_
#define CAPSICUM_CAPSICUMCTL_FD_REPORT_H_

#include <linux/capsicum.h>
#include <stdint.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fd_query.h"

namespace capsicumctl {

// One descriptor of the process: what /proc says and what the module says.
struct FdRow {
  int fd = -1;
  std::string_view type;
  std::string name;
  capsicum::FdInfo info;
};

// "all" for every right (CAP_ALL), "-" for none, else the library's RightsToString: the fewest
// non-composite names whose union is the set, joined by '|' (CAP_PREAD shows as
// CAP_READ|CAP_SEEK; unknown bits as CAPRIGHT(word,0x...)).
std::string RightsText(const cap_rights_t& rights);

// The rights as names, split from RightsToString (the fewest non-composite names); none for a
// malformed set.
std::vector<std::string> RightNames(const cap_rights_t& rights);

// Appends `items` to `out` as a JSON list of strings.
void AppendJsonList(std::string& out, const std::vector<std::string>& items);

// The fcntl sub-rights by name, in the order GETFL,SETFL,GETOWN,SETOWN, joined by ','; any
// other bit as 0x...; "-" for none.
std::string FcntlsText(uint32_t fcntls);

// "all" for an unrestricted list, "-" for an empty one, else the commands in hex joined by ','.
std::string IoctlsText(const std::optional<std::vector<uint64_t>>& ioctls);

// "limited", "unobserved", "limited,unobserved" or "-".
std::string FlagsText(uint32_t flags);

// A name for one text field: backslash and control bytes escaped (\\, \n, \t, \xNN); every
// other byte as is.
std::string EscapeName(std::string_view name);

// The text report: a header line "FD TYPE FLAGS RIGHTS FCNTLS IOCTLS NAME" and one line per
// row, columns padded to their widest entry and separated by one space, FD right-aligned, NAME
// last and not padded.  No field but NAME contains a space.
std::string FormatText(const std::vector<FdRow>& rows);

// The JSON report: {"pid":N,"descriptors":[...]} with one descriptor object per line.
std::string FormatJson(pid_t pid, const std::vector<FdRow>& rows);

}  // namespace capsicumctl

#endif  // CAPSICUM_CAPSICUMCTL_FD_REPORT_H_
