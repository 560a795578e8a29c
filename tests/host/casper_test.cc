// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - host tests of libcasper: nvlists, the wire format, the services outside
// capability mode, and hostile messages to both ends.
#include <arpa/inet.h>
#include <casper/cap_dns.h>
#include <casper/cap_fileargs.h>
#include <casper/cap_grp.h>
#include <casper/cap_net.h>
#include <casper/cap_pwd.h>
#include <casper/cap_syslog.h>
#include <errno.h>
#include <fcntl.h>
#include <libcasper.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dnv.h>
#include <sys/nv.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>

namespace {

struct NvFree {
  void operator()(nvlist_t* nvl) const { nvlist_destroy(nvl); }
};
using Nv = std::unique_ptr<nvlist_t, NvFree>;
struct ChanClose {
  void operator()(cap_channel_t* c) const { cap_close(c); }
};
using Chan = std::unique_ptr<cap_channel_t, ChanClose>;

// The frame header of docs/casper.md.
struct Header {
  uint32_t magic = 0x4e565043;
  uint16_t version = 1;
  uint16_t reserved = 0;
  uint32_t size = 0;
  uint32_t nfds = 0;
};

std::string Packed(const nvlist_t* nvl) {
  size_t size = 0;
  void* buf = nvlist_pack(nvl, &size);
  EXPECT_NE(buf, nullptr);
  std::string s(static_cast<char*>(buf), size);
  free(buf);
  return s;
}

void SendRaw(int sock, const Header& h, const std::string& payload) {
  ASSERT_EQ(send(sock, &h, sizeof(h), MSG_NOSIGNAL), static_cast<ssize_t>(sizeof(h)));
  if (!payload.empty()) {
    ASSERT_EQ(send(sock, payload.data(), payload.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(payload.size()));
  }
}

// The "error" of the next answer on sock, or -1 if none could be read.
int64_t AnswerError(int sock) {
  Nv answer(nvlist_recv(sock, 0));
  if (!answer) return -1;
  return static_cast<int64_t>(dnvlist_get_number(answer.get(), "error", 999999));
}

TEST(CasperNvlist, AddGetTakeAndUniqueNames) {
  Nv nvl(nvlist_create(0));
  nvlist_add_number(nvl.get(), "n", 42);
  nvlist_add_string(nvl.get(), "s", "text");
  nvlist_add_bool(nvl.get(), "b", true);
  nvlist_add_null(nvl.get(), "z");
  EXPECT_EQ(nvlist_error(nvl.get()), 0);
  EXPECT_EQ(nvlist_get_number(nvl.get(), "n"), 42u);
  EXPECT_STREQ(nvlist_get_string(nvl.get(), "s"), "text");
  EXPECT_TRUE(nvlist_get_bool(nvl.get(), "b"));
  EXPECT_TRUE(nvlist_exists_null(nvl.get(), "z"));
  EXPECT_FALSE(nvlist_exists_string(nvl.get(), "n"));
  // A missing name: FreeBSD aborts; here a default and ENOENT.
  errno = 0;
  EXPECT_EQ(nvlist_get_string(nvl.get(), "missing"), nullptr);
  EXPECT_EQ(errno, ENOENT);
  char* s = nvlist_take_string(nvl.get(), "s");
  EXPECT_STREQ(s, "text");
  free(s);
  EXPECT_FALSE(nvlist_exists(nvl.get(), "s"));
  nvlist_add_number(nvl.get(), "n", 1);  // a second "n": EEXIST, and the list is spoiled
  EXPECT_EQ(nvlist_error(nvl.get()), EEXIST);
  nvlist_add_number(nvl.get(), "other", 1);
  EXPECT_FALSE(nvlist_exists(nvl.get(), "other"));
}

TEST(CasperNvlist, PackUnpackRoundTrip) {
  Nv nvl(nvlist_create(0));
  Nv inner(nvlist_create(NV_FLAG_NO_UNIQUE));
  nvlist_add_string(inner.get(), "x", "1");
  nvlist_add_string(inner.get(), "x", "2");
  nvlist_add_nvlist(nvl.get(), "inner", inner.get());
  const unsigned char bin[3] = {1, 0, 2};
  nvlist_add_binary(nvl.get(), "bin", bin, sizeof(bin));
  nvlist_add_number(nvl.get(), "n", UINT64_MAX);
  std::string packed = Packed(nvl.get());
  Nv back(nvlist_unpack(packed.data(), packed.size(), 0));
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(nvlist_get_number(back.get(), "n"), UINT64_MAX);
  size_t size = 0;
  const void* b = nvlist_get_binary(back.get(), "bin", &size);
  ASSERT_EQ(size, 3u);
  EXPECT_EQ(memcmp(b, bin, 3), 0);
  const nvlist_t* in = nvlist_get_nvlist(back.get(), "inner");
  ASSERT_NE(in, nullptr);
  int type;
  void* cookie = nullptr;
  int count = 0;
  while (nvlist_next(in, &type, &cookie) != nullptr) count++;
  EXPECT_EQ(count, 2);
}

TEST(CasperNvlist, PackRefusesDescriptors) {
  Nv nvl(nvlist_create(0));
  nvlist_add_descriptor(nvl.get(), "fd", 0);
  size_t size;
  errno = 0;
  EXPECT_EQ(nvlist_pack(nvl.get(), &size), nullptr);
  EXPECT_EQ(errno, EOPNOTSUPP);
}

// Every prefix of a valid encoding, and every single-byte change of it, decodes to an error or
// to a list: never a crash (run under the sanitizers of a debug build too).
TEST(CasperWireFuzz, TruncatedAndMutatedEncodings) {
  Nv nvl(nvlist_create(0));
  nvlist_add_string(nvl.get(), "cmd", "open");
  Nv inner(nvlist_create(0));
  nvlist_add_number(inner.get(), "n", 7);
  nvlist_move_nvlist(nvl.get(), "l", inner.release());
  const char b[4] = "abc";
  nvlist_add_binary(nvl.get(), "b", b, 3);
  std::string packed = Packed(nvl.get());
  for (size_t n = 0; n < packed.size(); n++) {
    errno = 0;
    EXPECT_EQ(nvlist_unpack(packed.data(), n, 0), nullptr) << "prefix " << n;
    EXPECT_EQ(errno, EBADMSG);
  }
  std::string longer = packed + "x";
  EXPECT_EQ(nvlist_unpack(longer.data(), longer.size(), 0), nullptr);
  std::mt19937 rng(5);
  for (int i = 0; i < 20000; i++) {
    std::string m = packed;
    m[rng() % m.size()] = static_cast<char>(rng());
    if (i % 3 == 0) m[rng() % m.size()] = static_cast<char>(0xff);
    nvlist_destroy(nvlist_unpack(m.data(), m.size(), 0));
  }
}

TEST(CasperWireFuzz, OversizedLengthsAndDepth) {
  // A string claiming 4 GiB, a name claiming 65535 bytes, an unknown type.
  std::string hdr("\0\0\0\0\1\0\0\0", 8);
  std::string big_string = hdr + std::string("\4\1\0s\xff\xff\xff\xff", 8);
  std::string big_name = hdr + std::string("\1\xff\xff", 3);
  std::string bad_type = hdr + std::string("\x63\1\0s", 4);
  std::string bad_bool = hdr + std::string("\2\1\0b\2", 5);
  std::string descriptor = hdr + std::string("\6\1\0d\0\0\0\0", 8);  // no descriptor came
  std::string bad_flags("\x80\0\0\0\0\0\0\0", 8);
  for (const std::string& m : {big_string, big_name, bad_type, bad_bool, descriptor, bad_flags}) {
    errno = 0;
    EXPECT_EQ(nvlist_unpack(m.data(), m.size(), 0), nullptr);
    EXPECT_EQ(errno, EBADMSG);
  }
  // Nested lists beyond the depth limit.
  std::string deep;
  for (int i = 0; i < 40; i++) deep += hdr + std::string("\5\1\0l", 4);
  deep += std::string("\0\0\0\0\0\0\0\0", 8);
  EXPECT_EQ(nvlist_unpack(deep.data(), deep.size(), 0), nullptr);
  // Duplicate names in a list that says names are unique.
  std::string dup("\0\0\0\0\2\0\0\0\1\1\0a\1\1\0a", 16);
  EXPECT_EQ(nvlist_unpack(dup.data(), dup.size(), 0), nullptr);
}

class CasperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/casper-host.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    casper_.reset(cap_init());
    ASSERT_NE(casper_, nullptr) << strerror(errno);
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + dir_ + "'";
    ASSERT_EQ(system(cmd.c_str()), 0);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    close(fd);
    return path;
  }
  std::string dir_;
  Chan casper_;
};

