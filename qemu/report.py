#!/usr/bin/env python3
"""Read a wdfmem guest console log: pull out the KTAP of every suite,
join it into one KTAP stream for the kernel's kunit.py, check the log for
kernel error reports, and print the closing "N passed, N failed" line.

    report.py test OUTDIR KERNEL_SRC LOG...  exit 0 only if all is well
    report.py run LOG                      print the statistics sections
    report.py bench LOG [UML_LOG...]       print the benchmark lines, and
                                           TCG and UML side by side

The guest names each file it dumps; the names are printed as they are.
"""
import argparse
import re
import subprocess
import sys

# Lines that fail a run wherever they appear (case-sensitive).
BAD = [
    "BUG:", "WARNING:", "KASAN", "UBSAN", "Oops", "possible circular locking",
    "inconsistent lock state", "Kernel panic", "unreferenced object",
    "hardware error", "WDFMEM-ERROR",
    # An IOMMU fault: the device used an address not mapped for it.
    "DMAR: [DMA", "DMAR: DRHD: handling fault",
]
EXPECT_BEGIN = "wdfmem-kunit: expected KASAN report begins"
EXPECT_END = "wdfmem-kunit: expected KASAN report ends"


def read_log(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    return [l.rstrip("\r") for l in text.split("\n")]


def sections(lines):
    """Files the guest dumped between WDFMEM-FILE-BEGIN/END markers."""
    out, name, buf = [], None, []
    for line in lines:
        m = re.search(r"WDFMEM-FILE-BEGIN (.+)$", line)
        if m:
            name, buf = m.group(1), []
            continue
        if name and line.endswith("WDFMEM-FILE-END " + name):
            out.append((name, buf))
            name = None
            continue
        if name:
            buf.append(line)
    return out


def bad_lines(lines):
    """Error reports, outside the one region where a KASAN report is the
    expected outcome of a test."""
    found, expected = [], False
    for line in lines:
        if EXPECT_BEGIN in line:
            expected = True
            continue
        if EXPECT_END in line:
            expected = False
            continue
        if expected:
            continue
        if any(b in line for b in BAD):
            found.append(line)
    return found


def log_problems(log, lines):
    """What is wrong with a guest log whatever it ran: a guest that did not
    reach the end of its script, error reports, kmemleak reports."""
    problems = []
    if not any("WDFMEM-GUEST-END" in l for l in lines):
        problems.append("%s: the guest did not reach the end of the run"
                        % log)
    problems += ["%s: %s" % (log, l.strip()) for l in bad_lines(lines)]
    for n, b in sections(lines):
        if n == "kmemleak" and any(x.strip() for x in b):
            problems.append("%s: kmemleak reports leaks" % log)
    return problems


def report(problems):
    for p in problems:
        print("PROBLEM: " + p)
    return 1 if problems else 0


def join_ktap(suites):
    """Each debugfs results file is a KTAP document holding one suite as
    test 1; renumber them into a single document."""
    out = ["KTAP version 1", "1..%d" % len(suites)]
    for i, (name, body) in enumerate(suites, 1):
        body = [l for l in body if l.strip()]
        if body[:2] == ["KTAP version 1", "1..1"]:
            body = body[2:]
        last = body[-1] if body else ""
        m = re.match(r"^(ok|not ok) 1 (.*)$", last)
        if m:
            body[-1] = "%s %d %s" % (m.group(1), i, m.group(2))
        else:
            body.append("not ok %d %s # no result line" % (i, name))
        out.extend(body)
    return "\n".join(out) + "\n"


def test(outdir, ksrc, logs):
    suites, problems = [], []
    for log in logs:
        lines = read_log(log)
        secs = sections(lines)
        suites += [(n.split(":", 1)[1], b) for n, b in secs
                   if n.startswith("kunit:") or n.startswith("ktap:")]
        problems += log_problems(log, lines)

    passed = failed = skipped = 0
    if suites:
        ktap = outdir + "/results.ktap"
        with open(ktap, "w") as f:
            f.write(join_ktap(suites))
        kunit = subprocess.run(
            [sys.executable, ksrc + "/tools/testing/kunit/kunit.py", "parse",
             ktap], capture_output=True, text=True)
        sys.stdout.write(kunit.stdout)
        sys.stderr.write(kunit.stderr)
        summary = re.search(r"Ran (\d+) tests?: (.*)", kunit.stdout)
        if not summary:
            problems.append("kunit.py printed no summary")
        else:
            counts = dict((k, int(v)) for k, v in re.findall(
                r"(passed|failed|crashed|skipped|errors): (\d+)",
                summary.group(2)))
            passed = counts.get("passed", 0)
            failed = counts.get("failed", 0) + counts.get("crashed", 0) + \
                counts.get("errors", 0)
            skipped = counts.get("skipped", 0)
        if kunit.returncode != 0 and not failed:
            problems.append("kunit.py parse exited %d" % kunit.returncode)
    else:
        problems.append("no KUnit results in the guest log")

    report(problems)
    if problems and not failed:
        failed = 1  # the run itself failed, whatever the tests said
    print("logs: %s" % " ".join(logs))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 0 if failed == 0 and passed > 0 else 1


BENCH_LINE = re.compile(
    r"wdfmem-bench: (?P<name>.+?)\s+wdfmem\s+(?P<w>[\d.]+) ns\s+linux\s+"
    r"(?P<l>[\d.]+) ns\s+ratio (?P<r>[\d.]+)\s+\(target (?P<t>.*)\)$")


def bench_rows(lines):
    """The comparisons of one run: (name, wdfmem, linux, ratio, target)."""
    rows = []
    for l in lines:
        m = BENCH_LINE.search(l)
        if m:
            rows.append((m["name"], float(m["w"]), float(m["l"]),
                         float(m["r"]), m["t"]))
    return rows


def target_holds(target, w, l, ratio, uml=False):
    """Whether one measurement meets its target, as the target says it;
    None for a row that is there for reference only.  A target with a
    bound for each measure ("<= 10 instructions (TCG), 3 ns (UML) more")
    is read for the one measured: UML's with uml."""
    if target.startswith("none"):
        return None
    m = re.search(r"ratio <= ([\d.]+)", target)
    if m:
        return ratio <= float(m[1])
    m = re.match(r"<= ([\d.]+) instructions \(TCG\), ([\d.]+) ns \(UML\) more",
                 target)
    if m:
        return w - l <= float(m[2] if uml else m[1])
    m = re.match(r"<= ([\d.]+) ns more", target)
    if m:
        return w - l <= float(m[1])
    m = re.match(r"<= ([\d.]+) x", target)
    return bool(m) and ratio <= float(m[1])


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


UML_BIASES = """UML runs the same code natively on the host's CPU, with its own biases: one CPU (atomics
lose their lock prefix), an interrupt save/restore is a call into the host's signal mask,
and memcpy never uses rep movsb.  Both kernels are built -O2, as Debian's are.  TCG counts
instructions, a rep movs or stos once per element it moves."""


# Host CPU time, in percent of all its cores, that others used or its own
# hypervisor stole while the scaling guest ran, above which two vCPUs did
# not have two cores.
HOST_BUSY_PCT = 10

SCALING_LINE = re.compile(r"wdfmem-bench: (scaling .*speedup (?P<x>[\d.]+) "
                          r"\(target >= (?P<t>[\d.]+)\))$")


def scaling(log, problems):
    """The two-CPU lines of the guest that ran without -icount."""
    lines = read_log(log)
    problems.extend(log_problems(log, lines))
    rows = [m for m in (SCALING_LINE.search(l) for l in lines) if m]
    if not rows:
        problems.append("the scaling comparisons did not run")
        return
    print()
    print("two CPUs at once against one (guest without -icount: multi-threaded TCG, "
          "the vCPUs run in parallel; ns of the guest clock)")
    # What else the host ran meanwhile (guest.sh): the vCPUs need two cores.
    busy = None
    try:
        with open(log + ".host") as f:
            others, stolen, cores = f.read().split()
        busy = float(others) + float(stolen) > HOST_BUSY_PCT
        print("host while it ran: other processes used %s%% of its %s cores, "
              "its hypervisor stole %s%%%s" %
              (others, cores, stolen,
               " (over %d%%: the vCPUs did not have two cores, no row is judged)"
               % HOST_BUSY_PCT if busy else ""))
    except (OSError, ValueError):
        print("host while it ran: not measured")
    for m in rows:
        ok = float(m["x"]) >= float(m["t"])
        if busy:
            verdict = "unknown (host busy)"
        else:
            verdict = "yes" if ok else "no"
        print("%s  holds: %s" % (m[1], verdict))


def bench(log, uml_logs, scaling_log=None):
    lines = read_log(log)
    problems = log_problems(log, lines)
    for l in lines:
        if "wdfmem-bench:" in l:
            print(l.split("wdfmem-bench: ", 1)[1])
    if not any("wdfmem-bench: done" in l for l in lines):
        problems.append("the benchmarks did not finish")
    for name, body in sections(lines):
        if name == "bytes":
            print()
            print("\n".join(body))
            if not any("lookaside burst" in b for b in body):
                problems.append("the bytes-per-object table did not finish")
    if uml_logs:
        tcg = bench_rows(lines)
        boots = [bench_rows(read_log(u)) for u in uml_logs]
        # UML measures a prefix of TCG's rows: user space (the per-I/O
        # comparison) cannot run there.
        n = len(boots[0]) if boots else 0
        if any([r[0] for r in b] != [r[0] for r in tcg[:n]] for b in boots) or not n:
            problems.append("a UML boot measured other comparisons than TCG")
        else:
            print()
            print("both ways: TCG -icount shift=0 (instructions per operation) and UML "
                  "(ns per operation, median of %d boots)" % len(boots))
            print("%-38s %18s %6s  %18s %6s  %-5s %s" % (
                "comparison", "TCG wdfmem/linux", "ratio", "UML wdfmem/linux",
                "ratio", "holds", "target"))
            for i, (name, w, l, r, t) in enumerate(tcg):
                a = target_holds(t, w, l, r)
                if i >= n:
                    ok = "-" if a is None else "yes" if a else "no"
                    print("%-38s %8.1f / %7.1f %6.2f  %25s  %-5s %s" % (
                        name, w, l, r, "(user space: TCG only)", ok, t))
                    continue
                uw = median([b[i][1] for b in boots])
                ul = median([b[i][2] for b in boots])
                ur = median([b[i][3] for b in boots])
                b = target_holds(t, uw, ul, ur, uml=True)
                ok = "-" if a is None else "yes" if a and b else "no"
                print("%-38s %8.1f / %7.1f %6.2f  %8.1f / %7.1f %6.2f  %-5s %s" % (
                    name, w, l, r, uw, ul, ur, ok, t))
            print(UML_BIASES)
            growth(lines, [read_log(u) for u in uml_logs], problems)
    if scaling_log:
        scaling(scaling_log, problems)
    return report(problems)


GROWTH_LINE = re.compile(
    r"wdfmem-bench: growth N=(?P<n>\d+) delete-one wdfmem (?P<a>[\d.]+) ns "
    r"devm (?P<b>[\d.]+) ns tree wdfmem (?P<c>[\d.]+) ns devres (?P<d>[\d.]+) ns")
GROWTH_COLS = ("delete-one wdfmem", "delete-one devm", "tree wdfmem", "tree devres")


def growth_rows(lines):
    """{N: (delete-one wdfmem, devm, tree wdfmem per child, devres)}"""
    return {int(m["n"]): tuple(float(m[k]) for k in "abcd")
            for m in (GROWTH_LINE.search(l) for l in lines) if m}


def growth(lines, boots, problems, out="build"):
    """The growth table, build/bench-growth.csv and build/bench-growth.svg."""
    tcg = growth_rows(lines)
    umls = [growth_rows(b) for b in boots]
    if not tcg or any(set(u) != set(tcg) for u in umls):
        problems.append("the growth lines are missing or differ between runs")
        return
    ns = sorted(tcg)
    uml = {n: tuple(median([u[n][i] for u in umls]) for i in range(4)) for n in ns}
    print()
    print("growth with N live objects of 64 B: delete-one deletes the oldest and creates a")
    print("replacement (devm_kfree searches its list from the newest); tree deletes a parent")
    print("of N children (devres: releases a group of N), per child")
    print("%8s  %-43s  %s" % ("", "TCG instructions per operation",
                             "UML ns per operation (median of the boots)"))
    print("%8s  %10s %10s %10s %10s   %10s %10s %10s %10s" % (
        "N", "del wdfmem", "del devm", "tree wdf", "tree dvres",
        "del wdfmem", "del devm", "tree wdf", "tree dvres"))
    for n in ns:
        print("%8d  %10.1f %10.1f %10.1f %10.1f   %10.1f %10.1f %10.1f %10.1f" % (
            (n,) + tcg[n] + uml[n]))
    # Flat: within 1.5 x from 1 to 100,000 live objects, both ways.  A
    # search grows 10,000-fold over that range; 100,000 objects of 128
    # bytes outgrow the caches, which costs some even without one.
    lo, hi = ns[0], ns[-1]
    flat = all(m[hi][0] <= 1.5 * m[lo][0] for m in (tcg, uml))
    print("deleting one among N stays flat (N=%d within 1.5 x N=%d, both ways): %s" % (
        hi, lo, "yes" if flat else "no"))
    csv = "%s/bench-growth.csv" % out
    with open(csv, "w") as f:
        f.write("n," + ",".join("tcg %s" % c for c in GROWTH_COLS) + "," +
                ",".join("uml %s" % c for c in GROWTH_COLS) + "\n")
        for n in ns:
            f.write("%d,%s\n" % (n, ",".join("%.1f" % v for v in tcg[n] + uml[n])))
    svg = "%s/bench-growth.svg" % out
    plot = """set terminal svg size 960,400 dynamic font 'sans,11'
set output '%s'
set datafile separator ','
set key autotitle columnhead top left
set logscale xy
set xlabel 'N live objects'
set multiplot layout 1,2
set title 'TCG: instructions per operation'
plot for [c=2:5] '%s' using 1:c with linespoints lw 2
set title 'UML: ns per operation (median of the boots)'
plot for [c=6:9] '%s' using 1:c with linespoints lw 2
unset multiplot
""" % (svg, csv, csv)
    try:
        subprocess.run(["gnuplot"], input=plot, text=True, check=True)
        print("csv: %s  plot: %s" % (csv, svg))
    except (OSError, subprocess.CalledProcessError) as e:
        problems.append("gnuplot failed: %s" % e)


def run(log):
    lines = read_log(log)
    problems = log_problems(log, lines)
    for name, body in sections(lines):
        if name != "kmemleak":
            print("--- " + name)
            print("\n".join(body))
    for who in ("wdfmem-demo:", "wdfmem-kmdf-sample:"):
        for l in lines:
            if who in l:
                print(l.split("] ", 1)[-1])
    if not any("wdfmem-kmdf-sample: root cleaned up last" in l for l in lines):
        problems.append("the KMDF sample did not unload cleanly")
    status = report(problems)
    print(ON_YOUR_MACHINE)
    return status


ON_YOUR_MACHINE = """
On your own Debian 12 machine (its 6.1 kernel or the backports' 6.12):
  apt-get install linux-headers-$(uname -r) dkms
  cp -r . /usr/src/wdfmem-0.7 && dkms install wdfmem/0.7     (or: make install)
  modprobe wdfmem; modprobe wdfmem_edu                         (the edu device is QEMU's)
  tools/wdfmem-stat      statistics from /sys/kernel/debug/wdfmem (--json, --watch N)
The same demo on Debian 12's default kernel here: make run KERNEL=debian-6.1; on the
project's test kernel (KASAN, lockdep, kmemleak): make run KERNEL=test."""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("test", help="join the KTAP, parse it, check the logs")
    t.add_argument("outdir")
    t.add_argument("ksrc")
    t.add_argument("logs", nargs="+")
    sub.add_parser("run", help="the demo's sections").add_argument("log")
    b = sub.add_parser("bench", help="the benchmark lines, and the UML boots beside them")
    b.add_argument("--scaling", help="the log of the guest without -icount")
    b.add_argument("log")
    b.add_argument("uml_logs", nargs="*")
    a = ap.parse_args()
    if a.cmd == "test":
        return test(a.outdir, a.ksrc, a.logs)
    if a.cmd == "bench":
        return bench(a.log, a.uml_logs, a.scaling)
    return run(a.log)


if __name__ == "__main__":
    sys.exit(main())
