// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - system.pwd and system.grp: the client calls and the services.
//
// Limits (FreeBSD's): {"cmds": {name: NULL, ...}, "fields": {name: NULL, ...}, "users" or
// "groups": {"uid0"/"gid0": number, "name0": string, ...}}; each list, once set, only narrows.
// An entry the limits do not name is ENOTCAPABLE (getpwent/getgrent skip it); a field they do
// not name reaches the client empty ("" or 0).
#include <casper/cap_grp.h>
#include <casper/cap_pwd.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/dnv.h>

#include <string>
#include <vector>

#include "c_api.h"
#include "lookup.h"
#include "service.h"

namespace capsicum::casper {
namespace {

struct Database {
  const char* const* cmds;
  const char* const* fields;
  const char* entries;   // "users" or "groups"
  const char* id_field;  // "pw_uid" or "gr_gid"
};

const char* const kPwdCmds[] = {"getpwent",   "getpwnam",   "getpwuid", "getpwent_r", "getpwnam_r",
                                "getpwuid_r", "setpassent", "setpwent", "endpwent",   nullptr};
const char* const kPwdFields[] = {"pw_name",   "pw_passwd", "pw_uid",   "pw_gid",
                                  "pw_change", "pw_class",  "pw_gecos", "pw_dir",
                                  "pw_shell",  "pw_expire", nullptr};
const char* const kGrpCmds[] = {"getgrent",   "getgrnam",    "getgrgid", "getgrent_r", "getgrnam_r",
                                "getgrgid_r", "setgroupent", "setgrent", "endgrent",   nullptr};
const char* const kGrpFields[] = {"gr_name", "gr_passwd", "gr_gid", "gr_mem", nullptr};
const Database kPwd = {kPwdCmds, kPwdFields, "users", "pw_uid"};
const Database kGrp = {kGrpCmds, kGrpFields, "groups", "gr_gid"};

bool Known(const char* const* names, const char* name) {
  for (; *names != nullptr; names++) {
    if (strcmp(*names, name) == 0) return true;
  }
  return false;
}

bool NamesKnown(const nvlist_t* set, const char* const* names) {
  int type;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(set, &type, &cookie)) {
    if (type != NV_TYPE_NULL || !Known(names, name)) return false;
  }
  return true;
}

int AccountLimit(const Database& db, const nvlist_t* oldlimits, const nvlist_t* newlimits) {
  int type;
  void* cookie = nullptr;
  while (const char* name = nvlist_next(newlimits, &type, &cookie)) {
    if (type != NV_TYPE_NVLIST) return EINVAL;
    const nvlist_t* list = nvlist_get_nvlist(newlimits, name);
    if (strcmp(name, "cmds") == 0) {
      if (!NamesKnown(list, db.cmds)) return EINVAL;
    } else if (strcmp(name, "fields") == 0) {
      if (!NamesKnown(list, db.fields)) return EINVAL;
    } else if (strcmp(name, db.entries) == 0) {
      int t;
      void* c = nullptr;
      while (nvlist_next(list, &t, &c) != nullptr) {
        if (t != NV_TYPE_NUMBER && t != NV_TYPE_STRING) return EINVAL;
      }
    } else {
      return EINVAL;
    }
  }
  if (oldlimits == nullptr) return 0;
  for (const char* key : {"cmds", "fields", db.entries}) {
    const nvlist_t* old = dnvlist_get_nvlist(oldlimits, key, nullptr);
    if (old == nullptr) continue;
    const nvlist_t* now = dnvlist_get_nvlist(newlimits, key, nullptr);
    bool names = strcmp(key, db.entries) != 0;
    if (now == nullptr || !(names ? IsSubset(now, old) : ValuesSubset(now, old)))
      return ENOTCAPABLE;
  }
  return 0;
}

bool InSet(const nvlist_t* limits, const char* key, const char* name) {
  const nvlist_t* set = dnvlist_get_nvlist(limits, key, nullptr);
  return set == nullptr || nvlist_exists_null(set, name);
}

bool EntryAllowed(const nvlist_t* limits, const char* entries, const char* name, uint64_t id) {
  const nvlist_t* list = dnvlist_get_nvlist(limits, entries, nullptr);
  return list == nullptr || ListHasString(list, name) || ListHasNumber(list, id);
}

// Adds a field when the limits allow it.
void AddString(const nvlist_t* limits, nvlist_t* out, const char* field, const char* value) {
  if (InSet(limits, "fields", field)) nvlist_add_string(out, field, value != nullptr ? value : "");
}
void AddNumber(const nvlist_t* limits, nvlist_t* out, const char* field, uint64_t value) {
  if (InSet(limits, "fields", field)) nvlist_add_number(out, field, value);
}

void AddPasswd(const nvlist_t* limits, nvlist_t* out, const passwd* pw) {
  nvlist_add_bool(out, "found", true);
  AddString(limits, out, "pw_name", pw->pw_name);
  AddString(limits, out, "pw_passwd", pw->pw_passwd);
  AddNumber(limits, out, "pw_uid", pw->pw_uid);
  AddNumber(limits, out, "pw_gid", pw->pw_gid);
  AddString(limits, out, "pw_gecos", pw->pw_gecos);
  AddString(limits, out, "pw_dir", pw->pw_dir);
  AddString(limits, out, "pw_shell", pw->pw_shell);
}

void AddGroup(const nvlist_t* limits, nvlist_t* out, const group* gr) {
  nvlist_add_bool(out, "found", true);
  AddString(limits, out, "gr_name", gr->gr_name);
  AddString(limits, out, "gr_passwd", gr->gr_passwd);
  AddNumber(limits, out, "gr_gid", gr->gr_gid);
  if (InSet(limits, "fields", "gr_mem")) {
    NvPtr mem = MakeList();
    char key[32];
    for (size_t i = 0; gr->gr_mem != nullptr && gr->gr_mem[i] != nullptr && i < 4096; i++) {
      snprintf(key, sizeof(key), "%zu", i);
      nvlist_add_string(mem.get(), key, gr->gr_mem[i]);
    }
    nvlist_move_nvlist(out, "gr_mem", mem.release());
  }
}

// The command without its "_r": the service answers both alike.
std::string Base(const char* cmd) {
  std::string s(cmd);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "_r") == 0) s.resize(s.size() - 2);
  return s;
}