TEST_F(CasperTest, ServiceLimitNarrowsAndNeverWidens) {
  nvlist_t* limits = reinterpret_cast<nvlist_t*>(1);
  ASSERT_EQ(cap_limit_get(casper_.get(), &limits), 0);
  EXPECT_EQ(limits, nullptr);  // never limited
  const char* two[] = {"system.dns", "system.net"};
  ASSERT_EQ(cap_service_limit(casper_.get(), two, 2), 0);
  const char* one[] = {"system.dns"};
  ASSERT_EQ(cap_service_limit(casper_.get(), one, 1), 0);
  errno = 0;
  EXPECT_EQ(cap_service_limit(casper_.get(), two, 2), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  errno = 0;
  EXPECT_EQ(cap_service_open(casper_.get(), "system.net"), nullptr);
  EXPECT_EQ(errno, ENOTCAPABLE);
  Chan dns(cap_service_open(casper_.get(), "system.dns"));
  EXPECT_NE(dns, nullptr);
  ASSERT_EQ(cap_limit_get(casper_.get(), &limits), 0);
  ASSERT_NE(limits, nullptr);
  EXPECT_TRUE(nvlist_exists_null(limits, "system.dns"));
  EXPECT_FALSE(nvlist_exists(limits, "system.net"));
  nvlist_destroy(limits);
}

TEST_F(CasperTest, UnknownServiceIsEnoent) {
  errno = 0;
  EXPECT_EQ(cap_service_open(casper_.get(), "system.nonesuch"), nullptr);
  EXPECT_EQ(errno, ENOENT);
}

TEST_F(CasperTest, CloneKeepsLimitsAndWrapUnwrap) {
  Chan dns(cap_service_open(casper_.get(), "system.dns"));
  ASSERT_NE(dns, nullptr);
  const char* types[] = {"NAME2ADDR"};
  ASSERT_EQ(cap_dns_type_limit(dns.get(), types, 1), 0);
  Chan copy(cap_clone(dns.get()));
  ASSERT_NE(copy, nullptr);
  char host[64];
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  errno = 0;
  EXPECT_EQ(cap_getnameinfo(copy.get(), reinterpret_cast<sockaddr*>(&sin), sizeof(sin), host,
                            sizeof(host), nullptr, 0, NI_NUMERICHOST),
            EAI_SYSTEM);
  EXPECT_EQ(errno, ENOTCAPABLE);
  int flags = -1;
  int fd = cap_unwrap(copy.release(), &flags);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(flags, 0);
  Chan again(cap_wrap(fd, 0));
  EXPECT_EQ(cap_sock(again.get()), fd);
}

TEST_F(CasperTest, FileargsOpensOnlyItsNamesWithItsRights) {
  std::string a = Write("a.txt", "alpha\n");
  std::string b = Write("b.txt", "beta\n");
  char* argv[] = {a.data()};
  cap_rights_t rights;
  cap_rights_init(&rights, CAP_READ, CAP_FSTAT);
  fileargs_t* fa = fileargs_cinit(casper_.get(), 1, argv, O_RDONLY, 0, &rights, FA_OPEN | FA_LSTAT);
  ASSERT_NE(fa, nullptr) << strerror(errno);
  int fd = fileargs_open(fa, a.c_str());
  ASSERT_GE(fd, 0) << strerror(errno);
  char buf[16] = {};
  EXPECT_EQ(read(fd, buf, sizeof(buf)), 6);
  EXPECT_STREQ(buf, "alpha\n");
  EXPECT_NE(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);  // O_CLOEXEC was not asked for
  close(fd);
  errno = 0;
  EXPECT_EQ(fileargs_open(fa, b.c_str()), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  struct stat sb;
  EXPECT_EQ(fileargs_lstat(fa, a.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_size, 6);
  errno = 0;
  EXPECT_EQ(fileargs_realpath(fa, a.c_str(), nullptr), nullptr);  // FA_REALPATH not given
  EXPECT_EQ(errno, ENOTCAPABLE);
  errno = 0;
  EXPECT_EQ(fileargs_open(fa, nullptr), -1);
  EXPECT_EQ(errno, EINVAL);
  // Limits are set once.
  cap_channel_t* chan = fileargs_unwrap(fa, nullptr);
  Nv wider(fileargs_create_limit(1, argv, O_RDWR, 0, nullptr, FA_OPEN));
  errno = 0;
  EXPECT_EQ(cap_limit_set(chan, wider.release()), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  cap_close(chan);
}

TEST_F(CasperTest, FileargsRefusesBadLimits) {
  std::string a = Write("a.txt", "alpha\n");
  char* argv[] = {a.data()};
  errno = 0;
  EXPECT_EQ(fileargs_cinit(casper_.get(), 1, argv, O_RDONLY | O_PATH, 0, nullptr, FA_OPEN),
            nullptr);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(fileargs_cinit(casper_.get(), 1, argv, O_RDONLY, 0, nullptr, 0x40), nullptr);
  EXPECT_EQ(errno, EINVAL);
  // A limit whose file name is not NULL-typed.
  Chan chan(cap_service_open(casper_.get(), "system.fileargs"));
  Nv limits(nvlist_create(0));
  nvlist_add_string(limits.get(), a.c_str(), "x");
  errno = 0;
  EXPECT_EQ(cap_limit_set(chan.get(), limits.release()), -1);
  EXPECT_EQ(errno, EINVAL);
  // Without limits nothing may be opened.
  errno = 0;
  Nv req(nvlist_create(0));
  nvlist_add_string(req.get(), "cmd", "open");
  nvlist_add_string(req.get(), "name", a.c_str());
  Nv answer(cap_xfer_nvlist(chan.get(), req.release()));
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(dnvlist_get_number(answer.get(), "error", 0), static_cast<uint64_t>(ENOTCAPABLE));
}

TEST_F(CasperTest, FileargsWithNoNamesRefusesEverything) {
  fileargs_t* fa = fileargs_init(0, nullptr, O_RDONLY, 0, nullptr, FA_OPEN);
  ASSERT_NE(fa, nullptr);
  errno = 0;
  EXPECT_EQ(fileargs_open(fa, "/etc/passwd"), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  fileargs_free(fa);
}

TEST_F(CasperTest, DnsResolvesAndFamilyAndTypeLimitsNarrow) {
  Chan dns(cap_service_open(casper_.get(), "system.dns"));
  ASSERT_NE(dns, nullptr);
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  ASSERT_EQ(cap_getaddrinfo(dns.get(), "127.0.0.1", "80", &hints, &res), 0);
  ASSERT_NE(res, nullptr);
  EXPECT_EQ(res->ai_family, AF_INET);
  EXPECT_EQ(ntohs(reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_port), 80);
  freeaddrinfo(res);  // glibc's own free works on the list
  int inet = AF_INET;
  ASSERT_EQ(cap_dns_family_limit(dns.get(), &inet, 1), 0);
  hints.ai_family = AF_INET6;
  errno = 0;
  EXPECT_EQ(cap_getaddrinfo(dns.get(), "::1", "80", &hints, &res), EAI_SYSTEM);
  EXPECT_EQ(errno, ENOTCAPABLE);
  int both[] = {AF_INET, AF_INET6};
  errno = 0;
  EXPECT_EQ(cap_dns_family_limit(dns.get(), both, 2), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  const char* bad[] = {"FROBNICATE"};
  errno = 0;
  EXPECT_EQ(cap_dns_type_limit(dns.get(), bad, 1), -1);
  EXPECT_EQ(errno, EINVAL);
  struct hostent* h = cap_gethostbyname(dns.get(), "127.0.0.1");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->h_addrtype, AF_INET);
  EXPECT_EQ(h->h_length, 4);
  ASSERT_NE(h->h_addr_list[0], nullptr);
  EXPECT_EQ(memcmp(h->h_addr_list[0], "\x7f\0\0\1", 4), 0);
}

TEST_F(CasperTest, NetConnectsOnlyWhereAllowed) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t len = sizeof(sin);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&sin), &len), 0);
  Chan net(cap_service_open(casper_.get(), "system.net"));
  ASSERT_NE(net, nullptr);
  cap_net_limit_t* limit = cap_net_limit_init(net.get(), CAPNET_CONNECT | CAPNET_NAME2ADDR);
  cap_net_limit_connect(limit, reinterpret_cast<sockaddr*>(&sin), sizeof(sin));
  ASSERT_EQ(cap_net_limit(limit), 0);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_EQ(cap_connect(net.get(), s, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)), 0);
  int accepted = accept(listener, nullptr, nullptr);
  EXPECT_GE(accepted, 0);
  close(accepted);
  close(s);
  sockaddr_in other = sin;
  other.sin_port = htons(static_cast<uint16_t>(ntohs(sin.sin_port) + 1));
  s = socket(AF_INET, SOCK_STREAM, 0);
  errno = 0;
  EXPECT_EQ(cap_connect(net.get(), s, reinterpret_cast<sockaddr*>(&other), sizeof(other)), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  errno = 0;
  EXPECT_EQ(cap_bind(net.get(), s, reinterpret_cast<sockaddr*>(&other), sizeof(other)), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  close(s);
  // Widening the mode, or dropping the connect list, is refused.
  limit = cap_net_limit_init(net.get(), CAPNET_CONNECT | CAPNET_BIND);
  errno = 0;
  EXPECT_EQ(cap_net_limit(limit), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  limit = cap_net_limit_init(net.get(), CAPNET_CONNECT);
  errno = 0;
  EXPECT_EQ(cap_net_limit(limit), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  close(listener);
}

// Hostile requests to a service: each gets an error answer; the service goes on serving and
// its limits stay as they were.
TEST_F(CasperTest, HostileRequestsToAServiceGetErrors) {
  Chan dns(cap_service_open(casper_.get(), "system.dns"));
  ASSERT_NE(dns, nullptr);
  const char* types[] = {"ADDR2NAME"};
  ASSERT_EQ(cap_dns_type_limit(dns.get(), types, 1), 0);
  int sock = cap_sock(dns.get());
  auto xfer = [&](nvlist_t* req) {
    Nv answer(nvlist_xfer(sock, req, 0));
    return answer ? static_cast<int64_t>(dnvlist_get_number(answer.get(), "error", 999999)) : -1;
  };
  Nv req(nvlist_create(0));
  nvlist_add_number(req.get(), "cmd", 1);  // cmd of the wrong type
  EXPECT_EQ(xfer(req.release()), EINVAL);
  req.reset(nvlist_create(0));
  nvlist_add_string(req.get(), "cmd", "limit_set");
  nvlist_add_string(req.get(), "limits", "everything");  // limits of the wrong type
  EXPECT_EQ(xfer(req.release()), EINVAL);
  req.reset(nvlist_create(0));
  nvlist_add_string(req.get(), "cmd", "limit_set");
  Nv empty(nvlist_create(0));  // no "type" list: that would widen
  nvlist_move_nvlist(req.get(), "limits", empty.release());
  EXPECT_EQ(xfer(req.release()), ENOTCAPABLE);
  req.reset(nvlist_create(0));
  nvlist_add_string(req.get(), "cmd", "getnameinfo");
  nvlist_add_binary(req.get(), "sa", "\2\0", 2);  // a truncated sockaddr_in
  EXPECT_EQ(xfer(req.release()), EINVAL);
  req.reset(nvlist_create(0));
  nvlist_add_string(req.get(), "cmd", "no-such-command");
  EXPECT_EQ(xfer(req.release()), EINVAL);
  // A frame whose list is malformed: EBADMSG, and the stream goes on.
  Header h;
  h.size = 3;
  SendRaw(sock, h, "abc");
  EXPECT_EQ(AnswerError(sock), EBADMSG);
  // A frame that claims descriptors it does not carry.
  Nv ok(nvlist_create(0));
  nvlist_add_string(ok.get(), "cmd", "limit_get");
  h.size = static_cast<uint32_t>(Packed(ok.get()).size());
  h.nfds = 1;
  SendRaw(sock, h, Packed(ok.get()));
  EXPECT_EQ(AnswerError(sock), EBADMSG);
  // Still limited to ADDR2NAME.
  addrinfo* res = nullptr;
  errno = 0;
  EXPECT_EQ(cap_getaddrinfo(dns.get(), "127.0.0.1", nullptr, nullptr, &res), EAI_SYSTEM);
  EXPECT_EQ(errno, ENOTCAPABLE);
  // A bad magic or an oversized frame: an error, then the service hangs up.
  h = Header{};
  h.magic = 0x12345678;
  SendRaw(sock, h, "");
  EXPECT_EQ(AnswerError(sock), EBADMSG);
  EXPECT_EQ(AnswerError(sock), -1);
  Chan dns2(cap_service_open(casper_.get(), "system.dns"));
  ASSERT_NE(dns2, nullptr);
  h = Header{};
  h.size = 0x7fffffff;
  SendRaw(cap_sock(dns2.get()), h, "");
  EXPECT_EQ(AnswerError(cap_sock(dns2.get())), EMSGSIZE);
  // A truncated header and a hang-up: the service exits quietly; casper still serves.
  Chan dns3(cap_service_open(casper_.get(), "system.dns"));
  ASSERT_NE(dns3, nullptr);
  ASSERT_EQ(send(cap_sock(dns3.get()), "CPV", 3, MSG_NOSIGNAL), 3);
  dns3.reset();
  Chan dns4(cap_service_open(casper_.get(), "system.dns"));
  EXPECT_NE(dns4, nullptr);
}

// A fake service answering with what a hostile or broken service might send: the client calls
// fail with an error and give the caller nothing.
class HostileServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int sv[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    chan_.reset(cap_wrap(sv[0], 0));
    peer_ = sv[1];
  }
  void TearDown() override {
    if (server_.joinable()) server_.join();
    close(peer_);
  }
  // Answers the next request with answer (taken), or with raw bytes.
  void Answer(nvlist_t* answer) {
    server_ = std::thread([this, answer] {
      nvlist_destroy(nvlist_recv(peer_, 0));
      nvlist_send(peer_, answer);
      nvlist_destroy(answer);
    });
  }
  void AnswerRaw(std::string bytes) {
    server_ = std::thread([this, bytes] {
      nvlist_destroy(nvlist_recv(peer_, 0));
      send(peer_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      shutdown(peer_, SHUT_WR);
    });
  }
  Chan chan_;
  int peer_ = -1;
  std::thread server_;
};

TEST_F(HostileServiceTest, AnswerWithoutErrorIsEbadmsg) {
  Answer(nvlist_create(0));
  errno = 0;
  EXPECT_EQ(cap_service_open(chan_.get(), "system.dns"), nullptr);
  EXPECT_EQ(errno, EBADMSG);
}

TEST_F(HostileServiceTest, ErrorOutOfRangeIsEbadmsg) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_number(a, "error", 1ULL << 40);
  Answer(a);
  errno = 0;
  EXPECT_EQ(cap_clone(chan_.get()), nullptr);
  EXPECT_EQ(errno, EBADMSG);
}

TEST_F(HostileServiceTest, ErrorOfTheWrongTypeIsEbadmsg) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_string(a, "error", "0");
  Answer(a);
  nvlist_t* limits = nullptr;
  errno = 0;
  EXPECT_EQ(cap_limit_get(chan_.get(), &limits), -1);
  EXPECT_EQ(errno, EBADMSG);
}

TEST_F(HostileServiceTest, FileargsAnswerWithoutDescriptor) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_number(a, "error", 0);
  nvlist_add_number(a, "fd", 0);  // a number where a descriptor belongs
  Answer(a);
  fileargs_t* fa = fileargs_wrap(chan_.release(), 0);
  errno = 0;
  EXPECT_EQ(fileargs_open(fa, "x"), -1);
  EXPECT_EQ(errno, EBADMSG);
  fileargs_free(fa);
}

TEST_F(HostileServiceTest, LstatOfTheWrongSize) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_number(a, "error", 0);
  nvlist_add_binary(a, "stat", "abc", 3);
  Answer(a);
  fileargs_t* fa = fileargs_wrap(chan_.release(), 0);
  struct stat sb;
  errno = 0;
  EXPECT_EQ(fileargs_lstat(fa, "x", &sb), -1);
  EXPECT_EQ(errno, EBADMSG);
  fileargs_free(fa);
}

