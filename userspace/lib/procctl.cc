// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - procctl(2)'s PROC_TRAPCAP_CTL and PROC_TRAPCAP_STATUS, as ioctls.

#include <sys/procctl.h>

#include <errno.h>
#include <sys/capsicum.h>
#include <unistd.h>

#include "c_api.h"
#include "device.h"

namespace capsicum {
namespace {

using internal::DeviceIoctl;

Status TrapCap(idtype_t idtype, id_t id, int cmd, int* data) {
  // FreeBSD refuses procctl(2) in capability mode before looking at its arguments; the module
  // refuses the ioctls there too.
  unsigned int mode = 0;
  if (cap_getmode(&mode) == 0 && mode != 0) return Errno{ECAPMODE};
  if (cmd != PROC_TRAPCAP_CTL && cmd != PROC_TRAPCAP_STATUS) return Errno{EINVAL};
  if (idtype != P_PID) return Errno{EINVAL};
  if (id != 0 && id != static_cast<id_t>(getpid())) return Errno{EPERM};
  if (data == nullptr) return Errno{EFAULT};
  capsicum_trapcap arg = {};
  arg.size = sizeof(arg);
  arg.scope = CAPSICUM_TRAPCAP_PROCESS;
  if (cmd == PROC_TRAPCAP_CTL) {
    if (*data != PROC_TRAPCAP_CTL_ENABLE && *data != PROC_TRAPCAP_CTL_DISABLE) {
      return Errno{EINVAL};
    }
    arg.state =
        *data == PROC_TRAPCAP_CTL_ENABLE ? CAPSICUM_TRAPCAP_ENABLE : CAPSICUM_TRAPCAP_DISABLE;
  }
  auto ret = DeviceIoctl(
      cmd == PROC_TRAPCAP_CTL ? CAPSICUM_IOC_TRAPCAP_CTL : CAPSICUM_IOC_TRAPCAP_STATUS, &arg);
  if (!ret.ok()) {
    // A module older than ABI 4 does not know the ioctl: to the program, no such feature.
    return Errno{ret.error().value == ENOTTY ? ENOSYS : ret.error().value};
  }
  if (cmd == PROC_TRAPCAP_STATUS) {
    *data =
        arg.state == CAPSICUM_TRAPCAP_ENABLE ? PROC_TRAPCAP_CTL_ENABLE : PROC_TRAPCAP_CTL_DISABLE;
  }
  return kOk;
}

}  // namespace
}  // namespace capsicum

extern "C" CAPSICUM_EXPORT int procctl(idtype_t idtype, id_t id, int cmd, void* data) noexcept {
  return capsicum::ToC(capsicum::TrapCap(idtype, id, cmd, static_cast<int*>(data)));
}