int PwdCommand(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out) {
  if (!Known(kPwdCmds, cmd)) return EINVAL;
  if (!InSet(limits, "cmds", cmd)) return ENOTCAPABLE;
  std::string base = Base(cmd);
  if (base == "setpassent" || base == "setpwent") {
    setpwent();
    return 0;
  }
  if (base == "endpwent") {
    endpwent();
    return 0;
  }
  errno = 0;
  passwd* pw = nullptr;
  if (base == "getpwent") {
    while ((pw = getpwent()) != nullptr &&
           !EntryAllowed(limits, "users", pw->pw_name, pw->pw_uid)) {
    }
  } else if (base == "getpwnam") {
    const char* name = dnvlist_get_string(in, "name", nullptr);
    if (name == nullptr) return EINVAL;
    pw = getpwnam(name);
  } else {
    if (!nvlist_exists_number(in, "uid")) return EINVAL;
    pw = getpwuid(static_cast<uid_t>(nvlist_get_number(in, "uid")));
  }
  if (pw == nullptr) {
    nvlist_add_bool(out, "found", false);
    return 0;
  }
  if (!EntryAllowed(limits, "users", pw->pw_name, pw->pw_uid)) return ENOTCAPABLE;
  AddPasswd(limits, out, pw);
  return 0;
}

