/*
 * The owner phases of ipm_owner.h that dominate an interior-point
 * iteration, for OTM_LANES consecutive owners at once (host only): each
 * operation of the scalar phase is one vector operation over the owners,
 * in the same order and without contraction, so every owner's results
 * have the scalar phase's bits (tests/test_owner_lanes.cpp checks them
 * owner by owner). Where the scalar phase branches on an owner's values,
 * both sides are computed and each lane keeps its own; where it gives up
 * (a pivot not positive), the lane is flagged and the caller runs the
 * scalar phase for that owner. Sums over owners stay with the caller, in
 * owner order.
 *
 * The owners' states are arrays of structures; a vector of one field over
 * four owners is gathered (one instruction with AVX2, where the build
 * allows it: the x86-64-v3 copy of the controller) and the results are
 * written back lane by lane.
 */
#ifndef OTMEC_IPM_OWNER_LANES_H
#define OTMEC_IPM_OWNER_LANES_H

#include "math/ipm_owner.h"

#if !defined(__CUDACC__) && (defined(__GNUC__) || defined(__clang__))
#define OTM_HAVE_LANES 1
#define OTM_LANES 4

#if defined(__AVX2__)
#include <immintrin.h>
#endif

typedef double otm_lanes __attribute__((vector_size(32)));
typedef long long otm_lane_mask __attribute__((vector_size(32)));

/* v in every lane. */
#define OTM_LANES_ALL(v) ((otm_lanes){(v), (v), (v), (v)})

/* Field `f` (an lvalue expression of element 0) of four consecutive
 * elements of array `a`. */
#if defined(__AVX2__)
#define OTM_LANES_OF(a, f)                                                                                             \
    ((otm_lanes)_mm256_i64gather_pd(&(a)[0].f, _mm256_set_epi64x(3 * (long long)sizeof((a)[0]),                    \
                                                                 2 * (long long)sizeof((a)[0]),                    \
                                                                 (long long)sizeof((a)[0]), 0),                    \
                                    1))
#else
#define OTM_LANES_OF(a, f) ((otm_lanes){(a)[0].f, (a)[1].f, (a)[2].f, (a)[3].f})
#endif

/* Lane by lane: m ? x : y. */
#define OTM_LANES_SELECT(m, x, y) ((otm_lanes)(((m) & (otm_lane_mask)(x)) | (~(m) & (otm_lane_mask)(y))))

/* Writes the four lanes of v to field `f` of four consecutive elements of
 * array `a`. */
#define OTM_LANES_STORE(a, f, v)                                                                                       \
    do {                                                                                                               \
        const otm_lanes otm_store_v_ = (v);                                                                            \
        (a)[0].f = otm_store_v_[0];                                                                                    \
        (a)[1].f = otm_store_v_[1];                                                                                    \
        (a)[2].f = otm_store_v_[2];                                                                                    \
        (a)[3].f = otm_store_v_[3];                                                                                    \
    } while (0)

/* |v|, lane by lane (fabs: the sign bit cleared). */
#define OTM_LANES_ABS(v) ((otm_lanes)((otm_lane_mask)(v) & OTM_LANES_MASK_ALL(0x7fffffffffffffffLL)))
#define OTM_LANES_MASK_ALL(v) ((otm_lane_mask){(v), (v), (v), (v)})

/* otm_fmin, lane by lane: a unless b is smaller (a NaN b is ignored). */
#define OTM_LANES_FMIN(a, b) OTM_LANES_SELECT(((a) < (b)) | ((b) != (b)), (a), (b))

/* otm_fmax, lane by lane: a unless b is larger (a NaN b is ignored). */
#define OTM_LANES_FMAX(a, b) OTM_LANES_SELECT(((a) > (b)) | ((b) != (b)), (a), (b))

/* otm_slack_step_bound, lane by lane (divides in every lane, keeps the
 * quotient where it binds). */
#define OTM_SLACK_STEP_BOUND_LANES(alpha, tau, s, ds)                                                                  \
    do {                                                                                                               \
        const otm_lanes sb_s_ = (s), sb_ds_ = (ds);                                                                    \
        const otm_lane_mask sb_binds_ = (sb_ds_ < OTM_LANES_ALL(0.0)) & ((tau) * sb_s_ < (alpha) * -sb_ds_);           \
        (alpha) = OTM_LANES_SELECT(sb_binds_, (tau) * sb_s_ / -sb_ds_, (alpha));                                       \
    } while (0)

