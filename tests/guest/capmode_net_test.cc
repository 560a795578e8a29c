// SPDX-License-Identifier: GPL-2.0
// capsicum-e2e: capability mode and the network: socket() and socketpair() work, and so do
// sockets made before cap_enter() (accept on a listener, send on a connected socket), but
// nothing may name an address: bind, connect, sendto and sendmsg with a destination are
// ECAPMODE for every family (AF_UNIX paths and abstract names included), from io_uring too.
//
// bind, connect and sendto with an address are also refused by the seccomp filter (by number or
// register); sendmsg's msg_name and every io_uring operation are in memory, out of its sight,
// and only the LSM hooks (socket_bind, socket_connect, socket_sendmsg) see them.  The tests
// hold with and without the filter.  IoUring* use a ring set up before cap_enter(), since
// io_uring_setup itself is refused inside.
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "capsicum_test.h"
#include "raw_syscalls.h"

namespace capsicum_e2e {
namespace {

// A UDP socket bound to an ephemeral port on 127.0.0.1, and its address.
struct Receiver {
  int fd = -1;
  struct sockaddr_in addr = {};
};

Receiver BoundReceiver() {
  Receiver r;
  r.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (r.fd < 0) {
    ADD_FAILURE() << "socket(AF_INET, SOCK_DGRAM): " << DescribeErrno(errno);
    return r;
  }
  r.addr.sin_family = AF_INET;
  r.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(r.addr);
  if (bind(r.fd, reinterpret_cast<struct sockaddr*>(&r.addr), sizeof(r.addr)) != 0 ||
      getsockname(r.fd, reinterpret_cast<struct sockaddr*>(&r.addr), &len) != 0)
    ADD_FAILURE() << "bind/getsockname on 127.0.0.1: " << DescribeErrno(errno);
  return r;
}

const struct sockaddr* Sa(const struct sockaddr_in& a) {
  return reinterpret_cast<const struct sockaddr*>(&a);
}

int Udp() { return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0); }

// An abstract AF_UNIX name unique to this process and `tag`, and its length.
struct sockaddr_un AbstractName(const char* tag, socklen_t* len) {
  const std::string name =
      std::string(1, '\0') + "capsicum-e2e-" + std::to_string(getpid()) + "-" + tag;
  *len = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + name.size());
  return UnixAddress(name);
}

// A one-byte message; `to` is its destination, or none.
struct Message {
  char byte = 'm';
  struct iovec iov = {&byte, 1};
  struct msghdr msg = {};
  explicit Message(const struct sockaddr_in* to = nullptr) {
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (to) {
      msg.msg_name = const_cast<struct sockaddr_in*>(to);
      msg.msg_namelen = sizeof(*to);
    }
  }
};

// The next datagram on `fd` without waiting: its byte, or -1.
int Received(int fd) {
  char byte;
  return recv(fd, &byte, 1, MSG_DONTWAIT) == 1 ? byte : -1;
}

// An SQE of `op` on socket `fd` whose addr field points to `what`.
template <typename T>
struct io_uring_sqe SocketSqe(uint8_t op, int fd, const T& what, uint8_t flags) {
  struct io_uring_sqe sqe;
  memset(&sqe, 0, sizeof(sqe));
  sqe.opcode = op;
  sqe.flags = flags;
  sqe.fd = fd;
  sqe.addr = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(&what));
  return sqe;
}

struct io_uring_sqe ConnectSqe(int fd, const struct sockaddr_in& to, uint8_t flags = 0) {
  struct io_uring_sqe sqe = SocketSqe(IORING_OP_CONNECT, fd, to, flags);
  sqe.off = sizeof(to);  // addr2: the address length
  return sqe;
}

struct io_uring_sqe SendmsgSqe(int fd, const struct msghdr& msg, uint8_t flags = 0) {
  struct io_uring_sqe sqe = SocketSqe(IORING_OP_SENDMSG, fd, msg, flags);
  sqe.len = 1;
  return sqe;
}

