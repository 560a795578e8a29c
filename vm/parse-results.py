#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Parse a guest console log: kernel crashes, markers, per-section GoogleTest/KTAP counts.
"""
usage: vm/parse-results.py --log LOG --kernel NAME [--summary FILE]
           [--sections-dir DIR] [--expect SECTION]... [--timed-out SECS]
           [--qemu-rc N] [--allow-warn] [--quiet]

Reads the console log of one boot (vm/run.sh writes it) and decides:
  * a kernel panic, Oops, BUG or (unless --allow-warn) WARNING fails the run;
  * so do: a timeout (--timed-out), no @@CAPSICUM-INIT@@, a BEGIN without its
    END, an --expect'ed section that never began, no @@CAPSICUM-DONE@@, a run
    script that exited non-zero (DONE rc=N);
  * every section is then counted by its content:
      gtest  GoogleTest result lines after their `[ RUN      ]`:
             `[       OK ]` passed, `[  FAILED  ]` failed, `[  SKIPPED ]`
             skipped; a RUN with no result (crash) is a failure;
      ktap   KTAP (KUnit): the `ok N name` / `not ok N name` lines of test
             cases (one level below the suite; the suite lines themselves when
             there is no such level), `# SKIP` is skipped, never passed;
             results missing from a `1..N` plan count as failed;
      plain  anything else: 1 passed if rc=0, else 1 failed.
    A section fails if its rc != 0 or it has a failed test.  Sections named
    kunit* must contain KTAP.

Prints one line per section, `<kernel> <section>: N passed, N failed, N
skipped (type, rc=N)`, the names of failed tests, and a last line
`PASS <kernel>: ...` or `FAIL <kernel>: <one-line reason>`.  Exit status 0 on
PASS, 1 on FAIL, 2 on usage errors.

The summary file (--summary) is tab-separated, one record a line:
  # capsicum-vm-results 1
  run      <kernel> <PASS|FAIL> <reason or ->
  boot     <kernel> <guest uptime at /init, s or ->
  section  <kernel> <section> <gtest|ktap|plain> <rc> <passed> <failed> <skipped>
  failed   <kernel> <section> <test name>
vm/run.sh appends
  wall     <kernel> <host seconds until @@CAPSICUM-INIT or -> <host seconds in all>
Sum with e.g. awk -F'\\t' '$1=="section" {p+=$6; f+=$7; s+=$8}'.
"""
import argparse
import os
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\]\s?")
BEGIN = re.compile(r"@@CAPSICUM-BEGIN ([A-Za-z0-9._-]+)@@")
END = re.compile(r"@@CAPSICUM-END ([A-Za-z0-9._-]+) rc=(-?\d+)@@")
INIT = re.compile(r"@@CAPSICUM-INIT ([^@]*)@@")
DONE = re.compile(r"@@CAPSICUM-DONE(?: rc=(-?\d+))?@@")

# Kernel trouble, searched in every line (timestamp stripped).
CRASHES = [
    ("kernel panic", re.compile(r"Kernel panic - not syncing")),
    ("kernel Oops", re.compile(r"\bOops: |: [0-9a-f]{4} \[#\d+\]")),
    ("kernel BUG", re.compile(r"^(\S+: )?BUG: |kernel BUG at ")),
    ("kernel WARNING", re.compile(r"^WARNING: CPU: \d+ PID: \d+|^WARNING: .* at .*\+0x")),
    # lockdep and RCU-lockdep splats (debug kernels): "WARNING: possible
    # circular locking dependency detected", "WARNING: suspicious RCU usage"
    ("kernel lockdep", re.compile(r"^WARNING: .*(lock|RCU)")),
]
NOTICES = [
    re.compile(r"rcu: INFO: .* detected stalls"),
    re.compile(r"INFO: task .* blocked for more than"),
    re.compile(r"watchdog: BUG: soft lockup"),
]

GT_RUN = re.compile(r"^\[ RUN      \] (\S+)")
GT_RESULT = re.compile(r"^\[ +(OK|FAILED|SKIPPED) +\] (\S+)")
KTAP_VERSION = re.compile(r"^\s*(KTAP version \d+|TAP version \d+)\s*$")
KTAP_PLAN = re.compile(r"^(\s*)1\.\.(\d+)\s*$")
KTAP_RESULT = re.compile(r"^(\s*)(not ok|ok) (\d+)(?: -)?(?: ([^#]*?))?\s*(?:#\s*(.*))?$")
KTAP_SUBTEST = re.compile(r"^(\s*)# Subtest: (.*)$")


