// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: cap_enter() racing another thread's credential change (docs/design.md, "Known
// window").
//
// A thread loops setgroups(2) or capset(2) (raw syscalls: glibc would make every thread do
// it) while the main thread calls cap_enter(); the looping thread then opens ".." through an
// unlimited directory descriptor, which only capability mode refuses (ENOTCAPABLE, decided
// on the thread's cred: the seccomp filter lets openat with a real descriptor through).  A cred
// prepared before cap_enter() and committed after would leave that thread outside.
#include <fcntl.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

constexpr int kRounds = 100;

void SetgroupsSame() {
  gid_t groups[1] = {0};
  syscall(SYS_setgroups, 1, groups);
}

void CapsetSame() {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) == 0) syscall(SYS_capset, &header, data);
}

void Hammer(const std::function<void()>& change) {
  ScratchDir scratch;
  const int dir = open(scratch.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_OK(dir);
  for (int round = 0; round < kRounds && !::testing::Test::HasFailure(); round++) {
    RunInChild([&] {
      std::atomic<bool> started{false}, stop{false};
      int opened = -2, error = 0;
      std::thread changer([&] {
        started = true;
        while (!stop) change();
        opened = openat(dir, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        error = errno;
      });
      while (!started) {
      }
      ASSERT_OK(cap_enter());
      stop = true;
      changer.join();
      EXPECT_EQ(-1, opened) << "round " << round << ": the changing thread left capability mode";
      EXPECT_EQ(ENOTCAPABLE, error) << DescribeErrno(error);
    });
  }
  close(dir);
}

TEST(CapModeRace, SetgroupsRacingCapEnterStaysInside) { Hammer(SetgroupsSame); }

TEST(CapModeRace, CapsetRacingCapEnterStaysInside) { Hammer(CapsetSame); }

}  // namespace
}  // namespace capsicum_e2e