/* otm_multiplier_bound, lane by lane. */
#define OTM_MULTIPLIER_BOUND_LANES(z, is, ds, mu, tau, out)                                                           \
    do {                                                                                                               \
        const otm_lanes mb_z_ = (z), mb_dz_ = ((mu) - mb_z_ * (ds)) * (is) - mb_z_;                                    \
        const otm_lane_mask mb_binds_ = (mb_dz_ < OTM_LANES_ALL(0.0)) & ((tau) * mb_z_ < -mb_dz_);                     \
        (out) = OTM_LANES_SELECT(mb_binds_, (tau) * mb_z_ / -mb_dz_, OTM_LANES_ALL(1.0));                              \
    } while (0)

/* What the caller needs, per owner, to add a lane's block to the coupling
 * sums as otm_ipm_owner_assemble does: e (the time coupling's right side),
 * sigT and pT, and whether the arrowhead factor held (else the owner takes
 * the scalar phase, whose dense path decides). */
typedef struct otm_owner_lanes_block {
    double e[JET_DIM][OTM_LANES];
    double sigT[OTM_LANES], pT[OTM_LANES];
    int ok[OTM_LANES];
} otm_owner_lanes_block;

/* y = L^-1 b (otm_arrow_forward), lane by lane. */
static inline void otm_arrow_forward_lanes(const otm_lanes *m, const otm_lanes q[4], const otm_lanes b[JET_DIM],
                                           otm_lanes y[JET_DIM])
{
    y[0] = b[JET_B];
    y[1] = b[JET_P] - *m * y[0];
    y[2] = b[JET_F];
    y[3] = b[JET_FL];
    y[4] = b[JET_PHI] - q[0] * y[0] - q[1] * y[1] - q[2] * y[2] - q[3] * y[3];
}

/* otm_arrow_finish, lane by lane. */
static inline void otm_arrow_finish_lanes(const otm_lanes *m, const otm_lanes q[4], const otm_lanes pg[JET_DIM],
                                          const otm_lanes beta[JET_DIM], const otm_lanes id[JET_DIM],
                                          const otm_lanes y[JET_DIM], otm_lanes x[JET_DIM])
{
    otm_lanes v[JET_DIM], s = OTM_LANES_ALL(0.0);
    for (int k = 0; k < JET_DIM; ++k) {
        otm_lanes w = y[k] - pg[k] * s;
        s += beta[k] * w;
        v[k] = w * id[k];
    }
    s = OTM_LANES_ALL(0.0);
    for (int k = JET_DIM - 1; k >= 0; --k) {
        v[k] -= beta[k] * s;
        s += pg[k] * v[k];
    }
    x[JET_PHI] = v[4];
    x[JET_FL] = v[3] - q[3] * v[4];
    x[JET_F] = v[2] - q[2] * v[4];
    x[JET_P] = v[1] - q[1] * v[4];
    x[JET_B] = v[0] - *m * x[JET_P] - q[0] * v[4];
}

/* otm_ipm_owner_rhs and otm_ipm_owner_solve_arrow for owners o[0..3]
 * (Hessians H[0..3], steps st[0..3]): writes kr, ke, ka, kl of every lane
 * (those of a lane whose factor failed are meaningless: the scalar phase
 * overwrites them) and *out. */
