/*
 * Second-order forward-mode jets over the five per-owner variables
 * (phi, b, p, f, fL). A jet carries a value, its gradient and its Hessian, so
 * every per-owner function written once with these operations yields the exact
 * derivatives the interior-point Newton steps need, on host and device alike.
 * The operations fill the upper triangle H[i][j], j >= i, only (the Hessian
 * is symmetric; this is most of the solver's arithmetic); jet_symmetrize
 * mirrors it for readers of the full matrix.
 */
#ifndef OTMEC_JET_H
#define OTMEC_JET_H

#include "math/owner_math.h"

#define JET_DIM 5
enum { JET_PHI = 0, JET_B = 1, JET_P = 2, JET_F = 3, JET_FL = 4 };

typedef struct jet {
    double v;
    double g[JET_DIM];
    double H[JET_DIM][JET_DIM];
} jet;

OTMEC_HD jet jet_const(double c)
{
    jet r;
    r.v = c;
    for (int i = 0; i < JET_DIM; ++i) {
        r.g[i] = 0.0;
        for (int j = 0; j < JET_DIM; ++j)
            r.H[i][j] = 0.0;
    }
    return r;
}

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
    for (int i = 0; i < JET_DIM; ++i) {
        a.g[i] += b.g[i];
        for (int j = i; j < JET_DIM; ++j)
            a.H[i][j] += b.H[i][j];
    }
    return a;
}

/* a*ca + b*cb */
OTMEC_HD jet jet_lin2(jet a, double ca, jet b, double cb)
{
    a.v = ca * a.v + cb * b.v;
    for (int i = 0; i < JET_DIM; ++i) {
        a.g[i] = ca * a.g[i] + cb * b.g[i];
        for (int j = i; j < JET_DIM; ++j)
            a.H[i][j] = ca * a.H[i][j] + cb * b.H[i][j];
    }
    return a;
}

OTMEC_HD jet jet_sub(jet a, jet b)
{
    return jet_lin2(a, 1.0, b, -1.0);
}

OTMEC_HD jet jet_scale(jet a, double c)
{
    a.v *= c;
    for (int i = 0; i < JET_DIM; ++i) {
        a.g[i] *= c;
        for (int j = i; j < JET_DIM; ++j)
            a.H[i][j] *= c;
    }
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
    for (int i = 0; i < JET_DIM; ++i) {
        r.g[i] = a.v * b.g[i] + b.v * a.g[i];
        for (int j = i; j < JET_DIM; ++j)
            r.H[i][j] = a.v * b.H[i][j] + b.v * a.H[i][j] + a.g[i] * b.g[j] + b.g[i] * a.g[j];
    }
    return r;
}

/* phi(a) given phi, phi', phi'' at a.v (chain rule of second order). */
OTMEC_HD jet jet_chain(jet a, double f0, double f1, double f2)
{
    jet r;
    r.v = f0;
    for (int i = 0; i < JET_DIM; ++i) {
        r.g[i] = f1 * a.g[i];
        for (int j = i; j < JET_DIM; ++j)
            r.H[i][j] = f1 * a.H[i][j] + f2 * a.g[i] * a.g[j];
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

/* Copies the upper triangle of the Hessian into the lower one. */
OTMEC_HD void jet_symmetrize(jet *a)
{
    for (int i = 0; i < JET_DIM; ++i)
        for (int j = 0; j < i; ++j)
            a->H[i][j] = a->H[j][i];
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