// Sockets made before cap_enter(): a UDP receiver on 127.0.0.1, an unbound UDP socket, a UDP
// socket connected to the receiver, and an AF_UNIX listener with an abstract name.
class NetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    receiver_ = BoundReceiver();
    udp_ = Udp();
    ASSERT_OK(udp_);
    connected_ = Udp();
    ASSERT_OK(connected_);
    ASSERT_OK(connect(connected_, Sa(receiver_.addr), sizeof(receiver_.addr)));
    name_ = AbstractName("listener", &name_len_);
    listener_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(listener_);
    ASSERT_OK(bind(listener_, Name(), name_len_));
    ASSERT_OK(listen(listener_, 4));
  }
  void TearDown() override {
    for (const int fd : {receiver_.fd, udp_, connected_, listener_})
      if (fd >= 0) close(fd);
  }
  const struct sockaddr* Name() const { return reinterpret_cast<const struct sockaddr*>(&name_); }
  // The next datagram the receiver got, or -1.
  int Got() const { return Received(receiver_.fd); }

  Receiver receiver_;
  int udp_ = -1, connected_ = -1, listener_ = -1;
  struct sockaddr_un name_ = {};
  socklen_t name_len_ = 0;
};

using CapModeNet = NetTest;
using CapModeNetIoUring = NetTest;
using CapModeNetOutside = NetTest;

// --- system calls: socket_bind, socket_connect, socket_sendmsg ---

TEST_F(CapModeNet, BindIsCapmode) {
  RunInChild([&] {
    const int unix_dgram = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(unix_dgram);
    ASSERT_OK(cap_enter());
    struct sockaddr_in loopback = {};
    loopback.sin_family = AF_INET;
    loopback.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_CAPMODE(bind(udp_, Sa(loopback), sizeof(loopback)));
    socklen_t len;
    const struct sockaddr_un name = AbstractName("bind", &len);
    EXPECT_CAPMODE(bind(unix_dgram, reinterpret_cast<const struct sockaddr*>(&name), len));
  });
}

TEST_F(CapModeNet, ConnectIsCapmode) {
  RunInChild([&] {
    const int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(client);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(connect(udp_, Sa(receiver_.addr), sizeof(receiver_.addr)));
    EXPECT_CAPMODE(connect(client, Name(), name_len_));
  });
}

TEST_F(CapModeNet, SendtoWithAddressIsCapmode) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(sendto(udp_, "s", 1, 0, Sa(receiver_.addr), sizeof(receiver_.addr)));
    EXPECT_EQ(-1, Got());
  });
}

// msg_name lies in memory: only the socket_sendmsg hook sees it.
TEST_F(CapModeNet, SendmsgWithAddressIsCapmode) {
  RunInChild([&] {
    ASSERT_OK(cap_enter());
    Message m(&receiver_.addr);
    EXPECT_CAPMODE(sendmsg(udp_, &m.msg, 0));
    // Even on a connected socket, where the address would only have to match.
    EXPECT_CAPMODE(sendmsg(connected_, &m.msg, 0));
    struct mmsghdr mm = {};
    mm.msg_hdr = m.msg;
    EXPECT_CAPMODE(sendmmsg(udp_, &mm, 1, 0));
    EXPECT_EQ(-1, Got());
  });
}

TEST_F(CapModeNet, SendmsgOnConnectedSocketSucceeds) {
  RunInChild([&] {
    int sv[2];
    ASSERT_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
    ASSERT_OK(cap_enter());
    Message m;
    EXPECT_EQ(1, sendmsg(connected_, &m.msg, 0));
    EXPECT_EQ('m', Got());
    EXPECT_EQ(1, send(connected_, "s", 1, 0));
    EXPECT_EQ('s', Got());
    EXPECT_EQ(1, sendto(connected_, "t", 1, 0, nullptr, 0));
    EXPECT_EQ('t', Got());
    EXPECT_EQ(1, sendmsg(sv[0], &m.msg, 0));
    EXPECT_EQ('m', Received(sv[1]));
  });
}

