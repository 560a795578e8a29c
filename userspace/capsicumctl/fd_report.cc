// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl rights' output: one descriptor per line, as text or JSON.

#include "fd_report.h"

#include <stdio.h>
#include <sys/capsicum.h>

#include <algorithm>
#include <array>

#include "json.h"
#include "rights_table.h"

namespace capsicumctl {
namespace {

struct FcntlName {
  uint32_t bit;
  std::string_view name;
};
constexpr FcntlName kFcntls[] = {
    {CAP_FCNTL_GETFL, "GETFL"},
    {CAP_FCNTL_SETFL, "SETFL"},
    {CAP_FCNTL_GETOWN, "GETOWN"},
    {CAP_FCNTL_SETOWN, "SETOWN"},
};

std::string Hex(uint64_t value) {
  char buf[24];
  snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

// The hex form of a rights word, all 16 digits: the version and index bits are part of it.
std::string Word(uint64_t value) {
  char buf[24];
  snprintf(buf, sizeof(buf), "0x%016llx", static_cast<unsigned long long>(value));
  return buf;
}

bool IsAll(const cap_rights_t& rights) {
  cap_rights_t all;
  CAP_ALL(&all);
  return rights.cr_rights[0] == all.cr_rights[0] && rights.cr_rights[1] == all.cr_rights[1];
}

std::vector<std::string> FcntlNames(uint32_t fcntls) {
  std::vector<std::string> names;
  uint32_t named = 0;
  for (const FcntlName& f : kFcntls) {
    named |= f.bit;
    if ((fcntls & f.bit) != 0) names.emplace_back(f.name);
  }
  if ((fcntls & ~named) != 0) names.push_back(Hex(fcntls & ~named));
  return names;
}

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

std::vector<std::string> RightNames(const cap_rights_t& rights) {
  std::vector<std::string> names;
  const std::string joined = capsicum::RightsToString(rights);
  if (joined == "(malformed)") return names;
  size_t start = 0;
  while (start < joined.size()) {
    const size_t bar = joined.find('|', start);
    const size_t end = bar == std::string::npos ? joined.size() : bar;
    names.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

void AppendJsonList(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); i++) {
    if (i > 0) out += ',';
    AppendJsonString(out, items[i]);
  }
  out += ']';
}

std::string RightsText(const cap_rights_t& rights) {
  if (IsAll(rights)) return "all";
  const std::string s = capsicum::RightsToString(rights);
  return s.empty() ? "-" : s;
}

std::string FcntlsText(uint32_t fcntls) {
  const std::string s = Join(FcntlNames(fcntls), ',');
  return s.empty() ? "-" : s;
}

std::string IoctlsText(const std::optional<std::vector<uint64_t>>& ioctls) {
  if (!ioctls.has_value()) return "all";
  if (ioctls->empty()) return "-";
  std::vector<std::string> hex;
  for (uint64_t cmd : *ioctls) hex.push_back(Hex(cmd));
  return Join(hex, ',');
}

std::string FlagsText(uint32_t flags) {
  std::vector<std::string> names;
  if ((flags & CAPSICUM_FD_LIMITED) != 0) names.emplace_back("limited");
  if ((flags & CAPSICUM_FD_UNOBSERVED) != 0) names.emplace_back("unobserved");
  const uint32_t rest =
      flags & ~static_cast<uint32_t>(CAPSICUM_FD_LIMITED | CAPSICUM_FD_UNOBSERVED);
  if (rest != 0) names.push_back(Hex(rest));
  return names.empty() ? "-" : Join(names, ',');
}

std::string EscapeName(std::string_view name) {
  std::string out;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string FormatText(const std::vector<FdRow>& rows) {
  constexpr size_t kColumns = 7;
  using Line = std::array<std::string, kColumns>;
  std::vector<Line> lines;
  lines.push_back({"FD", "TYPE", "FLAGS", "RIGHTS", "FCNTLS", "IOCTLS", "NAME"});
  for (const FdRow& row : rows) {
    lines.push_back({std::to_string(row.fd), std::string(row.type), FlagsText(row.info.flags),
                     RightsText(row.info.rights), FcntlsText(row.info.fcntls),
                     IoctlsText(row.info.ioctls), EscapeName(row.name)});
  }
  std::array<size_t, kColumns> width{};
  for (const Line& line : lines) {
    for (size_t c = 0; c < kColumns; c++) width[c] = std::max(width[c], line[c].size());
  }
  std::string out;
  for (const Line& line : lines) {
    out.append(width[0] - line[0].size(), ' ');
    out += line[0];
    for (size_t c = 1; c < kColumns; c++) {
      out += ' ';
      out += line[c];
      if (c + 1 < kColumns) out.append(width[c] - line[c].size(), ' ');
    }
    out += '\n';
  }
  return out;
}

std::string FormatJson(pid_t pid, const std::vector<FdRow>& rows) {
  std::string out = "{\"pid\":" + std::to_string(pid) + ",\"descriptors\":[";
  for (size_t i = 0; i < rows.size(); i++) {
    const FdRow& row = rows[i];
    const capsicum::FdInfo& info = row.info;
    out += i == 0 ? "\n" : ",\n";
    out += "{\"fd\":" + std::to_string(row.fd) + ",\"type\":";
    AppendJsonString(out, row.type);
    out += ",\"name\":";
    AppendJsonString(out, row.name);
    out += std::string(",\"limited\":") + (info.limited() ? "true" : "false");
    out += std::string(",\"unobserved\":") + (info.unobserved() ? "true" : "false");
    out += ",\"rights\":";
    AppendJsonList(out, RightNames(info.rights));
    out += ",\"cr_rights\":";
    AppendJsonList(out, {Word(info.rights.cr_rights[0]), Word(info.rights.cr_rights[1])});
    out += ",\"fcntls\":";
    AppendJsonList(out, FcntlNames(info.fcntls));
    out += ",\"ioctls\":";
    if (info.ioctls.has_value()) {
      std::vector<std::string> hex;
      for (uint64_t cmd : *info.ioctls) hex.push_back(Hex(cmd));
      AppendJsonList(out, hex);
    } else {
      AppendJsonString(out, "all");
    }
    out += '}';
  }
  out += rows.empty() ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace capsicumctl
