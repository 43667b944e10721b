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
 * The owners' states are arrays of structures. Each phase reads the runs
 * of neighbouring fields it needs from its four owners (four 32-byte loads
 * and eight shuffles turn four fields of four owners into four vectors,
 * with AVX) and writes its results back lane by lane. AVX2's gather does
 * a field of four owners in one instruction, but it ran the solves 15-30%
 * slower than these loads on the AMD EPYC this was measured on.
 */
#ifndef OTMEC_IPM_OWNER_LANES_H
#define OTMEC_IPM_OWNER_LANES_H

#include <stddef.h>

#include "math/ipm_owner.h"

#if !defined(__CUDACC__) && (defined(__GNUC__) || defined(__clang__))
#define OTM_HAVE_LANES 1
#define OTM_LANES 4

#if defined(__AVX__)
#include <immintrin.h>
#endif

typedef double otm_lanes __attribute__((vector_size(32)));
typedef long long otm_lane_mask __attribute__((vector_size(32)));

/* v in every lane. */
#define OTM_LANES_ALL(v) ((otm_lanes){(v), (v), (v), (v)})

/* Field `f` (an lvalue expression of element 0) of four consecutive
 * elements of array `a`. */
#define OTM_LANES_OF(a, f) ((otm_lanes){(a)[0].f, (a)[1].f, (a)[2].f, (a)[3].f})

/* out[k] = the k-th double from p of four structures `stride` doubles
 * apart, k < count: a transpose of 4 x 4 blocks where AVX has one. */
static inline __attribute__((always_inline)) void otm_lanes_run(const double *p, size_t stride, int count,
                                                                 otm_lanes *out)
{
    int k = 0;
#if defined(__AVX__)
    for (; k + 4 <= count; k += 4) {
        const __m256d r0 = _mm256_loadu_pd(p + k), r1 = _mm256_loadu_pd(p + stride + k);
        const __m256d r2 = _mm256_loadu_pd(p + 2 * stride + k), r3 = _mm256_loadu_pd(p + 3 * stride + k);
        const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
        const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
        out[k] = (otm_lanes)_mm256_permute2f128_pd(t0, t2, 0x20);
        out[k + 1] = (otm_lanes)_mm256_permute2f128_pd(t1, t3, 0x20);
        out[k + 2] = (otm_lanes)_mm256_permute2f128_pd(t0, t2, 0x31);
        out[k + 3] = (otm_lanes)_mm256_permute2f128_pd(t1, t3, 0x31);
    }
#endif
    for (; k < count; ++k) {
        otm_lanes v = {p[k], p[stride + k], p[2 * stride + k], p[3 * stride + k]};
        out[k] = v;
    }
}

#ifdef __cplusplus
#define OTM_LANES_STATIC_ASSERT(e) static_assert(e, #e)
#else
#define OTM_LANES_STATIC_ASSERT(e) _Static_assert(e, #e)
#endif

/* A run of `count` doubles from field `f` on in the elements of array `a`:
 * structures of doubles alone; the run may cross from one field into the
 * next, never past the structure. Checked at compile time. */
#define OTM_LANES_CHECK_RUN(a, f, count)                                                                               \
    OTM_LANES_STATIC_ASSERT(sizeof((a)[0]) % sizeof(double) == 0);                                                    \
    OTM_LANES_STATIC_ASSERT(offsetof(__typeof__((a)[0]), f) + (count) * sizeof(double) <= sizeof((a)[0]))

/* out[0 .. count) = the `count` doubles from field `f` on of four
 * consecutive elements of array `a` (a run as above). */
#define OTM_LANES_RUN(a, f, count, out)                                                                                \
    do {                                                                                                               \
        OTM_LANES_CHECK_RUN(a, f, count);                                                                              \
        otm_lanes_run(&(a)[0].f, sizeof((a)[0]) / sizeof(double), (count), (out));                                     \
    } while (0)

/* The inverse: the k-th double from p of four structures `stride` doubles
 * apart = lane of in[k], k < count. */