TEST_F(HostileServiceTest, AddrinfoWithAMismatchedAddress) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_number(a, "error", 0);
  nvlist_add_number(a, "eai", 0);
  nvlist_t* item = nvlist_create(0);
  nvlist_add_number(item, "ai_flags", 0);
  nvlist_add_number(item, "ai_family", AF_INET6);  // says IPv6, carries an IPv4 address
  nvlist_add_number(item, "ai_socktype", SOCK_STREAM);
  nvlist_add_number(item, "ai_protocol", 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  nvlist_add_binary(item, "ai_addr", &sin, sizeof(sin));
  nvlist_move_nvlist(a, "res0", item);
  Answer(a);
  addrinfo* res = reinterpret_cast<addrinfo*>(1);
  errno = 0;
  EXPECT_EQ(cap_getaddrinfo(chan_.get(), "x", nullptr, nullptr, &res), EAI_SYSTEM);
  EXPECT_EQ(errno, EBADMSG);
  EXPECT_EQ(res, reinterpret_cast<addrinfo*>(1));
}

TEST_F(HostileServiceTest, HostentWithAShortAddress) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_number(a, "error", 0);
  nvlist_add_number(a, "h_errno", 0);
  nvlist_add_string(a, "name", "x");
  nvlist_add_number(a, "addrtype", AF_INET);
  nvlist_move_nvlist(a, "aliases", nvlist_create(0));
  nvlist_t* addrs = nvlist_create(0);
  nvlist_add_binary(addrs, "0", "ab", 2);
  nvlist_move_nvlist(a, "addrs", addrs);
  Answer(a);
  errno = 0;
  EXPECT_EQ(cap_gethostbyname(chan_.get(), "x"), nullptr);
  EXPECT_EQ(errno, EBADMSG);
}

