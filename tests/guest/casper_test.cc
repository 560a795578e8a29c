// SPDX-License-Identifier: GPL-2.0
// libcasper from capability mode: a sandboxed client (cap_enter in a forked child) against
// system.fileargs, system.dns and system.net, the allowed and the refused calls. No network:
// loopback and the guest's /etc/hosts (vm/initramfs.sh: localhost, casper-e2e.test).
#include <arpa/inet.h>
#include <casper/cap_dns.h>
#include <casper/cap_fileargs.h>
#include <casper/cap_grp.h>
#include <casper/cap_net.h>
#include <casper/cap_pwd.h>
#include <casper/cap_syslog.h>
#include <dirent.h>
#include <fcntl.h>
#include <libcasper.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sys/capsicum.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "capsicum_test.h"

namespace capsicum_e2e {
namespace {

int CountFds() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  if (d == nullptr) return -1;
  while (readdir(d) != nullptr) n++;
  closedir(d);
  return n - 3;  // ".", ".." and the directory's own descriptor
}

// A TCP listener on 127.0.0.1 at a port of the kernel's choice.
int Listen(sockaddr_in* where) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(sin);
  if (s < 0 || bind(s, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0 || listen(s, 4) != 0 ||
      getsockname(s, reinterpret_cast<sockaddr*>(where), &len) != 0) {
    ADD_FAILURE() << "listener: " << strerror(errno);
    return -1;
  }
  return s;
}

sockaddr* Sa(sockaddr_in* sin) { return reinterpret_cast<sockaddr*>(sin); }

// A channel to service `name` from a casper of its own (closed again); nullptr and a failure
// if either cannot be had.
cap_channel_t* OpenService(const char* name) {
  cap_channel_t* casper = cap_init();
  if (casper == nullptr) {
    ADD_FAILURE() << "cap_init: " << strerror(errno);
    return nullptr;
  }
  cap_channel_t* chan = cap_service_open(casper, name);
  if (chan == nullptr) ADD_FAILURE() << "cap_service_open(" << name << "): " << strerror(errno);
  cap_close(casper);
  return chan;
}

// Two TCP listeners on 127.0.0.1.
struct Listeners {
  sockaddr_in first{}, second{};
  int fd1 = Listen(&first), fd2 = Listen(&second);
};

TEST(Casper, TheSandboxedSideHoldsOnlyTheChannel) {
  RunInChild([] {
    int before = CountFds();
    cap_channel_t* casper = cap_init();
    ASSERT_NE(casper, nullptr) << strerror(errno);
    EXPECT_EQ(CountFds(), before + 1);
    cap_channel_t* dns = cap_service_open(casper, "system.dns");
    ASSERT_NE(dns, nullptr) << strerror(errno);
    EXPECT_EQ(CountFds(), before + 2);
    ASSERT_OK(cap_enter());
    // casper and its services run outside capability mode: they still open services and clone.
    cap_channel_t* copy = cap_clone(dns);
    EXPECT_NE(copy, nullptr) << strerror(errno);
    cap_channel_t* net = cap_service_open(casper, "system.net");
    EXPECT_NE(net, nullptr) << strerror(errno);
    cap_close(copy);
    cap_close(net);
    cap_close(dns);
    cap_close(casper);
  });
}

TEST(Casper, ServiceLimitHoldsInCapabilityMode) {
  RunInChild([] {
    cap_channel_t* casper = cap_init();
    ASSERT_NE(casper, nullptr) << strerror(errno);
    const char* names[] = {"system.dns"};
    ASSERT_OK(cap_service_limit(casper, names, 1));
    ASSERT_OK(cap_enter());
    EXPECT_EQ(cap_service_open(casper, "system.fileargs"), nullptr);
    EXPECT_EQ(errno, ENOTCAPABLE);
    const char* wider[] = {"system.dns", "system.net"};
    EXPECT_NOTCAPABLE(cap_service_limit(casper, wider, 2));
    cap_channel_t* dns = cap_service_open(casper, "system.dns");
    EXPECT_NE(dns, nullptr) << strerror(errno);
    cap_close(dns);
    cap_close(casper);
  });
}

TEST(CasperFileargs, OpensItsArgumentsWithTheirRightsAndNothingElse) {
  ScratchDir dir;
  std::string a = dir.Path("a.txt"), b = dir.Path("b.txt");
  WriteFile(a, "alpha\n");
  WriteFile(b, "beta\n");
  RunInChild([&] {
    char* argv[] = {a.data()};
    cap_rights_t rights;
    cap_rights_init(&rights, CAP_READ, CAP_FSTAT);
    // O_RDWR, so that only the rights can refuse the write.
    fileargs_t* fa = fileargs_init(1, argv, O_RDWR, 0, &rights, FA_OPEN | FA_LSTAT);
    ASSERT_NE(fa, nullptr) << strerror(errno);
    ASSERT_OK(cap_enter());
    EXPECT_CAPMODE(open(a.c_str(), O_RDONLY));
    int fd = fileargs_open(fa, a.c_str());
    ASSERT_OK(fd);
    char buf[16] = {};
    EXPECT_EQ(read(fd, buf, sizeof(buf)), 6);
    EXPECT_STREQ(buf, "alpha\n");
    cap_rights_t held;
    ASSERT_OK(cap_rights_get(fd, &held));
    EXPECT_RIGHTS_EQ(rights, held);
    EXPECT_NOTCAPABLE(write(fd, "x", 1));
    close(fd);
    // fdopen() asks fcntl(F_GETFL), which needs CAP_FCNTL: refused, as on FreeBSD.
    EXPECT_EQ(fileargs_fopen(fa, a.c_str(), "r"), nullptr);
    EXPECT_EQ(errno, ENOTCAPABLE);
    struct stat sb;
    ASSERT_OK(fileargs_lstat(fa, a.c_str(), &sb));
    EXPECT_EQ(sb.st_size, 6);
    // A name that was not an argument, and an operation that was not asked for.
    EXPECT_NOTCAPABLE(fileargs_open(fa, b.c_str()));
    EXPECT_EQ(fileargs_realpath(fa, a.c_str(), nullptr), nullptr);
    EXPECT_EQ(errno, ENOTCAPABLE);
    fileargs_free(fa);
  });
  EXPECT_EQ(ReadFile(a), "alpha\n");
}

TEST(CasperFileargs, FopenWithCapFcntl) {
  ScratchDir dir;
  std::string a = dir.Path("a.txt");
  WriteFile(a, "alpha\n");
  RunInChild([&] {
    char* argv[] = {a.data()};
    cap_rights_t rights;
    cap_rights_init(&rights, CAP_READ, CAP_FSTAT, CAP_FCNTL, CAP_SEEK);
    fileargs_t* fa = fileargs_init(1, argv, O_RDONLY, 0, &rights, FA_OPEN | FA_REALPATH);
    ASSERT_NE(fa, nullptr) << strerror(errno);
    ASSERT_OK(cap_enter());
    FILE* fp = fileargs_fopen(fa, a.c_str(), "r");
    ASSERT_NE(fp, nullptr) << strerror(errno);
    char line[16] = {};
    EXPECT_NE(fgets(line, sizeof(line), fp), nullptr);
    EXPECT_STREQ(line, "alpha\n");
    fclose(fp);
    char* real = fileargs_realpath(fa, a.c_str(), nullptr);
    ASSERT_NE(real, nullptr) << strerror(errno);
    EXPECT_EQ(std::string(real), a);
    free(real);
    fileargs_free(fa);
  });
}

TEST(CasperDns, ResolvesThroughTheServiceWithinItsLimits) {
  RunInChild([] {
    cap_channel_t* dns = OpenService("system.dns");
    ASSERT_NE(dns, nullptr);
    const char* types[] = {"NAME2ADDR"};
    ASSERT_OK(cap_dns_type_limit(dns, types, 1));
    int inet = AF_INET;
    ASSERT_OK(cap_dns_family_limit(dns, &inet, 1));
    ASSERT_OK(cap_enter());
    addrinfo hints{}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    // In capability mode the resolver cannot read /etc/hosts itself.
    EXPECT_NE(getaddrinfo("casper-e2e.test", "80", &hints, &res), 0);
    ASSERT_EQ(cap_getaddrinfo(dns, "casper-e2e.test", "80", &hints, &res), 0) << strerror(errno);
    ASSERT_NE(res, nullptr);
    EXPECT_EQ(res->ai_family, AF_INET);  // AF_UNSPEC asked; the limit keeps IPv4 only
    auto* sin = reinterpret_cast<sockaddr_in*>(res->ai_addr);
    EXPECT_EQ(ntohl(sin->sin_addr.s_addr), 0x7f000002u);
    EXPECT_EQ(ntohs(sin->sin_port), 80);
    freeaddrinfo(res);
    hints.ai_family = AF_INET6;
    EXPECT_EQ(cap_getaddrinfo(dns, "localhost", "80", &hints, &res), EAI_SYSTEM);
    EXPECT_EQ(errno, ENOTCAPABLE);
    char host[64];
    sockaddr_in lo{};
    lo.sin_family = AF_INET;
    lo.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(cap_getnameinfo(dns, Sa(&lo), sizeof(lo), host, sizeof(host), nullptr, 0, 0),
              EAI_SYSTEM);
    EXPECT_EQ(errno, ENOTCAPABLE);
    const char* wider[] = {"NAME2ADDR", "ADDR2NAME"};
    EXPECT_NOTCAPABLE(cap_dns_type_limit(dns, wider, 2));
    cap_close(dns);
  });
}

TEST(CasperDns, ReverseLookupOfLoopback) {
  RunInChild([] {
    cap_channel_t* casper = cap_init();
    ASSERT_NE(casper, nullptr) << strerror(errno);
    cap_channel_t* dns = cap_service_open(casper, "system.dns");
    ASSERT_NE(dns, nullptr) << strerror(errno);
    ASSERT_OK(cap_enter());
    char host[64];
    sockaddr_in lo{};
    lo.sin_family = AF_INET;
    lo.sin_addr.s_addr = htonl(0x7f000002);
    ASSERT_EQ(
        cap_getnameinfo(dns, Sa(&lo), sizeof(lo), host, sizeof(host), nullptr, 0, NI_NAMEREQD), 0);
    EXPECT_STREQ(host, "casper-e2e.test");
    struct hostent* h = cap_gethostbyname(dns, "casper-e2e.test");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(memcmp(h->h_addr_list[0], "\x7f\0\0\2", 4), 0);
    cap_close(dns);
    cap_close(casper);
  });
}

TEST(CasperNet, ConnectsOnlyWhereTheLimitsSay) {
  RunInChild([] {
    Listeners l;
    ASSERT_GE(l.fd1, 0);
    ASSERT_GE(l.fd2, 0);
    sockaddr_in &allowed = l.first, &other = l.second;
    int l1 = l.fd1;
    cap_channel_t* net = OpenService("system.net");
    ASSERT_NE(net, nullptr);
    cap_net_limit_t* limit = cap_net_limit_init(net, CAPNET_CONNECT);
    ASSERT_NE(cap_net_limit_connect(limit, Sa(&allowed), sizeof(allowed)), nullptr);
    ASSERT_OK(cap_net_limit(limit));
    ASSERT_OK(cap_enter());
    int s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_OK(s);
    EXPECT_CAPMODE(connect(s, Sa(&allowed), sizeof(allowed)));
    ASSERT_OK(cap_connect(net, s, Sa(&allowed), sizeof(allowed)));
    EXPECT_EQ(write(s, "hi", 2), 2);
    int peer = accept(l1, nullptr, nullptr);
    ASSERT_OK(peer);
    char buf[4] = {};
    EXPECT_EQ(read(peer, buf, sizeof(buf)), 2);
    EXPECT_STREQ(buf, "hi");
    close(peer);
    close(s);
    s = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_NOTCAPABLE(cap_connect(net, s, Sa(&other), sizeof(other)));
    EXPECT_NOTCAPABLE(cap_bind(net, s, Sa(&other), sizeof(other)));
    addrinfo* res = nullptr;
    EXPECT_EQ(cap_getaddrinfo(net, "localhost", nullptr, nullptr, &res), EAI_SYSTEM);
    EXPECT_EQ(errno, ENOTCAPABLE);  // no CAPNET_NAME2ADDR
    limit = cap_net_limit_init(net, CAPNET_CONNECT | CAPNET_BIND);
    EXPECT_NOTCAPABLE(cap_net_limit(limit));
    close(s);
    cap_close(net);
  });
}

// The FreeBSD pattern: resolve through the service, connect through it to what was resolved.
TEST(CasperNet, ConnectsToWhatItResolved) {
  RunInChild([] {
    Listeners l;
    ASSERT_GE(l.fd1, 0);
    ASSERT_GE(l.fd2, 0);
    sockaddr_in &where = l.first, &other = l.second;
    int l1 = l.fd1;
    cap_channel_t* net = OpenService("system.net");
    ASSERT_NE(net, nullptr);
    std::string port = std::to_string(ntohs(where.sin_port));
    cap_net_limit_t* limit = cap_net_limit_init(net, CAPNET_NAME2ADDR | CAPNET_CONNECTDNS);
    cap_net_limit_name2addr(limit, "localhost", port.c_str());
    ASSERT_OK(cap_net_limit(limit));
    ASSERT_OK(cap_enter());
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    EXPECT_EQ(cap_getaddrinfo(net, "casper-e2e.test", port.c_str(), &hints, &res), EAI_SYSTEM);
    EXPECT_EQ(errno, ENOTCAPABLE);  // not the name of the limit
    ASSERT_EQ(cap_getaddrinfo(net, "localhost", port.c_str(), &hints, &res), 0) << strerror(errno);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_OK(cap_connect(net, s, res->ai_addr, res->ai_addrlen));
    freeaddrinfo(res);
    int peer = accept(l1, nullptr, nullptr);
    EXPECT_OK(peer);
    close(peer);
    close(s);
    s = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_NOTCAPABLE(cap_connect(net, s, Sa(&other), sizeof(other)));
    close(s);
    cap_close(net);
  });
}

// The guest's /etc/passwd and /etc/group (vm/initramfs.sh): root, nobody, nogroup.
TEST(CasperPwd, LooksUpUsersWithinTheLimits) {
  RunInChild([] {
    cap_channel_t* pwd = OpenService("system.pwd");
    ASSERT_NE(pwd, nullptr);
    const char* users[] = {"root"};
    ASSERT_OK(cap_pwd_limit_users(pwd, users, 1, nullptr, 0));
    const char* cmds[] = {"getpwnam", "getpwuid", "getpwent", "setpwent"};
    ASSERT_OK(cap_pwd_limit_cmds(pwd, cmds, 4));
    ASSERT_OK(cap_enter());
    errno = 0;
    EXPECT_EQ(getpwnam("root"), nullptr);  // the sandbox cannot read /etc/passwd itself
    struct passwd* pw = cap_getpwnam(pwd, "root");
    ASSERT_NE(pw, nullptr) << strerror(errno);
    EXPECT_EQ(pw->pw_uid, 0u);
    EXPECT_STREQ(pw->pw_dir, "/root");
    EXPECT_STREQ(pw->pw_shell, "/bin/sh");
    EXPECT_EQ(cap_getpwuid(pwd, 65534), nullptr);
    EXPECT_EQ(errno, ENOTCAPABLE);
    cap_setpwent(pwd);
    int n = 0;
    while ((pw = cap_getpwent(pwd)) != nullptr) {
      EXPECT_STREQ(pw->pw_name, "root");
      n++;
    }
    EXPECT_EQ(n, 1);  // nobody is skipped
    struct passwd entry, *result;
    char buf[256];
    EXPECT_EQ(cap_getpwnam_r(pwd, "root", &entry, buf, sizeof(buf), &result), ENOTCAPABLE);
    const char* more_users[] = {"root", "nobody"};
    EXPECT_NOTCAPABLE(cap_pwd_limit_users(pwd, more_users, 2, nullptr, 0));
    cap_close(pwd);
  });
}

TEST(CasperGrp, LooksUpGroupsWithinTheLimits) {
  RunInChild([] {
    cap_channel_t* grp = OpenService("system.grp");
    ASSERT_NE(grp, nullptr);
    const char* fields[] = {"gr_name", "gr_gid"};
    ASSERT_OK(cap_grp_limit_fields(grp, fields, 2));
    ASSERT_OK(cap_enter());
    struct group* gr = cap_getgrnam(grp, "nogroup");
    ASSERT_NE(gr, nullptr) << strerror(errno);
    EXPECT_EQ(gr->gr_gid, 65534u);
    EXPECT_STREQ(gr->gr_passwd, "");  // not a field of the limits
    gid_t root = 0;
    ASSERT_OK(cap_grp_limit_groups(grp, nullptr, 0, &root, 1));
    EXPECT_EQ(cap_getgrnam(grp, "nogroup"), nullptr);
    EXPECT_EQ(errno, ENOTCAPABLE);
    gr = cap_getgrgid(grp, 0);
    ASSERT_NE(gr, nullptr) << strerror(errno);
    EXPECT_STREQ(gr->gr_name, "root");
    const char* wider[] = {"gr_name", "gr_gid", "gr_mem"};
    EXPECT_NOTCAPABLE(cap_grp_limit_fields(grp, wider, 3));
    cap_close(grp);
  });
}

// A stand-in syslogd on /dev/log (the guest runs none) receives what the sandbox logs.
TEST(CasperSyslog, LogsFromCapabilityMode) {
  ASSERT_FALSE(PathExists("/dev/log")) << "a syslog daemon owns /dev/log";
  RunInChild([] {
    int daemon = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, "/dev/log");
    ASSERT_OK(bind(daemon, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)));
    cap_channel_t* log = OpenService("system.syslog");
    ASSERT_NE(log, nullptr);
    ASSERT_OK(cap_enter());
    cap_openlog(log, "casper-e2e", LOG_PID, LOG_USER);
    cap_syslog(log, LOG_ERR, "hello %d from the sandbox", 42);
    pollfd p{daemon, POLLIN, 0};
    ASSERT_EQ(poll(&p, 1, 5000), 1);
    char buf[512] = {};
    ASSERT_OK(recv(daemon, buf, sizeof(buf) - 1, 0));
    std::string line(buf);
    EXPECT_NE(line.find("casper-e2e["), std::string::npos) << line;
    EXPECT_NE(line.find("hello 42 from the sandbox"), std::string::npos) << line;
    EXPECT_EQ(line.rfind("<11>", 0), 0u) << line;  // LOG_USER | LOG_ERR
    EXPECT_EQ(cap_setlogmask(log, LOG_UPTO(LOG_ERR)), 0xff);
    cap_closelog(log);
    cap_close(log);
  });
  unlink("/dev/log");
}

}  // namespace
}  // namespace capsicum_e2e