static inline __attribute__((always_inline)) void otm_lanes_store_run(double *p, size_t stride, int count,
                                                                       const otm_lanes *in)
{
    int k = 0;
#if defined(__AVX__)
    for (; k + 4 <= count; k += 4) {
        const __m256d r0 = (__m256d)in[k], r1 = (__m256d)in[k + 1], r2 = (__m256d)in[k + 2], r3 = (__m256d)in[k + 3];
        const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
        const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
        _mm256_storeu_pd(p + k, _mm256_permute2f128_pd(t0, t2, 0x20));
        _mm256_storeu_pd(p + stride + k, _mm256_permute2f128_pd(t1, t3, 0x20));
        _mm256_storeu_pd(p + 2 * stride + k, _mm256_permute2f128_pd(t0, t2, 0x31));
        _mm256_storeu_pd(p + 3 * stride + k, _mm256_permute2f128_pd(t1, t3, 0x31));
    }
#endif
    for (; k < count; ++k)
        for (int u = 0; u < OTM_LANES; ++u)
            p[u * stride + k] = in[k][u];
}

#define OTM_LANES_STORE_RUN(a, f, count, in)                                                                           \
    do {                                                                                                               \
        OTM_LANES_CHECK_RUN(a, f, count);                                                                              \
        otm_lanes_store_run(&(a)[0].f, sizeof((a)[0]) / sizeof(double), (count), (in));                                \
    } while (0)

/* Where the runs below put an owner's fields. An owner's jets, from J.F.v
 * on (F's value and gradient, T_n's, cR's value and two slopes): */
#define OTM_RUN_JETS 15
#define OTM_RUN_FG(j) (1 + (j))
#define OTM_RUN_TV 6
#define OTM_RUN_TG(j) (7 + (j))
#define OTM_RUN_RV 12
#define OTM_RUN_RB 13
#define OTM_RUN_RP 14
/* a lower-bound field and the upper-bound one after it (sl, su; isl, isu;
 * zl, zu), from the lower one on: */
#define OTM_RUN_BOUNDS (JET_DIM + OTM_UPPER_DIM)
#define OTM_RUN_UPPER(u) (JET_DIM + (u))
/* lamR, lamT, sR, sT and logs, from lamR on: */
#define OTM_RUN_RLAM 0
#define OTM_RUN_TLAM 1
#define OTM_RUN_SR 2
#define OTM_RUN_ST 3
#define OTM_RUN_LOGS 4

/* The layouts those positions, and the runs of the phases below, take
 * for granted. */
#define OTM_LANES_AFTER(type, f, g, k)                                                                                 \
    OTM_LANES_STATIC_ASSERT(offsetof(type, g) == offsetof(type, f) + (k) * sizeof(double))
OTM_LANES_AFTER(otm_ipm_owner, J.F.v, J.F.g[0], OTM_RUN_FG(0));
OTM_LANES_AFTER(otm_ipm_owner, J.F.v, J.Tn.v, OTM_RUN_TV);
OTM_LANES_AFTER(otm_ipm_owner, J.F.v, J.Tn.g[0], OTM_RUN_TG(0));
OTM_LANES_AFTER(otm_ipm_owner, J.F.v, J.cR.v, OTM_RUN_RV);
OTM_LANES_AFTER(otm_ipm_owner, J.F.v, J.cR.gb, OTM_RUN_RB);
OTM_LANES_AFTER(otm_ipm_owner, J.F.v, J.cR.gp, OTM_RUN_RP);
OTM_LANES_AFTER(otm_ipm_owner, sl[0], su[0], OTM_RUN_UPPER(0));
OTM_LANES_AFTER(otm_ipm_owner, isl[0], isu[0], OTM_RUN_UPPER(0));
OTM_LANES_AFTER(otm_ipm_owner, zl[0], zu[0], OTM_RUN_UPPER(0));
OTM_LANES_AFTER(otm_ipm_owner, zl[0], lamR, OTM_RUN_BOUNDS);
OTM_LANES_AFTER(otm_ipm_owner, lamR, lamT, OTM_RUN_TLAM);
OTM_LANES_AFTER(otm_ipm_owner, lamR, sR, OTM_RUN_SR);
OTM_LANES_AFTER(otm_ipm_owner, lamR, sT, OTM_RUN_ST);
OTM_LANES_AFTER(otm_ipm_owner, lamR, logs, OTM_RUN_LOGS);
OTM_LANES_AFTER(otm_ipm_step, kr[0], ke[0], JET_DIM);
OTM_LANES_AFTER(otm_ipm_step, kr[0], ka[0], 2 * JET_DIM);
OTM_LANES_AFTER(otm_ipm_step, kr[0], kl[0], 3 * JET_DIM);
OTM_LANES_AFTER(otm_ipm_step, d[0], dsR, JET_DIM);
OTM_LANES_AFTER(otm_ipm_step, d[0], dsT, JET_DIM + 1);
OTM_LANES_AFTER(otm_owner_hessians, F[0], Tn[0], OTM_ARROW_HDIM);
OTM_LANES_AFTER(otm_owner_hessians, F[0], Rbb, 2 * OTM_ARROW_HDIM);
OTM_LANES_AFTER(otm_owner_hessians, F[0], Rbp, 2 * OTM_ARROW_HDIM + 1);
OTM_LANES_AFTER(otm_owner_hessians, F[0], Rpp, 2 * OTM_ARROW_HDIM + 2);

