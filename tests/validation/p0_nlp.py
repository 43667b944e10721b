"""P0 (docs/model.md section 3) as a smooth NLP for scipy's SLSQP, with exact
gradients, solved from many starting points.

Variables (scaled to O(1)), per active owner: phi, b/(B/n), p/p_max,
f/f_max, fL/(F_L/n); then T/T_ref. Objective: -(U/S)/ratio_ref.
"""
import math

import numpy as np
from scipy.optimize import minimize

from model import LN2, b_min, cycles, owner_costs, violations


class P0:
    def __init__(self, inst, active):
        self.inst = inst
        self.a = np.asarray(active, bool)
        q = self.q = inst.prm
        self.h, self.g, self.D = inst.h[self.a], inst.g[self.a], inst.D[self.a]
        self.omega = inst.omega[self.a]
        n = self.n = int(self.a.sum())
        self.KD = q.epochs * self.D * q.c_full
        self.sc = np.r_[np.ones(n), np.full(n, q.B / n), np.full(n, q.p_max), np.full(n, q.f_max),
                        np.full(n, q.F_L / n)]
        self.T_ref = 1.0
        self.ratio_ref = 1.0

    # ---- packing ------------------------------------------------------------
    def unpack(self, z):
        n = self.n
        x = z[:5 * n] * self.sc
        return x[:n], x[n:2 * n], x[2 * n:3 * n], x[3 * n:4 * n], x[4 * n:5 * n], z[5 * n] * self.T_ref

    def pack(self, phi, b, p, f, fL, T):
        return np.r_[np.r_[phi, b, p, f, fL] / self.sc, T / self.T_ref]

    # ---- model pieces with derivatives --------------------------------------
    def _rate(self, b, p):
        q = self.q
        out = []
        for gain in (self.h, self.g):
            a = gain / q.N0
            u = a * p / b
            out.append((b * np.log1p(u), np.log1p(u) - u / (1.0 + u), a / (1.0 + u)))
        (Fh, Fh_b, Fh_p), (Fg, Fg_b, Fg_p) = out
        return (Fh - Fg) / LN2, (Fh_b - Fg_b) / LN2, (Fh_p - Fg_p) / LN2

    def parts(self, z):
        q = self.q
        phi, b, p, f, fL, T = self.unpack(z)
        CL, CD = cycles(q, self.D, phi)
        s = q.M * phi
        R, R_b, R_p = self._rate(b, p)
        dCL, dCD = -q.c_L, self.KD * (1.0 - q.gamma_E)
        E = q.kappa_L * CL * fL ** 2 + q.kappa_D * CD * f ** 2 + p * s / R
        dE = [q.kappa_L * dCL * fL ** 2 + q.kappa_D * dCD * f ** 2 + p * q.M / R,
              -p * s * R_b / R ** 2, s / R - p * s * R_p / R ** 2,
              2 * q.kappa_D * CD * f, 2 * q.kappa_L * CL * fL]
        Tn = CL / fL + CD / f + s / R
        dT = [dCL / fL + dCD / f + q.M / R, -s * R_b / R ** 2, -s * R_p / R ** 2, -CD / f ** 2, -CL / fL ** 2]
        return dict(phi=phi, T=T, R=R, R_b=R_b, R_p=R_p, E=E, dE=dE, Tn=Tn, dT=dT)

    def ratio(self, z):
        q = self.q
        P = self.parts(z)
        U = np.sum(self.omega * np.log1p(q.zeta * P["phi"]))
        S = q.w_e * np.sum(P["E"]) + q.w_t * P["T"]
        return U / S

    # ---- SLSQP callbacks ----------------------------------------------------
    def fun_grad(self, z):
        q, n = self.q, self.n
        P = self.parts(z)
        U = np.sum(self.omega * np.log1p(q.zeta * P["phi"]))
        S = q.w_e * np.sum(P["E"]) + q.w_t * P["T"]
        r = U / S
        dU = np.zeros(5 * n + 1)
        dU[:n] = self.omega * q.zeta / (1.0 + q.zeta * P["phi"])
        dS = np.zeros(5 * n + 1)
        dS[:5 * n] = q.w_e * np.concatenate(P["dE"])
        dS[5 * n] = q.w_t
        g = (dU - r * dS) / S
        g[:5 * n] *= self.sc
        g[5 * n] *= self.T_ref
        return -r / self.ratio_ref, -g / self.ratio_ref

    def constraints(self):
        q, n = self.q, self.n
        Rs = q.B / n

        def c_nl(z):
            P = self.parts(z)
            return np.r_[(P["R"] - q.R_min) / Rs, (P["T"] - P["Tn"]) / self.T_ref]

        def j_nl(z):
            P = self.parts(z)
            J = np.zeros((2 * n, 5 * n + 1))
            idx = np.arange(n)
            J[idx, n + idx] = P["R_b"] / Rs * self.sc[n:2 * n]
            J[idx, 2 * n + idx] = P["R_p"] / Rs * self.sc[2 * n:3 * n]
            for k in range(5):
                J[n + idx, k * n + idx] = -P["dT"][k] * self.sc[k * n:(k + 1) * n] / self.T_ref
            J[n:, 5 * n] = 1.0
            return J

        A = np.zeros((2, 5 * n + 1))
        A[0, n:2 * n] = -1.0
        A[1, 4 * n:5 * n] = -1.0
        cons = [dict(type="ineq", fun=c_nl, jac=j_nl),
                dict(type="ineq", fun=lambda z: np.array([n, n], float) + A @ z, jac=lambda z: A)]
        if math.isfinite(q.T_max):
            e = np.zeros(5 * n + 1)
            e[5 * n] = -1.0
            cons.append(dict(type="ineq", fun=lambda z: np.array([(q.T_max - z[5 * n] * self.T_ref) / self.T_ref]),
                             jac=lambda z: e[None, :]))
        return cons

    def bounds(self):
        q, n = self.q, self.n
        lo = np.r_[np.full(n, q.phi_min), np.full(n, 1e-9), np.full(n, 1e-9), np.full(n, q.f_min / q.f_max),
                   np.full(n, 1e-9), 1e-9]
        hi = np.r_[np.full(n, q.phi_max), np.full(n, float(n)), np.ones(n), np.ones(n), np.full(n, float(n)), np.inf]
        return list(zip(lo, hi))

    # ---- starting points ----------------------------------------------------
    def initial_point(self):
        """docs/model.md section 5's initial point."""
        q, n = self.q, self.n
        bm = b_min(self.inst)[self.a]
        phi = np.full(n, q.phi_min)
        b = bm + (q.B - bm.sum()) / n
        p, f, fL = np.full(n, q.p_max), np.full(n, q.f_max), np.full(n, q.F_L / n)
        _, Tn, _ = owner_costs(q, self.h, self.g, self.D, phi, b, p, f, fL)
        return phi, b, p, f, fL, float(Tn.max())

    def random_point(self, rng):
        q, n = self.q, self.n
        phi = rng.uniform(q.phi_min, q.phi_max, n)
        p = q.p_max * rng.uniform(0.3, 1.0, n)
        need = _b_for_rate(self, p, 1.01 * q.R_min)
        if need.sum() >= 0.95 * q.B:
            p = np.full(n, q.p_max)
            need = _b_for_rate(self, p, 1.01 * q.R_min)
        w = rng.uniform(0.05, 1.0, n)
        b = need + max(0.95 * q.B - need.sum(), 0.0) * w / w.sum()
        f = rng.uniform(q.f_min, q.f_max, n)
        w = rng.uniform(0.05, 1.0, n)
        fL = 0.95 * q.F_L * w / w.sum()
        _, Tn, _ = owner_costs(q, self.h, self.g, self.D, phi, b, p, f, fL)
        return phi, b, p, f, fL, float(Tn.max()) * 1.01