static inline void otm_ipm_owner_block_lanes(const otm_ipm_ctx *c, const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                             const otm_owner_hessians *H, otm_ipm_step *st,
                                             otm_owner_lanes_block *out)
{
    const otm_lanes sR = OTM_LANES_OF(o, sR), sT = OTM_LANES_OF(o, sT);
    const otm_lanes lamR = OTM_LANES_OF(o, lamR), lamT = OTM_LANES_OF(o, lamT);
    const otm_lanes gRb = OTM_LANES_OF(o, J.cR.gb), gRp = OTM_LANES_OF(o, J.cR.gp);
    const otm_lanes sigR = lamR / sR, sigT = lamT / sT;
    const otm_lanes mu = OTM_LANES_ALL(sh->mu);
    /* otm_ipm_owner_rhs */
    otm_lanes vR, vT;
    if (sh->soc) {
        vR = OTM_LANES_OF(st, socR);
        vT = OTM_LANES_OF(st, socT);
    } else {
        vR = OTM_LANES_OF(o, J.cR.v) + sR;
        vT = OTM_LANES_OF(o, J.Tn.v) - sh->Ts + sT;
    }
    const otm_lanes pR = mu / sR + sigR * vR, pT = mu / sT + sigT * vT;
    const otm_lanes zero = OTM_LANES_ALL(0.0);
    otm_lanes r[JET_DIM], e[JET_DIM], a[JET_DIM], l[JET_DIM], gT[JET_DIM];
    for (int i = 0; i < JET_DIM; ++i) {
        const otm_lanes gR = i == JET_B ? gRb : i == JET_P ? gRp : zero;
        gT[i] = OTM_LANES_OF(o, J.Tn.g[i]);
        r[i] = -(OTM_LANES_OF(o, J.F.g[i]) + pR * gR + pT * gT[i]);
        e[i] = -sigT * gT[i];
        a[i] = zero;
        l[i] = zero;
    }
    a[JET_B] = OTM_LANES_ALL(c->aB);
    l[JET_FL] = OTM_LANES_ALL(c->aL);
    r[JET_B] -= sh->gB * c->aB;
    r[JET_FL] -= sh->gL * c->aL;
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j)) {
            r[j] = e[j] = a[j] = l[j] = zero;
            continue;
        }
        r[j] += mu * OTM_LANES_OF(o, isl[j]);
        if (otm_has_upper(j))
            r[j] -= mu * OTM_LANES_OF(o, isu[otm_upper_slot(j)]);
    }
    /* otm_ipm_owner_solve_arrow */
    otm_lanes d[JET_DIM], w0[4], wbp;
    for (int k = 0; k < JET_DIM; ++k) {
        int hk = otm_arrow_hk(otm_block_var(k), otm_block_var(k));
        d[k] = OTM_LANES_OF(H, F[hk]) + lamT * OTM_LANES_OF(H, Tn[hk]);
    }
    for (int k = 0; k < 4; ++k) {
        int hk = otm_arrow_hk(JET_PHI, otm_block_var(k));
        w0[k] = OTM_LANES_OF(H, F[hk]) + lamT * OTM_LANES_OF(H, Tn[hk]);
    }
    const int hbp = otm_arrow_hk(JET_B, JET_P);
    d[0] += lamR * OTM_LANES_OF(H, Rbb) + sigR * gRb * gRb;
    d[1] += lamR * OTM_LANES_OF(H, Rpp) + sigR * gRp * gRp;
    wbp = OTM_LANES_OF(H, F[hbp]) + lamR * OTM_LANES_OF(H, Rbp) + lamT * OTM_LANES_OF(H, Tn[hbp]) +
          sigR * gRb * gRp;
    otm_lanes g[JET_DIM];
    for (int k = 0; k < JET_DIM; ++k) {
        int j = otm_block_var(k);
        g[k] = gT[j];
        if (!otm_is_free(c, j)) {
            d[k] = OTM_LANES_ALL(1.0);
            g[k] = zero;
            if (k < 4)
                w0[k] = zero;
            else
                w0[0] = w0[1] = w0[2] = w0[3] = zero;
            if (k < 2)
                wbp = zero;
            continue;
        }
        d[k] += OTM_LANES_OF(o, zl[j]) * OTM_LANES_OF(o, isl[j]);
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            d[k] += OTM_LANES_OF(o, zu[u]) * OTM_LANES_OF(o, isu[u]);
        }
    }
    /* the scalar phase's pivot tests, in its order, as a mask */
    otm_lane_mask ok = d[0] > zero;
    const otm_lanes m = wbp / d[0];
    d[1] -= m * wbp;
    ok &= (d[1] > zero) & (d[2] > zero) & (d[3] > zero);
    otm_lanes q[4];
    q[0] = w0[0] / d[0];
    const otm_lanes w0p = w0[1] - q[0] * wbp;
    q[1] = w0p / d[1];
    q[2] = w0[2] / d[2];
    q[3] = w0[3] / d[3];
    d[4] -= q[0] * w0[0] + q[1] * w0p + q[2] * w0[2] + q[3] * w0[3];
    ok &= d[4] > zero;
    otm_lanes gv[JET_DIM], pg[JET_DIM], beta[JET_DIM], id[JET_DIM];
    for (int k = 0; k < JET_DIM; ++k)
        gv[otm_block_var(k)] = g[k];
    otm_arrow_forward_lanes(&m, q, gv, pg);
    /* both sides of the scalar phase's sigT > 0 */
    const otm_lane_mask update = sigT > zero;
    otm_lanes t = OTM_LANES_ALL(1.0) / sigT;
    for (int k = 0; k < JET_DIM; ++k) {
        otm_lanes t_next = t + pg[k] * pg[k] / d[k];
        otm_lanes inv = OTM_LANES_ALL(1.0) / (d[k] * t_next);
        beta[k] = OTM_LANES_SELECT(update, pg[k] * inv, zero);
        id[k] = OTM_LANES_SELECT(update, t * inv, OTM_LANES_ALL(1.0) / d[k]);
        t = t_next;
    }
    otm_lanes y[JET_DIM], kr[JET_DIM], ke[JET_DIM], ka[JET_DIM], kl[JET_DIM];
    otm_arrow_forward_lanes(&m, q, r, y);
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, kr);
    for (int k = 0; k < JET_DIM; ++k)
        y[k] = -sigT * pg[k];
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, ke);
    otm_arrow_forward_lanes(&m, q, a, y);
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, ka);
    otm_arrow_forward_lanes(&m, q, l, y);
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, kl);
    for (int j = 0; j < JET_DIM; ++j) {
        OTM_LANES_STORE(st, kr[j], kr[j]);
        OTM_LANES_STORE(st, ke[j], ke[j]);
        OTM_LANES_STORE(st, ka[j], ka[j]);
        OTM_LANES_STORE(st, kl[j], kl[j]);
        for (int u = 0; u < OTM_LANES; ++u)
            out->e[j][u] = e[j][u];
    }
    for (int u = 0; u < OTM_LANES; ++u) {
        out->sigT[u] = sigT[u];
        out->pT[u] = pT[u];
        out->ok[u] = ok[u] != 0;
    }
}