/* Is any lane of mask m set? */
#if defined(__AVX__)
#define OTM_LANES_ANY(m) (_mm256_movemask_pd((__m256d)(m)) != 0)
#else
#define OTM_LANES_ANY(m) (((m)[0] | (m)[1] | (m)[2] | (m)[3]) != 0)
#endif

/* Lane by lane: m ? x : y. */
#define OTM_LANES_SELECT(m, x, y) ((otm_lanes)(((m) & (otm_lane_mask)(x)) | (~(m) & (otm_lane_mask)(y))))

/* |v|, lane by lane (fabs: the sign bit cleared). */
#define OTM_LANES_ABS(v) ((otm_lanes)((otm_lane_mask)(v) & OTM_LANES_MASK_ALL(0x7fffffffffffffffLL)))
#define OTM_LANES_MASK_ALL(v) ((otm_lane_mask){(v), (v), (v), (v)})

/* otm_fmin, lane by lane: a unless b is smaller (a NaN b is ignored). */
#define OTM_LANES_FMIN(a, b) OTM_LANES_SELECT(((a) < (b)) | ((b) != (b)), (a), (b))

/* otm_fmax, lane by lane: a unless b is larger (a NaN b is ignored). */
#define OTM_LANES_FMAX(a, b) OTM_LANES_SELECT(((a) > (b)) | ((b) != (b)), (a), (b))

/* The bounds and clamps below divide only where some lane binds, as the
 * scalar phases divide only where theirs do (a division of four lanes
 * costs several multiplications, and most bounds bind nowhere). */

/* otm_slack_step_bound, lane by lane. */
#define OTM_SLACK_STEP_BOUND_LANES(alpha, tau, s, ds)                                                                  \
    do {                                                                                                               \
        const otm_lanes sb_s_ = (s), sb_ds_ = (ds);                                                                    \
        const otm_lane_mask sb_binds_ = (sb_ds_ < OTM_LANES_ALL(0.0)) & ((tau) * sb_s_ < (alpha) * -sb_ds_);           \
        if (OTM_LANES_ANY(sb_binds_))                                                                                  \
            (alpha) = OTM_LANES_SELECT(sb_binds_, (tau) * sb_s_ / -sb_ds_, (alpha));                                   \
    } while (0)

