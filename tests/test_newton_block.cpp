// The owner's Newton block solved through the arrowhead factor of W and a
// rank-one update for the delay term (otm_ipm_owner_solve_arrow) against the
// dense Cholesky of W + sigT gT gT^T (otm_ipm_owner_solve_dense) on random
// owner states: random points over the parameter box, every kind and the
// solver's free masks, random multipliers and slacks. The jets come from
// otm_owner_eval itself, so a coupling the arrowhead leaves out (an entry
// the owner problem made nonzero since) fails here too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

extern "C" {
#include "internal.h"
#include "math/ipm_owner.h"
}
#include "owner_eval_dense.h"
#include "random_owner_state.h"

namespace {

typedef long double ld;

// The dense path's matrix W + sigT gT gT^T, from the same doubles, in long
// double.
void dense_matrix(const State &s, ld L[JET_DIM][JET_DIM])
{
    const otm_ipm_owner &o = s.o;
    const otm_dense_jets J = otm_dense_of(&o.J, &s.H);
    const jet *F = &J.F, *cR = &J.cR, *Tn = &J.Tn;
    ld sigR = (ld)o.lamR / o.sR, sigT = (ld)o.lamT / o.sT;
    for (int k = 0; k < JET_HDIM; ++k) {
        int i = jet_row(k), j = jet_col(k);
        L[i][j] = L[j][i] = (ld)F->h[k] + (ld)o.lamR * cR->h[k] + (ld)o.lamT * Tn->h[k] + sigR * cR->g[i] * cR->g[j];
    }
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(&s.c, j))
            continue;
        double sl, su;
        otm_bound_slacks(&s.c, o.x, j, &sl, &su);
        L[j][j] += (ld)o.zl[j] / sl;
        if (otm_has_upper(j))
            L[j][j] += (ld)o.zu[otm_upper_slot(j)] / su;
    }
    for (int i = 0; i < JET_DIM; ++i) {
        if (otm_is_free(&s.c, i))
            continue;
        for (int j = 0; j < JET_DIM; ++j)
            L[i][j] = L[j][i] = 0.0L;
        L[i][i] = 1.0L;
    }
    for (int i = 0; i < JET_DIM; ++i)
        for (int j = 0; j < JET_DIM; ++j)
            L[i][j] += sigT * Tn->g[i] * Tn->g[j];
}

// Normwise backward error of x as a solution of L x = b: the smallest
// relative change of L and b that x solves exactly (Rigal and Gaches).
double backward_error(const ld L[JET_DIM][JET_DIM], const double *x, const double *b)
{
    ld res = 0.0L, nL = 0.0L, nx = 0.0L, nb = 0.0L;
    for (int i = 0; i < JET_DIM; ++i) {
        ld ri = -(ld)b[i], row = 0.0L;
        for (int j = 0; j < JET_DIM; ++j) {
            ri += L[i][j] * x[j];
            row += fabsl(L[i][j]);
        }
        res = fmaxl(res, fabsl(ri));
        nL = fmaxl(nL, row);
        nx = fmaxl(nx, fabsl((ld)x[i]));
        nb = fmaxl(nb, fabsl((ld)b[i]));
    }
    ld den = nL * nx + nb;
    return den > 0.0L ? (double)(res / den) : 0.0;
}

// The solutions' difference in the variables that give L a unit diagonal
// (x_i sqrt(L_ii)), relative to the largest of them: Cholesky's rounding is
// that of the scaled system (van der Sluis), whose condition number is the
// one that bounds how far two backward stable solves can differ.
double scaled_diff(const ld L[JET_DIM][JET_DIM], const double *x, const double *y)
{
    ld d = 0.0L, m = 0.0L;
    for (int j = 0; j < JET_DIM; ++j) {
        ld w = sqrtl(L[j][j]);
        d = fmaxl(d, w * fabsl((ld)x[j] - y[j]));
        m = fmaxl(m, w * fabsl((ld)y[j]));
    }
    return (double)(m > 0.0L ? d / m : d);
}