int GrpCommand(const char* cmd, const nvlist_t* limits, const nvlist_t* in, nvlist_t* out) {
  if (!Known(kGrpCmds, cmd)) return EINVAL;
  if (!InSet(limits, "cmds", cmd)) return ENOTCAPABLE;
  std::string base = Base(cmd);
  if (base == "setgroupent" || base == "setgrent") {
    setgrent();
    return 0;
  }
  if (base == "endgrent") {
    endgrent();
    return 0;
  }
  group* gr = nullptr;
  if (base == "getgrent") {
    while ((gr = getgrent()) != nullptr &&
           !EntryAllowed(limits, "groups", gr->gr_name, gr->gr_gid)) {
    }
  } else if (base == "getgrnam") {
    const char* name = dnvlist_get_string(in, "name", nullptr);
    if (name == nullptr) return EINVAL;
    gr = getgrnam(name);
  } else {
    if (!nvlist_exists_number(in, "gid")) return EINVAL;
    gr = getgrgid(static_cast<gid_t>(nvlist_get_number(in, "gid")));
  }
  if (gr == nullptr) {
    nvlist_add_bool(out, "found", false);
    return 0;
  }
  if (!EntryAllowed(limits, "groups", gr->gr_name, gr->gr_gid)) return ENOTCAPABLE;
  AddGroup(limits, out, gr);
  return 0;
}

int PwdLimit(const nvlist_t* o, const nvlist_t* n) { return AccountLimit(kPwd, o, n); }
int GrpLimit(const nvlist_t* o, const nvlist_t* n) { return AccountLimit(kGrp, o, n); }

// Copies strings into the caller's buffer.
class Arena {
 public:
  Arena(char* buf, size_t size) : p_(buf), left_(buf == nullptr ? 0 : size) {}
  char* Add(const char* s) {
    size_t n = strlen(s) + 1;
    if (n > left_) {
      full_ = true;
      return nullptr;
    }
    char* out = static_cast<char*>(memcpy(p_, s, n));
    p_ += n;
    left_ -= n;
    return out;
  }
  // Room for count pointers, aligned.
  char** Pointers(size_t count) {
    size_t pad =
        (alignof(char*) - reinterpret_cast<uintptr_t>(p_) % alignof(char*)) % alignof(char*);
    size_t need = pad + count * sizeof(char*);
    if (need > left_) {
      full_ = true;
      return nullptr;
    }
    auto** out = reinterpret_cast<char**>(p_ + pad);
    p_ += need;
    left_ -= need;
    return out;
  }
  bool full() const { return full_; }

 private:
  char* p_;
  size_t left_;
  bool full_ = false;
};

// The answer's value of a field: its string (checked), or "" when the limits left it out.
bool Field(const nvlist_t* a, const char* field, const char** value) {
  *value = "";
  if (!nvlist_exists(a, field)) return true;
  *value = dnvlist_get_string(a, field, nullptr);
  return *value != nullptr;
}

// 0 with *result set (nullptr: no such entry), ERANGE, EBADMSG, or the service's errno.
int FillPasswd(NvPtr a, passwd* pwd, char* buf, size_t size, passwd** result) {
  *result = nullptr;
  if (!a) return errno;
  if (!nvlist_exists_bool(a.get(), "found")) return EBADMSG;
  if (!nvlist_get_bool(a.get(), "found")) return 0;
  const char *name, *pass, *gecos, *dir, *shell;
  if (!Field(a.get(), "pw_name", &name) || !Field(a.get(), "pw_passwd", &pass) ||
      !Field(a.get(), "pw_gecos", &gecos) || !Field(a.get(), "pw_dir", &dir) ||
      !Field(a.get(), "pw_shell", &shell) ||
      (nvlist_exists(a.get(), "pw_uid") && !nvlist_exists_number(a.get(), "pw_uid")) ||
      (nvlist_exists(a.get(), "pw_gid") && !nvlist_exists_number(a.get(), "pw_gid")))
    return EBADMSG;
  Arena arena(buf, size);
  pwd->pw_name = arena.Add(name);
  pwd->pw_passwd = arena.Add(pass);
  pwd->pw_gecos = arena.Add(gecos);
  pwd->pw_dir = arena.Add(dir);
  pwd->pw_shell = arena.Add(shell);
  if (arena.full()) return ERANGE;
  pwd->pw_uid = static_cast<uid_t>(dnvlist_get_number(a.get(), "pw_uid", 0));
  pwd->pw_gid = static_cast<gid_t>(dnvlist_get_number(a.get(), "pw_gid", 0));
  *result = pwd;
  return 0;
}

