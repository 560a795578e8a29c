/* SPDX-License-Identifier: GPL-2.0 */
/*
 * capsicum-bench: the cost of read(2) of one byte under each layer of Capsicum.
 *
 *   capsicum-bench run PHASE [-n ITERATIONS] [-r ROUNDS]
 *   capsicum-bench report
 *
 * PHASE is one of
 *   none       no Capsicum program attached (capsicumctl unload, or never loaded)
 *   empty      only tests/bench/empty.bpf.c on lsm/file_permission, attached here
 *   unlimited  Capsicum loaded and armed; the descriptor has every right
 *   limited    Capsicum loaded and armed; the descriptor is limited to CAP_READ
 *
 * Each phase reads /dev/zero one byte at a time ITERATIONS times (1e6 by
 * default) in ROUNDS equal rounds (5 by default, -r), times each round with
 * CLOCK_MONOTONIC and keeps the fastest: under QEMU's -icount shift=0 that
 * clock counts guest instructions, so a round is slower only when other
 * work (a kworker, RCU callbacks after boot) ran in the middle of it, and
 * the minimum is the cost of read itself.
 * Each run prints one line and stores its result in $CAPSICUM_BENCH_DIR
 * (default /tmp/capsicum-bench); `report` prints every phase again with
 * its ratio to "none".  Line format, one per phase:
 *
 *   bench read1: PHASE NS ns/op RATIOx
 *
 * NS with one decimal, RATIO = NS / NS(none) with three decimals, or "n/a"
 * in place of RATIOx while "none" has not run.  Exit status: 0 on success,
 * 1 when a phase cannot run as asked (its precondition is printed), 2 on a
 * usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capsicum.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capsicum.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef CAPSICUM_BENCH_HAVE_EMPTY_SKEL
#include "bench_empty.skel.h"
#endif

#define BENCH_NAME "read1"
#define DEFAULT_ITERATIONS 1000000L
#define DEFAULT_ROUNDS 5L
#define WARMUP_ITERATIONS 10000L

static long rounds = DEFAULT_ROUNDS;

static const char* const phases[] = {"none", "empty", "unlimited", "limited"};
#define NPHASES (sizeof(phases) / sizeof(phases[0]))

static const char* result_dir(void) {
  const char* dir = getenv("CAPSICUM_BENCH_DIR");

  return (dir != NULL && *dir != '\0' ? dir : "/tmp/capsicum-bench");
}

static void result_path(char* buf, size_t len, const char* phase) {
  snprintf(buf, len, "%s/%s", result_dir(), phase);
}

/* Whether the Capsicum module is loaded with its programs attached. */
static int capsicum_armed(void) {
  struct capsicum_status st;
  int fd, armed;

  fd = open(CAPSICUM_DEVICE, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return (0);
  memset(&st, 0, sizeof(st));
  st.size = sizeof(st);
  armed = ioctl(fd, CAPSICUM_IOC_STATUS, &st) == 0 && st.armed != 0;
  close(fd);
  return (armed);
}

static double now_ns(void) {
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ((double)ts.tv_sec * 1e9 + (double)ts.tv_nsec);
}

/*
 * Nanoseconds per read(fd, &c, 1): the fastest of `nrounds` rounds that
 * share `iterations` reads.  A negative value if a read failed.
 */
static double time_reads(int fd, long iterations, long nrounds) {
  double best = -1, start, ns;
  long i, r, per_round = iterations / nrounds;
  char c;

  for (i = 0; i < WARMUP_ITERATIONS; i++)
    if (read(fd, &c, 1) != 1) return (-1);
  for (r = 0; r < nrounds; r++) {
    start = now_ns();
    for (i = 0; i < per_round; i++)
      if (read(fd, &c, 1) != 1) return (-1);
    ns = (now_ns() - start) / (double)per_round;
    if (best < 0 || ns < best) best = ns;
  }
  return (best);
}

/* The stored result of `phase`, or a negative value if there is none. */
static double load_result(const char* phase) {
  char path[512];
  double ns = -1;
  FILE* f;

  result_path(path, sizeof(path), phase);
  f = fopen(path, "r");
  if (f == NULL) return (-1);
  if (fscanf(f, "%lf", &ns) != 1) ns = -1;
  fclose(f);
  return (ns);
}

static int store_result(const char* phase, double ns, long iterations) {
  char path[512];
  FILE* f;

  if (mkdir(result_dir(), 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "capsicum-bench: mkdir %s: %s\n", result_dir(), strerror(errno));
    return (-1);
  }
  result_path(path, sizeof(path), phase);
  f = fopen(path, "w");
  if (f == NULL) {
    fprintf(stderr, "capsicum-bench: %s: %s\n", path, strerror(errno));
    return (-1);
  }
  fprintf(f, "%.1f %ld %ld\n", ns, iterations, rounds);
  return (fclose(f) == 0 ? 0 : -1);
}

static void print_line(const char* phase, double ns) {
  double base = load_result("none");

  if (base > 0)
    printf("bench %s: %s %.1f ns/op %.3fx\n", BENCH_NAME, phase, ns, ns / base);
  else
    printf("bench %s: %s %.1f ns/op n/a\n", BENCH_NAME, phase, ns);
}

static int fail(const char* phase, const char* why) {
  fprintf(stderr, "capsicum-bench: phase %s: %s\n", phase, why);
  return (1);
}

/* Opens /dev/zero read-write: a write is then refused only by rights. */
static int open_zero(const char* phase) {
  int fd = open("/dev/zero", O_RDWR | O_CLOEXEC);

  if (fd < 0) fprintf(stderr, "capsicum-bench: phase %s: /dev/zero: %s\n", phase, strerror(errno));
  return (fd);
}

static int measure(const char* phase, int fd, long iterations) {
  double ns = time_reads(fd, iterations, rounds);

  if (ns < 0) {
    fprintf(stderr, "capsicum-bench: phase %s: read: %s\n", phase, cap_strerror(errno));
    return (1);
  }
  if (store_result(phase, ns, iterations) != 0) return (1);
  print_line(phase, ns);
  return (0);
}

static int run_none(long iterations) {
  int fd, rc;

  if (capsicum_armed()) return (fail("none", "Capsicum is armed; run `capsicumctl unload` first"));
  if ((fd = open_zero("none")) < 0) return (1);
  rc = measure("none", fd, iterations);
  close(fd);
  return (rc);
}

static int run_empty(long iterations) {
#ifdef CAPSICUM_BENCH_HAVE_EMPTY_SKEL
  struct bench_empty* skel;
  int fd, rc, err;

  if (capsicum_armed()) return (fail("empty", "Capsicum is armed; run `capsicumctl unload` first"));
  skel = bench_empty__open_and_load();
  if (skel == NULL) {
    fprintf(stderr, "capsicum-bench: phase empty: loading the program: %s\n", strerror(errno));
    return (1);
  }
  err = bench_empty__attach(skel);
  if (err != 0) {
    fprintf(stderr,
            "capsicum-bench: phase empty: attaching to "
            "lsm/file_permission: %s (is bpf in the kernel's lsm= list?)\n",
            strerror(-err));
    bench_empty__destroy(skel);
    return (1);
  }
  rc = 1;
  if ((fd = open_zero("empty")) >= 0) {
    rc = measure("empty", fd, iterations);
    close(fd);
  }
  bench_empty__destroy(skel);
  return (rc);
#else
  (void)iterations;
  return (fail("empty",
               "built without bench_empty.skel.h "
               "(configure with -DCAPSICUM_SKEL_DIR=<lsm build dir>)"));
#endif
}

static int run_capsicum(const char* phase, int limit, long iterations) {
  cap_rights_t rights;
  int fd, rc;

  if (!capsicum_armed())
    return (fail(phase, "Capsicum is not armed; run `capsicumctl load` first"));
  if ((fd = open_zero(phase)) < 0) return (1);
  if (limit) {
    cap_rights_init(&rights, CAP_READ);
    if (cap_rights_limit(fd, &rights) != 0) {
      fprintf(stderr, "capsicum-bench: phase %s: cap_rights_limit: %s\n", phase,
              cap_strerror(errno));
      close(fd);
      return (1);
    }
    /* Proof that the limit is enforced, or the numbers mean nothing. */
    if (write(fd, "x", 1) != -1 || errno != ENOTCAPABLE) {
      close(fd);
      return (fail(phase,
                   "a write to the CAP_READ descriptor "
                   "was not refused with ENOTCAPABLE"));
    }
  }
  rc = measure(phase, fd, iterations);
  close(fd);
  return (rc);
}

static int report(void) {
  double base, ns;
  size_t i;
  int missing = 0;

  base = load_result("none");
  for (i = 0; i < NPHASES; i++) {
    ns = load_result(phases[i]);
    if (ns < 0) {
      printf("bench %s: %s missing\n", BENCH_NAME, phases[i]);
      missing = 1;
    } else if (base > 0) {
      printf("bench %s: %s %.1f ns/op %.3fx\n", BENCH_NAME, phases[i], ns, ns / base);
    } else {
      printf("bench %s: %s %.1f ns/op n/a\n", BENCH_NAME, phases[i], ns);
    }
  }
  return (missing);
}

static int usage(void) {
  fprintf(stderr,
          "usage: capsicum-bench run none|empty|unlimited|limited "
          "[-n ITERATIONS] [-r ROUNDS]\n"
          "       capsicum-bench report\n");
  return (2);
}

int main(int argc, char** argv) {
  long iterations = DEFAULT_ITERATIONS;
  const char* phase;
  long* value;
  char* end;
  int i;

  if (argc == 2 && strcmp(argv[1], "report") == 0) return (report());
  if (argc < 3 || strcmp(argv[1], "run") != 0) return (usage());
  phase = argv[2];
  for (i = 3; i < argc; i += 2) {
    if (i + 1 >= argc) return (usage());
    if (strcmp(argv[i], "-n") == 0)
      value = &iterations;
    else if (strcmp(argv[i], "-r") == 0)
      value = &rounds;
    else
      return (usage());
    errno = 0;
    *value = strtol(argv[i + 1], &end, 10);
    if (errno != 0 || *end != '\0' || *value <= 0) return (usage());
  }
  if (rounds > iterations) return (usage());

  if (strcmp(phase, "none") == 0) return (run_none(iterations));
  if (strcmp(phase, "empty") == 0) return (run_empty(iterations));
  if (strcmp(phase, "unlimited") == 0) return (run_capsicum(phase, 0, iterations));
  if (strcmp(phase, "limited") == 0) return (run_capsicum(phase, 1, iterations));
  return (usage());
}