// 1-norm condition number of the unit-diagonal scaling of L (long double
// Cholesky; the 5 columns of its inverse).
double condition(const ld L0[JET_DIM][JET_DIM])
{
    ld A[JET_DIM][JET_DIM], C[JET_DIM][JET_DIM];
    for (int i = 0; i < JET_DIM; ++i)
        for (int j = 0; j < JET_DIM; ++j)
            A[i][j] = C[i][j] = L0[i][j] / sqrtl(L0[i][i] * L0[j][j]);
    for (int j = 0; j < JET_DIM; ++j) {
        ld t = C[j][j];
        for (int k = 0; k < j; ++k)
            t -= C[j][k] * C[j][k];
        if (!(t > 0.0L))
            return INFINITY;
        C[j][j] = sqrtl(t);
        for (int i = j + 1; i < JET_DIM; ++i) {
            ld u = C[i][j];
            for (int k = 0; k < j; ++k)
                u -= C[i][k] * C[j][k];
            C[i][j] = u / C[j][j];
        }
    }
    ld nA = 0.0L, nI = 0.0L;
    for (int c = 0; c < JET_DIM; ++c) {
        ld y[JET_DIM], x[JET_DIM], col = 0.0L, acol = 0.0L;
        for (int i = 0; i < JET_DIM; ++i) {
            ld t = i == c ? 1.0L : 0.0L;
            for (int k = 0; k < i; ++k)
                t -= C[i][k] * y[k];
            y[i] = t / C[i][i];
        }
        for (int i = JET_DIM - 1; i >= 0; --i) {
            ld t = y[i];
            for (int k = i + 1; k < JET_DIM; ++k)
                t -= C[k][i] * x[k];
            x[i] = t / C[i][i];
        }
        for (int i = 0; i < JET_DIM; ++i) {
            col += fabsl(x[i]);
            acol += fabsl(A[i][c]);
        }
        nI = fmaxl(nI, col);
        nA = fmaxl(nA, acol);
    }
    return (double)(nA * nI);
}

// How far two backward stable solves may differ in scaled_diff: 1e-12 where
// the scaled block's condition number is at most 1e3, its rounding (1e-15
// times the condition number) beyond. Over the kMild states the differences
// measured 1e-16 to 1e-15 times the condition number (condition 1 to 1e11).
double tolerance(const ld L[JET_DIM][JET_DIM])
{
    return std::fmax(1e-12, 1e-15 * condition(L));
}

// How far a . x may move when x moves within tol in scaled_diff (each
// component by tol times the largest scaled one over its own scale), plus
// the dot product's own rounding.
double dot_tolerance(const ld L[JET_DIM][JET_DIM], double tol, const double *a, const double *x)
{
    if (tol == 0.0)
        return 0.0; // the same code: to the bit
    ld m = 0.0L, bound = 0.0L, size = 0.0L;
    for (int j = 0; j < JET_DIM; ++j)
        m = fmaxl(m, sqrtl(L[j][j]) * fabsl((ld)x[j]));
    for (int j = 0; j < JET_DIM; ++j) {
        bound += fabsl((ld)a[j]) * tol * m / sqrtl(L[j][j]);
        size += fabsl((ld)a[j] * x[j]);
    }
    return (double)(bound + 1e-15L * size);
}

const char *const kNames[] = {"kr", "ke", "ka", "kl"};

struct Solved {
    double rhs[4][JET_DIM], sigT, pT;
    double arrow[4][JET_DIM], dense[4][JET_DIM];
    int arrow_ok, dense_ok;
};

Solved solve_both(const State &s)
{
    Solved v;
    otm_ipm_owner_rhs(&s.c, &s.sh, &s.o, &s.st, v.rhs[0], v.rhs[1], v.rhs[2], v.rhs[3], &v.sigT, &v.pT);
    v.dense_ok = otm_ipm_owner_solve_dense(&s.c, &s.o, &s.H, 0, v.rhs[0], v.rhs[1], v.rhs[2], v.rhs[3], v.dense[0],
                                           v.dense[1], v.dense[2], v.dense[3]);
    int negative;
    v.arrow_ok = otm_ipm_owner_solve_arrow(&s.c, &s.o, &s.H, v.rhs[0], v.rhs[2], v.rhs[3], v.arrow[0], v.arrow[1],
                                           v.arrow[2], v.arrow[3], 0, &negative);
    return v;
}

