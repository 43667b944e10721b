/*
 * Second-order jets over the five per-owner variables (phi, b, p, f, fL): a
 * value, its gradient and its Hessian, the form in which the interior-point
 * Newton steps read each owner's objective and constraints (host and
 * device). The Hessian is symmetric: a dense jet keeps its upper triangle,
 * packed row by row (15 entries); jet_h reads any entry. The owner problem
 * fills compact jets (below) from closed-form partial derivatives
 * (owner_problem.h); the general dense jet arithmetic that once computed
 * them is the tests' reference (tests/jet_arith.h).
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

/* The compact jets the owner problem fills (owner_problem.h): only the
 * entries it can make nonzero are stored. Every owner output is a sum of
 * terms in phi alone, phi with (b, p), phi with f and phi with fL, so its
 * Hessian is an arrowhead: the phi row, the (b, p) block and the f-f and
 * fL-fL entries, 10 of the 15; the rate depends on (b, p) alone. The
 * solver's passes stream every owner's jets several times per Newton
 * iteration (the zeros of dense jets were 40% of their bytes), and only
 * the one that builds the Newton block reads the Hessians: they are kept
 * apart from the values and gradients (otm_owner_hessians). */
#define OTM_ARROW_HDIM 10

/* Index of H[i][j] in an arrowhead Hessian, -1 where it is zero by
 * structure: the packed dense order without (b, f), (b, fL), (p, f),
 * (p, fL), (f, fL). */
OTMEC_HD int otm_arrow_hk(int i, int j)
{
    int k = i <= j ? jet_hk(i, j) : jet_hk(j, i);
    return k <= 6 ? k : k == 9 ? 7 : k == 12 ? 8 : k == 14 ? 9 : -1;
}

/* H[i][j] of an arrowhead Hessian h. */
OTMEC_HD double otm_arrow_h(const double h[OTM_ARROW_HDIM], int i, int j)
{
    int k = otm_arrow_hk(i, j);
    return k < 0 ? 0.0 : h[k];
}

/* A value and its gradient over the five variables (its Hessian is kept
 * apart). */
typedef struct otm_grad_jet {
    double v;
    double g[JET_DIM];
} otm_grad_jet;

/* A value and its gradient over (b, p) alone. */
typedef struct otm_bp_jet {
    double v;
    double gb, gp;
} otm_bp_jet;

OTMEC_HD double otm_bp_jet_g(const otm_bp_jet *a, int j)
{
    return j == JET_B ? a->gb : j == JET_P ? a->gp : 0.0;
}

#endif
