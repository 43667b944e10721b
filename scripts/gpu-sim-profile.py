#!/usr/bin/env python3
"""Where a GPGPU-Sim run spent its time, by source line and by function.

The simulator writes per-PTX-line statistics to gpgpu_inst_stats.txt in the
run's folder (thread instructions executed, and the pipeline cycles of the
warps that issued them), next to the PTX it ran. This sums them through the
PTX's `.loc` directives (present when the kernels were built with -lineinfo,
scripts/gpu-sim.sh --profile) to source lines, and through the `.func` /
`.entry` headers to functions (after inlining: a function's lines count
where they were inlined). A developer tool for scripts/gpu-sim.sh.

With a simulator that counts, per PTX line, the scheduler cycles a warp
waited there on a register dependency (the statistics' exposed-latency
column, which the simulator otherwise leaves at zero; docs/gpu.md, "Where
the lone warp waits", has the one-line change), the tables get a "waited"
column and are ordered by it: the time, where the cycles column places
latency.
"""
import argparse
import collections
import os
import re
import signal
import subprocess
import sys

FUNCTION_HEADER = re.compile(
    r"^\s*(?:\.(?:visible|weak|extern)\s+)*\.(?:func|entry)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)")


def read_stats(run):
    """{(ptx file, line): (thread instructions, pipeline cycles, cycles waited)}"""
    stats = {}
    with open(os.path.join(run, "gpgpu_inst_stats.txt")) as f:
        next(f)  # header
        for line in f:
            p = line.split()
            # "FILE LINE : count latency dram_traffic smem_bk_conflicts
            # smem_warp gmem_access_generated gmem_warp exposed_latency ..."
            if len(p) >= 5 and p[2] == ":":
                stats[(p[0], int(p[1]))] = (int(p[3]), int(p[4]), int(p[10]) if len(p) > 10 else 0)
    return stats


def warp_issue(run):
    """The last launch's "Warp Occupancy Distribution" in run.log: cycles of
    all the SM's schedulers by what they did, or None."""
    line = None
    try:
        with open(os.path.join(run, "run.log"), errors="replace") as f:
            for text in f:
                if text.startswith("Stall:"):
                    line = text
    except OSError:
        return None
    if line is None:
        return None
    counts = {}
    for item in line.split():
        key, _, value = item.partition(":")
        if value.isdigit():
            counts[key] = int(value)
    return counts


def map_ptx(run, ptx_file):
    """Each PTX line's source location (file, line) and function."""
    files, where, func = {}, {}, {}
    loc, fn = ("?", 0), "?"
    with open(os.path.join(run, ptx_file)) as f:
        for number, line in enumerate(f, 1):
            s = line.strip()
            if s.startswith(".file"):
                m = re.match(r'\.file\s+(\d+)\s+"([^"]+)"', s)
                if m:
                    files[m.group(1)] = m.group(2)
            elif s.startswith(".loc") and not s.startswith(".local"):
                p = s.split()
                loc = (p[1], int(p[2]))
            else:
                m = FUNCTION_HEADER.match(line)
                if m:
                    fn = m.group(1)
            where[number] = loc
            func[number] = fn
    return files, where, func


def short_path(path):
    """A source file's path from the repository's top folders on."""
    parts = path.split("/")
    for top in ("src", "cuda", "include"):
        if top in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index(top):])
    return os.path.basename(path)


def demangle(names):
    try:
        out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True,
                             check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return {n: n for n in names}
    return {n: re.sub(r"\(.*", "", d).split("::")[-1] for n, d in zip(names, out)}


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", help="a run folder of scripts/gpu-sim.sh (with gpgpu_inst_stats.txt)")
    ap.add_argument("--top", type=int, default=25, help="rows of each table (default 25)")
    args = ap.parse_args()
    try:
        stats = read_stats(args.run)
    except OSError as e:
        sys.exit(f"gpu-sim-profile: {e}")
    by_line, by_func = collections.Counter(), collections.Counter()
    insn_line, insn_func = collections.Counter(), collections.Counter()
    wait_line, wait_func = collections.Counter(), collections.Counter()
    has_loc = False
    for ptx in sorted({k[0] for k in stats}):
        files, where, func = map_ptx(args.run, ptx)
        has_loc = has_loc or bool(files)
        for (f, number), (insn, cycles, waited) in stats.items():
            if f != ptx:
                continue
            fi, line = where.get(number, ("?", 0))
            key = f"{short_path(files.get(fi, '?'))}:{line}"
            by_line[key] += cycles
            insn_line[key] += insn
            by_func[func.get(number, "?")] += cycles
            insn_func[func.get(number, "?")] += insn
            wait_line[key] += waited
            wait_func[func.get(number, "?")] += waited
    total_cycles, total_insn = sum(by_line.values()), sum(insn_line.values())
    if not total_cycles:
        sys.exit("gpu-sim-profile: no statistics in " + args.run)
    print(f"{total_insn:,} thread instructions, {total_cycles:,} pipeline cycles of the issuing warps")
    w = warp_issue(args.run)
    if w:
        # the time, where the cycles column below places latency: a warp
        # waiting on a dependency (the scoreboard) or with no warp ready
        # (barriers, sections one member runs, schedulers without a warp)
        issued = sum(v for k, v in w.items() if re.fullmatch(r"W([1-9]|[12][0-9]|3[0-2])", k))
        total = issued + w.get("W0_Idle", 0) + w.get("W0_Scoreboard", 0) + w.get("Stall", 0)
        if total:
            print(f"schedulers' cycles: issuing {100 * issued / total:.1f}% ({w.get('W1', 0):,} with one lane "
                  f"active), waiting on a dependency {100 * w.get('W0_Scoreboard', 0) / total:.1f}%, no warp ready "
                  f"{100 * w.get('W0_Idle', 0) / total:.1f}%, pipeline stalled {100 * w.get('Stall', 0) / total:.1f}%")
    names = demangle(list(by_func))
    total_waited = sum(wait_line.values())

    def table(title, cycles, insn, waited, label):
        order = waited if total_waited else cycles
        head = "| " + title + (" | waited" if total_waited else "") + " | pipeline cycles | thread instructions |"
        print("\n" + head + "\n|---|" + ("---|" if total_waited else "") + "---|---|")
        for key, _ in order.most_common(args.top):
            w_col = f" {100 * waited[key] / total_waited:.1f}% |" if total_waited else ""
            print(f"| {label(key)} |{w_col} {100 * cycles[key] / total_cycles:.1f}% | "
                  f"{100 * insn[key] / total_insn:.1f}% |")

    if total_waited:
        print(f"{total_waited:,} scheduler cycles waited on a dependency, by the line that waited")
    table("function", by_func, insn_func, wait_func, lambda fn: names[fn])
    if not has_loc:
        print("\n(no .loc lines in the PTX: build with -lineinfo, scripts/gpu-sim.sh --profile, for source lines)")
        return
    table("source line", by_line, insn_line, wait_line, lambda key: key)


if __name__ == "__main__":
    main()
