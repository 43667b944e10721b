/*
 * Per-owner model formulas of docs/model.md sections 2-3: the one source of truth
 * for the math, compiled for the host by the C compiler and for the device by
 * nvcc. Everything here is a pure function of its arguments.
 */
#ifndef OTMEC_OWNER_MATH_H
#define OTMEC_OWNER_MATH_H

#include <math.h>

#ifdef __CUDACC__
#define OTMEC_HD __host__ __device__ static inline
/* One copy of a large function in the kernel, called from every site:
 * inlined at each, it multiplies the kernel's code (docs/gpu.md). */
#define OTMEC_HD_ONE_COPY __host__ __device__ static __noinline__
#else
#define OTMEC_HD static inline
#define OTMEC_HD_ONE_COPY static inline
#endif

/* Marks a loop the device runs as a loop instead of unrolling it: the arrays
 * it indexes then stay in local memory and leave the registers to the hot
 * code (a rarely taken path: docs/gpu.md, "Registers"). */
#if defined(__CUDACC__) && defined(__CUDA_ARCH__) /* nvcc's device pass, not the emulation's host build */
#define OTM_DEVICE_ROLLED_LOOP _Pragma("unroll 1")
#else
#define OTM_DEVICE_ROLLED_LOOP
#endif

/* The loops over an owner's five variables, unrolled on the host: each
 * variable's index is then a constant, so the per-variable tests that are
 * fixed by the model (which variables have an upper bound, their slots)
 * fold away. GCC does not unroll them by itself (their bodies are long).
 * The same operations in the same order: the same bits. Not in CUDA
 * sources, whose front end rejects GCC's pragma (and whose device code
 * keeps its loops rolled for its registers). */
#if !defined(__CUDACC__) && defined(__GNUC__) && !defined(__clang__)
#define OTM_HOST_UNROLLED_LOOP _Pragma("GCC unroll 5")
#else
#define OTM_HOST_UNROLLED_LOOP
#endif

/* fmax and fmin with the C library's results (a NaN argument is ignored;
 * of two equal values the second is returned, as glibc's maxsd and minsd
 * do), inlined: on x86-64 the library's are calls, about 50 per owner and
 * interior-point iteration. The device's are instructions already. */
#if defined(__CUDA_ARCH__)
OTMEC_HD double otm_fmax(double a, double b)
{
    return fmax(a, b);
}
OTMEC_HD double otm_fmin(double a, double b)
{
    return fmin(a, b);
}
#else
OTMEC_HD double otm_fmax(double a, double b)
{
    return a > b || isnan(b) ? a : b;
}
OTMEC_HD double otm_fmin(double a, double b)
{
    return a < b || isnan(b) ? a : b;
}
#endif

#define OTMEC_LN2 0.69314718055994530942

/* Scalar parameters the per-owner formulas need (a flat copy of
 * otmec_params, so device code needs no public header). */
typedef struct otm_params {
    double B, p_max, R_min, N0;
    double f_min, f_max, kappa_D;
    double F_L, kappa_L, c_L;
    double c_full, gamma_E, epochs, M;
    double phi_min, phi_max, zeta, w_e, w_t;
    double T_max; /* +inf when absent */
} otm_params;

/* ln(1 + u), as log(1 + u) where that is as good (u >= 0.5: the result is
 * at least 0.4, so rounding 1 + u costs under 2 ulp), which on x86-64 glibc
 * takes half the time of log1p (log1p was a sixth of a solve's time); log1p
 * below. The device takes the same branches, so that the emulation build
 * reproduces the host's bits. */
OTMEC_HD double otm_log1p(double u)
{
    return u >= 0.5 ? log(1.0 + u) : log1p(u);
}

/* b*ln(1 + a*p/b): the perspective of ln(1 + a*p), jointly concave in (b, p). */
OTMEC_HD double otm_perspective_log(double b, double p, double a)
{
    return b * log1p(a * p / b);
}

/* Secrecy rate R(b, p) [bit/s] with h, g the channel gains and N0 the noise
 * PSD: b log2(1 + p h/(N0 b)) - b log2(1 + p g/(N0 b)), written as one
 * logarithm, b log2(1 + p (h - g)/(N0 b + p g)), so that it keeps its
 * relative accuracy when h is barely above g (the difference of two nearly
 * equal logarithms would not). */
