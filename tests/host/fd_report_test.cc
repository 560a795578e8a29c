// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: the exact text and JSON of capsicumctl rights.

#include "fd_report.h"

#include <gtest/gtest.h>
#include <sys/capsicum.h>

#include <string>
#include <vector>

namespace {

using capsicum::FdInfo;
using capsicumctl::EscapeName;
using capsicumctl::FcntlsText;
using capsicumctl::FdRow;
using capsicumctl::FlagsText;
using capsicumctl::FormatJson;
using capsicumctl::FormatText;
using capsicumctl::IoctlsText;
using capsicumctl::RightsText;

FdInfo Unlimited() {
  FdInfo info;
  CAP_ALL(&info.rights);
  info.fcntls = CAP_FCNTL_ALL;
  return info;
}

FdInfo ReadOnly() {
  FdInfo info;
  info.flags = CAPSICUM_FD_LIMITED;
  cap_rights_init(&info.rights, CAP_READ, CAP_SEEK, CAP_FSTAT);
  info.fcntls = CAP_FCNTL_GETFL;
  info.ioctls = std::vector<uint64_t>{0x5401, 0x541b};
  return info;
}

TEST(RightsText, AllNoneAndTheFewestNames) {
  cap_rights_t r;
  CAP_ALL(&r);
  EXPECT_EQ(RightsText(r), "all");
  cap_rights_init(&r);
  EXPECT_EQ(RightsText(r), "-");
  cap_rights_init(&r, CAP_PREAD, CAP_FSTAT);
  EXPECT_EQ(RightsText(r), "CAP_READ|CAP_SEEK|CAP_FSTAT");
  CAP_ALL(&r);
  cap_rights_clear(&r, CAP_WRITE);
  EXPECT_NE(RightsText(r), "all");
}

TEST(FcntlsText, NamesInFixedOrder) {
  EXPECT_EQ(FcntlsText(CAP_FCNTL_ALL), "GETFL,SETFL,GETOWN,SETOWN");
  EXPECT_EQ(FcntlsText(CAP_FCNTL_SETOWN | CAP_FCNTL_GETFL), "GETFL,SETOWN");
  EXPECT_EQ(FcntlsText(0), "-");
  EXPECT_EQ(FcntlsText(CAP_FCNTL_GETFL | 1u), "GETFL,0x1");
}

TEST(IoctlsText, AllNoneAndHex) {
  EXPECT_EQ(IoctlsText(std::nullopt), "all");
  EXPECT_EQ(IoctlsText(std::vector<uint64_t>{}), "-");
  EXPECT_EQ(IoctlsText(std::vector<uint64_t>{0x5401, 0xc0045877}), "0x5401,0xc0045877");
}

TEST(FlagsText, Names) {
  EXPECT_EQ(FlagsText(0), "-");
  EXPECT_EQ(FlagsText(CAPSICUM_FD_LIMITED), "limited");
  EXPECT_EQ(FlagsText(CAPSICUM_FD_UNOBSERVED), "unobserved");
  EXPECT_EQ(FlagsText(CAPSICUM_FD_LIMITED | CAPSICUM_FD_UNOBSERVED), "limited,unobserved");
  EXPECT_EQ(FlagsText(CAPSICUM_FD_LIMITED | 0x10), "limited,0x10");
}

TEST(EscapeName, ControlBytesAndBackslash) {
  EXPECT_EQ(EscapeName("/tmp/a b"), "/tmp/a b");
  EXPECT_EQ(EscapeName("a\nb\tc\\d\x01"), "a\\nb\\tc\\\\d\\x01");
  EXPECT_EQ(EscapeName("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(FormatText, HeaderAndAlignedColumns) {
  const std::vector<FdRow> rows = {
      {0, "chr", "/dev/pts/0", Unlimited()},
      {12, "file", "/tmp/data file", ReadOnly()},
  };
  EXPECT_EQ(
      FormatText(rows),
      "FD TYPE FLAGS   RIGHTS                      FCNTLS                    IOCTLS        NAME\n"
      " 0 chr  -       all                         GETFL,SETFL,GETOWN,SETOWN all           "
      "/dev/pts/0\n"
      "12 file limited CAP_READ|CAP_SEEK|CAP_FSTAT GETFL                     0x5401,0x541b "
      "/tmp/data file\n");
}

TEST(FormatText, NoDescriptorsIsTheHeaderOnly) {
  EXPECT_EQ(FormatText({}), "FD TYPE FLAGS RIGHTS FCNTLS IOCTLS NAME\n");
}

TEST(FormatJson, OneObjectPerDescriptor) {
  FdInfo none;
  none.flags = CAPSICUM_FD_LIMITED | CAPSICUM_FD_UNOBSERVED;
  cap_rights_init(&none.rights);
  none.ioctls = std::vector<uint64_t>{};
  const std::vector<FdRow> rows = {
      {3, "file", "/tmp/\"q\"", ReadOnly()},
      {4, "pipe", "pipe:[7]", none},
  };
  EXPECT_EQ(FormatJson(42, rows),
            "{\"pid\":42,\"descriptors\":[\n"
            "{\"fd\":3,\"type\":\"file\",\"name\":\"/tmp/\\\"q\\\"\",\"limited\":true,"
            "\"unobserved\":false,\"rights\":[\"CAP_READ\",\"CAP_SEEK\",\"CAP_FSTAT\"],"
            "\"cr_rights\":[\"0x020000000008000d\",\"0x0400000000000000\"],"
            "\"fcntls\":[\"GETFL\"],\"ioctls\":[\"0x5401\",\"0x541b\"]},\n"
            "{\"fd\":4,\"type\":\"pipe\",\"name\":\"pipe:[7]\",\"limited\":true,"
            "\"unobserved\":true,\"rights\":[],"
            "\"cr_rights\":[\"0x0200000000000000\",\"0x0400000000000000\"],"
            "\"fcntls\":[],\"ioctls\":[]}\n"
            "]}\n");
}

TEST(FormatJson, UnrestrictedIoctlsAreAll) {
  const std::string json = FormatJson(1, {{0, "chr", "/dev/null", Unlimited()}});
  EXPECT_NE(json.find("\"fcntls\":[\"GETFL\",\"SETFL\",\"GETOWN\",\"SETOWN\"],\"ioctls\":\"all\"}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"rights\":[\"CAP_READ\",\"CAP_WRITE\","), std::string::npos) << json;
}

TEST(FormatJson, NoDescriptors) {
  EXPECT_EQ(FormatJson(7, {}), "{\"pid\":7,\"descriptors\":[]}\n");
}

}  // namespace