int FillGroup(NvPtr a, group* grp, char* buf, size_t size, group** result) {
  *result = nullptr;
  if (!a) return errno;
  if (!nvlist_exists_bool(a.get(), "found")) return EBADMSG;
  if (!nvlist_get_bool(a.get(), "found")) return 0;
  const char *name, *pass;
  const nvlist_t* mem = dnvlist_get_nvlist(a.get(), "gr_mem", nullptr);
  if (!Field(a.get(), "gr_name", &name) || !Field(a.get(), "gr_passwd", &pass) ||
      (nvlist_exists(a.get(), "gr_gid") && !nvlist_exists_number(a.get(), "gr_gid")) ||
      (nvlist_exists(a.get(), "gr_mem") && mem == nullptr))
    return EBADMSG;
  size_t n = 0;
  int t;
  void* c = nullptr;
  while (nvlist_next(mem, &t, &c) != nullptr) {
    if (t != NV_TYPE_STRING) return EBADMSG;
    n++;
  }
  Arena arena(buf, size);
  grp->gr_mem = arena.Pointers(n + 1);
  for (size_t i = 0; i < n && !arena.full(); i++) {
    char key[32];
    snprintf(key, sizeof(key), "%zu", i);
    const char* m = dnvlist_get_string(mem, key, nullptr);
    if (m == nullptr) return EBADMSG;
    grp->gr_mem[i] = arena.Add(m);
  }
  grp->gr_name = arena.Add(name);
  grp->gr_passwd = arena.Add(pass);
  if (arena.full()) return ERANGE;
  grp->gr_mem[n] = nullptr;
  grp->gr_gid = static_cast<gid_t>(dnvlist_get_number(a.get(), "gr_gid", 0));
  *result = grp;
  return 0;
}

NvPtr Ask(cap_channel_t* chan, const char* cmd, const char* key, const char* name,
          const char* idkey, uint64_t id) {
  NvPtr req = Request(cmd, chan);
  if (key != nullptr) {
    if (name == nullptr) {
      errno = EINVAL;
      return nullptr;
    }
    nvlist_add_string(req.get(), key, name);
  }
  if (idkey != nullptr) nvlist_add_number(req.get(), idkey, id);
  return Call(chan, std::move(req));
}

// The non-reentrant calls: one buffer per thread, grown until the entry fits.
template <class T, class Fill>
T* Static(Fill&& fill) {
  thread_local T entry;
  thread_local std::vector<char> buf(1024);
  for (;;) {
    T* result = nullptr;
    int e = fill(&entry, buf.data(), buf.size(), &result);
    if (e != ERANGE) {
      if (e != 0) errno = e;
      return result;
    }
    if (buf.size() >= (1u << 24)) {
      errno = ERANGE;
      return nullptr;
    }
    try {
      buf.resize(buf.size() * 4);
    } catch (...) {
      errno = ENOMEM;
      return nullptr;
    }
  }
}

template <class F>
int SetNames(cap_channel_t* chan, const char* key, const char* const* names, size_t n, F&& more) {
  NvPtr set = NameSet(names, n);
  if (set) more(set.get());
  return ReplaceLimitList(chan, key, std::move(set));
}

template <class Id>
int SetEntries(cap_channel_t* chan, const char* key, const char* idprefix, const char* const* names,
               size_t nnames, const Id* ids, size_t nids) {
  if ((names == nullptr && nnames > 0) || (ids == nullptr && nids > 0)) {
    errno = EINVAL;
    return -1;
  }
  return SetNames(chan, key, nullptr, 0, [&](nvlist_t* list) {
    char k[48];
    for (size_t i = 0; i < nnames; i++) {
      snprintf(k, sizeof(k), "name%zu", i);
      if (names[i] == nullptr)
        nvlist_set_error(list, EINVAL);
      else
        nvlist_add_string(list, k, names[i]);
    }
    for (size_t i = 0; i < nids; i++) {
      snprintf(k, sizeof(k), "%s%zu", idprefix, i);
      nvlist_add_number(list, k, static_cast<uint64_t>(ids[i]));
    }
  });
}

}  // namespace

