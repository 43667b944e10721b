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
#include "math/rate_bp.h"

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
    double eve_snr0; /* SP2: Eve's SNR p g/(N0 b) at the point her term is linearized */
} otm_owner_data;

/* Scales that make every scaled variable, time and objective O(1). */
typedef struct otm_scales {
    double x[JET_DIM]; /* phi, b, p, f, fL */
    double T, F, R;
} otm_scales;

/* Jets of one owner, values and gradients (their Hessians below): objective
 * share F/F_scale, rate constraint (R_min - R)/R_scale and delay
 * T_n/T_scale; for the full problem also the owner's utility and energy [J]
 * (U and S of P0 are their sums), by-products of F that spare the
 * refinement a pass over the owners to know U/S, and the utility's share of
 * F's value and phi gradient (F = lambda w_e E~ - U~; F's phi-phi entry is
 * the utility's alone), with which F at another lambda is an update
 * (otm_owner_jets_relambda) instead of an evaluation. */
typedef struct otm_owner_jets {
    otm_grad_jet F, Tn;
    otm_bp_jet cR;
    double util, energy;
    double uF[2];
} otm_owner_jets;

/* ... and their Hessians (jet.h): F's and T_n's arrowheads, the rate
 * constraint's over (b, p). */
typedef struct otm_owner_hessians {
    double F[OTM_ARROW_HDIM], Tn[OTM_ARROW_HDIM]; /* H[i][j] at otm_arrow_hk(i, j) */
    double Rbb, Rbp, Rpp;
} otm_owner_hessians;

/* H[i][j] of the rate constraint, zero outside (b, p). */
OTMEC_HD double otm_rate_h(const otm_owner_hessians *H, int i, int j)
{
    int lo = i < j ? i : j, hi = i < j ? j : i;
    if (lo == JET_B)
        return hi == JET_B ? H->Rbb : hi == JET_P ? H->Rbp : 0.0;
    return lo == JET_P && hi == JET_P ? H->Rpp : 0.0;
}

/* Linearizes Eve's term b ln(1 + p g/(N0 b)) at (b0, p0): her SNR there
 * is all the surrogate needs (otm_tangent_gap_bp). */
OTMEC_HD void otm_eve_linearization(otm_owner_data *od, double b0, double p0, double N0)
{
    od->eve_snr0 = od->g / N0 * p0 / b0;
}

/* The tangent's gradient (Gb, Gp) at the linearization point: by
 * homogeneity the expansion of Eve's term is exactly Gb*b + Gp*p. */
OTMEC_HD void otm_eve_tangent(const otm_owner_data *od, double N0, double *Gb, double *Gp)
{
    double u = od->eve_snr0;
    *Gb = log1p(u) - u / (1.0 + u);
    *Gp = od->g / N0 / (1.0 + u);
}

/* Surrogate rate R~(b, p) = [F_h(b,p) - Gb*b - Gp*p]/ln2 <= R(b, p) [bit/s],
 * computed as the true rate less the tangent's gap (otm_tangent_gap_bp). */
