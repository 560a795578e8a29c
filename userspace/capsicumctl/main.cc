// SPDX-License-Identifier: BSD-2-Clause
// Capsicum for Linux - capsicumctl: load, unload and inspect Capsicum (module + BPF-LSM programs).

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"

namespace {

constexpr const char kUsage[] =
    "usage: capsicumctl load [--module PATH]   load capsicum.ko, attach the BPF-LSM programs, arm\n"
    "       capsicumctl unload                 disarm, detach, unload (refused while sandboxes "
    "live)\n"
    "       capsicumctl status                 show what is loaded, attached and enforced\n"
    "       capsicumctl rights PID [--json]    show the rights of every descriptor of PID\n"
    "       capsicumctl trace [--pid PID] [--json] [--count N]\n"
    "                                          print capability violations as they happen\n"
    "       capsicumctl trap [on|off]          show or set the global SIGTRAP-on-violation "
    "switch\n"
    "       capsicumctl --help\n"
    "exit: 0 done, 1 failed (a message says which step and why), 2 usage error\n";

int UsageError(const char* why) {
  fprintf(stderr, "capsicumctl: %s\n%s", why, kUsage);
  return capsicumctl::kExitUsage;
}

int RunLoad(int argc, char** argv) {
  std::string module_path;
  for (int i = 2; i < argc; i++) {
    std::string_view arg = argv[i];
    if (arg == "--module") {
      if (i + 1 >= argc) return UsageError("--module needs a PATH");
      module_path = argv[++i];
    } else if (arg.rfind("--module=", 0) == 0) {
      module_path = arg.substr(strlen("--module="));
    } else {
      return UsageError(("load: unknown argument '" + std::string(arg) + "'").c_str());
    }
    if (module_path.empty()) return UsageError("--module needs a PATH");
  }
  return capsicumctl::Load(module_path);
}

int RunRights(int argc, char** argv) {
  bool json = false;
  std::optional<pid_t> pid;
  for (int i = 2; i < argc; i++) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      json = true;
      continue;
    }
    if (arg.rfind("-", 0) == 0) {
      return UsageError(("rights: unknown argument '" + std::string(arg) + "'").c_str());
    }
    if (pid.has_value()) {
      return UsageError(("rights: unexpected argument '" + std::string(arg) + "'").c_str());
    }
    pid_t value = 0;
    auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), value);
    if (ec != std::errc() || end != arg.data() + arg.size() || value <= 0) {
      return UsageError(("rights: '" + std::string(arg) + "' is not a process id").c_str());
    }
    pid = value;
  }
  if (!pid.has_value()) return UsageError("rights: needs a PID");
  return capsicumctl::PrintFdRights(*pid, json);
}

// A positive number from `arg`, or nothing.
std::optional<long> Positive(std::string_view arg) {
  long value = 0;
  auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), value);
  if (ec != std::errc() || end != arg.data() + arg.size() || value <= 0) return std::nullopt;
  return value;
}

int RunTrace(int argc, char** argv) {
  bool json = false;
  pid_t pid = 0;
  long count = 0;
  for (int i = 2; i < argc; i++) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      json = true;
    } else if (arg == "--pid" || arg == "--count") {
      if (i + 1 >= argc)
        return UsageError(("trace: " + std::string(arg) + " needs a number").c_str());
      const std::string_view value = argv[++i];
      auto n = Positive(value);
      if (!n.has_value() || (arg == "--pid" && *n > INT32_MAX)) {
        return UsageError(("trace: '" + std::string(value) + "' is not a " +
                           (arg == "--pid" ? "process id" : "positive count"))
                              .c_str());
      }
      if (arg == "--pid") {
        pid = static_cast<pid_t>(*n);
      } else {
        count = *n;
      }
    } else {
      return UsageError(("trace: unknown argument '" + std::string(arg) + "'").c_str());
    }
  }
  return capsicumctl::Trace(pid, json, count);
}

int RunTrap(int argc, char** argv) {
  if (argc > 3)
    return UsageError(("trap: unexpected argument '" + std::string(argv[3]) + "'").c_str());
  if (argc == 2) return capsicumctl::Trap("");
  const std::string_view state = argv[2];
  if (state != "on" && state != "off") {
    return UsageError(("trap: '" + std::string(state) + "' is not on or off").c_str());
  }
  return capsicumctl::Trap(std::string(state));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return UsageError("no command");
  const std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    fputs(kUsage, stdout);
    return capsicumctl::kExitOk;
  }
  if (command == "load") return RunLoad(argc, argv);
  if (command == "rights") return RunRights(argc, argv);
  if (command == "trace") return RunTrace(argc, argv);
  if (command == "trap") return RunTrap(argc, argv);
  if (argc > 2) {
    return UsageError((std::string(command) + ": unexpected argument '" + argv[2] + "'").c_str());
  }
  if (command == "unload") return capsicumctl::Unload();
  if (command == "status") return capsicumctl::PrintStatus();
  return UsageError(("unknown command '" + std::string(command) + "'").c_str());
}