/* otm_multiplier_bound, lane by lane. */
#define OTM_MULTIPLIER_BOUND_LANES(z, is, ds, mu, tau, out)                                                           \
    do {                                                                                                               \
        const otm_lanes mb_z_ = (z), mb_dz_ = ((mu) - mb_z_ * (ds)) * (is) - mb_z_;                                    \
        const otm_lane_mask mb_binds_ = (mb_dz_ < OTM_LANES_ALL(0.0)) & ((tau) * mb_z_ < -mb_dz_);                     \
        (out) = OTM_LANES_ALL(1.0);                                                                                    \
        if (OTM_LANES_ANY(mb_binds_))                                                                                  \
            (out) = OTM_LANES_SELECT(mb_binds_, (tau) * mb_z_ / -mb_dz_, (out));                                       \
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
static inline __attribute__((always_inline)) void otm_arrow_forward_lanes(const otm_lanes *m, const otm_lanes q[4],
                                                                         const otm_lanes b[JET_DIM],
                                                                         otm_lanes y[JET_DIM])
{
    y[0] = b[JET_B];
    y[1] = b[JET_P] - *m * y[0];
    y[2] = b[JET_F];
    y[3] = b[JET_FL];
    y[4] = b[JET_PHI] - q[0] * y[0] - q[1] * y[1] - q[2] * y[2] - q[3] * y[3];
}

/* otm_arrow_finish, lane by lane. */
static inline __attribute__((always_inline)) void otm_arrow_finish_lanes(const otm_lanes *m, const otm_lanes q[4],
                                                                        const otm_lanes pg[JET_DIM],
                                                                        const otm_lanes beta[JET_DIM],
                                                                        const otm_lanes id[JET_DIM],
                                                                        const otm_lanes y[JET_DIM],
                                                                        otm_lanes x[JET_DIM])
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
    otm_lanes J[OTM_RUN_JETS], m5[5], isl[OTM_RUN_BOUNDS], zl[OTM_RUN_BOUNDS];
    otm_lanes h[2 * OTM_ARROW_HDIM + 3]; /* H->F, H->Tn, Rbb, Rbp, Rpp */
    OTM_LANES_RUN(o, J.F.v, OTM_RUN_JETS, J);
    OTM_LANES_RUN(o, lamR, 4, m5);
    OTM_LANES_RUN(o, isl[0], OTM_RUN_BOUNDS, isl);
    OTM_LANES_RUN(o, zl[0], OTM_RUN_BOUNDS, zl);
    OTM_LANES_RUN(H, F[0], 2 * OTM_ARROW_HDIM + 3, h);
    const otm_lanes *hF = h, *hT = h + OTM_ARROW_HDIM;
    const otm_lanes Rbb = h[2 * OTM_ARROW_HDIM], Rbp = h[2 * OTM_ARROW_HDIM + 1], Rpp = h[2 * OTM_ARROW_HDIM + 2];
    const otm_lanes sR = m5[OTM_RUN_SR], sT = m5[OTM_RUN_ST];
    const otm_lanes lamR = m5[OTM_RUN_RLAM], lamT = m5[OTM_RUN_TLAM];
    const otm_lanes gRb = J[OTM_RUN_RB], gRp = J[OTM_RUN_RP];
    const otm_lanes sigR = lamR / sR, sigT = lamT / sT;
    const otm_lanes mu = OTM_LANES_ALL(sh->mu);
    /* otm_ipm_owner_rhs */
    otm_lanes vR, vT;
    if (sh->soc) {
        vR = OTM_LANES_OF(st, socR);
        vT = OTM_LANES_OF(st, socT);
    } else {
        vR = J[OTM_RUN_RV] + sR;
        vT = J[OTM_RUN_TV] - sh->Ts + sT;
    }
    const otm_lanes pR = mu / sR + sigR * vR, pT = mu / sT + sigT * vT;
    const otm_lanes zero = OTM_LANES_ALL(0.0);
    otm_lanes r[JET_DIM], e[JET_DIM], a[JET_DIM], l[JET_DIM], gT[JET_DIM];
    for (int i = 0; i < JET_DIM; ++i) {
        const otm_lanes gR = i == JET_B ? gRb : i == JET_P ? gRp : zero;
        gT[i] = J[OTM_RUN_TG(i)];
        r[i] = -(J[OTM_RUN_FG(i)] + pR * gR + pT * gT[i]);
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
        r[j] += mu * isl[j];
        if (otm_has_upper(j))
            r[j] -= mu * isl[OTM_RUN_UPPER(otm_upper_slot(j))];
    }
    /* otm_ipm_owner_solve_arrow */
    otm_lanes d[JET_DIM], w0[4], wbp;
    for (int k = 0; k < JET_DIM; ++k) {
        int hk = otm_arrow_hk(otm_block_var(k), otm_block_var(k));
        d[k] = hF[hk] + lamT * hT[hk];
    }
    for (int k = 0; k < 4; ++k) {
        int hk = otm_arrow_hk(JET_PHI, otm_block_var(k));
        w0[k] = hF[hk] + lamT * hT[hk];
    }
    const int hbp = otm_arrow_hk(JET_B, JET_P);
    d[0] += lamR * Rbb + sigR * gRb * gRb;
    d[1] += lamR * Rpp + sigR * gRp * gRp;
    wbp = hF[hbp] + lamR * Rbp + lamT * hT[hbp] + sigR * gRb * gRp;
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
        d[k] += zl[j] * isl[j];
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            d[k] += zl[OTM_RUN_UPPER(u)] * isl[OTM_RUN_UPPER(u)];
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
        /* the scalar phase's test of the updated pivots (otm_arrow_pivot_ok) */
        ok &= (id[k] > zero) | ((id[k] < zero) & (id[k] > OTM_LANES_ALL(-INFINITY)));
    }
    /* kr, ke, ka, kl: the step's run from kr on */
    otm_lanes y[JET_DIM], K[4 * JET_DIM];
    otm_lanes *kr = K, *ke = K + JET_DIM, *ka = K + 2 * JET_DIM, *kl = K + 3 * JET_DIM;
    otm_arrow_forward_lanes(&m, q, r, y);
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, kr);
    for (int k = 0; k < JET_DIM; ++k)
        y[k] = -sigT * pg[k];
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, ke);
    otm_arrow_forward_lanes(&m, q, a, y);
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, ka);
    otm_arrow_forward_lanes(&m, q, l, y);
    otm_arrow_finish_lanes(&m, q, pg, beta, id, y, kl);
    OTM_LANES_STORE_RUN(st, kr[0], 4 * JET_DIM, K);
    for (int j = 0; j < JET_DIM; ++j)
        for (int u = 0; u < OTM_LANES; ++u)
            out->e[j][u] = e[j][u];
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
    otm_lanes K[4 * JET_DIM], J[OTM_RUN_JETS], sl[OTM_RUN_BOUNDS], isl[OTM_RUN_BOUNDS], m5[5];
    OTM_LANES_RUN(st, kr[0], 4 * JET_DIM, K); /* kr, ke, ka, kl */
    OTM_LANES_RUN(o, J.F.v, OTM_RUN_JETS, J);
    OTM_LANES_RUN(o, sl[0], OTM_RUN_BOUNDS, sl);
    OTM_LANES_RUN(o, isl[0], OTM_RUN_BOUNDS, isl);
    OTM_LANES_RUN(o, lamR, 5, m5);
    const otm_lanes zero = OTM_LANES_ALL(0.0), mu = OTM_LANES_ALL(sh->mu), tau = OTM_LANES_ALL(tau_);
    /* d, then dsR and dsT: the step's run from d on */
    otm_lanes d[JET_DIM + 2];
    otm_lanes alpha = OTM_LANES_ALL(1.0), dot = zero, dR = zero, dTn = zero;
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j)) {
            d[j] = zero;
            continue;
        }
        d[j] = K[j] - K[JET_DIM + j] * sh->dT - K[2 * JET_DIM + j] * sh->tB - K[3 * JET_DIM + j] * sh->tL;
        const otm_lanes gR = j == JET_B ? J[OTM_RUN_RB] : j == JET_P ? J[OTM_RUN_RP] : zero;
        dR += gR * d[j];
        dTn += J[OTM_RUN_TG(j)] * d[j];
        OTM_SLACK_STEP_BOUND_LANES(alpha, tau, sl[j], d[j]);
        otm_lanes grad = J[OTM_RUN_FG(j)] - mu * isl[j];
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            OTM_SLACK_STEP_BOUND_LANES(alpha, tau, sl[OTM_RUN_UPPER(u)], -d[j]);
            grad += mu * isl[OTM_RUN_UPPER(u)];
        }
        if (j == JET_B)
            grad += sh->gB * c->aB;
        if (j == JET_FL)
            grad += sh->gL * c->aL;
        dot += grad * d[j];
    }
    const otm_lanes sR = m5[OTM_RUN_SR], sT = m5[OTM_RUN_ST];
    const otm_lanes vR_now = J[OTM_RUN_RV] + sR, vT_now = J[OTM_RUN_TV] - sh->Ts + sT;
    otm_lanes vR = vR_now, vT = vT_now;
    if (sh->soc) {
        vR = OTM_LANES_OF(st, socR);
        vT = OTM_LANES_OF(st, socT);
    }
    const otm_lanes dsR = -vR - dR, dsT = -vT - dTn + sh->dT;
    d[JET_DIM] = dsR;
    d[JET_DIM + 1] = dsT;
    OTM_LANES_STORE_RUN(st, d[0], JET_DIM + 2, d);
    dot -= mu / sR * dsR + mu / sT * dsT;
    otm_lanes alpha_dual = OTM_LANES_ALL(1.0);
    if (c->soft_constraints) {
        OTM_SLACK_STEP_BOUND_LANES(alpha, tau, sR, dsR);
        OTM_SLACK_STEP_BOUND_LANES(alpha, tau, sT, dsT);
        /* otm_ipm_owner_dual_step_bound */
        otm_lanes zl[OTM_RUN_BOUNDS], bR, bT, b;
        OTM_LANES_RUN(o, zl[0], OTM_RUN_BOUNDS, zl);
        OTM_MULTIPLIER_BOUND_LANES(m5[OTM_RUN_RLAM], OTM_LANES_ALL(1.0) / sR, dsR, mu, tau, bR);
        OTM_MULTIPLIER_BOUND_LANES(m5[OTM_RUN_TLAM], OTM_LANES_ALL(1.0) / sT, dsT, mu, tau, bT);
        alpha_dual = OTM_LANES_FMIN(bR, bT);
        for (int j = 0; j < JET_DIM; ++j) {
            if (!otm_is_free(c, j))
                continue;
            OTM_MULTIPLIER_BOUND_LANES(zl[j], isl[j], d[j], mu, tau, b);
            alpha_dual = OTM_LANES_FMIN(alpha_dual, b);
            if (otm_has_upper(j)) {
                const int u = OTM_RUN_UPPER(otm_upper_slot(j));
                OTM_MULTIPLIER_BOUND_LANES(zl[u], isl[u], -d[j], mu, tau, b);
                alpha_dual = OTM_LANES_FMIN(alpha_dual, b);
            }
        }
    }
    const otm_lanes merit = J[0] - mu * m5[OTM_RUN_LOGS];
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
    otm_lanes J[OTM_RUN_JETS], sl[OTM_RUN_BOUNDS], zl[OTM_RUN_BOUNDS], m4[4];
    OTM_LANES_RUN(o, J.F.v, OTM_RUN_JETS, J);
    OTM_LANES_RUN(o, sl[0], OTM_RUN_BOUNDS, sl);
    OTM_LANES_RUN(o, zl[0], OTM_RUN_BOUNDS, zl);
    OTM_LANES_RUN(o, lamR, 4, m4);
    const otm_lanes zero = OTM_LANES_ALL(0.0), one = OTM_LANES_ALL(1.0), mu = OTM_LANES_ALL(sh->mu);
    const otm_lanes sR = m4[OTM_RUN_SR], sT = m4[OTM_RUN_ST];
    const otm_lanes lamR = m4[OTM_RUN_RLAM], lamT = m4[OTM_RUN_TLAM];
    const otm_lanes vR = J[OTM_RUN_RV] + sR, vT = J[OTM_RUN_TV] - sh->Ts + sT;
    otm_lanes stat = OTM_LANES_FMAX(OTM_LANES_ABS(vR), OTM_LANES_ABS(vT));
    otm_lanes stat_num = zero, stat_den = one;
    const otm_lanes cR = lamR * sR, cT = lamT * sT;
    otm_lanes dev = OTM_LANES_FMAX(OTM_LANES_ABS(cR - mu), OTM_LANES_ABS(cT - mu));
    otm_lanes comp = OTM_LANES_FMAX(cR, cT);
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        const otm_lanes gR = j == JET_B ? J[OTM_RUN_RB] : j == JET_P ? J[OTM_RUN_RP] : zero;
        const otm_lanes tF = J[OTM_RUN_FG(j)], tR = lamR * gR, tT = lamT * J[OTM_RUN_TG(j)];
        const otm_lanes tl = -zl[j];
        const otm_lanes tu = otm_has_upper(j) ? zl[OTM_RUN_UPPER(otm_upper_slot(j))] : zero;
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
        const otm_lanes cl = zl[j] * sl[j];
        comp = OTM_LANES_FMAX(comp, cl);
        dev = OTM_LANES_FMAX(dev, OTM_LANES_ABS(cl - mu));
        if (otm_has_upper(j)) {
            const otm_lanes cu = tu * sl[OTM_RUN_UPPER(otm_upper_slot(j))];
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

/* otm_clamp_multiplier, lane by lane. */
#define OTM_CLAMP_MULTIPLIER_LANES(z, mu, slack, out)                                                                 \
    do {                                                                                                               \
        const otm_lanes cm_z_ = (z), cm_s_ = (slack), cm_zs_ = cm_z_ * cm_s_;                                          \
        const otm_lane_mask cm_lo_ = cm_zs_ < 1e-10 * (mu), cm_hi_ = cm_zs_ > 1e10 * (mu);                             \
        (out) = cm_z_;                                                                                                 \
        if (OTM_LANES_ANY(cm_lo_ | cm_hi_))                                                                            \
            (out) = OTM_LANES_SELECT(cm_lo_, (mu) / (1e10 * cm_s_),                                                    \
                                     OTM_LANES_SELECT(cm_hi_, 1e10 * (mu) / cm_s_, cm_z_));                            \
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
    /* o's zl, zu, lamR, lamT, sR, sT; isl, isu; the step's d, dsR, dsT;
     * t's sl, su and sR, sT. t's run from zl on is written back whole (its
     * sR and sT as they are). */
    enum { LAM = OTM_RUN_BOUNDS, TS = OTM_RUN_BOUNDS + 2, DS = JET_DIM };
    otm_lanes oz[OTM_RUN_BOUNDS + 4], isl[OTM_RUN_BOUNDS], d[JET_DIM + 2], tsl[OTM_RUN_BOUNDS],
        tz[OTM_RUN_BOUNDS + 4];
    OTM_LANES_RUN(o, zl[0], OTM_RUN_BOUNDS + 4, oz);
    OTM_LANES_RUN(o, isl[0], OTM_RUN_BOUNDS, isl);
    OTM_LANES_RUN(st, d[0], JET_DIM + 2, d);
    OTM_LANES_RUN(t, sl[0], OTM_RUN_BOUNDS, tsl);
    OTM_LANES_RUN(t, lamR, 4, tz + LAM);
    OTM_ACCEPT_STEP_LANES(oz[LAM + OTM_RUN_RLAM], one / oz[TS], d[DS], tz[LAM + OTM_RUN_RLAM]);
    OTM_ACCEPT_STEP_LANES(oz[LAM + OTM_RUN_TLAM], one / oz[TS + 1], d[DS + 1], tz[LAM + OTM_RUN_TLAM]);
    for (int j = 0; j < JET_DIM; ++j) {
        const int u = OTM_RUN_UPPER(otm_upper_slot(j));
        if (!otm_is_free(c, j)) {
            tz[j] = oz[j];
            if (otm_has_upper(j))
                tz[u] = oz[u];
            continue;
        }
        OTM_ACCEPT_STEP_LANES(oz[j], isl[j], d[j], tz[j]);
        OTM_CLAMP_MULTIPLIER_LANES(tz[j], mu, tsl[j], tz[j]);
        if (otm_has_upper(j)) {
            OTM_ACCEPT_STEP_LANES(oz[u], isl[u], -d[j], tz[u]);
            OTM_CLAMP_MULTIPLIER_LANES(tz[u], mu, tsl[u], tz[u]);
        }
    }
#undef OTM_ACCEPT_STEP_LANES
    OTM_CLAMP_MULTIPLIER_LANES(tz[LAM + OTM_RUN_RLAM], mu, tz[LAM + OTM_RUN_SR], tz[LAM + OTM_RUN_RLAM]);
    OTM_CLAMP_MULTIPLIER_LANES(tz[LAM + OTM_RUN_TLAM], mu, tz[LAM + OTM_RUN_ST], tz[LAM + OTM_RUN_TLAM]);
    OTM_LANES_STORE_RUN(t, zl[0], OTM_RUN_BOUNDS + 4, tz);
}

#endif /* host lanes */
#endif
