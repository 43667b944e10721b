/*
 * The owner problem's jets computed the general way (test-only): every
 * sub-expression a dense jet over all five variables, as
 * src/math/owner_problem.h did before its closed forms. It shares no
 * derivative code with otm_owner_eval, so the two agreeing to rounding checks
 * the hand-derived partials, their sparsity, the free mask and the scales.
 */
#ifndef OTMEC_TESTS_OWNER_EVAL_DENSE_H
#define OTMEC_TESTS_OWNER_EVAL_DENSE_H

#include "jet_arith.h"
#include "math/owner_problem.h"

/* An owner's jets with every Hessian entry stored: the reference's form, and
 * the library's compact jets expanded to it (the entries the compact form
 * leaves out are zero). */
typedef struct otm_dense_jets {
    jet F, cR, Tn;
} otm_dense_jets;

static inline jet otm_dense_of_arrow(const otm_grad_jet *a, const double h[OTM_ARROW_HDIM])
{
    jet r = jet_const(a->v);
    for (int i = 0; i < JET_DIM; ++i)
        r.g[i] = a->g[i];
    for (int k = 0; k < JET_HDIM; ++k)
        r.h[k] = otm_arrow_h(h, jet_row(k), jet_col(k));
    return r;
}

static inline jet otm_dense_of_rate(const otm_bp_jet *a, const otm_owner_hessians *H)
{
    jet r = jet_const(a->v);
    for (int i = 0; i < JET_DIM; ++i)
        r.g[i] = otm_bp_jet_g(a, i);
    for (int k = 0; k < JET_HDIM; ++k)
        r.h[k] = otm_rate_h(H, jet_row(k), jet_col(k));
    return r;
}

static inline otm_dense_jets otm_dense_of(const otm_owner_jets *J, const otm_owner_hessians *H)
{
    otm_dense_jets d;
    d.F = otm_dense_of_arrow(&J->F, H->F);
    d.cR = otm_dense_of_rate(&J->cR, H);
    d.Tn = otm_dense_of_arrow(&J->Tn, H->Tn);
    return d;
}

/* otm_owner_eval_into's jets expanded. */
static inline otm_dense_jets otm_owner_eval_expanded(otm_kind kind, const otm_params *q, const otm_owner_data *od,
                                                     double lambda, const double x[JET_DIM], unsigned free_mask,
                                                     const otm_scales *sc)
{
    otm_owner_jets J;
    otm_owner_hessians H;
    otm_owner_eval_into(kind, q, od, lambda, x, free_mask, sc, &J, &H);
    return otm_dense_of(&J, &H);
}

static inline otm_dense_jets otm_owner_eval_dense(otm_kind kind, const otm_params *q, const otm_owner_data *od,
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
    if (kind == OTM_KIND_SP2) {
        double Gb, Gp;
        otm_eve_tangent(od, q->N0, &Gb, &Gp);
        R = jet_scale(jet_sub(jet_perspective_log(b, p, od->h / q->N0), jet_lin2(b, Gb, p, Gp)),
                      1.0 / OTMEC_LN2);
    } else
        R = jet_scale(jet_secrecy_log(b, p, (od->h - od->g) / q->N0, od->g / q->N0), 1.0 / OTMEC_LN2);

    otm_dense_jets out;
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
