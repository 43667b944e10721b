#!/usr/bin/env python3
"""otmec against the same algorithm written the way a researcher would with CVXPY.

The CVXPY pipeline is the published algorithm (docs/model.md section 5, "paper"
mode): Dinkelbach outside, alternating optimization inside, SP1 in closed form
(phi at the current T, then the FP auxiliary y), SP2 by SCA with each convex
surrogate solved by CVXPY + Clarabel. The surrogate is built once per instance
with cvxpy Parameters (DPP: later solves skip canonicalization) and every loop
starts from the previous point. Tolerances and iteration limits are otmec's
defaults (eps_D 1e-8, eps_AO 1e-9, eps_SCA 1e-10; 50 / 500 / 100 iterations).

Both sides solve the same instances: stream r of `otmec generate --seed S`
on the default scenario with B and F_L scaled to N (2 MHz and 2 GHz per owner,
as in bench_solve, so that every size is feasible). otmec is timed through
`otmec mc --threads 1`: per run, the smaller of its summary's wall time and
the process's CPU time (each an upper bound of the solves' own time), the
fastest of several runs; the CVXPY pipeline by its CPU time (one BLAS
thread). Other load on the machine then disturbs neither side much. otmec
runs the same algorithm (--algorithm paper --sp2 sca), the same AO with SP2
solved exactly (--algorithm paper), and its default (joint mode, exact SP2,
KKT refinement).

Prints a table and writes OUT/compare_cvxpy.csv (one row per instance) and
OUT/compare_cvxpy_summary.csv (one row per N).
"""
import argparse
import csv
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
from model import Instance, b_min, evaluate, in_outage, owner_costs, secrecy_rate  # noqa: E402
from sp2_cvxpy import SP2, sp2_value  # noqa: E402

EPS_D, EPS_AO, EPS_SCA = 1e-8, 1e-9, 1e-10
# otmec runs timed: the same algorithm; the same AO with SP2 in one exact
# convex solve (same fixed point); otmec's default (joint mode, exact SP2,
# KKT refinement: a better answer)
VARIANTS = (("paper-sca", ("--algorithm", "paper", "--sp2", "sca")), ("paper-exact", ("--algorithm", "paper")),
            ("default", ()))
MAX_D, MAX_AO, MAX_SCA = 50, 500, 100


# ---- the researcher's pipeline -------------------------------------------------
def sp1_paper(q, h, g, D, omega, lam, b, p, f, fL, T):
    """phi_n = clip(omega_n/a_n - 1/zeta, [lo_n, hi_n]), C1 intersected with
    alpha_n + beta_n phi_n <= T; then y_n = 1/(2 p_n s_n R_n)."""
    KD = q.epochs * D * q.c_full
    R = secrecy_rate(b, p, h, g, q.N0)
    dE = -q.kappa_L * q.c_L * fL ** 2 + q.kappa_D * KD * (1 - q.gamma_E) * f ** 2 + p * q.M / R
    a = lam * q.w_e * dE
    alpha = q.c_L / fL + KD * q.gamma_E / f
    beta = -q.c_L / fL + KD * (1 - q.gamma_E) / f + q.M / R
    lo, hi = np.full_like(b, q.phi_min), np.full_like(b, q.phi_max)
    bound = (T - alpha) / beta
    hi = np.where(beta > 0, np.minimum(hi, bound), hi)
    lo = np.where(beta < 0, np.maximum(lo, bound), lo)
    hi = np.maximum(hi, lo)
    free = np.where(a > 0, omega / np.where(a > 0, a, 1.0) - 1.0 / q.zeta, q.phi_max)
    phi = np.clip(free, lo, hi)
    y = 1.0 / (2.0 * p * q.M * phi * R)
    return phi, y