TEST(NewtonBlock, ArrowheadMatchesDenseCholesky)
{
    Draw r;
    int compared = 0, total = 0, dense_failed = 0;
    double worst = 0.0;
    std::string where;
    for (int t = 0; t < 4000; ++t) {
        otm_kind kind = kKinds[t % 4];
        unsigned mask = kMasks[(t / 4) % 8];
        State s = random_state(r, kind, mask, kMild);
        Solved v = solve_both(s);
        ++total;
        if (!v.arrow_ok)
            continue; // W not positive definite: the solver takes the dense path
        if (!v.dense_ok) {
            ++dense_failed; // see ArrowheadIsBackwardStableOnIllConditionedBlocks
            continue;
        }
        ++compared;
        ld L[JET_DIM][JET_DIM];
        dense_matrix(s, L);
        double bound = tolerance(L);
        for (int k = 0; k < 4; ++k) {
            double d = scaled_diff(L, v.arrow[k], v.dense[k]) / bound;
            if (d > worst) {
                worst = d;
                where = "case " + std::to_string(t) + " kind " + std::to_string(kind) + " mask " +
                        std::to_string(mask) + " " + kNames[k];
            }
        }
    }
    EXPECT_LE(worst, 1.0) << where;
    // most random states give a positive definite W (FULL's may not)
    EXPECT_GT(compared, total / 2) << compared << " of " << total;
    EXPECT_LT(dense_failed, 10);
    std::printf("arrowhead vs dense: %d of %d states compared (dense Cholesky failed on %d), worst difference "
                "%.3g of the tolerance (%s)\n",
                compared, total, dense_failed, worst, where.c_str());
}

// Late-iteration blocks (condition numbers up to 1e15): the arrowhead solve
// is backward stable like the dense Cholesky, its four solutions exact for a
// block within rounding of W + sigT gT gT^T. Where the dense Cholesky breaks
// down on such a block although W is positive definite (the delay term 1e12
// times W's scale swamps it), the arrowhead still solves it: the old code
// gave up there (its exact-Newton test and the convexified retry both
// failed).
TEST(NewtonBlock, ArrowheadIsBackwardStableOnIllConditionedBlocks)
{
    Draw r;
    int compared = 0, dense_failed = 0;
    double worst = 0.0, worst_dense = 0.0;
    std::string where;
    for (int t = 0; t < 8000; ++t) {
        otm_kind kind = kKinds[t % 4];
        unsigned mask = kMasks[(t / 4) % 8];
        State s = random_state(r, kind, mask, t % 2 ? kWild : kCentral);
        Solved v = solve_both(s);
        if (!v.arrow_ok)
            continue;
        ++compared;
        dense_failed += !v.dense_ok;
        ld L[JET_DIM][JET_DIM];
        dense_matrix(s, L);
        for (int k = 0; k < 4; ++k) {
            double be = backward_error(L, v.arrow[k], v.rhs[k]);
            if (v.dense_ok)
                worst_dense = std::fmax(worst_dense, backward_error(L, v.dense[k], v.rhs[k]));
            if (be > worst) {
                worst = be;
                where = "case " + std::to_string(t) + " kind " + std::to_string(kind) + " mask " +
                        std::to_string(mask) + " " + kNames[k];
            }
        }
    }
    EXPECT_LT(worst, 1e-14) << where;
    EXPECT_GT(compared, 4000);
    std::printf("backward error over %d ill-conditioned blocks: arrowhead %.3g (%s), dense %.3g; dense Cholesky "
                "failed on %d of them\n",
                compared, worst, where.c_str(), worst_dense, dense_failed);
}

// The eigenvalues of a symmetric n x n matrix (cyclic Jacobi, long double).
std::vector<ld> eigenvalues(std::vector<ld> A, int n)
{
    for (int sweep = 0; sweep < 200; ++sweep) {
        ld off = 0.0L;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q)
                off += A[p * n + q] * A[p * n + q];
        if (off < 1e-60L)
            break;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q) {
                if (A[p * n + q] == 0.0L)
                    continue;
                ld theta = (A[q * n + q] - A[p * n + p]) / (2.0L * A[p * n + q]);
                ld t = (theta >= 0.0L ? 1.0L : -1.0L) / (fabsl(theta) + sqrtl(theta * theta + 1.0L));
                ld cs = 1.0L / sqrtl(t * t + 1.0L), sn = t * cs;
                for (int k = 0; k < n; ++k) {
                    ld akp = A[k * n + p], akq = A[k * n + q];
                    A[k * n + p] = cs * akp - sn * akq;
                    A[k * n + q] = sn * akp + cs * akq;
                }
                for (int k = 0; k < n; ++k) {
                    ld apk = A[p * n + k], aqk = A[q * n + k];
                    A[p * n + k] = cs * apk - sn * aqk;
                    A[q * n + k] = sn * apk + cs * aqk;
                }
            }
    }
    std::vector<ld> lambda(n);
    for (int i = 0; i < n; ++i)
        lambda[i] = A[i * n + i];
    return lambda;
}