OTMEC_HD double otm_secrecy_rate(double b, double p, double h, double g, double N0)
{
    if (!(b > 0.0) || !(p > 0.0))
        return 0.0;
    return b * otm_log1p(p * ((h - g) / N0) / (b + p * (g / N0))) / OTMEC_LN2;
}

/* Cycles at the LMO to build owner n's emulator. */
OTMEC_HD double otm_cycles_lmo(const otm_params *q, double phi)
{
    return q->c_L * (1.0 - phi);
}

/* Cycles at owner n to fine-tune (forward and backward through E and A). */
OTMEC_HD double otm_cycles_owner(const otm_params *q, double D, double phi)
{
    return q->epochs * D * q->c_full * (q->gamma_E + (1.0 - q->gamma_E) * phi);
}

/* Uploaded payload [bit]. */
OTMEC_HD double otm_payload(const otm_params *q, double phi)
{
    return q->M * phi;
}

/* One owner's delays and energies at a point. */
typedef struct otm_owner_cost {
    double TL, TD, TU, EL, ED, EU, rate;
    double T, E; /* sums */
} otm_owner_cost;

OTMEC_HD otm_owner_cost otm_owner_costs(const otm_params *q, double h, double g, double D, double phi, double b,
                                        double p, double f, double fL)
{
    otm_owner_cost c;
    double CL = otm_cycles_lmo(q, phi);
    double CD = otm_cycles_owner(q, D, phi);
    double s = otm_payload(q, phi);
    c.rate = otm_secrecy_rate(b, p, h, g, q->N0);
    c.TL = CL / fL;
    c.EL = q->kappa_L * CL * fL * fL;
    c.TD = CD / f;
    c.ED = q->kappa_D * CD * f * f;
    c.TU = s / c.rate;
    c.EU = p * c.TU;
    c.T = c.TL + c.TD + c.TU;
    c.E = c.EL + c.ED + c.EU;
    return c;
}

/* Utility weight omega_n ln(1 + zeta phi). */
OTMEC_HD double otm_utility(const otm_params *q, double omega, double phi)
{
    return omega * otm_log1p(q->zeta * phi);
}

/* S = w_e * E + w_t * T; a zero weight makes its term no cost even when
 * the term is infinite (0 * inf would be NaN). */
OTMEC_HD double otm_consumption(const otm_params *q, double E, double T)
{
    return (q->w_e > 0.0 ? q->w_e * E : 0.0) + (q->w_t > 0.0 ? q->w_t * T : 0.0);
}

/* Owner delay and energy are affine in phi at fixed (b, p, f, fL):
 * T_n = alpha + beta*phi, E_n = e0 + e1*phi. */
typedef struct otm_affine_phi {
    double alpha, beta, e0, e1;
} otm_affine_phi;

OTMEC_HD otm_affine_phi otm_affine_in_phi(const otm_params *q, double D, double rate, double p, double f,
                                          double fL)
{
    otm_affine_phi a;
    double KD = q->epochs * D * q->c_full;
    a.alpha = q->c_L / fL + KD * q->gamma_E / f;
    a.beta = -q->c_L / fL + KD * (1.0 - q->gamma_E) / f + q->M / rate;
    a.e0 = q->kappa_L * q->c_L * fL * fL + q->kappa_D * KD * q->gamma_E * f * f;
    a.e1 = -q->kappa_L * q->c_L * fL * fL + q->kappa_D * KD * (1.0 - q->gamma_E) * f * f + p * q->M / rate;
    return a;
}

/* T_n at phi, and the phi at which T_n reaches T (beta != 0). */
OTMEC_HD double otm_delay_at_phi(const otm_affine_phi *a, double phi)
{
    return a->alpha + a->beta * phi;
}

OTMEC_HD double otm_phi_at_delay(const otm_affine_phi *a, double T)
{
    return (T - a->alpha) / a->beta;
}

/* d/dphi of the utility omega ln(1 + zeta phi). */
OTMEC_HD double otm_utility_slope(const otm_params *q, double omega, double phi)
{
    return omega * q->zeta / (1.0 + q->zeta * phi);
}

/* The FP auxiliary of the uplink energy term at its optimum:
 * y = 1 / (2 p s R), s the payload. */