def cvxpy_pipeline(inst):
    """Returns (ratio, iterations dict, status); ratio NaN when infeasible."""
    q = inst.prm
    act = ~in_outage(inst)
    h, g, D, omega = inst.h[act], inst.g[act], inst.D[act], inst.omega[act]
    n = int(act.sum())
    bm = b_min(inst)[act]
    if n == 0 or bm.sum() >= q.B:
        return math.nan, {}, "INFEASIBLE"
    phi = np.full(n, q.phi_min)
    b = bm + (q.B - bm.sum()) / n
    p, f, fL = np.full(n, q.p_max), np.full(n, q.f_max), np.full(n, q.F_L / n)
    T = float(owner_costs(q, h, g, D, phi, b, p, f, fL)[1].max())

    def value(phi, b, p, f, fL, T):
        _, _, E = owner_costs(q, h, g, D, phi, b, p, f, fL)
        return float(np.sum(omega * np.log1p(q.zeta * phi))), q.w_e * float(np.sum(E)) + q.w_t * T

    y = 1.0 / (2.0 * p * q.M * phi * secrecy_rate(b, p, h, g, q.N0))
    model = SP2(q, h, g, D, T_ref=T, F_ref=sp2_value(q, h, g, D, phi, y, b, p, f, fL, T)[0] / n,
                f_free=q.f_max > q.f_min)
    it = dict(dinkelbach=0, ao=0, sca=0)
    status = "OPTIMAL"
    U, S = value(phi, b, p, f, fL, T)
    lam = U / S
    for _ in range(MAX_D):
        prev = U - lam * S
        converged = False
        for _ in range(MAX_AO):
            phi, y = sp1_paper(q, h, g, D, omega, lam, b, p, f, fL, T)
            model.set_fixed(phi, y, None if model.f_free else f)
            last = sp2_value(q, h, g, D, phi, y, b, p, f, fL, T)[0]
            for k in range(MAX_SCA):
                model.linearize(b, p)
                try:
                    s = model.solve(warm_start=True)
                except Exception:  # a failed solve ends SCA at the last point
                    status = "NUMERICAL_ERROR"
                    break
                it["sca"] += 1
                cand = sp2_value(q, h, g, D, phi, y, s["b"], s["p"], s["f"], s["fL"], s["T"])[0]
                if cand > last:  # an inaccurate solve that does not descend is not taken
                    break
                b, p, f, fL, T = s["b"], s["p"], s["f"], s["fL"], s["T"]
                done = last - cand <= EPS_SCA * abs(cand)
                last = cand
                if done:
                    break
            else:
                status = "MAX_ITER"
            it["ao"] += 1
            U, S = value(phi, b, p, f, fL, T)
            val = U - lam * S
            if val - prev <= EPS_AO * (U + lam * S):
                converged = True
                break
            prev = val
        if not converged:
            status = "MAX_ITER"
        it["dinkelbach"] += 1
        U, S = value(phi, b, p, f, fL, T)
        residual = U - lam * S
        lam = max(lam, U / S)
        if residual <= EPS_D * lam * S:
            break
    # the point must be feasible for its ratio to count
    full = lambda v: _embed(act, v)
    U, S, _ = evaluate(inst, act, full(phi), full(b), full(p), full(f), full(fL), T)
    return U / S, it, status


def _embed(act, v):
    out = np.zeros(len(act))
    out[act] = v
    return out