/* Per owner, what the direction's pass over the owners sums (in owner
 * order, by the caller): otm_ipm_owner_step's bound and slope share, the
 * dual step bound (soft constraints), and the merit and violation at the
 * current point. */
typedef struct otm_owner_lanes_step {
    double alpha[OTM_LANES], alpha_dual[OTM_LANES], dot[OTM_LANES];
    double merit[OTM_LANES], violation[OTM_LANES];
} otm_owner_lanes_step;

/* otm_ipm_owner_step (and, soft constraints, otm_ipm_owner_dual_step_bound),
 * otm_ipm_owner_merit and otm_ipm_owner_violation for owners o[0..3]:
 * writes the steps st[0..3] and *out. */
static inline void otm_ipm_owner_step_lanes(const otm_ipm_ctx *c, const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                            otm_ipm_step *st, double tau_, otm_owner_lanes_step *out)
{
    const otm_lanes zero = OTM_LANES_ALL(0.0), mu = OTM_LANES_ALL(sh->mu), tau = OTM_LANES_ALL(tau_);
    otm_lanes alpha = OTM_LANES_ALL(1.0), dot = zero, dR = zero, dTn = zero, d[JET_DIM];
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j)) {
            d[j] = zero;
            OTM_LANES_STORE(st, d[j], zero);
            continue;
        }
        d[j] = OTM_LANES_OF(st, kr[j]) - OTM_LANES_OF(st, ke[j]) * sh->dT - OTM_LANES_OF(st, ka[j]) * sh->tB -
               OTM_LANES_OF(st, kl[j]) * sh->tL;
        OTM_LANES_STORE(st, d[j], d[j]);
        const otm_lanes gR = j == JET_B ? OTM_LANES_OF(o, J.cR.gb) : j == JET_P ? OTM_LANES_OF(o, J.cR.gp) : zero;
        dR += gR * d[j];
        dTn += OTM_LANES_OF(o, J.Tn.g[j]) * d[j];
        OTM_SLACK_STEP_BOUND_LANES(alpha, tau, OTM_LANES_OF(o, sl[j]), d[j]);
        otm_lanes grad = OTM_LANES_OF(o, J.F.g[j]) - mu * OTM_LANES_OF(o, isl[j]);
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            OTM_SLACK_STEP_BOUND_LANES(alpha, tau, OTM_LANES_OF(o, su[u]), -d[j]);
            grad += mu * OTM_LANES_OF(o, isu[u]);
        }
        if (j == JET_B)
            grad += sh->gB * c->aB;
        if (j == JET_FL)
            grad += sh->gL * c->aL;
        dot += grad * d[j];
    }
    const otm_lanes sR = OTM_LANES_OF(o, sR), sT = OTM_LANES_OF(o, sT);
    const otm_lanes vR_now = OTM_LANES_OF(o, J.cR.v) + sR, vT_now = OTM_LANES_OF(o, J.Tn.v) - sh->Ts + sT;
    otm_lanes vR = vR_now, vT = vT_now;
    if (sh->soc) {
        vR = OTM_LANES_OF(st, socR);
        vT = OTM_LANES_OF(st, socT);
    }
    const otm_lanes dsR = -vR - dR, dsT = -vT - dTn + sh->dT;
    OTM_LANES_STORE(st, dsR, dsR);
    OTM_LANES_STORE(st, dsT, dsT);
    dot -= mu / sR * dsR + mu / sT * dsT;
    otm_lanes alpha_dual = OTM_LANES_ALL(1.0);
    if (c->soft_constraints) {
        OTM_SLACK_STEP_BOUND_LANES(alpha, tau, sR, dsR);
        OTM_SLACK_STEP_BOUND_LANES(alpha, tau, sT, dsT);
        /* otm_ipm_owner_dual_step_bound */
        otm_lanes bR, bT, b;
        OTM_MULTIPLIER_BOUND_LANES(OTM_LANES_OF(o, lamR), OTM_LANES_ALL(1.0) / sR, dsR, mu, tau, bR);
        OTM_MULTIPLIER_BOUND_LANES(OTM_LANES_OF(o, lamT), OTM_LANES_ALL(1.0) / sT, dsT, mu, tau, bT);
        alpha_dual = OTM_LANES_FMIN(bR, bT);
        for (int j = 0; j < JET_DIM; ++j) {
            if (!otm_is_free(c, j))
                continue;
            OTM_MULTIPLIER_BOUND_LANES(OTM_LANES_OF(o, zl[j]), OTM_LANES_OF(o, isl[j]), d[j], mu, tau, b);
            alpha_dual = OTM_LANES_FMIN(alpha_dual, b);
            if (otm_has_upper(j)) {
                const int u = otm_upper_slot(j);
                OTM_MULTIPLIER_BOUND_LANES(OTM_LANES_OF(o, zu[u]), OTM_LANES_OF(o, isu[u]), -d[j], mu, tau, b);
                alpha_dual = OTM_LANES_FMIN(alpha_dual, b);
            }
        }
    }
    const otm_lanes merit = OTM_LANES_OF(o, J.F.v) - mu * OTM_LANES_OF(o, logs);
    const otm_lanes violation = OTM_LANES_ABS(vR_now) + OTM_LANES_ABS(vT_now);
    for (int u = 0; u < OTM_LANES; ++u) {
        out->alpha[u] = alpha[u];
        out->alpha_dual[u] = alpha_dual[u];
        out->dot[u] = dot[u];
        out->merit[u] = merit[u];
        out->violation[u] = violation[u];
    }
}

