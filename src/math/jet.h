/*
 * Second-order jets over the five per-owner variables (phi, b, p, f, fL): a
 * value, its gradient and its Hessian, the form in which the interior-point
 * Newton steps read each owner's objective and constraints (host and
 * device). The Hessian is symmetric: a jet keeps its upper triangle only,
 * packed row by row (15 entries); jet_h reads any entry. The owner problem
 * fills jets from closed-form partial derivatives (owner_problem.h); the
 * general jet arithmetic that once computed them is the tests' reference
 * (tests/jet_arith.h).
 */
#ifndef OTMEC_JET_H
#define OTMEC_JET_H

#include "math/owner_math.h"

#define JET_DIM 5
#define JET_HDIM 15 /* JET_DIM * (JET_DIM + 1) / 2 */
enum { JET_PHI = 0, JET_B = 1, JET_P = 2, JET_F = 3, JET_FL = 4 };

typedef struct jet {
    double v;
    double g[JET_DIM];
    double h[JET_HDIM]; /* H[i][j], j >= i, at jet_hk(i, j) */
} jet;

/* Packed index of H[i][j], i <= j. */
OTMEC_HD int jet_hk(int i, int j)
{
    return i * JET_DIM - i * (i - 1) / 2 + (j - i);
}

/* H[i][j] for any i, j. */
OTMEC_HD double jet_h(const jet *a, int i, int j)
{
    return i <= j ? a->h[jet_hk(i, j)] : a->h[jet_hk(j, i)];
}

/* Row and column of packed entry k. Loops over k of constant length unroll
 * completely and the indices fold into constants (8% fewer instructions per
 * solve than nested loops over i and j >= i). */
OTMEC_HD int jet_row(int k)
{
    return k < 5 ? 0 : k < 9 ? 1 : k < 12 ? 2 : k < 14 ? 3 : 4;
}

OTMEC_HD int jet_col(int k)
{
    return k < 5 ? k : k < 9 ? k - 4 : k < 12 ? k - 7 : k < 14 ? k - 9 : 4;
}

/* *r = jet_const(c) written in place: returned by value and copied, the
 * struct's zeros were stored and reloaded in halves that miss the CPU's
 * store forwarding (stalls worth 7% of a solve's time). */
OTMEC_HD void jet_set_const(jet *r, double c)
{
    r->v = c;
    for (int i = 0; i < JET_DIM; ++i)
        r->g[i] = 0.0;
    for (int k = 0; k < JET_HDIM; ++k)
        r->h[k] = 0.0;
}

OTMEC_HD jet jet_const(double c)
{
    jet r;
    r.v = c;
    for (int i = 0; i < JET_DIM; ++i)
        r.g[i] = 0.0;
    for (int k = 0; k < JET_HDIM; ++k)
        r.h[k] = 0.0;
    return r;
}

#endif