def _b_for_rate(prob, p, R):
    """Per owner, the b with secrecy rate R at power p (bisection in log b)."""
    q = prob.q
    lo = np.full(prob.n, q.B * 1e-12)
    hi = np.full(prob.n, q.B)
    for _ in range(200):
        mid = np.sqrt(lo * hi)
        ok = prob._rate(mid, p)[0] >= R
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
    return hi


def local_solve(prob, start, maxiter=1000):
    """SLSQP from start = (phi, b, p, f, fL, T); returns (ratio, z, feasible)."""
    z0 = prob.pack(*start)
    res = minimize(prob.fun_grad, z0, jac=True, method="SLSQP", bounds=prob.bounds(),
                   constraints=prob.constraints(), options=dict(maxiter=maxiter, ftol=1e-13))
    z = res.x
    phi, b, p, f, fL, T = prob.unpack(z)
    full = lambda v: _embed(prob.a, v)
    viol = violations(prob.inst, prob.a, full(phi), full(b), full(p), full(f), full(fL), T)
    return prob.ratio(z), z, max(viol.values()) <= 1e-7


def _embed(active, v):
    out = np.zeros(len(active))
    out[active] = v
    return out


def multistart(prob, starts):
    """Best feasible ratio over the local solves from each start."""
    best, best_z, n_feasible = -math.inf, None, 0
    for s in starts:
        try:
            r, z, feasible = local_solve(prob, s)
        except (ValueError, FloatingPointError, ZeroDivisionError):
            continue
        if feasible and np.isfinite(r):
            n_feasible += 1
            if r > best:
                best, best_z = r, z
    return best, best_z, n_feasible