OTMEC_HD double otm_surrogate_rate(double b, double p, const otm_owner_data *od, double N0)
{
    if (!(b > 0.0) || !(p > 0.0))
        return 0.0;
    return otm_surrogate_rate_nats_bp(b, p, (od->h - od->g) / N0, od->g / N0, od->eve_snr0).v / OTMEC_LN2;
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

/* The jets of one owner, built from closed-form partial derivatives: each
 * piece depends on few variables (T_n = CL(phi)/fL + CD(phi)/f + s(phi)/R(b, p),
 * the energies CL fL^2, CD f^2 and p s/R, the utility in phi alone), so of the
 * 15 Hessian entries of an output at most 10 are nonzero and every one is a
 * product or two of the pieces' own derivatives; dense jet arithmetic spent
 * most of its work on zeros. Partials are taken in physical units and mapped
 * to the scaled variables by d_j = d x_j / d xs_j (zero for a fixed variable:
 * its derivatives vanish). CL, CD and s are affine in phi, so the only phi-phi
 * curvature is the utility's. */
OTMEC_HD_ONE_COPY void otm_owner_eval_into(otm_kind kind, const otm_params *q, const otm_owner_data *od,
                                           double lambda, const double x[JET_DIM], unsigned free_mask,
                                           const otm_scales *sc, otm_owner_jets *out, otm_owner_hessians *H)
{
    double d[JET_DIM];
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j)
        d[j] = (free_mask >> j & 1u) ? sc->x[j] : 0.0;
    double phi = x[JET_PHI], b = x[JET_B], p = x[JET_P], f = x[JET_F], fL = x[JET_FL];

    double KD = q->epochs * od->D * q->c_full;
    double dCL = -q->c_L, dCD = KD * (1.0 - q->gamma_E); /* slopes in phi */
    double CL = phi * dCL + q->c_L;
    double CD = phi * dCD + KD * q->gamma_E;
    double s = phi * q->M;

    double ad = (od->h - od->g) / q->N0, ag = od->g / q->N0;
    otm_bp_derivs R = kind == OTM_KIND_SP2 ? otm_surrogate_rate_nats_bp(b, p, ad, ag, od->eve_snr0)
                                           : otm_rate_nats_bp(b, p, ad, ag);
    R = otm_bp_scale(R, 1.0 / OTMEC_LN2);
    otm_bp_derivs iR = otm_bp_inv(R);

    double ifL = 1.0 / fL, iF = 1.0 / f;
    double TL = CL * ifL, TD = CD * iF, TU = s * iR.v;
    double cT = 1.0 / sc->T;
    double tphi = d[JET_PHI] * cT, tb = d[JET_B] * cT, tp = d[JET_P] * cT, tf = d[JET_F] * cT,
           tfL = d[JET_FL] * cT;
    otm_grad_jet *T = &out->Tn;
    double *TH = H->Tn;
    T->v = (TL + TD + TU) * cT;
    T->g[JET_PHI] = (dCL * ifL + dCD * iF + q->M * iR.v) * tphi;
    T->g[JET_B] = s * iR.b * tb;
    T->g[JET_P] = s * iR.p * tp;
    T->g[JET_F] = -TD * iF * tf;
    T->g[JET_FL] = -TL * ifL * tfL;
    TH[otm_arrow_hk(JET_PHI, JET_PHI)] = 0.0; /* CL, CD and s are affine in phi */
    TH[otm_arrow_hk(JET_PHI, JET_B)] = q->M * iR.b * d[JET_PHI] * tb;
    TH[otm_arrow_hk(JET_PHI, JET_P)] = q->M * iR.p * d[JET_PHI] * tp;
    TH[otm_arrow_hk(JET_PHI, JET_F)] = -dCD * iF * iF * d[JET_PHI] * tf;
    TH[otm_arrow_hk(JET_PHI, JET_FL)] = -dCL * ifL * ifL * d[JET_PHI] * tfL;
    TH[otm_arrow_hk(JET_B, JET_B)] = s * iR.bb * d[JET_B] * tb;
    TH[otm_arrow_hk(JET_B, JET_P)] = s * iR.bp * d[JET_B] * tp;
    TH[otm_arrow_hk(JET_P, JET_P)] = s * iR.pp * d[JET_P] * tp;
    TH[otm_arrow_hk(JET_F, JET_F)] = 2.0 * TD * iF * iF * d[JET_F] * tf;
    TH[otm_arrow_hk(JET_FL, JET_FL)] = 2.0 * TL * ifL * ifL * d[JET_FL] * tfL;

    double cR = -1.0 / sc->R;
    otm_bp_jet *C = &out->cR;
    C->v = (R.v - q->R_min) * cR;
    C->gb = R.b * d[JET_B] * cR;
    C->gp = R.p * d[JET_P] * cR;
    H->Rbb = R.bb * d[JET_B] * d[JET_B] * cR;
    H->Rbp = R.bp * d[JET_B] * d[JET_P] * cR;
    H->Rpp = R.pp * d[JET_P] * d[JET_P] * cR;

    out->util = out->energy = 0.0;
    out->uF[0] = out->uF[1] = 0.0;
    if (kind == OTM_KIND_PHASE1) {
        out->F.v = 0.0;
        OTM_HOST_UNROLLED_LOOP
        for (int j = 0; j < JET_DIM; ++j)
            out->F.g[j] = 0.0;
        for (int k = 0; k < OTM_ARROW_HDIM; ++k)
            H->F[k] = 0.0;
        return;
    }
    /* E_cmp = kappa_L CL fL^2 + kappa_D CD f^2 and the upload term E_up(b, p)
     * (FULL: p s/R; SP2: its FP form y (p s)^2 + 1/(4 y R^2), s at the fixed
     * phi); F = a E_cmp + a E_up - utility with a = lambda w_e (FULL) or w_e. */
    double EL = CL * (fL * fL) * q->kappa_L, ED = CD * (f * f) * q->kappa_D;
    double E_phi = dCL * (fL * fL) * q->kappa_L + dCD * (f * f) * q->kappa_D;
    double E_f = 2.0 * CD * f * q->kappa_D, E_fL = 2.0 * CL * fL * q->kappa_L;
    double E_phif = 2.0 * dCD * f * q->kappa_D, E_phifL = 2.0 * dCL * fL * q->kappa_L;
    double E_ff = 2.0 * CD * q->kappa_D, E_fLfL = 2.0 * CL * q->kappa_L;
    otm_bp_derivs U;             /* E_up over (b, p) */
    double U_phi = 0.0, U_phib = 0.0, U_phip = 0.0; /* its phi terms (FULL) */
    double util = 0.0, util_phi = 0.0, util_phiphi = 0.0;
    double a, cF;
    if (kind == OTM_KIND_FULL) {
        /* p s iR with s = M phi */
        double ps = p * s;
        U.v = ps * iR.v;
        U.b = ps * iR.b;
        U.p = s * (iR.v + p * iR.p);
        U.bb = ps * iR.bb;
        U.bp = s * (iR.b + p * iR.bp);
        U.pp = s * (2.0 * iR.p + p * iR.pp);
        U_phi = q->M * p * iR.v;
        U_phib = q->M * p * iR.b;
        U_phip = q->M * (iR.v + p * iR.p);
        double z = 1.0 / (1.0 + q->zeta * phi);
        util = od->omega * otm_log1p(phi * q->zeta);
        util_phi = od->omega * q->zeta * z;
        util_phiphi = -util_phi * q->zeta * z;
        a = lambda * q->w_e;
        cF = 1.0 / sc->F;
        out->util = util;
        out->energy = EL + ED + U.v;
    } else {
        double c = od->phi * q->M, yc2 = od->y * c * c;
        U = otm_bp_scale(otm_bp_sq(iR), 0.25 / od->y);
        U.v += (p * c) * (p * c) * od->y;
        U.p += 2.0 * yc2 * p;
        U.pp += 2.0 * yc2;
        a = 1.0;
        cF = q->w_e / sc->F;
    }
    double fphi = d[JET_PHI] * cF, fb = d[JET_B] * cF, fp = d[JET_P] * cF, ff = d[JET_F] * cF,
           ffL = d[JET_FL] * cF;
    otm_grad_jet *F = &out->F;
    double *FH = H->F;
    F->v = ((EL + ED + U.v) * a - util) * cF;
    F->g[JET_PHI] = ((E_phi + U_phi) * a - util_phi) * fphi;
    F->g[JET_B] = U.b * a * fb;
    F->g[JET_P] = U.p * a * fp;
    F->g[JET_F] = E_f * a * ff;
    F->g[JET_FL] = E_fL * a * ffL;
    FH[otm_arrow_hk(JET_PHI, JET_PHI)] = -util_phiphi * d[JET_PHI] * fphi;
    FH[otm_arrow_hk(JET_PHI, JET_B)] = U_phib * a * d[JET_PHI] * fb;
    FH[otm_arrow_hk(JET_PHI, JET_P)] = U_phip * a * d[JET_PHI] * fp;
    FH[otm_arrow_hk(JET_PHI, JET_F)] = E_phif * a * d[JET_PHI] * ff;
    FH[otm_arrow_hk(JET_PHI, JET_FL)] = E_phifL * a * d[JET_PHI] * ffL;
    FH[otm_arrow_hk(JET_B, JET_B)] = U.bb * a * d[JET_B] * fb;
    FH[otm_arrow_hk(JET_B, JET_P)] = U.bp * a * d[JET_B] * fp;
    FH[otm_arrow_hk(JET_P, JET_P)] = U.pp * a * d[JET_P] * fp;
    FH[otm_arrow_hk(JET_F, JET_F)] = E_ff * a * d[JET_F] * ff;
    FH[otm_arrow_hk(JET_FL, JET_FL)] = E_fLfL * a * d[JET_FL] * ffL;
    if (kind == OTM_KIND_FULL) {
        out->uF[0] = util * cF;
        out->uF[1] = util_phi * fphi;
    }
}

