"""P0 (docs/model.md section 3): otmec's joint mode against a multistart local NLP.

For 20 feasible instances with N <= 12 (four parameter variants), scipy's
SLSQP with exact gradients is run on P0 itself from docs/model.md's initial point
and from 10 random feasible points; its best ratio must not beat otmec's by
more than 0.1%. otmec's solution must pass this side's constraint check, its
owner statuses must match this side's outage test, and U/S recomputed here
must equal the reported ratio. Infeasibility verdicts are checked too.
"""
import json
import math
import os

import numpy as np
import pytest

import otmec_cli
from conftest import Report
from model import Instance, b_min, evaluate, in_outage, owner_costs, violations
from p0_nlp import P0, multistart

FEASIBLE_WANTED = 20
RANDOM_STARTS = 10


def instance_plan():
    """(owners, seed, variant) in a fixed order; N cycles over 2..12."""
    variants = list(otmec_cli.VARIANTS)
    k = 0
    while True:
        yield 2 + k % 11, 500 + k, variants[k % len(variants)]
        k += 1


@pytest.fixture(scope="module")
def results(workdir):
    rows, verdicts = [], []
    plan = instance_plan()
    feasible = 0
    while feasible < FEASIBLE_WANTED:
        owners, seed, variant = next(plan)
        path = otmec_cli.make_instance(workdir, owners, seed, variant)
        sol = otmec_cli.solve(path)
        inst = Instance.load(path)
        if sol["status"] == "INFEASIBLE":
            verdicts.append(check_infeasible(inst, sol, f"N={owners} seed={seed} {variant}"))
            continue
        feasible += 1
        rows.append(check_solution(inst, sol, f"N={owners} seed={seed} {variant}", seed))
    return rows, verdicts


def check_infeasible(inst, sol, name):
    """otmec says INFEASIBLE: this side must find the same reason."""
    q = inst.prm
    active = ~in_outage(inst)
    need = float(np.sum(b_min(inst)[active]))
    bandwidth = active.any() and need >= q.B
    outage = not active.any()
    return dict(name=name, reason=sol.get("reason", ""), agrees=bool(outage or bandwidth or
                                                                      (math.isfinite(q.T_max) and "deadline" in
                                                                       sol.get("reason", ""))))


def check_solution(inst, sol, name, seed):
    q = inst.prm
    o = sol["owners"]
    active = ~in_outage(inst)
    row = dict(name=name, n=int(active.sum()), status=sol["status"], otmec=sol["ratio"])
    row["statuses_agree"] = [s == "ACTIVE" for s in o["status"]] == list(active)
    phi, b, p, f, fL = (np.asarray(o[k], float) for k in ("phi", "b_Hz", "p_W", "f_Hz", "fL_Hz"))
    T = sol["time_s"]
    viol = violations(inst, active, phi, b, p, f, fL, T)
    row["violation"] = max(viol.values())
    row["worst_constraint"] = max(viol, key=viol.get)
    U, S, E = evaluate(inst, active, phi, b, p, f, fL, T)
    row["ratio_recomputed"] = (U / S) / sol["ratio"] - 1
    row["U_S_E"] = max(abs(U / sol["utility"] - 1), abs(S / sol["consumption"] - 1), abs(E / sol["energy_J"] - 1))
    R, Tn, En = owner_costs(q, inst.h[active], inst.g[active], inst.D[active], phi[active], b[active], p[active],
                            f[active], fL[active])
    row["owner_values"] = float(max(np.max(np.abs(R / np.asarray(o["secrecy_rate_bps"])[active] - 1)),
                                    np.max(np.abs(Tn / np.asarray(o["T_s"])[active] - 1)),
                                    np.max(np.abs(En / np.asarray(o["E_J"])[active] - 1))))
    row["zero_outside"] = all(np.all(np.asarray(o[k])[~active] == 0) for k in ("phi", "b_Hz", "p_W", "f_Hz", "fL_Hz"))

    prob = P0(inst, active)
    start = prob.initial_point()
    prob.T_ref = start[5]
    prob.ratio_ref = prob.ratio(prob.pack(*start))
    rng = np.random.default_rng(seed)
    starts = [start] + [prob.random_point(rng) for _ in range(RANDOM_STARTS)]
    best, _, n_ok = multistart(prob, starts)
    row["nlp_best"], row["nlp_feasible_runs"] = best, n_ok
    row["nlp_gain"] = best / sol["ratio"] - 1
    return row