/* Per owner, what otm_ipm_owner_residual folds into the sums: its largest
 * stationarity error, complementarity and |comp - mu|. */
typedef struct otm_owner_lanes_residual {
    double stat[OTM_LANES], comp[OTM_LANES], dev[OTM_LANES];
} otm_owner_lanes_residual;

/* otm_ipm_owner_residual's per-owner part for owners o[0..3], in its order;
 * the caller folds each lane into the sums, in owner order. The owner's
 * complementarity maximum starts from its own products here, not from the
 * sums' running maximum: a maximum of numbers is exact whatever the order,
 * and otm_fmax drops a NaN wherever it stands; only a tie of +0 and -0
 * could differ, and these products of positive multipliers and slacks are
 * positive. */
static inline void otm_ipm_owner_residual_lanes(const otm_ipm_ctx *c, const otm_ipm_shared *sh,
                                                const otm_ipm_owner *o, otm_owner_lanes_residual *out)
{
    const otm_lanes zero = OTM_LANES_ALL(0.0), one = OTM_LANES_ALL(1.0), mu = OTM_LANES_ALL(sh->mu);
    const otm_lanes sR = OTM_LANES_OF(o, sR), sT = OTM_LANES_OF(o, sT);
    const otm_lanes lamR = OTM_LANES_OF(o, lamR), lamT = OTM_LANES_OF(o, lamT);
    const otm_lanes vR = OTM_LANES_OF(o, J.cR.v) + sR, vT = OTM_LANES_OF(o, J.Tn.v) - sh->Ts + sT;
    otm_lanes stat = OTM_LANES_FMAX(OTM_LANES_ABS(vR), OTM_LANES_ABS(vT));
    otm_lanes stat_num = zero, stat_den = one;
    const otm_lanes cR = lamR * sR, cT = lamT * sT;
    otm_lanes dev = OTM_LANES_FMAX(OTM_LANES_ABS(cR - mu), OTM_LANES_ABS(cT - mu));
    otm_lanes comp = OTM_LANES_FMAX(cR, cT);
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        const otm_lanes gR = j == JET_B ? OTM_LANES_OF(o, J.cR.gb) : j == JET_P ? OTM_LANES_OF(o, J.cR.gp) : zero;
        const otm_lanes tF = OTM_LANES_OF(o, J.F.g[j]), tR = lamR * gR, tT = lamT * OTM_LANES_OF(o, J.Tn.g[j]);
        const otm_lanes zl = OTM_LANES_OF(o, zl[j]), tl = -zl;
        const otm_lanes tu = otm_has_upper(j) ? OTM_LANES_OF(o, zu[otm_upper_slot(j)]) : zero;
        otm_lanes gl = tF + tR + tT + tl + tu;
        otm_lanes size = one + OTM_LANES_ABS(tF) + OTM_LANES_ABS(tR) + OTM_LANES_ABS(tT) + OTM_LANES_ABS(tl) +
                         OTM_LANES_ABS(tu);
        if (j == JET_B || j == JET_FL) {
            const double tc = j == JET_B ? sh->lamB * c->aB : sh->lamL * c->aL;
            gl += tc;
            size += fabs(tc);
        }
        const otm_lanes agl = OTM_LANES_ABS(gl);
        const otm_lane_mask larger = agl * stat_den > stat_num * size;
        stat_num = OTM_LANES_SELECT(larger, agl, stat_num);
        stat_den = OTM_LANES_SELECT(larger, size, stat_den);
        const otm_lanes cl = zl * OTM_LANES_OF(o, sl[j]);
        comp = OTM_LANES_FMAX(comp, cl);
        dev = OTM_LANES_FMAX(dev, OTM_LANES_ABS(cl - mu));
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            const otm_lanes cu = tu * OTM_LANES_OF(o, su[u]);
            comp = OTM_LANES_FMAX(comp, cu);
            dev = OTM_LANES_FMAX(dev, OTM_LANES_ABS(cu - mu));
        }
    }
    stat = OTM_LANES_FMAX(stat, stat_num / stat_den);
    for (int u = 0; u < OTM_LANES; ++u) {
        out->stat[u] = stat[u];
        out->comp[u] = comp[u];
        out->dev[u] = dev[u];
    }
}

