// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: the precondition of every other suite: module loaded, programs attached.
#include <fcntl.h>
#include <linux/capsicum.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

// If this fails, every enforcement test after it fails for the same reason:
// read this one first.
TEST(Environment, ModuleLoadedAndArmed) {
  const ModuleStatus st = QueryModuleStatus();
  ASSERT_TRUE(st.ok) << st.error << ": the capsicum module is not loaded; run `capsicumctl load`";
  EXPECT_EQ(static_cast<unsigned>(CAPSICUM_ABI_VERSION), st.abi_version)
      << "these tests were written for ABI " << CAPSICUM_ABI_VERSION;
  EXPECT_TRUE(st.armed) << "/dev/capsicum exists but the BPF-LSM programs are not attached; "
                           "run `capsicumctl load`";

  const int dev = open(CAPSICUM_DEVICE, O_RDONLY | O_CLOEXEC);
  ASSERT_OK(dev);
  EXPECT_EQ(CAPSICUM_ABI_VERSION, ioctl(dev, CAPSICUM_IOC_VERSION));
  close(dev);
}

}  // namespace
}  // namespace capsicum_e2e