/* otm_owner_eval_into's values and gradients as a value. */
OTMEC_HD otm_owner_jets otm_owner_eval(otm_kind kind, const otm_params *q, const otm_owner_data *od, double lambda,
                                       const double x[JET_DIM], unsigned free_mask, const otm_scales *sc)
{
    otm_owner_jets J;
    otm_owner_hessians H;
    otm_owner_eval_into(kind, q, od, lambda, x, free_mask, sc, &J, &H);
    return J;
}

/* The full problem's F at lambda' = factor * lambda from F at lambda: the
 * energy part scales with lambda, the utility's stays. Entries free of the
 * utility are scaled, the phi-phi entry (utility only) is kept; the value
 * and the phi gradient agree with an evaluation at lambda' to rounding. */
OTMEC_HD void otm_owner_jets_relambda(otm_owner_jets *J, otm_owner_hessians *H, double factor)
{
    const int hpp = otm_arrow_hk(JET_PHI, JET_PHI);
    J->F.v = factor * (J->F.v + J->uF[0]) - J->uF[0];
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j)
        J->F.g[j] = j == JET_PHI ? factor * (J->F.g[j] + J->uF[1]) - J->uF[1] : factor * J->F.g[j];
    for (int k = 0; k < OTM_ARROW_HDIM; ++k)
        if (k != hpp)
            H->F[k] *= factor;
}

#endif
