"""The otmec model (docs/model.md sections 2-4), written independently of otmec's C code.

Every quantity is in SI units. Arrays hold one entry per owner.
"""
import json
import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

LN2 = math.log(2.0)


@dataclass
class Params:
    B: float
    p_max: float
    R_min: float
    N0: float
    f_min: float
    f_max: float
    kappa_D: float
    F_L: float
    kappa_L: float
    c_L: float
    c_full: float
    gamma_E: float
    epochs: float
    M: float
    phi_min: float
    phi_max: float
    zeta: float
    w_e: float
    w_t: float
    T_max: float  # math.inf without a deadline

    @staticmethod
    def from_json(d):
        t = d.get("T_max_s")
        return Params(
            B=d["B_Hz"], p_max=d["p_max_W"], R_min=d["R_min_bps"], N0=d["N0_W_per_Hz"],
            f_min=d["f_min_Hz"], f_max=d["f_max_Hz"], kappa_D=d["kappa_D"],
            F_L=d["F_L_Hz"], kappa_L=d["kappa_L"], c_L=d["c_L"],
            c_full=d["c_full"], gamma_E=d["gamma_E"], epochs=d["epochs"], M=d["M_bits"],
            phi_min=d["phi_min"], phi_max=d["phi_max"], zeta=d["zeta"],
            w_e=d["w_e"], w_t=d["w_t"], T_max=math.inf if t is None else float(t))


@dataclass
class Instance:
    prm: Params
    h: np.ndarray
    g: np.ndarray
    D: np.ndarray
    raw: dict

    @staticmethod
    def load(path):
        with open(path) as f:
            d = json.load(f)
        o = d["owners"]
        return Instance(Params.from_json(d["params"]), np.asarray(o["h"], float),
                        np.asarray(o["g"], float), np.asarray(o["D"], float), d)

    @property
    def omega(self):
        """omega_n = D_n / mean(D), mean over all owners of the instance."""
        return self.D / self.D.mean()


# ---- rates -------------------------------------------------------------------
def shannon(b, p, gain, N0):
    """b log2(1 + p gain / (N0 b)) [bit/s]."""
    b = np.asarray(b, float)
    return b * np.log1p(p * gain / (N0 * b)) / LN2


def secrecy_rate(b, p, h, g, N0):
    return shannon(b, p, h, N0) - shannon(b, p, g, N0)


def in_outage(inst):
    q = inst.prm
    return secrecy_rate(q.B, q.p_max, inst.h, inst.g, q.N0) < q.R_min


def b_min(inst, p=None):
    """Smallest b with R(b, p) >= R_min, per owner (inf in outage)."""
    q = inst.prm
    p = q.p_max if p is None else p
    out = np.full(len(inst.h), math.inf)
    for n in range(len(inst.h)):
        pn = p if np.isscalar(p) else p[n]
        if secrecy_rate(q.B, pn, inst.h[n], inst.g[n], q.N0) < q.R_min:
            continue
        if q.R_min <= 0:
            out[n] = 0.0
            continue
        fun = lambda b: secrecy_rate(b, pn, inst.h[n], inst.g[n], q.N0) - q.R_min
        out[n] = brentq(fun, q.B * 1e-15, q.B, xtol=1e-14 * q.B, rtol=1e-15, maxiter=500)
    return out


# ---- per-owner pipeline --------------------------------------------------------
def cycles(q, D, phi):
    CL = q.c_L * (1.0 - phi)
    CD = q.epochs * D * q.c_full * (q.gamma_E + (1.0 - q.gamma_E) * phi)
    return CL, CD


def owner_costs(q, h, g, D, phi, b, p, f, fL):
    """(rate, T_n, E_n) per owner."""
    CL, CD = cycles(q, D, phi)
    s = q.M * phi
    R = secrecy_rate(b, p, h, g, q.N0)
    T = CL / fL + CD / f + s / R
    E = q.kappa_L * CL * fL ** 2 + q.kappa_D * CD * f ** 2 + p * s / R
    return R, T, E


def evaluate(inst, active, phi, b, p, f, fL, T):
    """U, S, total energy at an allocation (active: boolean mask)."""
    q = inst.prm
    a = np.asarray(active, bool)
    _, _, E = owner_costs(q, inst.h[a], inst.g[a], inst.D[a], phi[a], b[a], p[a], f[a], fL[a])
    U = float(np.sum(inst.omega[a] * np.log1p(q.zeta * phi[a])))
    S = q.w_e * float(np.sum(E)) + q.w_t * T
    return U, S, float(np.sum(E))


def violations(inst, active, phi, b, p, f, fL, T):
    """Relative violation of each of C1..C7 (0 when satisfied)."""
    q = inst.prm
    a = np.asarray(active, bool)
    R, Tn, _ = owner_costs(q, inst.h[a], inst.g[a], inst.D[a], phi[a], b[a], p[a], f[a], fL[a])
    pos = lambda x: float(max(0.0, np.max(x))) if np.size(x) else 0.0
    v = {
        "C1": pos(np.r_[q.phi_min - phi[a], phi[a] - q.phi_max]) / q.phi_max,
        "C2": max(pos((np.sum(b[a]) - q.B) / q.B), pos(-b[a])),
        "C3": max(pos((p[a] - q.p_max) / q.p_max), pos(-p[a])),
        "C4": pos(np.r_[q.f_min - f[a], f[a] - q.f_max]) / q.f_max,
        "C5": max(pos((np.sum(fL[a]) - q.F_L) / q.F_L), pos(-fL[a])),
        "C6": pos((q.R_min - R) / max(q.R_min, 1.0)),
        "C7": max(pos((Tn - T) / T), pos((T - q.T_max) / T) if math.isfinite(q.T_max) else 0.0),
    }
    if np.any(b[a] <= 0) or np.any(p[a] <= 0) or np.any(fL[a] <= 0):
        v["positive"] = 1.0
    return v