/* Folds lane u of a residual into the sums, as otm_ipm_owner_residual
 * does (lamT: the owner's delay multiplier). */
static inline void otm_ipm_sums_add_residual(otm_ipm_sums *s, const otm_owner_lanes_residual *r, int u, double lamT)
{
    s->comp = otm_fmax(s->comp, r->comp[u]);
    s->stat = otm_fmax(s->stat, r->stat[u]);
    s->comp_mu = otm_fmax(s->comp_mu, r->dev[u]);
    s->centrality += otm_fmax(r->stat[u], r->dev[u]);
    s->lamT += lamT;
}

/* otm_clamp_multiplier, lane by lane (both bounds' divisions in every
 * lane). */
#define OTM_CLAMP_MULTIPLIER_LANES(z, mu, slack, out)                                                                 \
    do {                                                                                                               \
        const otm_lanes cm_z_ = (z), cm_s_ = (slack), cm_zs_ = cm_z_ * cm_s_;                                          \
        const otm_lane_mask cm_lo_ = cm_zs_ < 1e-10 * (mu), cm_hi_ = cm_zs_ > 1e10 * (mu);                             \
        (out) = OTM_LANES_SELECT(cm_lo_, (mu) / (1e10 * cm_s_), OTM_LANES_SELECT(cm_hi_, 1e10 * (mu) / cm_s_, cm_z_)); \
    } while (0)