OTMEC_HD double otm_fp_auxiliary(const otm_params *q, double p, double phi, double R)
{
    double A = p * otm_payload(q, phi);
    return 1.0 / (2.0 * A * R);
}

/* SP1 closed form: argmax over [lo, hi] of omega ln(1 + zeta phi) - a phi. */
OTMEC_HD double otm_phi_closed_form(double omega, double zeta, double a, double lo, double hi)
{
    if (!(a > 0.0))
        return hi;
    double phi = omega / a - 1.0 / zeta;
    return phi < lo ? lo : (phi > hi ? hi : phi);
}

/* dR/db at fixed p [bit/s/Hz] at b > 0 where the rate is R: with
 * R = b L / ln 2, L = ln(1 + u), u = p (h - g) / (N0 b + p g) and
 * du/db = -u / (b + p g / N0), L is R ln 2 / b (no second logarithm). */
OTMEC_HD double otm_secrecy_rate_slope(double b, double R, double p, double h, double g, double N0)
{
    double c = b + p * (g / N0), u = p * ((h - g) / N0) / c;
    return R / b - b * u / (c * (1.0 + u)) / OTMEC_LN2;
}

/* The search bracket of otm_min_bandwidth: R(lo) < R_min <= R(hi). */
typedef struct otm_rate_bracket {
    double lo, hi, R_lo, R_hi;
} otm_rate_bracket;

/* A trial point b replaces the end on its side of R_min. Points at or
 * below lo are ignored; a point at or above hi (Newton's prediction: the
 * root is within rounding of hi) tries just below hi instead, which ends
 * the search where hi is the answer. */
OTMEC_HD void otm_rate_bracket_try(otm_rate_bracket *br, double b, double R_min, double p, double h, double g,
                                   double N0)
{
    if (!(b < br->hi))
        b = br->hi - 0.5e-15 * br->hi;
    if (!(b > br->lo))
        return;
    double R = otm_secrecy_rate(b, p, h, g, N0);
    if (R >= R_min) {
        br->hi = b;
        br->R_hi = R;
    } else {
        br->lo = b;
        br->R_lo = R;
    }
}

/* Newton's step toward R_min from the bracket's infeasible end (at b = 0
 * the slope is log2(h / g), infinite without Eve: a zero step). */
OTMEC_HD double otm_rate_bracket_newton(const otm_rate_bracket *br, double R_min, double p, double h, double g,
                                        double N0)
{
    double slope = br->lo > 0.0 ? otm_secrecy_rate_slope(br->lo, br->R_lo, p, h, g, N0)
                                : log1p((h - g) / g) / OTMEC_LN2;
    return (R_min - br->R_lo) / slope;
}

/* Smallest b with R(b, p) >= R_min at fixed p (R increasing in b when h > g),
 * to 1e-15 of b. Returns +inf when even b -> b_max falls short.
 * R is concave in b, so Newton's step from the bracket's infeasible end
 * stays infeasible and converges quadratically; twice the next step lands
 * past the root once it does, which closes the feasible end as fast: about
 * 9 rates where bisection took 50 (it was a tenth of a solve's
 * instructions at N = 100). Every point is classified by the rate itself,
 * so the end returned is feasible; a round that does not halve the bracket
 * ends with a bisection. */
OTMEC_HD double otm_min_bandwidth(double p, double h, double g, double N0, double R_min, double b_max)
{
    if (!(R_min > 0.0))
        return 0.0;
    otm_rate_bracket br = {0.0, b_max, 0.0, otm_secrecy_rate(b_max, p, h, g, N0)};
    if (br.R_hi < R_min)
        return INFINITY;
    for (int k = 0; k < 200 && br.hi - br.lo > 1e-15 * br.hi; ++k) {
        double width = br.hi - br.lo;
        otm_rate_bracket_try(&br, br.lo + otm_rate_bracket_newton(&br, R_min, p, h, g, N0), R_min, p, h, g, N0);
        otm_rate_bracket_try(&br, br.lo + 2.0 * otm_rate_bracket_newton(&br, R_min, p, h, g, N0), R_min, p, h, g,
                             N0);
        if (br.hi - br.lo > 0.5 * width)
            otm_rate_bracket_try(&br, 0.5 * (br.lo + br.hi), R_min, p, h, g, N0);
    }
    return br.hi;
}

#endif
