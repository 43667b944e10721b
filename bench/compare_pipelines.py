#!/usr/bin/env python3
"""Two otmec builds on the same Monte Carlo matrix, realization by realization.

Runs `otmec mc` of a reference build (--base) and of a candidate (--new) on
every scenario of the matrix below, one thread each, one after the other, and
compares the rows of realizations.csv: the candidate's ratio may not fall
below the reference's by more than --max-loss (relative), and no status may
get worse (OPTIMAL < MAX_ITER < INFEASIBLE < NUMERICAL_ERROR). Prints one line
per scenario (realizations, worst relative loss, status changes, interior-
point iterations per realization as median / p90 / max for both, the ratio of
the medians, and the wall time of both runs) and exits 1 when a line fails.

bench/compare_pipelines.sh builds the reference from a git revision.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCENARIO = os.path.join(HERE, "..", "data", "default.json")
STATUS_RANK = {"OPTIMAL": 0, "MAX_ITER": 1, "INFEASIBLE": 2, "NUMERICAL_ERROR": 3}


def scaled(n):
    """B and F_L per owner as in the default scenario (2 MHz, 2 GHz)."""
    return {"B_Hz": 2e6 * n, "F_L_Hz": 2e9 * n}


# name, owners, realizations, scenario overrides, extra mc arguments
MATRIX = [
    ("default", 10, 1500, {}, []),
    ("deadline-120s", 10, 600, {"T_max_s": 120}, []),
    ("deadline-60s", 10, 300, {"T_max_s": 60}, []),
    ("strong-eve", 10, 600, {"eve_xy_m": [120, 0], "R_min_bps": 2e6}, []),
    ("tight-bandwidth", 10, 600, {"B_Hz": 8e6}, []),
    ("energy-heavy", 10, 400, {"w_e": 0.95, "w_t": 0.05}, []),
    ("balanced-weights", 10, 400, {"w_e": 0.5, "w_t": 0.5}, []),
    ("one-owner", 1, 800, {}, []),
    ("n30-scaled", 30, 300, scaled(30), []),
    ("n100-scaled", 100, 100, scaled(100), []),
    ("n300-scaled", 300, 30, scaled(300), []),
    ("n300-deadline", 300, 12, dict(scaled(300), T_max_s=120), []),
    ("n1000-scaled", 1000, 10, scaled(1000), []),
    ("paper-default", 10, 300, {}, ["--algorithm", "paper"]),
    ("paper-deadline", 10, 200, {"T_max_s": 120}, ["--algorithm", "paper"]),
    # every parameter drawn over a wide range, one scenario per realization
    ("random-scenarios", 0, 600, None, []),
]
QUICK = {"default": 200, "deadline-120s": 100, "deadline-60s": 60, "strong-eve": 100, "tight-bandwidth": 100,
         "energy-heavy": 60, "balanced-weights": 60, "one-owner": 100, "n30-scaled": 30, "n100-scaled": 10,
         "n300-scaled": 3, "n300-deadline": 2, "n1000-scaled": 1, "paper-default": 60, "paper-deadline": 40,
         "random-scenarios": 60}


class Lcg:
    """The draw of tests/test_random_instances.cpp, so both cover the same ranges."""

    def __init__(self, seed):
        self.s = seed

    def uniform(self, a, b):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % 2**64
        return a + (b - a) * (self.s >> 11) / 9007199254740992.0


def random_scenario(r, base):
    sc = dict(base)
    n = 1 + int(r.uniform(0, 24))
    sc["N"] = n
    sc["B_Hz"] = r.uniform(0.5e6, 4e6) * n
    sc["R_min_bps"] = 10 ** r.uniform(4, 7)
    sc["p_max_W"] = r.uniform(0.01, 1.0)
    sc["F_L_Hz"] = r.uniform(0.3e9, 5e9) * n
    sc["w_e"] = r.uniform(0.0, 1.0)
    sc["w_t"] = 1.0 - sc["w_e"]
    sc["zeta"] = 10 ** r.uniform(-1, 2)
    sc["phi_min"] = r.uniform(0.01, 0.3)
    sc["phi_max"] = sc["phi_min"] + r.uniform(0.0, 0.6)
    if r.uniform(0, 1) < 0.3:
        sc["T_max_s"] = r.uniform(20, 400)
    sc["eve_xy_m"] = [r.uniform(20, 400), 0]
    return sc


def run_random(binary, base, count, seed, out_dir):
    """One realization of each of count random scenarios, as one run's rows."""
    os.makedirs(out_dir, exist_ok=True)
    r = Lcg(2026 + seed)
    rows, wall = [], 0.0
    for k in range(count):
        sc = random_scenario(r, base)
        path = os.path.join(out_dir, "scenario-%d.json" % k)
        with open(path, "w") as f:
            json.dump(sc, f)
        run_rows, run_wall = run_mc(binary, path, sc["N"], 1, seed, [], os.path.join(out_dir, str(k)))
        for row in run_rows:
            row["realization"] = str(k)
        rows += run_rows
        wall += run_wall
    return rows, wall