/* otm_ipm_owner_accept for owners o[0..3] (steps st, trial points t). */
static inline void otm_ipm_owner_accept_lanes(const otm_ipm_ctx *c, const otm_ipm_shared *sh,
                                              const otm_ipm_owner *o, const otm_ipm_step *st, otm_ipm_owner *t,
                                              double alpha_dual)
{
    const otm_lanes mu = OTM_LANES_ALL(sh->mu), one = OTM_LANES_ALL(1.0);
    const int soft = c->soft_constraints;
    /* z + alpha_dual times otm_multiplier_step, then otm_multiplier_floor */
#define OTM_ACCEPT_STEP_LANES(z, is, ds, out)                                                                          \
    do {                                                                                                               \
        const otm_lanes as_z_ = (z);                                                                                   \
        (out) = as_z_ + alpha_dual * ((mu - as_z_ * (ds)) * (is) - as_z_);                                             \
        if (soft)                                                                                                      \
            (out) = OTM_LANES_FMAX((out), OTM_MULTIPLIER_KEEP * as_z_);                                                \
    } while (0)
    const otm_lanes sR = OTM_LANES_OF(o, sR), sT = OTM_LANES_OF(o, sT);
    otm_lanes lamR, lamT, z;
    OTM_ACCEPT_STEP_LANES(OTM_LANES_OF(o, lamR), one / sR, OTM_LANES_OF(st, dsR), lamR);
    OTM_ACCEPT_STEP_LANES(OTM_LANES_OF(o, lamT), one / sT, OTM_LANES_OF(st, dsT), lamT);
    for (int j = 0; j < JET_DIM; ++j) {
        const int u = otm_upper_slot(j);
        if (!otm_is_free(c, j)) {
            OTM_LANES_STORE(t, zl[j], OTM_LANES_OF(o, zl[j]));
            if (otm_has_upper(j))
                OTM_LANES_STORE(t, zu[u], OTM_LANES_OF(o, zu[u]));
            continue;
        }
        const otm_lanes d = OTM_LANES_OF(st, d[j]);
        OTM_ACCEPT_STEP_LANES(OTM_LANES_OF(o, zl[j]), OTM_LANES_OF(o, isl[j]), d, z);
        OTM_CLAMP_MULTIPLIER_LANES(z, mu, OTM_LANES_OF(t, sl[j]), z);
        OTM_LANES_STORE(t, zl[j], z);
        if (otm_has_upper(j)) {
            OTM_ACCEPT_STEP_LANES(OTM_LANES_OF(o, zu[u]), OTM_LANES_OF(o, isu[u]), -d, z);
            OTM_CLAMP_MULTIPLIER_LANES(z, mu, OTM_LANES_OF(t, su[u]), z);
            OTM_LANES_STORE(t, zu[u], z);
        }
    }
#undef OTM_ACCEPT_STEP_LANES
    OTM_CLAMP_MULTIPLIER_LANES(lamR, mu, OTM_LANES_OF(t, sR), lamR);
    OTM_CLAMP_MULTIPLIER_LANES(lamT, mu, OTM_LANES_OF(t, sT), lamT);
    OTM_LANES_STORE(t, lamR, lamR);
    OTM_LANES_STORE(t, lamT, lamT);
}

#endif /* host lanes */
#endif