// Negative eigenvalues of a symmetric 5 x 5 matrix, to check the arrowhead
// factor's inertia independently.
int negative_eigenvalues(const ld L[JET_DIM][JET_DIM])
{
    std::vector<ld> A(JET_DIM * JET_DIM);
    for (int i = 0; i < JET_DIM; ++i)
        for (int j = 0; j < JET_DIM; ++j)
            A[i * JET_DIM + j] = L[i][j];
    std::vector<ld> lambda = eigenvalues(A, JET_DIM);
    return (int)std::count_if(lambda.begin(), lambda.end(), [](ld v) { return v < 0.0L; });
}

// otm_ipm_owner_assemble gives the dense path's solutions and coupling sums,
// convexified or not: through the arrowhead where W is positive definite;
// without convexification also where W is indefinite with nonzero pivots,
// its solutions the indefinite factor's bit for bit, its count of negative
// eigenvalues that of W + sigT gT gT^T (Jacobi, long double), and where that
// count is zero the dense Cholesky's solutions within the tolerance; elsewhere
// the dense path's, to the bit.
TEST(NewtonBlock, AssembleMatchesDensePath)
{
    Draw r;
    int indefinite_pd = 0, indefinite_neg = 0;
    double worst_indefinite = 0.0;
    for (int t = 0; t < 1000; ++t) {
        State s = random_state(r, kKinds[t % 4], kMasks[(t / 4) % 8], t % 3 == 2 ? kWild : kMild);
        for (int convexify = 0; convexify < 2; ++convexify) {
            double rr[JET_DIM], e[JET_DIM], a[JET_DIM], l[JET_DIM], sigT, pT;
            otm_ipm_owner_rhs(&s.c, &s.sh, &s.o, &s.st, rr, e, a, l, &sigT, &pT);
            double k[4][JET_DIM];
            int dense = otm_ipm_owner_solve_dense(&s.c, &s.o, &s.H, convexify, rr, e, a, l, k[0], k[1], k[2], k[3]);
            otm_ipm_sums sums{};
            otm_ipm_step st = s.st;
            int ok = otm_ipm_owner_assemble(&s.c, &s.sh, &s.o, &s.H, &st, convexify, &sums);
            const double *got[4] = {st.kr, st.ke, st.ka, st.kl};
            ld L[JET_DIM][JET_DIM];
            dense_matrix(s, L);
            double scratch[4][JET_DIM];
            int negative = 0;
            bool arrow = otm_ipm_owner_solve_arrow(&s.c, &s.o, &s.H, rr, a, l, scratch[0], scratch[1], scratch[2],
                                                   scratch[3], 0, &negative);
            bool indefinite = !convexify && !arrow &&
                              otm_ipm_owner_solve_arrow(&s.c, &s.o, &s.H, rr, a, l, scratch[0], scratch[1],
                                                        scratch[2], scratch[3], 1, &negative);
            if (indefinite) {
                ASSERT_TRUE(ok) << "case " << t;
                EXPECT_EQ(sums.negative, negative) << "case " << t;
                EXPECT_EQ(negative, negative_eigenvalues(L)) << "case " << t;
                for (int v = 0; v < 4; ++v)
                    for (int j = 0; j < JET_DIM; ++j)
                        EXPECT_EQ(got[v][j], scratch[v][j]) << "case " << t << " " << kNames[v];
                if (negative > 0) {
                    ++indefinite_neg;
                    continue;
                }
                ++indefinite_pd;
                if (!dense)
                    continue;
                // an update of an indefinite factor is not backward stable
                // as the positive definite one is: a little more rounding
                // (at most 1.06 times the tolerance over these states)
                for (int v = 0; v < 4; ++v) {
                    const double ratio = scaled_diff(L, got[v], k[v]) / tolerance(L);
                    worst_indefinite = std::fmax(worst_indefinite, ratio);
                    EXPECT_LE(ratio, 4.0) << "case " << t << " " << kNames[v];
                }
                continue;
            }
            EXPECT_EQ(sums.negative, 0) << "case " << t;
            // the arrowhead may solve a block the dense Cholesky fails on
            ASSERT_GE(ok, dense) << "case " << t;
            if (!dense)
                continue;
            // W not positive definite: the same dense code, to the bit
            double tol = arrow ? tolerance(L) : 0.0;
            for (int v = 0; v < 4; ++v)
                if (arrow)
                    EXPECT_LE(scaled_diff(L, got[v], k[v]), tol)
                        << "case " << t << " convexify " << convexify << " " << kNames[v];
                else
                    for (int j = 0; j < JET_DIM; ++j)
                        EXPECT_EQ(got[v][j], k[v][j]) << "case " << t << " " << kNames[v];
            double eKe = 0.0, aKa = 0.0, lKr = 0.0;
            for (int j = 0; j < JET_DIM; ++j) {
                eKe += e[j] * k[1][j];
                aKa += a[j] * k[2][j];
                lKr += l[j] * k[0][j];
            }
            EXPECT_LE(std::fabs(sums.eKe - eKe), dot_tolerance(L, tol, e, k[1])) << "case " << t;
            EXPECT_LE(std::fabs(sums.aKa - aKa), dot_tolerance(L, tol, a, k[2])) << "case " << t;
            EXPECT_LE(std::fabs(sums.lKr - lKr), dot_tolerance(L, tol, l, k[0])) << "case " << t;
            EXPECT_EQ(sums.sigT, sigT);
            EXPECT_EQ(sums.muT, pT);
        }
    }
    // both kinds of indefinite W occur among these states
    EXPECT_GT(indefinite_pd, 10);
    EXPECT_GT(indefinite_neg, 10);
    std::printf("indefinite W at level 0: %d blocks positive definite with the delay term (worst difference from "
                "the dense Cholesky %.3g of the tolerance), %d with negative eigenvalues\n",
                indefinite_pd, worst_indefinite, indefinite_neg);
}