def clean(line):
    line = ANSI.sub("", line.rstrip("\r\n")).replace("\r", "")
    return TIMESTAMP.sub("", line)


class Section:
    def __init__(self, name):
        self.name = name
        self.lines = []
        self.rc = None
        self.type = "plain"
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def count(self):
        gt = self.count_gtest()
        kt = self.count_ktap()
        if gt or kt:
            self.type = "+".join(t for t, present in (("gtest", gt), ("ktap", kt)) if present)
        elif self.rc == 0:
            self.passed = 1
        else:
            self.failed = 1
            self.failures.append(f"{self.name} (rc={self.rc})")
        if self.name.startswith("kunit") and not kt:
            self.failed += 1
            self.failures.append(f"{self.name}: no KTAP output")

    def count_gtest(self):
        found = False
        running = None
        for line in self.lines:
            m = GT_RUN.match(line)
            if m:
                found = True
                if running:  # the previous test never reported: it crashed
                    self.failed += 1
                    self.failures.append(f"{running} (no result)")
                running = m.group(1)
                continue
            m = GT_RESULT.match(line)
            if m and running and m.group(2) == running:
                kind = m.group(1)
                if kind == "OK":
                    self.passed += 1
                elif kind == "SKIPPED":
                    self.skipped += 1
                else:
                    self.failed += 1
                    self.failures.append(running)
                running = None
        if running:
            self.failed += 1
            self.failures.append(f"{running} (no result)")
        return found

    def count_ktap(self):
        # Collect (depth, kind, ...) events; depth = indent / 4.
        events = []
        found = False
        for line in self.lines:
            if KTAP_VERSION.match(line):
                found = True
                continue
            m = KTAP_PLAN.match(line)
            if m:
                events.append(("plan", len(m.group(1)) // 4, int(m.group(2)), None, None))
                continue
            m = KTAP_SUBTEST.match(line)
            if m:
                events.append(("subtest", len(m.group(1)) // 4, m.group(2).strip(), None, None))
                continue
            m = KTAP_RESULT.match(line)
            if m:
                ok = m.group(2) == "ok"
                directive = (m.group(5) or "").strip()
                events.append(("result", len(m.group(1)) // 4, ok, (m.group(4) or "").strip(), directive))
        if not found:
            return False
        results = [e for e in events if e[0] == "result"]
        leaf = 1 if any(e[1] == 1 for e in results) else 0
        suite = {0: ""}
        plans = {}  # depth -> [planned, seen, name]

        def close(depth):
            p = plans.pop(depth, None)
            if p and p[1] < p[0]:
                missing = p[0] - p[1]
                where = p[2] or self.name
                if depth <= leaf:
                    self.failed += missing
                    self.failures.append(f"{where}: {missing} of {p[0]} planned test(s) did not report")

        for kind, depth, a, name, directive in events:
            if kind == "subtest":
                suite[depth] = a
            elif kind == "plan":
                close(depth)
                plans[depth] = [a, 0, suite.get(depth, "")]
            else:
                for d in [d for d in plans if d > depth]:
                    close(d)
                if depth in plans:
                    plans[depth][1] += 1
                if depth != leaf:
                    continue
                full = f"{suite.get(depth, '')}.{name}" if depth and suite.get(depth) else name
                skip = re.match(r"(?i)(skip|todo)\b", directive)
                if skip:
                    self.skipped += 1
                elif a:
                    self.passed += 1
                else:
                    self.failed += 1
                    self.failures.append(full)
        for d in sorted(plans, reverse=True):
            close(d)
        return True

    @property
    def ok(self):
        return self.rc == 0 and self.failed == 0


def parse(path, args):
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8", "replace").split("\n")
    lines = [clean(l) for l in raw]

    crash = None
    notices = []
    sections = []
    open_sec = None
    init = None
    done = None
    for line in lines:
        for what, rx in CRASHES:
            if rx.search(line) and not (what == "kernel WARNING" and args.allow_warn):
                crash = crash or f"{what}: {line.strip()}"
        for rx in NOTICES:
            if rx.search(line):
                notices.append(line.strip())
        m = INIT.search(line)
        if m:
            init = m.group(1)
        m = DONE.search(line)
        if m:
            done = int(m.group(1) or 0)
        m = BEGIN.search(line)
        if m:
            open_sec = Section(m.group(1))
            sections.append(open_sec)
            continue
        m = END.search(line)
        if m:
            if open_sec and open_sec.name == m.group(1):
                open_sec.rc = int(m.group(2))
                # The marker may follow output on the same line.
                head = line[: m.start()]
                if head.strip():
                    open_sec.lines.append(head)
            open_sec = None
            continue
        if open_sec:
            open_sec.lines.append(line)

    for s in sections:
        if s.rc is not None:
            s.count()

    names = [s.name for s in sections]
    reason = None
    if crash:
        reason = crash
    elif args.timed_out:
        last = next((l.strip() for l in reversed(lines)
                     if l.strip() and not l.startswith("qemu-system")), "")
        reason = f"timeout: guest still running after {args.timed_out} s (last line: {last[:120]!r})"
    elif init is None:
        last = next((l.strip() for l in reversed(lines) if l.strip()), "")
        reason = f"the guest never reached /init (QEMU exit status {args.qemu_rc}; last line: {last[:120]!r})"
    elif any(s.rc is None for s in sections):
        s = next(s for s in sections if s.rc is None)
        reason = f"section {s.name} began but never ended"
    elif any(e not in names for e in args.expect):
        reason = "expected section(s) missing: " + " ".join(e for e in args.expect if e not in names)
    elif done is None:
        reason = f"@@CAPSICUM-DONE@@ missing (QEMU exit status {args.qemu_rc})"
    elif any(not s.ok for s in sections):
        bad = [s for s in sections if not s.ok]
        reason = f"{len(bad)} of {len(sections)} section(s) failed: " + ", ".join(
            f"{s.name} (rc={s.rc}, {s.failed} failed)" for s in bad)
    elif done != 0:
        reason = f"the run script exited {done}"

    k = args.kernel
    out = []
    for s in sections:
        if s.rc is None:
            out.append(f"{k} {s.name}: did not end")
            continue
        out.append(f"{k} {s.name}: {s.passed} passed, {s.failed} failed, {s.skipped} skipped ({s.type}, rc={s.rc})")
        for t in s.failures:
            out.append(f"{k} {s.name}:   FAILED {t}")
    for n in notices[:5]:
        out.append(f"{k} notice: {n}")
    tot = [sum(getattr(s, a) for s in sections) for a in ("passed", "failed", "skipped")]
    boot = None
    if init:
        m = re.search(r"uptime=([0-9.]+)", init)
        boot = m.group(1) if m else None
    if reason:
        out.append(f"FAIL {k}: {reason}")
    else:
        out.append(f"PASS {k}: {len(sections)} section(s), {tot[0]} passed, {tot[1]} failed, {tot[2]} skipped"
                   + (f", /init at {boot} s" if boot else ""))
    if not args.quiet:
        print("\n".join(out))
    else:
        print(out[-1])

    if args.summary:
        def tsv(*fields):
            return "\t".join(str(f).replace("\t", " ") for f in fields) + "\n"
        with open(args.summary + ".tmp", "w") as f:
            f.write("# capsicum-vm-results 1\n")
            f.write(tsv("run", k, "FAIL" if reason else "PASS", reason or "-"))
            f.write(tsv("boot", k, boot or "-"))
            for s in sections:
                f.write(tsv("section", k, s.name, s.type, "-" if s.rc is None else s.rc,
                            s.passed, s.failed, s.skipped))
                for t in s.failures:
                    f.write(tsv("failed", k, s.name, t))
        os.replace(args.summary + ".tmp", args.summary)

    if args.sections_dir:
        os.makedirs(args.sections_dir, exist_ok=True)
        for s in sections:
            with open(os.path.join(args.sections_dir, s.name + ".log"), "w") as f:
                f.write("\n".join(s.lines) + "\n")
    return 1 if reason else 0


def main():
    ap = argparse.ArgumentParser(description="parse a capsicum guest console log",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--log", required=True)
    ap.add_argument("--kernel", default="guest")
    ap.add_argument("--summary")
    ap.add_argument("--sections-dir")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--timed-out", type=int, default=0, metavar="SECS")
    ap.add_argument("--qemu-rc", default="?")
    ap.add_argument("--allow-warn", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="print only the PASS/FAIL line")
    args = ap.parse_args()
    if not os.path.exists(args.log):
        print(f"FAIL {args.kernel}: no log {args.log}", file=sys.stderr)
        return 1
    return parse(args.log, args)


if __name__ == "__main__":
    sys.exit(main())
