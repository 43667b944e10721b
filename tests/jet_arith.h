/*
 * Second-order forward-mode jet arithmetic over the five per-owner variables
 * (test-only). Every function written once with these operations yields exact
 * derivatives: the owner problem was evaluated this way before it got its
 * closed forms (src/math/owner_problem.h), and the tests keep it as the
 * independent reference those are checked against (owner_eval_dense.h).
 */
#ifndef OTMEC_TESTS_JET_ARITH_H
#define OTMEC_TESTS_JET_ARITH_H

#include "math/jet.h"

/* Variable i with physical value x = scale * (scaled variable). */
OTMEC_HD jet jet_var(int i, double x, double scale)
{
    jet r = jet_const(x);
    r.g[i] = scale;
    return r;
}

OTMEC_HD jet jet_add(jet a, jet b)
{
    a.v += b.v;
    for (int i = 0; i < JET_DIM; ++i)
        a.g[i] += b.g[i];
    for (int k = 0; k < JET_HDIM; ++k)
        a.h[k] += b.h[k];
    return a;
}

/* a*ca + b*cb */
OTMEC_HD jet jet_lin2(jet a, double ca, jet b, double cb)
{
    a.v = ca * a.v + cb * b.v;
    for (int i = 0; i < JET_DIM; ++i)
        a.g[i] = ca * a.g[i] + cb * b.g[i];
    for (int k = 0; k < JET_HDIM; ++k)
        a.h[k] = ca * a.h[k] + cb * b.h[k];
    return a;
}

OTMEC_HD jet jet_sub(jet a, jet b)
{
    return jet_lin2(a, 1.0, b, -1.0);
}

OTMEC_HD jet jet_scale(jet a, double c)
{
    a.v *= c;
    for (int i = 0; i < JET_DIM; ++i)
        a.g[i] *= c;
    for (int k = 0; k < JET_HDIM; ++k)
        a.h[k] *= c;
    return a;
}

OTMEC_HD jet jet_add_const(jet a, double c)
{
    a.v += c;
    return a;
}

OTMEC_HD jet jet_mul(jet a, jet b)
{
    jet r;
    r.v = a.v * b.v;
    for (int i = 0; i < JET_DIM; ++i)
        r.g[i] = a.v * b.g[i] + b.v * a.g[i];
    for (int k = 0; k < JET_HDIM; ++k) {
        int i = jet_row(k), j = jet_col(k);
        r.h[k] = a.v * b.h[k] + b.v * a.h[k] + a.g[i] * b.g[j] + b.g[i] * a.g[j];
    }
    return r;
}

/* phi(a) given phi, phi', phi'' at a.v (chain rule of second order). */
OTMEC_HD jet jet_chain(jet a, double f0, double f1, double f2)
{
    jet r;
    r.v = f0;
    for (int i = 0; i < JET_DIM; ++i)
        r.g[i] = f1 * a.g[i];
    for (int k = 0; k < JET_HDIM; ++k) {
        int i = jet_row(k), j = jet_col(k);
        r.h[k] = f1 * a.h[k] + f2 * a.g[i] * a.g[j];
    }
    return r;
}

OTMEC_HD jet jet_inv(jet a)
{
    double i1 = 1.0 / a.v;
    return jet_chain(a, i1, -i1 * i1, 2.0 * i1 * i1 * i1);
}

OTMEC_HD jet jet_div(jet a, jet b)
{
    return jet_mul(a, jet_inv(b));
}

OTMEC_HD jet jet_sq(jet a)
{
    return jet_chain(a, a.v * a.v, 2.0 * a.v, 2.0);
}

OTMEC_HD jet jet_log1p(jet a)
{
    double q = 1.0 / (1.0 + a.v);
    return jet_chain(a, log1p(a.v), q, -q * q);
}

/* b*ln(1 + a*p/b) on jets. */
OTMEC_HD jet jet_perspective_log(jet b, jet p, double a)
{
    return jet_mul(b, jet_log1p(jet_div(jet_scale(p, a), b)));
}

/* b*ln(1 + p a_diff/(b + p ag)), a_diff = (h - g)/N0, ag = g/N0: the secrecy
 * rate in nats as one logarithm (see otm_secrecy_rate). */
OTMEC_HD jet jet_secrecy_log(jet b, jet p, double a_diff, double ag)
{
    jet ratio = jet_div(jet_scale(p, a_diff), jet_add(b, jet_scale(p, ag)));
    return jet_mul(b, jet_log1p(ratio));
}

#endif
