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

/* b ln(1 + p ad/(b + p ag)) - Gb b - Gp p [nats/s]: the secrecy rate
 * (ad = (h - g)/N0, ag = g/N0, Gb = Gp = 0) and the SCA surrogate (ad = h/N0,
 * ag = 0, (Gb, Gp) Eve's linearization) are both this one function.
 * With D1 = b + p ag and D2 = D1 + p ad the rate is b (ln D2 - ln D1), so
 *   R_b = ln(D2/D1) - b p ad/(D1 D2),   R_p = b^2 ad/(D1 D2),
 * and the Hessian is rank one along (p, -b) (the rate is homogeneous of
 * degree one): -K (p, -b)(p, -b)^T with K = ad (ag/D1 + ah/D2)/(D1 D2),
 * ah = ag + ad. Written with the two reciprocals, no difference of nearly
 * equal terms appears except where the rate itself has one (R_b at low
 * SNR, as in the value's log1p form). */
OTMEC_HD otm_bp_derivs otm_rate_nats_bp(double b, double p, double ad, double ag, double Gb, double Gp)
{
    double D1 = b + p * ag;
    double D2 = D1 + p * ad;
    double i1 = 1.0 / D1, i2 = 1.0 / D2;
    double L = log1p(p * ad * i1);
    double c = ad * i1 * i2; /* R_p / b^2 */
    double K = c * (ag * i1 + (ag + ad) * i2);
    otm_bp_derivs r;
    r.v = b * L - (Gb * b + Gp * p);
    r.b = L - b * p * c - Gb;
    r.p = b * b * c - Gp;
    r.bb = -K * p * p;
    r.bp = K * p * b;
    r.pp = -K * b * b;
    return r;
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
