/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * capsicum-demo: a sandbox at work, one line per step, each saying what happened and why.
 *
 * The parent makes a scratch tree, opens a file and a directory, and forks.
 * The child limits both descriptors, enters capability mode and then tries
 * what a sandboxed program may and may not do.  The parent removes the tree
 * and prints the verdict.  Exit status 0 only if every step had the
 * expected outcome.
 *
 *   <scratch>/box/greeting.txt   the file, and the directory the child keeps
 *   <scratch>/secret.txt         outside the box: must stay out of reach
 */
#include <sys/capsicum.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GREETING "hello from inside the sandbox\n"
#define SECRET "this file is outside the box\n"
#define WATCHDOG_SECONDS 30

static int steps;
static int unexpected;

static const char* errno_name(int error) {
  const char* name;

  if (error == ECAPMODE) return ("ECAPMODE");
  if (error == ENOTCAPABLE) return ("ENOTCAPABLE");
  name = strerrorname_np(error);
  return (name != NULL ? name : "E?");
}

/*
 * A step that must succeed.  `result` describes what it gave; when it did
 * not succeed, `error` is its errno, or 0 if it returned a wrong value
 * (which `result` then describes).
 */
static void step_ok(const char* what, bool ok, int error, const char* result, const char* why) {
  steps++;
  if (ok) {
    printf("[demo] %s -> %s: %s\n", what, result, why);
    return;
  }
  unexpected++;
  if (error != 0)
    printf("[demo] %s -> %s (%d, %s), expected success: UNEXPECTED\n", what, errno_name(error),
           error, cap_strerror(error));
  else
    printf("[demo] %s -> %s: UNEXPECTED\n", what, result);
}

/* A step that must fail with `want`; `rc` is what the call returned. */
static void step_fails(const char* what, long rc, int error, int want, const char* why) {
  steps++;
  if (rc == -1 && error == want) {
    printf("[demo] %s -> %s (%d): %s\n", what, errno_name(error), error, why);
  } else if (rc == -1) {
    unexpected++;
    printf("[demo] %s -> %s (%d, %s), expected %s: UNEXPECTED\n", what, errno_name(error), error,
           cap_strerror(error), errno_name(want));
  } else {
    unexpected++;
    printf("[demo] %s -> %ld, expected %s (%d): UNEXPECTED\n", what, rc, errno_name(want), want);
  }
}

/* Reads up to `len` - 1 bytes at the file position into buf, NUL-terminated. */
static ssize_t read_text(int fd, char* buf, size_t len) {
  ssize_t n = read(fd, buf, len - 1);

  buf[n > 0 ? n : 0] = '\0';
  return (n);
}

/* "30 bytes: hello from ..." without the trailing newline. */
static const char* describe_text(char* out, size_t len, ssize_t n, const char* text) {
  snprintf(out, len, "%zd bytes: \"%.*s\"", n, (int)strcspn(text, "\n"), text);
  return (out);
}

/* Everything the sandboxed child does.  Returns the number of surprises. */
static int sandbox(int file, int dir) {
  cap_rights_t rights, dir_rights, got;
  char buf[128], desc[192];
  unsigned int mode;
  ssize_t n;
  bool same;
  int fd, rc;

  /* Before capability mode: limit the descriptors. */
  cap_rights_init(&rights, CAP_READ, CAP_SEEK, CAP_FSTAT);
  rc = cap_rights_limit(file, &rights);
  step_ok("cap_rights_limit(file, CAP_READ|CAP_SEEK|CAP_FSTAT)", rc == 0, errno, "0",
          "the file, opened O_RDWR, may now only be read, seeked "
          "and fstat'ed");

  cap_rights_init(&dir_rights, CAP_LOOKUP, CAP_READ, CAP_SEEK, CAP_FSTAT);
  rc = cap_rights_limit(dir, &dir_rights);
  step_ok("cap_rights_limit(dir, CAP_LOOKUP|CAP_READ|CAP_SEEK|CAP_FSTAT)", rc == 0, errno, "0",
          "files may be looked up beneath the directory "
          "and read, and inherit these rights");

  cap_rights_init(&rights, CAP_READ, CAP_WRITE);
  rc = cap_rights_limit(file, &rights);
  step_fails("cap_rights_limit(file, CAP_READ|CAP_WRITE)", rc, errno, ENOTCAPABLE,
             "rights only shrink: CAP_WRITE cannot come back");

  rc = cap_enter();
  step_ok("cap_enter()", rc == 0, errno, "0", "the process is now in capability mode, for good");
  if (rc != 0) {
    printf(
        "[demo] not in capability mode: stopping here, the rest "
        "would only show an unsandboxed process\n");
    return (unexpected);
  }
  mode = 0;
  rc = cap_getmode(&mode);
  snprintf(desc, sizeof(desc), "mode %u", mode);
  step_ok("cap_getmode()", rc == 0 && mode == 1, rc == 0 ? 0 : errno, desc,
          "the kernel agrees: in capability mode");
  step_ok("cap_sandboxed()", cap_sandboxed(), 0, cap_sandboxed() ? "true" : "false",
          "what libraries ask before "
          "they try something the sandbox forbids");

  /* Held descriptors keep what their rights allow. */
  n = read_text(file, buf, sizeof(buf));
  step_ok("read(file)", n == (ssize_t)strlen(GREETING), n < 0 ? errno : 0,
          describe_text(desc, sizeof(desc), n, buf), "the file holds CAP_READ");

  n = pread(file, buf, 5, 0);
  snprintf(desc, sizeof(desc), "%zd bytes", n);
  step_ok("pread(file, 5 bytes, offset 0)", n == 5, n < 0 ? errno : 0, desc,
          "CAP_PREAD is CAP_READ|CAP_SEEK, both held");

  n = write(file, "x", 1);
  step_fails("write(file)", n, errno, ENOTCAPABLE,
             "the descriptor lacks CAP_WRITE, although the file was opened O_RDWR");

  /* The global namespace is closed. */
  fd = open("/etc/passwd", O_RDONLY);
  step_fails("open(\"/etc/passwd\")", fd, errno, ECAPMODE,
             "in capability mode the global file namespace is closed");

  fd = openat(AT_FDCWD, "greeting.txt", O_RDONLY);
  step_fails("openat(AT_FDCWD, \"greeting.txt\")", fd, errno, ECAPMODE,
             "the working directory is part of the global namespace too");

  /* What is beneath the directory descriptor stays reachable. */
  fd = openat(dir, "greeting.txt", O_RDONLY);
  step_ok("openat(dir, \"greeting.txt\")", fd >= 0, errno, "a descriptor",
          "a relative lookup beneath a directory holding CAP_LOOKUP is allowed");
  if (fd >= 0) {
    n = read_text(fd, buf, sizeof(buf));
    step_ok("read(that descriptor)", n == (ssize_t)strlen(GREETING), n < 0 ? errno : 0,
            describe_text(desc, sizeof(desc), n, buf), "it inherited CAP_READ from the directory");
    rc = cap_rights_get(fd, &got);
    same =
        rc == 0 && cap_rights_contains(&got, &dir_rights) && cap_rights_contains(&dir_rights, &got);
    step_ok("cap_rights_get(that descriptor)", same, rc == 0 ? 0 : errno,
            same ? "the directory's rights" : "rights unlike the directory's",
            "a descriptor opened beneath a limited directory starts with "
            "the directory's rights");
    close(fd);
  }

  fd = openat(dir, "../secret.txt", O_RDONLY);
  step_fails("openat(dir, \"../secret.txt\")", fd, errno, ENOTCAPABLE,
             "\"..\" may not climb out of the directory");

  fd = openat(dir, "/etc/passwd", O_RDONLY);
  step_fails("openat(dir, \"/etc/passwd\")", fd, errno, ENOTCAPABLE,
             "an absolute path leaves the directory whatever descriptor is given");

  fd = openat(dir, "greeting.txt", O_WRONLY | O_APPEND);
  step_fails("openat(dir, \"greeting.txt\", O_WRONLY|O_APPEND)", fd, errno, ENOTCAPABLE,
             "the directory lacks CAP_WRITE, so nothing beneath it "
             "opens for writing");

  printf("[demo] %d steps, %d unexpected\n", steps, unexpected);
  return (unexpected);
}

