// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: capsicumctl's JSON strings are valid JSON for any bytes.

#include "json.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using capsicumctl::JsonString;
using namespace std::string_literals;

TEST(JsonString, PlainTextIsQuoted) {
  EXPECT_EQ(JsonString(""), "\"\"");
  EXPECT_EQ(JsonString("/tmp/a b"), "\"/tmp/a b\"");
  EXPECT_EQ(JsonString("socket:[1234]"), "\"socket:[1234]\"");
}

TEST(JsonString, QuoteAndBackslashAreEscaped) {
  EXPECT_EQ(JsonString("a\"b"), R"("a\"b")");
  EXPECT_EQ(JsonString("a\\b"), R"("a\\b")");
  EXPECT_EQ(JsonString("/"), R"("/")");  // solidus need not be escaped
}

TEST(JsonString, ControlCharactersAreEscaped) {
  EXPECT_EQ(JsonString("\n\t\r\b\f"), R"("\n\t\r\b\f")");
  EXPECT_EQ(JsonString("\x01\x1f\x7f"), R"("\u0001\u001f\u007f")");
  EXPECT_EQ(JsonString("a\0b"s), R"("a\u0000b")");
}

TEST(JsonString, ValidUtf8IsKept) {
  EXPECT_EQ(JsonString("caf\xC3\xA9"), "\"caf\xC3\xA9\"");            // U+00E9
  EXPECT_EQ(JsonString("\xE2\x82\xAC"), "\"\xE2\x82\xAC\"");          // U+20AC
  EXPECT_EQ(JsonString("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // U+1F600
  EXPECT_EQ(JsonString("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");  // U+10FFFF
  EXPECT_EQ(JsonString("\xED\x9F\xBF"), "\"\xED\x9F\xBF\"");          // U+D7FF
}

TEST(JsonString, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(JsonString("\xFF"), R"("\ufffd")");
  EXPECT_EQ(JsonString("a\x80z"), R"("a\ufffdz")");                  // lone continuation byte
  EXPECT_EQ(JsonString("\xC3"), R"("\ufffd")");                      // truncated sequence
  EXPECT_EQ(JsonString("\xC3(x"), R"("\ufffd(x")");                  // bad continuation
  EXPECT_EQ(JsonString("\xC0\xAF"), R"("\ufffd\ufffd")");            // overlong '/'
  EXPECT_EQ(JsonString("\xE0\x80\xAF"), R"("\ufffd\ufffd\ufffd")");  // overlong
  EXPECT_EQ(JsonString("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // surrogate U+D800
  EXPECT_EQ(JsonString("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
  EXPECT_EQ(JsonString("\xF5\x80\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");
}

}  // namespace
