/*
 * The rate pieces of the owner problem as functions of (b, p) alone, with
 * their gradient and Hessian in closed form (host and device). The rate is
 * the only piece that couples b and p; everything else an owner evaluates
 * depends on one variable or on phi and one other, so these two-variable
 * derivatives (six numbers) are what the owner's jets are built from.
 */
#ifndef OTMEC_RATE_BP_H
#define OTMEC_RATE_BP_H

#include "math/owner_math.h"

/* A function of (b, p) in physical units: value, gradient, Hessian. */
typedef struct otm_bp_derivs {
    double v, b, p, bb, bp, pp;
} otm_bp_derivs;

/* The secrecy rate b ln(1 + p ad/(b + p ag)) [nats/s], ad = (h - g)/N0,
 * ag = g/N0. With D1 = b + p ag and D2 = D1 + p ad the rate is b (ln D2 - ln D1), so
 *   R_b = ln(D2/D1) - b p ad/(D1 D2),   R_p = b^2 ad/(D1 D2),
 * and the Hessian is rank one along (p, -b) (the rate is homogeneous of
 * degree one): -K (p, -b)(p, -b)^T with K = ad (ag/D1 + ah/D2)/(D1 D2),
 * ah = ag + ad. Written with the two reciprocals, no difference of nearly
 * equal terms appears except where the rate itself has one (R_b at low
 * SNR, as in the value's log1p form). */
OTMEC_HD otm_bp_derivs otm_rate_nats_bp(double b, double p, double ad, double ag)
{
    double D1 = b + p * ag;
    double D2 = D1 + p * ad;
    double i1 = 1.0 / D1, i2 = 1.0 / D2;
    double L = otm_log1p(p * ad * i1);
    double c = ad * i1 * i2; /* R_p / b^2 */
    double K = c * (ag * i1 + (ag + ad) * i2);
    otm_bp_derivs r;
    r.v = b * L;
    r.b = L - b * p * c;
    r.p = b * b * c;
    r.bb = -K * p * p;
    r.bp = K * p * b;
    r.pp = -K * b * b;
    return r;
}

/* t - ln(1 + t) for t > -1, given also s = 1 + t (which the caller knows
 * better than 1 + t rounds to near t = -1). Near t = 0 it is t^2/2 while
 * both terms are t: the difference would keep no digits where the SCA gap
 * below is measured, so |t| < 0.1 sums the series t^2 (1/2 - t/3 + t^2/4
 * - ...) (17 terms reach rounding there; beyond, the difference loses at
 * most 2 eps/|t| relative). Never negative, as the gap it measures. */
OTMEC_HD double otm_log1p_gap(double t, double s)
{
    if (!(fabs(t) < 0.1))
        return t - log(s);
    double sum = 0.0;
    for (int k = 18; k >= 2; --k)
        sum = 1.0 / k - t * sum;
    return t * t * sum;
}

/* How far the SCA tangent of Eve's term lies above the term, with
 * derivatives. Eve's term E(b, p) = b ln(1 + u), u = p ag/b, is concave and
 * homogeneous of degree one, so its tangent at a point where u = u0 is
 * Gb b + Gp p (otm_eve_tangent) and
 *   tangent - E = b psi(t),  psi(t) = t - ln(1 + t) >= 0,  t = (u - u0)/(1 + u0).
 * The surrogate rate is R - b psi(t): formed that way it stays at or below
 * the true rate in floating point too. Formed as b ln(1 + p ah/b) - Gb b -
 * Gp p it is a difference of two terms of Eve's size, which for h barely
 * above g is all rounding (a fuzzed owner with h = g (1 + 1e-16): a
 * surrogate 1.6x the true rate, and a deadline missed by as much). With
 * psi' = t/(1 + t), psi'' = 1/(1 + t)^2 and c0 = 1/(1 + u0) (1 + t is
 * (1 + u) c0, exact to rounding also where t is near -1):
 *   gap_b = psi - psi' c0 u,  gap_p = psi' c0 ag,
 * and the Hessian is rank one along (p, -b), m (u^2, -ag u, ag^2) with
 * m = psi'' c0^2/b. */
OTMEC_HD otm_bp_derivs otm_tangent_gap_bp(double b, double p, double ag, double u0)
{
    double c0 = 1.0 / (1.0 + u0);
    double u = p * ag / b;
    double t = (u - u0) * c0, s = (1.0 + u) * c0; /* s = 1 + t */
    double i1t = 1.0 / s;
    double psi = otm_log1p_gap(t, s), dpsi = t * i1t;
    double m = i1t * i1t * c0 * c0 / b;
    otm_bp_derivs r;
    r.v = b * psi;
    r.b = psi - dpsi * c0 * u;
    r.p = dpsi * c0 * ag;
    r.bb = m * u * u;
    r.bp = -m * ag * u;
    r.pp = m * ag * ag;
    return r;
}

/* a - b */
OTMEC_HD otm_bp_derivs otm_bp_sub(otm_bp_derivs a, otm_bp_derivs b)
{
    a.v -= b.v;
    a.b -= b.b;
    a.p -= b.p;
    a.bb -= b.bb;
    a.bp -= b.bp;
    a.pp -= b.pp;
    return a;
}

/* The SCA surrogate of the secrecy rate [nats/s], Eve's term linearized
 * where her SNR was u0: the true rate less the tangent's gap, so never above
 * the rate, and equal to it (value and gradient) at the linearization
 * point. */
OTMEC_HD otm_bp_derivs otm_surrogate_rate_nats_bp(double b, double p, double ad, double ag, double u0)
{
    return otm_bp_sub(otm_rate_nats_bp(b, p, ad, ag), otm_tangent_gap_bp(b, p, ag, u0));
}

/* c * a */
OTMEC_HD otm_bp_derivs otm_bp_scale(otm_bp_derivs a, double c)
{
    a.v *= c;
    a.b *= c;
    a.p *= c;
    a.bb *= c;
    a.bp *= c;
    a.pp *= c;
    return a;
}

/* 1/a by the chain rule: (1/a)' = -a'/a^2, (1/a)'' = 2 a' a'^T/a^3 - a''/a^2. */
OTMEC_HD otm_bp_derivs otm_bp_inv(otm_bp_derivs a)
{
    double i = 1.0 / a.v, i2 = i * i, t = 2.0 * i2 * i;
    otm_bp_derivs r;
    r.v = i;
    r.b = -i2 * a.b;
    r.p = -i2 * a.p;
    r.bb = t * a.b * a.b - i2 * a.bb;
    r.bp = t * a.b * a.p - i2 * a.bp;
    r.pp = t * a.p * a.p - i2 * a.pp;
    return r;
}

/* a^2 */
OTMEC_HD otm_bp_derivs otm_bp_sq(otm_bp_derivs a)
{
    otm_bp_derivs r;
    r.v = a.v * a.v;
    r.b = 2.0 * a.v * a.b;
    r.p = 2.0 * a.v * a.p;
    r.bb = 2.0 * (a.b * a.b + a.v * a.bb);
    r.bp = 2.0 * (a.b * a.p + a.v * a.bp);
    r.pp = 2.0 * (a.p * a.p + a.v * a.pp);
    return r;
}

#endif