static int write_file(const char* path, const char* text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (fd < 0) return (-1);
  if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
    close(fd);
    return (-1);
  }
  return (close(fd));
}

int main(void) {
  char top[] = "/tmp/capsicum-demo.XXXXXX";
  char box[64], greeting[96], secret[96];
  int file, dir, status;
  pid_t pid;

  if (mkdtemp(top) == NULL) {
    perror("capsicum-demo: mkdtemp");
    return (1);
  }
  snprintf(box, sizeof(box), "%s/box", top);
  snprintf(greeting, sizeof(greeting), "%s/greeting.txt", box);
  snprintf(secret, sizeof(secret), "%s/secret.txt", top);
  if (mkdir(box, 0755) != 0 || write_file(greeting, GREETING) != 0 ||
      write_file(secret, SECRET) != 0) {
    perror("capsicum-demo: making the scratch tree");
    return (1);
  }
  printf("[demo] made %s (the file) and %s (outside the box)\n", greeting, secret);

  file = open(greeting, O_RDWR | O_CLOEXEC);
  dir = open(box, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (file < 0 || dir < 0) {
    perror("capsicum-demo: open");
    return (1);
  }
  printf(
      "[demo] opened file = %s (O_RDWR) and dir = %s, before any "
      "sandboxing\n",
      greeting, box);

  fflush(stdout);
  pid = fork();
  if (pid < 0) {
    perror("capsicum-demo: fork");
    return (1);
  }
  if (pid == 0) {
    /* cap_enter() cannot be undone: only the child enters. */
    alarm(WATCHDOG_SECONDS);
    status = sandbox(file, dir);
    fflush(stdout);
    _exit(status > 100 ? 100 : status);
  }
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  printf("[demo] back in the parent, which never limited anything:\n");
  {
    cap_rights_t got, all;
    int parent_unexpected = unexpected;

    CAP_ALL(&all);
    step_ok("cap_rights_get(file) in the parent",
            cap_rights_get(file, &got) == 0 && cap_rights_contains(&got, &all), errno,
            "every right",
            "rights belong to the descriptor: the child's limit on its copy left the "
            "parent's alone");
    step_ok("write(file) in the parent", write(file, "!", 1) == 1, errno, "1 byte",
            "the same open file, written through a descriptor that kept CAP_WRITE");
    if (unexpected != parent_unexpected && WIFEXITED(status) && WEXITSTATUS(status) == 0)
      status = 1 << 8; /* a surprise in the parent fails the demo too */
  }
  unlink(greeting);
  unlink(secret);
  rmdir(box);
  rmdir(top);

  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    printf("[demo] PASS: every step had the expected outcome\n");
    return (0);
  }
  if (WIFEXITED(status))
    printf("[demo] FAIL: %d step(s) did not have the expected outcome\n", WEXITSTATUS(status));
  else
    printf("[demo] FAIL: the sandboxed child was killed by signal %d\n", WTERMSIG(status));
  return (1);
}