// Solves the n x n system A x = b in place (Gaussian elimination with
// partial pivoting, long double); A is destroyed.
void dense_solve(std::vector<ld> &A, std::vector<ld> &x, int n)
{
    for (int c = 0; c < n; ++c) {
        int piv = c;
        for (int i = c + 1; i < n; ++i)
            if (fabsl(A[i * n + c]) > fabsl(A[piv * n + c]))
                piv = i;
        for (int j = 0; j < n; ++j)
            std::swap(A[c * n + j], A[piv * n + j]);
        std::swap(x[c], x[piv]);
        for (int i = c + 1; i < n; ++i) {
            ld m = A[i * n + c] / A[c * n + c];
            for (int j = c; j < n; ++j)
                A[i * n + j] -= m * A[c * n + j];
            x[i] -= m * x[c];
        }
    }
    for (int i = n - 1; i >= 0; --i) {
        for (int j = i + 1; j < n; ++j)
            x[i] -= A[i * n + j] * x[j];
        x[i] /= A[i * n + i];
    }
}

ld dot(const std::vector<ld> &a, const std::vector<ld> &b)
{
    ld s = 0.0L;
    for (size_t i = 0; i < a.size(); ++i)
        s += a[i] * b[i];
    return s;
}

// The time coupling's Schur complement of the whole Newton system from the
// owners' sums (otm_time_schur) against the dense system in long double:
// the owner blocks W + sigT gT gT^T, the two resource sums' curvature
// sigB a a^T + sigL l l^T across the owners, and T's row. Three owners
// (each block positive definite), the sums' weights over twelve decades, a
// deadline's weight or none; the sums e^T W^-1 e, ... of the blocks
// solved densely, so that only the complement's algebra is checked (the
// block solves are, above). The blocks' e^T W^-1 e alone, without the
// sums' curvature, puts the complement below zero on some of these
// systems that are positive definite: those would be convexified for
// nothing.
TEST(NewtonBlock, TimeSchurMatchesTheDenseSystem)
{
    Draw r;
    const int owners = 3, n = owners * JET_DIM;
    int compared = 0, rescued = 0;
    for (int t = 0; t < 600; ++t) {
        const double sigB = r.log_uni(1e-6, 1e6), sigL = r.log_uni(1e-6, 1e6);
        const double sigTm = r.coin(0.5) ? 0.0 : r.log_uni(1e-3, 1e3);
        std::vector<ld> H(n * n, 0.0L), e(n, 0.0L), a(n, 0.0L), l(n, 0.0L);
        ld eKe = 0.0L, eKa = 0.0L, eKl = 0.0L, aKa = 0.0L, aKl = 0.0L, lKl = 0.0L;
        double sigT_sum = 0.0;
        bool ok = true;
        for (int k = 0; k < owners; ++k) {
            // each owner keeps its own context: the complement reads only
            // the blocks and each owner's a and l
            State s = random_state(r, kKinds[t % 4], kMasks[(t / 4) % 8], kMild);
            double rr[JET_DIM], ee[JET_DIM], aa[JET_DIM], ll[JET_DIM], sigT, pT;
            otm_ipm_owner_rhs(&s.c, &s.sh, &s.o, &s.st, rr, ee, aa, ll, &sigT, &pT);
            double k4[4][JET_DIM];
            ok = ok && otm_ipm_owner_solve_dense(&s.c, &s.o, &s.H, 0, rr, ee, aa, ll, k4[0], k4[1], k4[2], k4[3]);
            ld L[JET_DIM][JET_DIM];
            dense_matrix(s, L);
            std::vector<ld> blk(JET_DIM * JET_DIM), ke(ee, ee + JET_DIM), ka(aa, aa + JET_DIM), kl(ll, ll + JET_DIM);
            std::vector<ld> ve(ee, ee + JET_DIM), va(aa, aa + JET_DIM), vl(ll, ll + JET_DIM);
            for (int i = 0; i < JET_DIM; ++i) {
                for (int j = 0; j < JET_DIM; ++j)
                    H[(k * JET_DIM + i) * n + k * JET_DIM + j] = blk[i * JET_DIM + j] = L[i][j];
                e[k * JET_DIM + i] = ee[i];
                a[k * JET_DIM + i] = aa[i];
                l[k * JET_DIM + i] = ll[i];
            }
            for (std::vector<ld> *v : {&ke, &ka, &kl}) {
                std::vector<ld> A = blk;
                dense_solve(A, *v, JET_DIM);
            }
            eKe += dot(ve, ke);
            eKa += dot(ve, ka);
            eKl += dot(ve, kl);
            aKa += dot(va, ka);
            aKl += dot(va, kl);
            lKl += dot(vl, kl);
            sigT_sum += sigT;
        }
        if (!ok)
            continue; // a block not positive definite (exact Newton asks them to be)
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                H[i * n + j] += sigB * a[i] * a[j] + sigL * l[i] * l[j];
        std::vector<ld> x = e;
        dense_solve(H, x, n);
        const ld eHe = dot(e, x);
        otm_ipm_sums sums{};
        sums.eKe = (double)eKe, sums.eKa = (double)eKa, sums.eKl = (double)eKl;
        sums.aKa = (double)aKa, sums.aKl = (double)aKl, sums.lKl = (double)lKl;
        const double wTT = sigT_sum + sigTm;
        double det, trace;
        const double want = (double)(wTT - eHe), got = otm_time_schur(&sums, wTT, sigB, sigL, &det, &trace);
        EXPECT_LE(std::fabs(got - want), 1e-12 * (wTT + (double)eKe)) << "case " << t;
        ++compared;
        rescued += wTT - sums.eKe <= 0.0 && want > 0.0;
    }
    EXPECT_GT(compared, 300);
    std::printf("time Schur complement: %d systems compared, %d positive only with the sums' curvature\n", compared,
                rescued);
}
// Whether the whole Newton system is positive definite
// (otm_ipm_system_definite: the blocks' inertia from their factors, the
// sums' 2 x 2, the time complement) against the eigenvalues of the dense
// system in long double: three owners (indefinite blocks among them; in
// half the systems the first owner's curvature in b made negative), each
// set of blocks under the bandwidth sum's weight from 1e-6 to 1e12, so that
// the sum's curvature makes up for a negative eigenvalue at some weights and
// not at others. Systems within 1e-9 of singular (relative to their largest
// eigenvalue) are left out.
TEST(NewtonBlock, SystemDefiniteMatchesTheDenseSystem)
{
    Draw r;
    const int owners = 3, n = owners * JET_DIM + 1;
    int compared = 0, definite = 0, with_negative = 0, rescued = 0;
    for (int t = 0; t < 2000; ++t) {
        const double sigL = r.log_uni(1e-6, 1e6), sigTm = r.coin(0.5) ? 0.0 : r.log_uni(1e-3, 1e3);
        std::vector<ld> H0(n * n, 0.0L), a(n, 0.0L), l(n, 0.0L);
        otm_ipm_sums sums{};
        bool ok = true;
        for (int k = 0; k < owners && ok; ++k) {
            State s = random_state(r, kKinds[t % 4], kMasks[(t / 4) % 8], kMild);
            if (k == 0 && t % 2 && otm_is_free(&s.c, JET_B)) {
                // the first owner's curvature in b turned negative: the
                // bandwidth sum's, across the owners, may make up for it
                ld L[JET_DIM][JET_DIM];
                dense_matrix(s, L);
                s.H.F[otm_arrow_hk(JET_B, JET_B)] -= (double)(r.uni(1.05, 1.5) * L[JET_B][JET_B]);
            }
            double rr[JET_DIM], ee[JET_DIM], aa[JET_DIM], ll[JET_DIM], sigT, pT, q[4][JET_DIM];
            otm_ipm_owner_rhs(&s.c, &s.sh, &s.o, &s.st, rr, ee, aa, ll, &sigT, &pT);
            int negative;
            // the block as the solver factors it without convexification
            ok = otm_ipm_owner_solve_arrow(&s.c, &s.o, &s.H, rr, aa, ll, q[0], q[1], q[2], q[3], 1, &negative);
            otm_ipm_step st = s.st;
            ok = ok && otm_ipm_owner_assemble(&s.c, &s.sh, &s.o, &s.H, &st, 0, &sums);
            ld L[JET_DIM][JET_DIM];
            dense_matrix(s, L);
            for (int i = 0; i < JET_DIM; ++i) {
                for (int j = 0; j < JET_DIM; ++j)
                    H0[(k * JET_DIM + i) * n + k * JET_DIM + j] = L[i][j];
                H0[(k * JET_DIM + i) * n + n - 1] = H0[(n - 1) * n + k * JET_DIM + i] = ee[i];
                a[k * JET_DIM + i] = aa[i];
                l[k * JET_DIM + i] = ll[i];
            }
        }
        if (!ok)
            continue;
        const double wTT = sums.sigT + sigTm;
        H0[n * n - 1] = wTT;
        for (int e10 = -6; e10 <= 12; e10 += 2) {
            const double sigB = std::pow(10.0, e10);
            std::vector<ld> H = H0;
            for (int i = 0; i < n - 1; ++i)
                for (int j = 0; j < n - 1; ++j)
                    H[i * n + j] += sigB * a[i] * a[j] + sigL * l[i] * l[j];
            std::vector<ld> lambda = eigenvalues(H, n);
            const ld lo = *std::min_element(lambda.begin(), lambda.end());
            const ld hi = *std::max_element(lambda.begin(), lambda.end());
            if (fabsl(lo) < 1e-9L * fabsl(hi))
                continue;
            const bool want = lo > 0.0L, got = otm_ipm_system_definite(&sums, sums.negative, wTT, sigB, sigL);
            EXPECT_EQ(got, want) << "case " << t << " sigB " << sigB << ", the blocks' negative eigenvalues "
                                 << sums.negative;
            ++compared;
            definite += want;
            with_negative += sums.negative > 0;
            rescued += want && sums.negative > 0;
        }
    }
    EXPECT_GT(compared, 3000);
    EXPECT_GT(rescued, 10);
    std::printf("whole system: %d compared, %d positive definite, %d with indefinite blocks, %d of those positive "
                "definite through the sums\n",
                compared, definite, with_negative, rescued);
}

} // namespace