const Service kPwdService = {"system.pwd", PwdLimit, PwdCommand};
const Service kGrpService = {"system.grp", GrpLimit, GrpCommand};

}  // namespace capsicum::casper

namespace cc = capsicum::casper;

CASPER_EXPORT int cap_getpwent_r(cap_channel_t* chan, struct passwd* pwd, char* buffer,
                                 size_t bufsize, struct passwd** result) noexcept {
  if (pwd == nullptr || result == nullptr) return EINVAL;
  return cc::FillPasswd(cc::Ask(chan, "getpwent_r", nullptr, nullptr, nullptr, 0), pwd, buffer,
                        bufsize, result);
}
CASPER_EXPORT int cap_getpwnam_r(cap_channel_t* chan, const char* name, struct passwd* pwd,
                                 char* buffer, size_t bufsize, struct passwd** result) noexcept {
  if (pwd == nullptr || result == nullptr) return EINVAL;
  return cc::FillPasswd(cc::Ask(chan, "getpwnam_r", "name", name, nullptr, 0), pwd, buffer, bufsize,
                        result);
}
CASPER_EXPORT int cap_getpwuid_r(cap_channel_t* chan, uid_t uid, struct passwd* pwd, char* buffer,
                                 size_t bufsize, struct passwd** result) noexcept {
  if (pwd == nullptr || result == nullptr) return EINVAL;
  return cc::FillPasswd(cc::Ask(chan, "getpwuid_r", nullptr, nullptr, "uid", uid), pwd, buffer,
                        bufsize, result);
}
CASPER_EXPORT struct passwd* cap_getpwent(cap_channel_t* chan) noexcept {
  return cc::Static<passwd>([&](passwd* p, char* b, size_t n, passwd** r) {
    return cc::FillPasswd(cc::Ask(chan, "getpwent", nullptr, nullptr, nullptr, 0), p, b, n, r);
  });
}
CASPER_EXPORT struct passwd* cap_getpwnam(cap_channel_t* chan, const char* login) noexcept {
  return cc::Static<passwd>([&](passwd* p, char* b, size_t n, passwd** r) {
    return cc::FillPasswd(cc::Ask(chan, "getpwnam", "name", login, nullptr, 0), p, b, n, r);
  });
}
CASPER_EXPORT struct passwd* cap_getpwuid(cap_channel_t* chan, uid_t uid) noexcept {
  return cc::Static<passwd>([&](passwd* p, char* b, size_t n, passwd** r) {
    return cc::FillPasswd(cc::Ask(chan, "getpwuid", nullptr, nullptr, "uid", uid), p, b, n, r);
  });
}
CASPER_EXPORT int cap_setpassent(cap_channel_t* chan, int stayopen) noexcept {
  cc::NvPtr req = cc::Request("setpassent", chan);
  nvlist_add_bool(req.get(), "stayopen", stayopen != 0);
  return cc::Call(chan, std::move(req)) ? 1 : 0;
}
CASPER_EXPORT void cap_setpwent(cap_channel_t* chan) noexcept {
  cc::Call(chan, cc::Request("setpwent", chan));
}
CASPER_EXPORT void cap_endpwent(cap_channel_t* chan) noexcept {
  cc::Call(chan, cc::Request("endpwent", chan));
}
CASPER_EXPORT int cap_pwd_limit_cmds(cap_channel_t* chan, const char* const* cmds,
                                     size_t ncmds) noexcept {
  return cc::SetNames(chan, "cmds", cmds, ncmds, [](nvlist_t*) {});
}
CASPER_EXPORT int cap_pwd_limit_fields(cap_channel_t* chan, const char* const* fields,
                                       size_t nfields) noexcept {
  return cc::SetNames(chan, "fields", fields, nfields, [](nvlist_t*) {});
}
CASPER_EXPORT int cap_pwd_limit_users(cap_channel_t* chan, const char* const* names, size_t nnames,
                                      uid_t* uids, size_t nuids) noexcept {
  return cc::SetEntries(chan, "users", "uid", names, nnames, uids, nuids);
}