# ---- otmec -------------------------------------------------------------------------
def otmec(cli, *args):
    r = subprocess.run([cli, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"otmec {' '.join(map(str, args))}: {r.stderr.strip()}")
    return r.stdout


def otmec_mc(cli, scenario, n, reps, seed, folder, *options):
    """Per-realization ratio and status, and the time per realization."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    otmec(cli, "mc", "--scenario", scenario, "--owners", n, "--realizations", reps, "--seed", seed,
          "--threads", 1, "--no-plot", "-o", folder, *options)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(Path(folder) / "realizations.csv") as fh:
        rows = list(csv.DictReader(fh))
    wall = json.loads((Path(folder) / "summary.json").read_text())["timing"]["wall_time_s"]
    # both bound the solver's own time from above: the summary's wall time
    # (solves only, but slowed by other load), the process CPU time (start-up
    # and files too); the smaller one is kept
    return {int(r["realization"]): r for r in rows}, min(cpu, wall) / reps


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--otmec", default=str(ROOT / "build" / "otmec"), help="otmec executable")
    ap.add_argument("--sizes", default="10,100", help="owners per instance, comma separated")
    ap.add_argument("--instances", default="5,2", help="instances per size, comma separated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--otmec-repeats", type=int, default=20,
                    help="otmec mc runs over the same instances; the fastest counts (timer noise)")
    ap.add_argument("-o", "--out", default=str(ROOT / "bench" / "results"))
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    counts = [int(x) for x in args.instances.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = json.loads((ROOT / "data" / "default.json").read_text())

    rows, summary = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n, reps in zip(sizes, counts):
            scen = dict(base, B_Hz=base["B_Hz"] * n / 10, F_L_Hz=base["F_L_Hz"] * n / 10)
            scen_path = tmp / f"scenario-{n}.json"
            scen_path.write_text(json.dumps(scen))
            timing = {}
            results = {}
            for label, opts in VARIANTS:
                best = math.inf
                for k in range(max(1, args.otmec_repeats if n <= 10 else args.otmec_repeats // 4)):
                    res, per = otmec_mc(args.otmec, scen_path, n, reps, args.seed, tmp / f"mc-{n}-{label}-{k}", *opts)
                    best = min(best, per)
                results[label], timing[label] = res, best
            times, gaps, gaps_default = [], [], []
            for r in range(reps):
                path = tmp / f"inst-{n}-{r}.json"
                path.write_text(otmec(args.otmec, "generate", "--scenario", scen_path, "--owners", n,
                                      "--seed", args.seed, "--stream", r))
                inst = Instance.load(path)
                t0, c0 = time.perf_counter(), time.process_time()
                ratio, it, status = cvxpy_pipeline(inst)
                t_cvx = time.process_time() - c0  # CPU time: robust to other load on the machine
                t_wall = time.perf_counter() - t0
                row = dict(N=n, realization=r, active=int((~in_outage(inst)).sum()), cvxpy_status=status,
                           cvxpy_ratio=ratio, cvxpy_cpu_s=t_cvx, cvxpy_wall_s=t_wall, cvxpy_dinkelbach=it.get("dinkelbach", 0),
                           cvxpy_ao=it.get("ao", 0), cvxpy_sca=it.get("sca", 0))
                for label, _ in VARIANTS:
                    o = results[label][r]
                    o_ratio = float(o["ratio"]) if o["ratio"] else math.nan
                    key = "otmec_" + label.replace("-", "_")
                    row.update({key + "_status": o["status"], key + "_ratio": o_ratio,
                                key + "_sca": int(o["sca_iter"] or 0), key + "_ipm": int(o["ipm_iter"] or 0),
                                "rel_diff_" + label.replace("-", "_"): ratio / o_ratio - 1})
                rows.append(row)
                times.append(t_cvx)
                print(f"N={n} r={r}: CVXPY {ratio:.10g} ({status}, {t_cvx:.2f} s, {it.get('sca', 0)} SCA); otmec "
                      + ", ".join(f"{label} {row['otmec_' + label.replace('-', '_') + '_ratio']:.10g}"
                                  for label, _ in VARIANTS), flush=True)
            t_cvx = float(np.mean(times))
            entry = dict(N=n, instances=reps, cvxpy_s_per_instance=t_cvx)
            for label, _ in VARIANTS:
                key = label.replace("-", "_")
                diffs = [rw["rel_diff_" + key] for rw in rows if rw["N"] == n]
                entry.update({f"otmec_{key}_s_per_instance": timing[label], f"speedup_{key}": t_cvx / timing[label],
                              f"max_abs_rel_diff_{key}": float(np.max(np.abs(diffs))),
                              f"mean_rel_diff_{key}": float(np.mean(diffs))})
            summary.append(entry)

    for name, data in (("compare_cvxpy.csv", rows), ("compare_cvxpy_summary.csv", summary)):
        with open(out / name, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(data[0]))
            w.writeheader()
            w.writerows(data)

    print()
    print("U/S: CVXPY's ratio relative to otmec's (CVXPY/otmec - 1), max |.| over the instances "
          "(mean for 'default', whose answer differs)")
    print(f"{'N':>4} {'inst':>4} {'CVXPY':>10} | " + " | ".join(f"{'otmec ' + label:>19} {'speedup':>8} {'U/S':>9}"
                                                          for label, _ in VARIANTS))
    for e in summary:
        cells = []
        for label, _ in VARIANTS:
            key = label.replace("-", "_")
            acc = e[f"mean_rel_diff_{key}"] if label == "default" else e[f"max_abs_rel_diff_{key}"]
            cells.append(f"{e[f'otmec_{key}_s_per_instance'] * 1e3:16.2f} ms {e[f'speedup_{key}']:7.0f}x {acc:+9.1e}")
        print(f"{e['N']:4d} {e['instances']:4d} {e['cvxpy_s_per_instance']:8.2f} s | " + " | ".join(cells))
    print(f"\nwritten: {out / 'compare_cvxpy.csv'}, {out / 'compare_cvxpy_summary.csv'}")


if __name__ == "__main__":
    main()