// Made inside capability mode: socket() and socketpair() name nothing global.
TEST_F(CapModeNet, SocketAndSocketpairSucceed) {
  RunInChild([] {
    ASSERT_OK(cap_enter());
    EXPECT_OK(Udp());
    EXPECT_OK(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int sv[2];
    EXPECT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  });
}

TEST_F(CapModeNet, AcceptOnAListenerHeldFromBeforeSucceeds) {
  RunInChild([&] {
    // An AF_UNIX connection is queued on the listener when connect() returns.
    const int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(client);
    ASSERT_OK(connect(client, Name(), name_len_));
    ASSERT_OK(cap_enter());
    const int accepted = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    ASSERT_OK(accepted);
    EXPECT_EQ(1, write(client, "a", 1));
    char byte = 0;
    EXPECT_EQ(1, read(accepted, &byte, 1));
    EXPECT_EQ('a', byte);
  });
}

// --- io_uring: the same hooks, reached from io_uring_enter or an io-wq worker (IOSQE_ASYNC);
//     the ring is set up before cap_enter() ---

TEST_F(CapModeNetIoUring, IoUringConnectIsCapmode) {
  RunInChild([&] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    ASSERT_OK(cap_enter());
    EXPECT_EQ(-ECAPMODE, ring.Run(ConnectSqe(udp_, receiver_.addr)).res);
    EXPECT_EQ(-ECAPMODE, ring.Run(ConnectSqe(udp_, receiver_.addr, IOSQE_ASYNC)).res);
  });
}

TEST_F(CapModeNetIoUring, IoUringSendmsgWithAddressIsCapmode) {
  RunInChild([&] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    ASSERT_OK(cap_enter());
    Message m(&receiver_.addr);
    EXPECT_EQ(-ECAPMODE, ring.Run(SendmsgSqe(udp_, m.msg)).res);
    EXPECT_EQ(-ECAPMODE, ring.Run(SendmsgSqe(udp_, m.msg, IOSQE_ASYNC)).res);
    EXPECT_EQ(-1, Got());
  });
}

TEST_F(CapModeNetIoUring, IoUringSendmsgOnConnectedSocketSucceeds) {
  RunInChild([&] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    ASSERT_OK(cap_enter());
    Message m;
    EXPECT_EQ(1, ring.Run(SendmsgSqe(connected_, m.msg)).res);
    EXPECT_EQ('m', Got());
  });
}

// A request under a personality registered before cap_enter() runs under the creds the task
// had then; after a credential change those were never marked (see CapModeCreds).
TEST_F(CapModeNetIoUring, IoUringConnectUnderAPersonalityFromBeforeCapEnterIsCapmode) {
  RunInChild([&] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    const long personality = ring.RegisterPersonality();
    ASSERT_OK(personality);
    ASSERT_OK(syscall(SYS_setgroups, 0, nullptr));  // a new cred, for this thread only
    ASSERT_OK(cap_enter());
    struct io_uring_sqe sqe = ConnectSqe(udp_, receiver_.addr);
    sqe.personality = static_cast<uint16_t>(personality);
    EXPECT_EQ(-ECAPMODE, ring.Run(sqe).res);
  });
}

// --- outside capability mode, the same calls work ---

TEST_F(CapModeNetOutside, BindConnectSendtoAndSendmsgWithAddressSucceed) {
  RunInChild([&] {
    Message m(&receiver_.addr);
    EXPECT_EQ(1, sendmsg(udp_, &m.msg, 0));
    EXPECT_EQ('m', Got());
    EXPECT_EQ(1, sendto(udp_, "s", 1, 0, Sa(receiver_.addr), sizeof(receiver_.addr)));
    EXPECT_EQ('s', Got());
    EXPECT_OK(connect(udp_, Sa(receiver_.addr), sizeof(receiver_.addr)));
    const int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(client);
    EXPECT_OK(connect(client, Name(), name_len_));
    const int unix_dgram = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_OK(unix_dgram);
    socklen_t len;
    const struct sockaddr_un name = AbstractName("outside", &len);
    EXPECT_OK(bind(unix_dgram, reinterpret_cast<const struct sockaddr*>(&name), len));
  });
}

TEST_F(CapModeNetOutside, IoUringConnectAndSendmsgWithAddressSucceed) {
  RunInChild([&] {
    IoUring ring;
    ASSERT_TRUE(ring.Init());
    Message m(&receiver_.addr);
    EXPECT_EQ(1, ring.Run(SendmsgSqe(udp_, m.msg)).res);
    EXPECT_EQ('m', Got());
    EXPECT_EQ(0, ring.Run(ConnectSqe(udp_, receiver_.addr, IOSQE_ASYNC)).res);
  });
}

}  // namespace
}  // namespace capsicum_e2e