TEST_F(HostileServiceTest, GarbageAndTruncatedFrames) {
  AnswerRaw("this is not a frame at all");
  errno = 0;
  EXPECT_EQ(cap_clone(chan_.get()), nullptr);
  EXPECT_EQ(errno, EBADMSG);
}

TEST_F(HostileServiceTest, HangUpMidFrame) {
  Header h;
  h.size = 100;
  AnswerRaw(std::string(reinterpret_cast<const char*>(&h), sizeof(h)) + "short");
  errno = 0;
  EXPECT_EQ(cap_clone(chan_.get()), nullptr);
  EXPECT_EQ(errno, EBADMSG);
}

}  // namespace

namespace {

TEST_F(CasperTest, PwdLimitsCommandsFieldsAndUsers) {
  Chan pwd(cap_service_open(casper_.get(), "system.pwd"));
  ASSERT_NE(pwd, nullptr);
  struct passwd* pw = cap_getpwnam(pwd.get(), "root");
  ASSERT_NE(pw, nullptr) << strerror(errno);
  EXPECT_EQ(pw->pw_uid, 0u);
  EXPECT_STREQ(pw->pw_dir, "/root");
  struct passwd entry, *result = nullptr;
  char small[4];
  EXPECT_EQ(cap_getpwuid_r(pwd.get(), 0, &entry, small, sizeof(small), &result), ERANGE);
  EXPECT_EQ(result, nullptr);
  const char* cmds[] = {"getpwnam", "getpwnam_r"};
  ASSERT_EQ(cap_pwd_limit_cmds(pwd.get(), cmds, 2), 0);
  errno = 0;
  EXPECT_EQ(cap_getpwuid(pwd.get(), 0), nullptr);
  EXPECT_EQ(errno, ENOTCAPABLE);
  const char* fields[] = {"pw_name", "pw_uid"};
  ASSERT_EQ(cap_pwd_limit_fields(pwd.get(), fields, 2), 0);
  const char* users[] = {"root"};
  ASSERT_EQ(cap_pwd_limit_users(pwd.get(), users, 1, nullptr, 0), 0);
  pw = cap_getpwnam(pwd.get(), "root");
  ASSERT_NE(pw, nullptr) << strerror(errno);
  EXPECT_STREQ(pw->pw_name, "root");
  EXPECT_STREQ(pw->pw_dir, "");  // not a field of the limits
  errno = 0;
  EXPECT_EQ(cap_getpwnam(pwd.get(), "nobody"), nullptr);
  EXPECT_EQ(errno, ENOTCAPABLE);
  const char* wider[] = {"getpwnam", "getpwuid"};
  errno = 0;
  EXPECT_EQ(cap_pwd_limit_cmds(pwd.get(), wider, 2), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
  const char* unknown[] = {"pw_frob"};
  errno = 0;
  EXPECT_EQ(cap_pwd_limit_fields(pwd.get(), unknown, 1), -1);
  EXPECT_EQ(errno, EINVAL);
  uid_t nobody = 65534;
  errno = 0;
  EXPECT_EQ(cap_pwd_limit_users(pwd.get(), users, 1, &nobody, 1), -1);
  EXPECT_EQ(errno, ENOTCAPABLE);
}

TEST_F(CasperTest, GrpLimitsGroups) {
  Chan grp(cap_service_open(casper_.get(), "system.grp"));
  ASSERT_NE(grp, nullptr);
  struct group* gr = cap_getgrgid(grp.get(), 0);
  ASSERT_NE(gr, nullptr) << strerror(errno);
  EXPECT_STREQ(gr->gr_name, "root");
  ASSERT_NE(gr->gr_mem, nullptr);
  gid_t root = 0;
  ASSERT_EQ(cap_grp_limit_groups(grp.get(), nullptr, 0, &root, 1), 0);
  struct group entry, *result = nullptr;
  char buf[1024];
  EXPECT_EQ(cap_getgrnam_r(grp.get(), "root", &entry, buf, sizeof(buf), &result), 0);
  EXPECT_EQ(result, &entry);
  struct group* other = cap_getgrnam(grp.get(), "nogroup");
  if (other == nullptr) other = cap_getgrnam(grp.get(), "daemon");
  EXPECT_EQ(other, nullptr);
  EXPECT_EQ(errno, ENOTCAPABLE);
  // getgrent skips what the limits exclude.
  cap_setgrent(grp.get());
  int n = 0;
  while ((gr = cap_getgrent(grp.get())) != nullptr) {
    EXPECT_EQ(gr->gr_gid, 0u);
    n++;
  }
  EXPECT_EQ(n, 1);
}

TEST_F(CasperTest, SyslogMaskAndNoLimits) {
  Chan log(cap_service_open(casper_.get(), "system.syslog"));
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(cap_setlogmask(log.get(), LOG_UPTO(LOG_ERR)), 0xff);
  EXPECT_EQ(cap_setlogmask(log.get(), 0), LOG_UPTO(LOG_ERR));  // 0 only asks
  cap_openlog(log.get(), "casper-host", LOG_PID, LOG_USER);
  cap_syslog(log.get(), LOG_ERR, "a %s message", "test");
  cap_closelog(log.get());
  Nv limits(nvlist_create(0));
  nvlist_add_null(limits.get(), "anything");
  errno = 0;
  EXPECT_EQ(cap_limit_set(log.get(), limits.release()), -1);
  EXPECT_EQ(errno, EINVAL);
}

TEST_F(HostileServiceTest, PasswdWithAFieldOfTheWrongType) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_number(a, "error", 0);
  nvlist_add_bool(a, "found", true);
  nvlist_add_number(a, "pw_name", 7);
  Answer(a);
  errno = 0;
  EXPECT_EQ(cap_getpwnam(chan_.get(), "x"), nullptr);
  EXPECT_EQ(errno, EBADMSG);
}

TEST_F(HostileServiceTest, GroupWithMembersOfTheWrongType) {
  nvlist_t* a = nvlist_create(0);
  nvlist_add_number(a, "error", 0);
  nvlist_add_bool(a, "found", true);
  nvlist_t* mem = nvlist_create(0);
  nvlist_add_number(mem, "0", 1);
  nvlist_move_nvlist(a, "gr_mem", mem);
  Answer(a);
  errno = 0;
  EXPECT_EQ(cap_getgrgid(chan_.get(), 0), nullptr);
  EXPECT_EQ(errno, EBADMSG);
}

}  // namespace

