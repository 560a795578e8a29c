// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host test: caph_cache_catpages() loads glibc's translations of libc's
// messages, so strerror() stays translated once the catalog can no longer be opened (as in
// capability mode; here the catalog file is removed).  Uses the C.UTF-8 locale of libc-bin and
// a catalog of the test's own, bound to the "libc" domain.

#include <errno.h>
#include <gtest/gtest.h>
#include <libintl.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <capsicum_helpers.h>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr char kTranslation[] = "Keine solche Datei (caph test)";

void Put32(std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); }

// A GNU .mo file (little-endian, no hash table) with the given sorted pairs.
std::string MoFile(const std::vector<std::pair<std::string, std::string>>& pairs) {
  const uint32_t n = static_cast<uint32_t>(pairs.size());
  const uint32_t orig = 28, trans = orig + 8 * n;
  uint32_t strings = trans + 8 * n;
  std::string head, tables, data;
  Put32(head, 0x950412de);
  Put32(head, 0);
  Put32(head, n);
  Put32(head, orig);
  Put32(head, trans);
  Put32(head, 0);
  Put32(head, strings);
  std::string orig_table, trans_table;
  for (const auto& p : pairs) {
    Put32(orig_table, static_cast<uint32_t>(p.first.size()));
    Put32(orig_table, strings + static_cast<uint32_t>(data.size()));
    data += p.first + '\0';
  }
  for (const auto& p : pairs) {
    Put32(trans_table, static_cast<uint32_t>(p.second.size()));
    Put32(trans_table, strings + static_cast<uint32_t>(data.size()));
    data += p.second + '\0';
  }
  return head + orig_table + trans_table + data;
}

// In a child: the catalog is installed and bound, the locale set; `cache` says whether
// caph_cache_catpages() runs before the catalog is removed.  Exit 0: strerror(ENOENT) was
// translated afterwards; 1: it was not; 2: setup failed.
int TranslatedAfterRemoval(bool cache) {
  pid_t pid = fork();
  if (pid == 0) {
    char dir[] = "/tmp/caph-catpages.XXXXXX";
    if (mkdtemp(dir) == nullptr) _exit(2);
    const std::string mo = MoFile({{"", "Content-Type: text/plain; charset=UTF-8\n"},
                                   {"No such file or directory", kTranslation}});
    std::vector<std::string> files;
    for (const char* name : {"C.UTF-8", "C.utf8"}) {
      const std::string d = std::string(dir) + "/" + name;
      if (mkdir(d.c_str(), 0700) != 0 || mkdir((d + "/LC_MESSAGES").c_str(), 0700) != 0) _exit(2);
      files.push_back(d + "/LC_MESSAGES/libc.mo");
      std::ofstream(files.back(), std::ios::binary) << mo;
    }
    if (setlocale(LC_ALL, "C.UTF-8") == nullptr) _exit(2);
    if (bindtextdomain("libc", dir) == nullptr) _exit(2);
    if (cache) caph_cache_catpages();
    for (const std::string& f : files) unlink(f.c_str());
    const int translated = strcmp(strerror(ENOENT), kTranslation) == 0 ? 0 : 1;
    for (const char* name : {"C.UTF-8", "C.utf8"}) {
      const std::string d = std::string(dir) + "/" + name;
      rmdir((d + "/LC_MESSAGES").c_str());
      rmdir(d.c_str());
    }
    rmdir(dir);
    _exit(translated);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

TEST(CaphCacheCatpages, KeepsLibcTranslationsOnceTheCatalogIsGone) {
  EXPECT_EQ(TranslatedAfterRemoval(true), 0);
  // The control: without the call, the catalog is looked for only now, and is gone.
  EXPECT_EQ(TranslatedAfterRemoval(false), 1);
}

}  // namespace
