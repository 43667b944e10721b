/*
 * One owner's share of the smooth problems the interior-point solver works on,
 * written once on jets (host and device):
 *   SP2     the FP + SCA surrogate of docs/model.md section 5 over (b, p, f, fL),
 *           phi and y fixed, Eve's term linearized at (b0, p0);
 *   SP2_EXACT  the same with the true secrecy rate, itself jointly concave
 *           when h > g (docs/algorithm.md), so SP2 is convex without SCA;
 *   FULL    P(lambda) itself over (phi, b, p, f, fL) with the true secrecy
 *           rate (nonconvex; used by the final KKT refinement);
 *   PHASE1  minimize T over (b, fL) at fixed phi, p, f (feasibility search).
 * The coupling pieces (w * T, sum b <= B, sum fL <= F_L, T <= T_max) are
 * handled by the solver, not here.
 */
#ifndef OTMEC_OWNER_PROBLEM_H
#define OTMEC_OWNER_PROBLEM_H

#include "math/jet.h"

typedef enum otm_kind {
    OTM_KIND_SP2 = 0,       /* SCA surrogate: Eve's term linearized */
    OTM_KIND_FULL = 1,
    OTM_KIND_PHASE1 = 2,
    OTM_KIND_SP2_EXACT = 3  /* SP2 with the true rate (concave when h > g) */
} otm_kind;

/* Per-owner constants of one subproblem. */
typedef struct otm_owner_data {
    double h, g, D, omega;
    double phi, y; /* SP2: fixed adapter rate and FP auxiliary */
    double Gb, Gp; /* SP2: gradient of b*ln(1 + p*g/(N0 b)) at the linearization point */
} otm_owner_data;

/* Scales that make every scaled variable, time and objective O(1). */
typedef struct otm_scales {
    double x[JET_DIM]; /* phi, b, p, f, fL */
    double T, F, R;
} otm_scales;

/* Jets of one owner: objective share F/F_scale, rate constraint
 * (R_min - R)/R_scale and delay T_n/T_scale. */
typedef struct otm_owner_jets {
    jet F, cR, Tn;
} otm_owner_jets;

/* Gradient of Eve's perspective term at (b0, p0): the SCA linearization. By
 * homogeneity the expansion is exactly Gb*b + Gp*p. */
OTMEC_HD void otm_eve_linearization(double b0, double p0, double g, double N0, double *Gb, double *Gp)
{
    double a = g / N0;
    double u = a * p0 / b0;
    *Gb = log1p(u) - u / (1.0 + u);
    *Gp = a / (1.0 + u);
}

/* Surrogate rate R~(b, p) = [F_h(b,p) - Gb*b - Gp*p]/ln2 <= R(b, p). */
OTMEC_HD double otm_surrogate_rate(double b, double p, double h, double N0, double Gb, double Gp)
{
    return (otm_perspective_log(b, p, h / N0) - Gb * b - Gp * p) / OTMEC_LN2;
}

/* Physical bounds of variable j (lo may be 0 meaning "strictly positive"). */
OTMEC_HD void otm_var_bounds(const otm_params *q, int j, double *lo, double *hi)
{
    switch (j) {
    case JET_PHI: *lo = q->phi_min; *hi = q->phi_max; break;
    case JET_P: *lo = 0.0; *hi = q->p_max; break;
    case JET_F: *lo = q->f_min; *hi = q->f_max; break;
    default: *lo = 0.0; *hi = INFINITY; break; /* b, fL: sums bound them */
    }
}

OTMEC_HD_ONE_COPY otm_owner_jets otm_owner_eval(otm_kind kind, const otm_params *q, const otm_owner_data *od,
                                       double lambda, const double x[JET_DIM], unsigned free_mask,
                                       const otm_scales *sc)
{
    jet v[JET_DIM];
    for (int j = 0; j < JET_DIM; ++j)
        v[j] = (free_mask >> j & 1u) ? jet_var(j, x[j], sc->x[j]) : jet_const(x[j]);
    jet phi = v[JET_PHI], b = v[JET_B], p = v[JET_P], f = v[JET_F], fL = v[JET_FL];

    double KD = q->epochs * od->D * q->c_full;
    jet CL = jet_add_const(jet_scale(phi, -q->c_L), q->c_L);
    jet CD = jet_add_const(jet_scale(phi, KD * (1.0 - q->gamma_E)), KD * q->gamma_E);
    jet s = jet_scale(phi, q->M);

    jet R;
    if (kind == OTM_KIND_SP2)
        R = jet_scale(jet_sub(jet_perspective_log(b, p, od->h / q->N0), jet_lin2(b, od->Gb, p, od->Gp)),
                      1.0 / OTMEC_LN2);
    else
        R = jet_scale(jet_secrecy_log(b, p, (od->h - od->g) / q->N0, od->g / q->N0), 1.0 / OTMEC_LN2);

    otm_owner_jets out;
    jet invR = jet_inv(R);
    jet Tn = jet_add(jet_add(jet_div(CL, fL), jet_div(CD, f)), jet_mul(s, invR));
    out.Tn = jet_scale(Tn, 1.0 / sc->T);
    out.cR = jet_scale(jet_add_const(R, -q->R_min), -1.0 / sc->R);

    jet E_cmp = jet_add(jet_scale(jet_mul(CL, jet_sq(fL)), q->kappa_L), jet_scale(jet_mul(CD, jet_sq(f)), q->kappa_D));
    if (kind == OTM_KIND_SP2 || kind == OTM_KIND_SP2_EXACT) {
        /* y*(p s)^2 + 1/(4 y R^2): the FP form of the upload energy p s / R */
        jet ps = jet_scale(p, od->phi * q->M);
        jet fp = jet_add(jet_scale(jet_sq(ps), od->y), jet_scale(jet_sq(invR), 0.25 / od->y));
        out.F = jet_scale(jet_add(E_cmp, fp), q->w_e / sc->F);
    } else if (kind == OTM_KIND_FULL) {
        jet EU = jet_mul(jet_mul(p, s), invR);
        jet util = jet_scale(jet_log1p(jet_scale(phi, q->zeta)), od->omega);
        out.F = jet_scale(jet_sub(jet_scale(jet_add(E_cmp, EU), lambda * q->w_e), util), 1.0 / sc->F);
    } else {
        out.F = jet_const(0.0);
    }
    return out;
}

#endif
