// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the pinned BPF links in /sys/fs/bpf/capsicum/<program name>.

#include "pins.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include "unique_fd.h"

namespace capsicumctl {
namespace {

using capsicum::UniqueFd;

struct DirCloser {
  void operator()(DIR* d) const { closedir(d); }
};
struct BtfFree {
  void operator()(struct btf* b) const { btf__free(b); }
};

// Whether fd is a BPF link: its fdinfo has a "link_type:" line (a program or map has not).
// Without /proc the answer is yes: only capsicumctl pins in its directory, and only links.
bool IsLinkFd(int fd) {
  std::ifstream in("/proc/self/fdinfo/" + std::to_string(fd));
  if (!in) return true;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("link_type:", 0) == 0) return true;
  }
  return false;
}

// "lsm/<hook>" for an LSM attach point (a bpf_lsm_<hook> function of vmlinux), else "btf id N".
std::string HookName(uint32_t btf_id) {
  static std::unique_ptr<struct btf, BtfFree> vmlinux(btf__load_vmlinux_btf());
  if (vmlinux) {
    const struct btf_type* t = btf__type_by_id(vmlinux.get(), btf_id);
    const char* name = t != nullptr ? btf__name_by_offset(vmlinux.get(), t->name_off) : nullptr;
    if (name != nullptr && strncmp(name, "bpf_lsm_", 8) == 0)
      return std::string("lsm/") + (name + 8);
    if (name != nullptr && *name != '\0') return name;
  }
  return "btf id " + std::to_string(btf_id);
}

}  // namespace

std::string PinPath(const std::string& program) { return std::string(kPinDir) + "/" + program; }

Outcome<> EnsurePinDir() {
  struct statfs fs;
  if (statfs(kBpffs, &fs) != 0) return SysFailure(std::string("statfs ") + kBpffs, errno);
  if (fs.f_type != BPF_FS_MAGIC && mount("bpf", kBpffs, "bpf", 0, "mode=0700") != 0) {
    return SysFailure(std::string("mount bpffs on ") + kBpffs, errno);
  }
  if (mkdir(kPinDir, 0700) != 0 && errno != EEXIST) {
    return SysFailure(std::string("mkdir ") + kPinDir, errno);
  }
  return kOk;
}

Outcome<std::vector<std::string>> PinNames() {
  std::vector<std::string> names;
  std::unique_ptr<DIR, DirCloser> dir(opendir(kPinDir));
  if (!dir) {
    if (errno == ENOENT) return names;
    return SysFailure(std::string("opendir ") + kPinDir, errno);
  }
  while (const struct dirent* e = readdir(dir.get())) {
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool PinIsLink(const std::string& program) {
  UniqueFd fd(bpf_obj_get(PinPath(program).c_str()));
  return fd.valid() && IsLinkFd(fd.get());
}

Outcome<LinkInfo> InspectPin(const std::string& program) {
  const std::string path = PinPath(program);
  UniqueFd link(bpf_obj_get(path.c_str()));
  if (!link.valid()) return SysFailure("bpf_obj_get " + path, errno);
  if (!IsLinkFd(link.get())) return Failure{path + ": not a BPF link"};

  struct bpf_link_info info;
  memset(&info, 0, sizeof(info));
  __u32 len = sizeof(info);
  if (bpf_obj_get_info_by_fd(link.get(), &info, &len) != 0) {
    return SysFailure("bpf_obj_get_info_by_fd " + path, errno);
  }
  LinkInfo out;
  out.link_id = info.id;
  out.prog_id = info.prog_id;
  if (info.type == BPF_LINK_TYPE_TRACING) {
    const char* type =
        libbpf_bpf_attach_type_str(static_cast<enum bpf_attach_type>(info.tracing.attach_type));
    out.attach_type = type != nullptr ? type : std::to_string(info.tracing.attach_type);
    out.hook = HookName(info.tracing.target_btf_id);
  } else {
    const char* type = libbpf_bpf_link_type_str(static_cast<enum bpf_link_type>(info.type));
    out.attach_type = type != nullptr ? type : std::to_string(info.type);
    out.hook = "?";
  }

  UniqueFd prog(bpf_prog_get_fd_by_id(info.prog_id));
  if (!prog.valid())
    return SysFailure("bpf_prog_get_fd_by_id " + std::to_string(info.prog_id), errno);
  struct bpf_prog_info pinfo;
  memset(&pinfo, 0, sizeof(pinfo));
  len = sizeof(pinfo);
  if (bpf_obj_get_info_by_fd(prog.get(), &pinfo, &len) != 0) {
    return SysFailure("bpf_obj_get_info_by_fd prog " + std::to_string(info.prog_id), errno);
  }
  out.prog_name = pinfo.name;
  return out;
}

Outcome<int> RemovePins(const std::vector<std::string>& programs) {
  int removed = 0;
  for (const std::string& program : programs) {
    const std::string path = PinPath(program);
    if (unlink(path.c_str()) == 0) {
      removed++;
    } else if (errno != ENOENT) {
      return SysFailure("unlink " + path, errno);
    }
  }
  return removed;
}

Outcome<int> RemoveAllPins() {
  auto names = PinNames();
  if (!names.ok()) return names.error();
  auto removed = RemovePins(names.value());
  if (!removed.ok()) return removed.error();
  if (rmdir(kPinDir) != 0 && errno != ENOENT)
    return SysFailure(std::string("rmdir ") + kPinDir, errno);
  return removed.value();
}

}  // namespace capsicumctl