namespace {

// A frame (header and encoding) of nvl, which must hold no descriptors.
std::string Frame(const nvlist_t* nvl) {
  std::string payload = Packed(nvl);
  Header h;
  h.size = static_cast<uint32_t>(payload.size());
  return std::string(reinterpret_cast<const char*>(&h), sizeof(h)) + payload;
}

// Random one- and two-byte changes to the encoding of requests: the service answers each (or
// hangs up on none of them), its limits never widen, and it is still there at the end.
TEST_F(CasperTest, MutatedRequestsNeverCrashOrWidenAService) {
  Chan dns(cap_service_open(casper_.get(), "system.dns"));
  ASSERT_NE(dns, nullptr);
  const char* types[] = {"ADDR2NAME"};
  ASSERT_EQ(cap_dns_type_limit(dns.get(), types, 1), 0);
  int sock = cap_sock(dns.get());
  Nv set(nvlist_create(0));
  nvlist_add_string(set.get(), "cmd", "limit_set");
  Nv limits(nvlist_create(0));
  Nv type(nvlist_create(0));
  nvlist_add_string(type.get(), "type0", "ADDR2NAME");
  nvlist_move_nvlist(limits.get(), "type", type.release());
  nvlist_move_nvlist(set.get(), "limits", limits.release());
  Nv lookup(nvlist_create(0));
  nvlist_add_string(lookup.get(), "cmd", "getaddrinfo");
  nvlist_add_string(lookup.get(), "hostname", "127.0.0.1");
  nvlist_add_number(lookup.get(), "hints.ai_family", AF_INET);
  std::mt19937 rng(11);
  for (int i = 0; i < 600; i++) {
    std::string frame = Frame(i % 2 ? set.get() : lookup.get());
    size_t at = sizeof(Header) + rng() % (frame.size() - sizeof(Header));
    frame[at] = static_cast<char>(rng());
    if (i % 3 == 0) frame[sizeof(Header) + rng() % (frame.size() - sizeof(Header))] ^= 0x40;
    ASSERT_EQ(send(sock, frame.data(), frame.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(frame.size()));
    ASSERT_GE(AnswerError(sock), 0) << "no answer to mutation " << i;
  }
  addrinfo* res = nullptr;
  errno = 0;
  EXPECT_EQ(cap_getaddrinfo(dns.get(), "127.0.0.1", nullptr, nullptr, &res), EAI_SYSTEM);
  EXPECT_EQ(errno, ENOTCAPABLE);
  nvlist_t* now = nullptr;
  ASSERT_EQ(cap_limit_get(dns.get(), &now), 0);
  ASSERT_NE(now, nullptr);
  const nvlist_t* now_types = dnvlist_get_nvlist(now, "type", nullptr);
  ASSERT_NE(now_types, nullptr);
  int t;
  void* cookie = nullptr;
  while (const char* k = nvlist_next(now_types, &t, &cookie)) {
    EXPECT_TRUE(strcmp(nvlist_get_string(now_types, k), "ADDR2NAME") == 0 ||
                strcmp(nvlist_get_string(now_types, k), "ADDR") == 0);
  }
  nvlist_destroy(now);
}

// Random changes to a valid getaddrinfo answer, fed to the real client: it returns a list that
// passed its checks, or an error; never a crash (the list is freed with glibc's freeaddrinfo).
TEST(CasperClientFuzz, MutatedAddrinfoAnswers) {
  Nv answer(nvlist_create(0));
  nvlist_add_number(answer.get(), "error", 0);
  nvlist_add_number(answer.get(), "eai", 0);
  for (int i = 0; i < 2; i++) {
    nvlist_t* item = nvlist_create(0);
    nvlist_add_number(item, "ai_flags", 0);
    nvlist_add_number(item, "ai_family", AF_INET);
    nvlist_add_number(item, "ai_socktype", SOCK_STREAM);
    nvlist_add_number(item, "ai_protocol", 6);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(80);
    nvlist_add_binary(item, "ai_addr", &sin, sizeof(sin));
    nvlist_add_string(item, "ai_canonname", "host");
    nvlist_move_nvlist(answer.get(), i ? "res1" : "res0", item);
  }
  std::string good = Frame(answer.get());
  std::mt19937 rng(3);
  int ok = 0;
  for (int i = 0; i < 3000; i++) {
    int sv[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    std::string frame = good;
    frame[sizeof(Header) + rng() % (frame.size() - sizeof(Header))] = static_cast<char>(rng());
    ASSERT_EQ(send(sv[1], frame.data(), frame.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(frame.size()));
    shutdown(sv[1], SHUT_WR);
    Chan chan(cap_wrap(sv[0], 0));
    addrinfo* res = nullptr;
    int eai = cap_getaddrinfo(chan.get(), "x", nullptr, nullptr, &res);
    if (eai == 0) {
      ok++;
      for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
        ASSERT_EQ(ai->ai_addrlen, sizeof(sockaddr_in));
        ASSERT_EQ(ai->ai_addr->sa_family, ai->ai_family);
      }
      freeaddrinfo(res);
    }
    close(sv[1]);
  }
  EXPECT_GT(ok, 0);  // some changes (in a port, say) leave a valid answer
}

}  // namespace