def test_report(results):
    rows, verdicts = results
    rep = Report("full")
    rep.line(f"P0: otmec joint mode vs SLSQP multistart ({1 + RANDOM_STARTS} starts) on {len(rows)} instances")
    rep.line(f"{'instance':28} {'n':>3} {'status':9} {'otmec U/S':>12} {'best NLP U/S':>12} {'NLP/otmec-1':>12} "
             f"{'ok runs':>7} {'violation':>9} {'U/S recomp.':>11}")
    for r in rows:
        rep.line(f"{r['name']:28} {r['n']:3d} {r['status']:9} {r['otmec']:12.8g} {r['nlp_best']:12.8g} "
                 f"{r['nlp_gain']:+12.2e} {r['nlp_feasible_runs']:7d} {r['violation']:9.1e} "
                 f"{r['ratio_recomputed']:+11.1e}")
    for v in verdicts:
        rep.line(f"{v['name']:28} INFEASIBLE ({v['reason']}); this side agrees: {v['agrees']}")
    if rows:
        rep.line(f"worst: NLP over otmec {max(r['nlp_gain'] for r in rows):+.2e} (limit +1e-3); "
                 f"constraint violation {max(r['violation'] for r in rows):.1e}; U/S recomputed "
                 f"{max(abs(r['ratio_recomputed']) for r in rows):.1e}; per-owner rate/T/E "
                 f"{max(r['owner_values'] for r in rows):.1e}")
    rep.save()


def test_nlp_never_beats_otmec(results):
    for r in results[0]:
        assert r["nlp_feasible_runs"] >= RANDOM_STARTS // 2, r["name"]
        assert r["nlp_gain"] <= 1e-3, r["name"]


def test_solution_checks(results):
    for r in results[0]:
        assert r["statuses_agree"] and r["zero_outside"], r["name"]
        assert r["violation"] <= 1e-9, (r["name"], r["worst_constraint"])
        assert abs(r["ratio_recomputed"]) <= 1e-9, r["name"]
        assert r["U_S_E"] <= 1e-9 and r["owner_values"] <= 1e-9, r["name"]


def test_infeasible_verdicts(results):
    for v in results[1]:
        assert v["agrees"], v["name"]


P1 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "examples", "p1.json")


def test_p1_reference():
    """docs/model.md section 8: the independent prototype's values (6 digits)."""
    ref = json.load(open(P1))["reference"]
    rep = Report("p1")
    for options, key in ((("--algorithm", "paper"), "ratio_paper"), (("--no-refine",), "ratio_joint_ao"),
                         ((), "ratio_best_known")):
        sol = otmec_cli.solve(P1, *options)
        rel = sol["ratio"] / ref[key] - 1
        rep.line(f"P1 {' '.join(options) or 'default':18} otmec {sol['ratio']:.8f}  reference {ref[key]:.6f}  "
                 f"rel {rel:+.1e}")
        assert abs(rel) <= 1e-5, key
    rep.save()


def lower_bound_delay(inst):
    """Per owner, a lower bound of T_n over every feasible allocation: all of
    F_L, f_max, and R(B, p_max), phi at whichever end is faster."""
    q = inst.prm
    R = owner_costs(q, inst.h, inst.g, inst.D, q.phi_min, q.B, q.p_max, q.f_max, q.F_L)[0]
    return np.minimum(*(owner_costs(q, inst.h, inst.g, inst.D, phi, q.B, q.p_max, q.f_max, q.F_L)[1]
                        for phi in (q.phi_min, q.phi_max))), R


def test_infeasible_cases(workdir):
    """Instances this side proves infeasible: otmec must say INFEASIBLE, for the same reason."""
    cases = [(12, 900, dict(R_min_bps=8e6), "bandwidth"), (10, 901, dict(B_Hz=2e6), "bandwidth"),
             (6, 902, dict(T_max_s=1.0), "deadline")]
    for owners, seed, over, why in cases:
        path = workdir / f"infeasible-{seed}.json"
        otmec_cli.generate(path, owners, seed, **over)
        inst = Instance.load(path)
        active = ~in_outage(inst)
        if why == "bandwidth":
            assert np.sum(b_min(inst)[active]) >= inst.prm.B
        else:
            assert np.max(lower_bound_delay(inst)[0][active]) > inst.prm.T_max
        sol = otmec_cli.solve(path)
        assert sol["status"] == "INFEASIBLE" and why in sol["reason"], (path.name, sol.get("reason"))
