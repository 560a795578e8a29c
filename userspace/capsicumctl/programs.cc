// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - the BPF-LSM programs embedded in capsicumctl (lsm/'s skeleton).
//
// Generic over the object: it walks bpf_object__for_each_program rather than naming hooks, so
// a program added to lsm/capsicum.bpf.c is attached and pinned without a change here.  The one
// exception is by name: programs called capsicum_opt_* attach to what not every kernel has
// (32-bit syscall entry points without IA32_EMULATION, LSM hooks newer than 6.1 such as
// file_truncate, which older kernels check elsewhere) and are skipped where it is missing.

#include "programs.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <memory>
#include <string_view>

#include "capsicum.skel.h"
#include "pins.h"

namespace capsicumctl {
namespace {

struct SkelDestroy {
  void operator()(struct capsicum_bpf* skel) const { capsicum_bpf__destroy(skel); }
};
using Skel = std::unique_ptr<struct capsicum_bpf, SkelDestroy>;

struct LinkDestroy {
  // Closes our descriptor of the link; a pinned link stays attached.
  void operator()(struct bpf_link* link) const { bpf_link__destroy(link); }
};
using Link = std::unique_ptr<struct bpf_link, LinkDestroy>;

struct BtfDestroy {
  void operator()(struct btf* btf) const { btf__free(btf); }
};

// Does this kernel have what @prog attaches to?  Only capsicum_opt_* may be missing.
bool Applies(struct bpf_program* prog, struct btf* vmlinux) {
  const std::string_view name = bpf_program__name(prog);
  if (!name.starts_with("capsicum_opt_")) return true;
  const std::string_view section = bpf_program__section_name(prog);
  const size_t slash = section.find('/');
  const std::string_view kind = section.substr(0, slash);
  std::string target(section.substr(slash + 1));
  // An LSM hook exists where the kernel has its BPF attachment point.
  if (kind == "lsm") target = "bpf_lsm_" + target;
  return vmlinux != nullptr && btf__find_by_name_kind(vmlinux, target.c_str(), BTF_KIND_FUNC) > 0;
}

// Opens the object with the programs this kernel cannot attach set not to load.
Outcome<Skel> Open() {
  Skel skel(capsicum_bpf__open());
  if (!skel) return SysFailure("opening the embedded BPF object (capsicum_bpf__open)", errno);
  std::unique_ptr<struct btf, BtfDestroy> vmlinux(btf__load_vmlinux_btf());
  struct bpf_program* prog;
  bpf_object__for_each_program(prog, skel->obj) {
    if (!Applies(prog, vmlinux.get())) bpf_program__set_autoload(prog, false);
  }
  return skel;
}

}  // namespace

Outcome<std::vector<std::string>> ProgramNames() {
  auto skel = Open();
  if (!skel.ok()) return skel.error();
  std::vector<std::string> names;
  struct bpf_program* prog;
  bpf_object__for_each_program(prog, skel.value()->obj) {
    if (bpf_program__autoload(prog)) names.emplace_back(bpf_program__name(prog));
  }
  return names;
}

Outcome<int> AttachAndPin() {
  auto skel = Open();
  if (!skel.ok()) return skel.error();
  if (int err = capsicum_bpf__load(skel.value().get()); err != 0) {
    return SysFailure("loading the BPF programs (capsicum_bpf__load)", -err,
                      "libbpf printed the verifier log above; was capsicum.ko loaded first?");
  }

  std::vector<std::string> pinned;
  auto undo = [&pinned](Failure failure) -> Outcome<int> {
    (void)RemovePins(pinned);
    return failure;
  };
  struct bpf_program* prog;
  bpf_object__for_each_program(prog, skel.value()->obj) {
    if (!bpf_program__autoload(prog)) continue;
    const std::string name = bpf_program__name(prog);
    Link link(bpf_program__attach(prog));
    if (!link) return undo(SysFailure("attaching BPF program " + name, errno));
    if (int err = bpf_link__pin(link.get(), PinPath(name).c_str()); err != 0) {
      return undo(SysFailure("pinning BPF link " + PinPath(name), -err));
    }
    pinned.push_back(name);
  }
  return static_cast<int>(pinned.size());
}

}  // namespace capsicumctl