def run_mc(binary, scenario_path, owners, count, seed, extra, out_dir):
    cmd = [binary, "mc", "--scenario", scenario_path, "--owners", str(owners), "--realizations", str(count),
           "--seed", str(seed), "--threads", "1", "--no-plot", "-o", out_dir] + extra
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    with open(os.path.join(out_dir, "realizations.csv"), newline="") as f:
        return list(csv.DictReader(f)), wall


def spread(values):
    values = sorted(values)
    return statistics.median(values), values[int(0.9 * (len(values) - 1))], values[-1]


def compare(base_rows, new_rows):
    if len(base_rows) != len(new_rows):
        raise SystemExit("compare_pipelines: the two runs have different row counts")
    worst, worse_status, changed = 0.0, 0, 0
    for a, b in zip(base_rows, new_rows):
        if (a["realization"], a["method"]) != (b["realization"], b["method"]):
            raise SystemExit("compare_pipelines: rows out of step at realization " + a["realization"])
        if STATUS_RANK[b["status"]] > STATUS_RANK[a["status"]]:
            worse_status += 1
        changed += a["status"] != b["status"]
        if a["ratio"] and b["ratio"]:
            ra, rb = float(a["ratio"]), float(b["ratio"])
            worst = max(worst, (ra - rb) / abs(ra))
        elif a["ratio"] and not b["ratio"]:
            worst = float("inf")
    return worst, worse_status, changed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="reference otmec binary")
    ap.add_argument("--new", required=True, help="candidate otmec binary")
    ap.add_argument("-o", "--output", default="pipeline-compare", help="directory for the runs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="a few realizations per scenario")
    ap.add_argument("--only", help="comma-separated scenario names")
    ap.add_argument("--max-loss", type=float, default=1e-6, help="largest relative ratio loss allowed")
    args = ap.parse_args()

    with open(DEFAULT_SCENARIO) as f:
        base_scenario = json.load(f)
    only = set(args.only.split(",")) if args.only else None
    os.makedirs(args.output, exist_ok=True)
    print("%-17s %5s %6s %11s %9s  %-15s %-15s %6s %8s %8s" %
          ("scenario", "N", "R", "worst loss", "worse st", "ipm base", "ipm new", "med x", "base s", "new s"))
    failed, total = 0, 0
    for name, owners, count, overrides, extra in MATRIX:
        if only and name not in only:
            continue
        if args.quick:
            count = QUICK[name]
        runs = {}
        for label, binary in (("base", args.base), ("new", args.new)):
            out = os.path.join(args.output, name, label)
            subprocess.run(["rm", "-rf", out], check=True)
            if overrides is None:
                runs[label] = run_random(binary, base_scenario, count, args.seed, out)
                continue
            scenario = dict(base_scenario, **overrides)
            scenario["N"] = owners
            scenario_path = os.path.join(args.output, name + ".json")
            with open(scenario_path, "w") as f:
                json.dump(scenario, f, indent=1)
            runs[label] = run_mc(binary, scenario_path, owners, count, args.seed, extra, out)
        (base_rows, base_wall), (new_rows, new_wall) = runs["base"], runs["new"]
        worst, worse_status, changed = compare(base_rows, new_rows)
        ib = spread([int(r["ipm_iter"]) for r in base_rows])
        inew = spread([int(r["ipm_iter"]) for r in new_rows])
        ok = worst <= args.max_loss and worse_status == 0
        failed += not ok
        total += len(base_rows)
        print("%-17s %5d %6d %11.2e %4d/%-4d  %-15s %-15s %6.3f %8.2f %8.2f%s" %
              (name, owners, len(base_rows), worst, worse_status, changed, "%g/%g/%g" % ib, "%g/%g/%g" % inew,
               inew[0] / max(ib[0], 1), base_wall, new_wall, "" if ok else "  FAIL"), flush=True)
        if name == "random-scenarios":
            for label, (rows, _) in runs.items():
                counts = {}
                for row in rows:
                    counts[row["status"]] = counts.get(row["status"], 0) + 1
                print("  %s statuses: %s" % (label, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    print("%d rows compared; %s" % (total, "every scenario passed" if failed == 0 else "%d scenario(s) FAILED" % failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