CASPER_EXPORT int cap_getgrent_r(cap_channel_t* chan, struct group* grp, char* buffer,
                                 size_t bufsize, struct group** result) noexcept {
  if (grp == nullptr || result == nullptr) return EINVAL;
  return cc::FillGroup(cc::Ask(chan, "getgrent_r", nullptr, nullptr, nullptr, 0), grp, buffer,
                       bufsize, result);
}
CASPER_EXPORT int cap_getgrnam_r(cap_channel_t* chan, const char* name, struct group* grp,
                                 char* buffer, size_t bufsize, struct group** result) noexcept {
  if (grp == nullptr || result == nullptr) return EINVAL;
  return cc::FillGroup(cc::Ask(chan, "getgrnam_r", "name", name, nullptr, 0), grp, buffer, bufsize,
                       result);
}
CASPER_EXPORT int cap_getgrgid_r(cap_channel_t* chan, gid_t gid, struct group* grp, char* buffer,
                                 size_t bufsize, struct group** result) noexcept {
  if (grp == nullptr || result == nullptr) return EINVAL;
  return cc::FillGroup(cc::Ask(chan, "getgrgid_r", nullptr, nullptr, "gid", gid), grp, buffer,
                       bufsize, result);
}
CASPER_EXPORT struct group* cap_getgrent(cap_channel_t* chan) noexcept {
  return cc::Static<group>([&](group* g, char* b, size_t n, group** r) {
    return cc::FillGroup(cc::Ask(chan, "getgrent", nullptr, nullptr, nullptr, 0), g, b, n, r);
  });
}
CASPER_EXPORT struct group* cap_getgrnam(cap_channel_t* chan, const char* name) noexcept {
  return cc::Static<group>([&](group* g, char* b, size_t n, group** r) {
    return cc::FillGroup(cc::Ask(chan, "getgrnam", "name", name, nullptr, 0), g, b, n, r);
  });
}
CASPER_EXPORT struct group* cap_getgrgid(cap_channel_t* chan, gid_t gid) noexcept {
  return cc::Static<group>([&](group* g, char* b, size_t n, group** r) {
    return cc::FillGroup(cc::Ask(chan, "getgrgid", nullptr, nullptr, "gid", gid), g, b, n, r);
  });
}
CASPER_EXPORT int cap_setgroupent(cap_channel_t* chan, int stayopen) noexcept {
  cc::NvPtr req = cc::Request("setgroupent", chan);
  nvlist_add_bool(req.get(), "stayopen", stayopen != 0);
  return cc::Call(chan, std::move(req)) ? 1 : 0;
}
CASPER_EXPORT int cap_setgrent(cap_channel_t* chan) noexcept {
  return cc::Call(chan, cc::Request("setgrent", chan)) ? 1 : 0;
}
CASPER_EXPORT void cap_endgrent(cap_channel_t* chan) noexcept {
  cc::Call(chan, cc::Request("endgrent", chan));
}
CASPER_EXPORT int cap_grp_limit_cmds(cap_channel_t* chan, const char* const* cmds,
                                     size_t ncmds) noexcept {
  return cc::SetNames(chan, "cmds", cmds, ncmds, [](nvlist_t*) {});
}
CASPER_EXPORT int cap_grp_limit_fields(cap_channel_t* chan, const char* const* fields,
                                       size_t nfields) noexcept {
  return cc::SetNames(chan, "fields", fields, nfields, [](nvlist_t*) {});
}
CASPER_EXPORT int cap_grp_limit_groups(cap_channel_t* chan, const char* const* names, size_t nnames,
                                       const gid_t* gids, size_t ngids) noexcept {
  return cc::SetEntries(chan, "groups", "gid", names, nnames, gids, ngids);
}
