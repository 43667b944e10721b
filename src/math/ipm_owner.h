/*
 * Per-owner phases of the structured primal-dual interior-point method
 * (host and device). The Newton system of the whole realization is
 * block-diagonal over owners plus three coupling unknowns (the time T and the
 * two resource sums); each owner eliminates its own block here, and the
 * realization solves a 3x3 system from the summed contributions.
 *
 * Variables are scaled: xs_j = x_j / scale_j. Constraints, all kept strictly
 * satisfied (feasible interior-point method):
 *   bounds     lo_j < x_j < hi_j                       multipliers zl, zu
 *   rate       cR = (R_min - R)/R_scale < 0            multiplier lamR
 *   delay      T_n/T_scale - T/T_scale < 0             multiplier lamT
 *   coupling   sum b/B - 1 < 0, sum fL/F_L - 1 < 0, T < T_max (the caller's).
 *
 * The rate and delay constraints carry slack variables, cR + sR = 0 and
 * T_n - T + sT = 0 with sR, sT > 0. With `soft_constraints` the two
 * equations may be violated during a solve (the slacks alone stay positive,
 * and a filter line search weighs the violations against the barrier
 * merit, ipm.h), as in IPOPT: one
 * owner's curvature then costs its share of the merit instead of cutting the
 * step of every owner, which at N = 30,000 held the step near 1e-2 for
 * hundreds of iterations. Without it the slacks are the constraints' values
 * and every trial point must satisfy them.
 */
#ifndef OTMEC_IPM_OWNER_H
#define OTMEC_IPM_OWNER_H

#include "math/owner_problem.h"

/* Constant context of one interior-point solve of a realization. */
typedef struct otm_ipm_ctx {
    otm_kind kind;
    otm_params q;
    double lambda;      /* FULL: Dinkelbach parameter */
    unsigned free_mask; /* bit j set when variable j moves */
    otm_scales sc;
    double coef_T;      /* scaled objective coefficient of T/T_scale */
    double aB, aL;      /* d(sum b/B)/d(b scaled), same for fL */
    int soft_constraints; /* rate and delay may be violated during the solve */
} otm_ipm_ctx;

/* Has variable j an upper bound? phi, p and f have finite ones (the
 * parameters' checks); b and fL none (their sums are bounded). A constant
 * per variable: the unrolled loops over the variables lose the test. */
OTMEC_HD int otm_has_upper(int j)
{
    return j != JET_B && j != JET_FL;
}

/* The owner's state of an upper bound (distance, reciprocal, multiplier) is
 * kept for the three variables that have one, at this slot of variable j
 * (otm_has_upper(j)): the bytes of the others' would be streamed by every
 * pass for nothing. */
#define OTM_UPPER_DIM 3

OTMEC_HD int otm_upper_slot(int j)
{
    return j == JET_PHI ? 0 : j == JET_P ? 1 : 2;
}

/* An owner's point: x, its bound distances, multipliers, slacks and jets.
 * The jets' Hessians (otm_owner_hessians) are kept apart, in an array of
 * their own beside the points': only the pass that builds the Newton blocks
 * reads them, and at 10^5 owners and more every pass is bound by the memory
 * it streams. */
typedef struct otm_ipm_owner {
    double x[JET_DIM];
    /* scaled distances to x's bounds, set with the jets, their reciprocals
     * and multipliers; the upper bounds' of phi, p and f only
     * (otm_upper_slot) */
    double sl[JET_DIM], su[OTM_UPPER_DIM];
    double isl[JET_DIM], isu[OTM_UPPER_DIM];
    double zl[JET_DIM], zu[OTM_UPPER_DIM];
    double lamR, lamT;
    double sR, sT;      /* slacks of the rate and delay constraints */
    double logs;        /* the barrier's sum of log(slack) at x, sR, sT: set with the slacks */
    otm_owner_jets J;
} otm_ipm_owner;

/* An owner's Newton step from its current point. The points (and their
 * Hessians) come in two copies, the current and the trial one, which swap
 * when a step is taken; the step has one, read until its trial point is
 * accepted. Apart from the point, so that the passes that move, evaluate
 * and accept the points do not stream it. */
typedef struct otm_ipm_step {
    double kr[JET_DIM], ke[JET_DIM], ka[JET_DIM], kl[JET_DIM]; /* W^-1 [r e a l] */
    double d[JET_DIM];  /* scaled Newton step */
    double dsR, dsT;    /* the slacks' Newton steps */
    double socR, socT;  /* violations a second-order correction steps against */
} otm_ipm_step;

/* The realization-wide scalars the owner phases read. */
typedef struct otm_ipm_shared {
    double Ts;          /* T / T_scale */
    double mu;
    double lamB, lamL;  /* coupling multipliers */
    /* the coupling constraints' weights at the current point: n mu / slack
     * and multiplier / slack, the deadline's 0 without one */
    double gB, gL, gTm;
    double sigB, sigL, sigTm;
    double dT, tB, tL;  /* solution of the 3x3 coupling system */
    int soc;            /* the step is a second-order correction: owners' socR, socT */
} otm_ipm_shared;

/* Summed owner contributions to the 3x3 coupling system and residuals. */
typedef struct otm_ipm_sums {
    double eKe, eKa, eKl, aKa, aKl, lKl, eKr, aKr, lKr;
    double sigT, muT, lamT; /* sum sigma_T, sum mu/slack_T, sum lamT */
    double stat, comp, comp_mu; /* max stationarity, max complementarity, max |comp - mu| */
    double centrality; /* sum over owners of each one's largest of those errors (stat, |comp - mu|) */
    /* negative eigenvalues of this member's owner blocks (exact Newton at
     * indefinite blocks): a count of the member's own, not added block by
     * block as the sums are (otm_ipm_sums_pack leaves it out) */
    int negative;
} otm_ipm_sums;

/* The Schur complement of T in the whole Newton system, wTT -
 * e^T (W + sigB a a^T + sigL l l^T)^-1 e, from the owners' sums: W the owner
 * blocks (nonsingular), e the time coupling, a and l the resource sums'
 * gradients; *det and *trace get those of I + S K. The sums' curvature
 * (Woodbury: the correction
 * v^T (I + S K)^-1 S v, S = diag(sigB, sigL), K = [aKa aKl; aKl lKl],
 * v = (eKa, eKl)) is positive and adds to the complement: with the
 * bandwidth sum active, e^T W^-1 e alone exceeded wTT at iterate after
 * iterate of one random instance, whose whole system was positive
 * definite, and every step convexified its blocks: linear convergence, 653
 * iterations and MAX_ITER, where the exact step converges. */
OTMEC_HD double otm_time_schur(const otm_ipm_sums *s, double wTT, double sigB, double sigL, double *det,
                               double *trace)
{
    /* I + S K: its determinant and trace are those of I + S^1/2 K S^1/2
     * (otm_ipm_system_definite counts its positive eigenvalues by them) */
    const double a11 = 1.0 + sigB * s->aKa, a12 = sigB * s->aKl;
    const double a21 = sigL * s->aKl, a22 = 1.0 + sigL * s->lKl;
    const double w1 = sigB * s->eKa, w2 = sigL * s->eKl;
    *det = a11 * a22 - a12 * a21;
    *trace = a11 + a22;
    const double y1 = (w1 * a22 - a12 * w2) / *det, y2 = (a11 * w2 - a21 * w1) / *det;
    return wTT - s->eKe + (s->eKa * y1 + s->eKl * y2);
}

/* Is the whole Newton system positive definite, its owner blocks factored
 * with `negative` negative eigenvalues among them? By Haynsworth's inertia
 * formula the blocks with the resource sums' curvature,
 * W + sigB a a^T + sigL l l^T, have negative + p - 2 negative eigenvalues,
 * p the positive ones of the 2 x 2 I + S^1/2 K S^1/2 (congruent to
 * S^-1 + K; its determinant and trace are otm_time_schur's): an
 * owner block indefinite along its bandwidth or compute share can be made
 * up for by the sum's curvature across the owners, once the sum is active.
 * Then the time complement must be positive. With no negative eigenvalue
 * the 2 x 2 is positive definite (K is) and only the complement counts.
 * Tested block by block instead, one owner of random scenario 135 of the
 * Monte Carlo matrix (W indefinite in phi and b, the bandwidth sum active)
 * had its step convexified inside iterations that counted as exact, and
 * random scenarios 560 and 195 stopped at KKT residuals of 3e-7 after 414
 * and 785 iterations; with this test they converge in 28 and 187. */
OTMEC_HD int otm_ipm_system_definite(const otm_ipm_sums *s, int negative, double wTT, double sigB, double sigL)
{
    if (negative > 2)
        return 0;
    double det, trace;
    const double schur = otm_time_schur(s, wTT, sigB, sigL, &det, &trace);
    if (negative > 0) {
        const int positive = det > 0.0 ? (trace > 0.0 ? 2 : 0) : det < 0.0 ? 1 : -1;
        if (negative + positive != 2)
            return 0;
    }
    return schur > 0.0;
}

OTMEC_HD int otm_is_free(const otm_ipm_ctx *c, int j)
{
    return (int)(c->free_mask >> j & 1u);
}


/* Scaled distances to the bounds of variable j (inf when unbounded). */
OTMEC_HD void otm_bound_slacks(const otm_ipm_ctx *c, const double *x, int j, double *sl, double *su)
{
    double lo, hi;
    otm_var_bounds(&c->q, j, &lo, &hi);
    *sl = (x[j] - lo) / c->sc.x[j];
    *su = otm_has_upper(j) ? (hi - x[j]) / c->sc.x[j] : INFINITY;
}

/* The distances of the owner's point to its bounds and their reciprocals,
 * kept with it: every phase reads them from there instead of dividing again
 * (the divisions, about a hundred per owner and iteration, were a third of
 * its time). All distances first, then all reciprocals, then the stores:
 * the divisions are independent, and a device that issues in order starts
 * each one without waiting for the one before (written distance, its
 * reciprocal, its store, variable by variable, the eight divisions and
 * eight reciprocals ran one after another: 6% of a team's stalls at
 * N = 10 on a simulated SM). */
OTMEC_HD void otm_ipm_owner_set_bound_slacks(const otm_ipm_ctx *c, otm_ipm_owner *o)
{
    double sl[JET_DIM], su[OTM_UPPER_DIM], isl[JET_DIM], isu[OTM_UPPER_DIM];
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        double u;
        otm_bound_slacks(c, o->x, j, &sl[j], &u);
        if (otm_has_upper(j))
            su[otm_upper_slot(j)] = u;
    }
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        isl[j] = 1.0 / sl[j];
        if (otm_has_upper(j))
            isu[otm_upper_slot(j)] = 1.0 / su[otm_upper_slot(j)];
    }
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        o->sl[j] = sl[j];
        o->isl[j] = isl[j];
        if (otm_has_upper(j)) {
            o->su[otm_upper_slot(j)] = su[otm_upper_slot(j)];
            o->isu[otm_upper_slot(j)] = isu[otm_upper_slot(j)];
        }
    }
}

/* The owner's jets (their Hessians into H) and bound distances at its
 * point x. */
OTMEC_HD_ONE_COPY void otm_ipm_owner_eval(const otm_ipm_ctx *c, const otm_owner_data *od, otm_ipm_owner *o,
                                          otm_owner_hessians *H)
{
    otm_ipm_owner_set_bound_slacks(c, o);
    otm_owner_eval_into(c->kind, &c->q, od, c->lambda, o->x, c->free_mask, &c->sc, &o->J, H);
}

/* Slacks equal to the constraints' values at the owner's point and time Ts:
 * no violation. */
OTMEC_HD void otm_ipm_owner_sync_slacks(otm_ipm_owner *o, double Ts)
{
    o->sR = -o->J.cR.v;
    o->sT = Ts - o->J.Tn.v;
}

/* Violations of cR + sR = 0 and T_n - T + sT = 0 (zero unless soft). */
OTMEC_HD double otm_ipm_owner_vR(const otm_ipm_owner *o)
{
    return o->J.cR.v + o->sR;
}

OTMEC_HD double otm_ipm_owner_vT(const otm_ipm_owner *o, double Ts)
{
    return o->J.Tn.v - Ts + o->sT;
}

/* Is the owner's point strictly inside every owner constraint at time Ts
 * (soft constraints: inside its bounds, with positive slacks)? */
OTMEC_HD int otm_ipm_owner_interior(const otm_ipm_ctx *c, const otm_ipm_owner *o, double Ts)
{
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        if (!(o->sl[j] > 0.0) || (otm_has_upper(j) && !(o->su[otm_upper_slot(j)] > 0.0)))
            return 0;
    }
    double R_slack = c->soft_constraints ? o->sR : -o->J.cR.v;
    double T_slack = c->soft_constraints ? o->sT : Ts - o->J.Tn.v;
    /* the rate itself must stay positive for 1/R to mean anything */
    double R = c->q.R_min - o->J.cR.v * c->sc.R;
    return R_slack > 0.0 && T_slack > 0.0 && R > 0.0 && isfinite(o->J.F.v) && isfinite(o->J.Tn.v);
}

/* The violations the Newton step drives to zero: the current ones, or
 * those of a second-order correction. */
OTMEC_HD void otm_ipm_owner_step_violations(const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                            const otm_ipm_step *st, double *vR, double *vT)
{
    *vR = sh->soc ? st->socR : otm_ipm_owner_vR(o);
    *vT = sh->soc ? st->socT : otm_ipm_owner_vT(o, sh->Ts);
}

/* Owner share of the constraint violation |cR + sR| + |T_n - T + sT|. */
OTMEC_HD double otm_ipm_owner_violation(const otm_ipm_owner *o, double Ts)
{
    return fabs(otm_ipm_owner_vR(o)) + fabs(otm_ipm_owner_vT(o, Ts));
}

/* The barrier's sum of log(slack) over the free variables' bounds and the
 * rate and delay constraints. It is kept with the point (o->logs), set
 * where its slacks are: the merit at the current point is then the accepted
 * trial point's without its logarithms again (they were a sixth of the
 * instructions, half of them for that). Taken as the logarithm of the
 * slacks' product, one logarithm instead of ten, wherever that product is a
 * normal number (ten slacks would need to average below 1e-30 or above
 * 1e30 for it not to be); else, and for a slack that is not positive, as
 * the sum. */
OTMEC_HD double otm_ipm_owner_log_sum(const otm_ipm_ctx *c, const otm_ipm_owner *o)
{
    double prod = o->sR * o->sT;
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        prod *= o->sl[j];
        if (otm_has_upper(j))
            prod *= o->su[otm_upper_slot(j)];
    }
    if (prod > 1e-300 && prod < 1e300)
        return log(prod);
    double sum = log(o->sR) + log(o->sT);
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        sum += log(o->sl[j]);
        if (otm_has_upper(j))
            sum += log(o->su[otm_upper_slot(j)]);
    }
    return sum;
}

/* Owner share of the barrier merit F - mu*sum log(slack). */
OTMEC_HD double otm_ipm_owner_merit(const otm_ipm_owner *o, double mu)
{
    return o->J.F.v - mu * o->logs;
}

/* In-place Cholesky of the free part of a 5x5 SPD matrix; 0 on failure. */
OTMEC_HD int otm_chol5(double A[JET_DIM][JET_DIM])
{
    OTM_DEVICE_ROLLED_LOOP
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        double s = A[j][j];
        for (int k = 0; k < j; ++k)
            s -= A[j][k] * A[j][k];
        if (!(s > 0.0))
            return 0;
        A[j][j] = sqrt(s);
        for (int i = j + 1; i < JET_DIM; ++i) {
            double t = A[i][j];
            for (int k = 0; k < j; ++k)
                t -= A[i][k] * A[j][k];
            A[i][j] = t / A[j][j];
        }
    }
    return 1;
}

OTMEC_HD void otm_chol5_solve(double L[JET_DIM][JET_DIM], const double *b, double *x)
{
    double y[JET_DIM];
    OTM_DEVICE_ROLLED_LOOP
    for (int i = 0; i < JET_DIM; ++i) {
        double s = b[i];
        for (int k = 0; k < i; ++k)
            s -= L[i][k] * y[k];
        y[i] = s / L[i][i];
    }
    OTM_DEVICE_ROLLED_LOOP
    for (int i = JET_DIM - 1; i >= 0; --i) {
        double s = y[i];
        for (int k = i + 1; k < JET_DIM; ++k)
            s -= L[k][i] * x[k];
        x[i] = s / L[i][i];
    }
}

/* Symmetric eigenvalue modification by cyclic Jacobi: W <- V |Lambda| V^T,
 * with eigenvalues at least 1e-10 of the largest. */
OTMEC_HD_ONE_COPY void otm_make_positive(double W[JET_DIM][JET_DIM], double scale)
{
    double A[JET_DIM][JET_DIM], V[JET_DIM][JET_DIM];
    for (int i = 0; i < JET_DIM; ++i)
        OTM_HOST_UNROLLED_LOOP
        for (int j = 0; j < JET_DIM; ++j) {
            A[i][j] = W[i][j];
            V[i][j] = i == j ? 1.0 : 0.0;
        }
    for (int sweep = 0; sweep < 60; ++sweep) {
        double off = 0.0, diag = 0.0;
        for (int i = 0; i < JET_DIM; ++i) {
            diag += A[i][i] * A[i][i];
            for (int j = i + 1; j < JET_DIM; ++j)
                off += A[i][j] * A[i][j];
        }
        if (off <= 1e-30 * diag)
            break;
        OTM_DEVICE_ROLLED_LOOP
        for (int p = 0; p < JET_DIM; ++p)
            OTM_DEVICE_ROLLED_LOOP
            for (int q = p + 1; q < JET_DIM; ++q) {
                if (A[p][q] == 0.0)
                    continue;
                double theta = (A[q][q] - A[p][p]) / (2.0 * A[p][q]);
                double t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
                double cs = 1.0 / sqrt(t * t + 1.0), sn = t * cs;
                for (int k = 0; k < JET_DIM; ++k) {
                    double akp = A[k][p], akq = A[k][q];
                    A[k][p] = cs * akp - sn * akq;
                    A[k][q] = sn * akp + cs * akq;
                }
                for (int k = 0; k < JET_DIM; ++k) {
                    double apk = A[p][k], aqk = A[q][k];
                    A[p][k] = cs * apk - sn * aqk;
                    A[q][k] = sn * apk + cs * aqk;
                }
                for (int k = 0; k < JET_DIM; ++k) {
                    double vkp = V[k][p], vkq = V[k][q];
                    V[k][p] = cs * vkp - sn * vkq;
                    V[k][q] = sn * vkp + cs * vkq;
                }
            }
    }
    double lam_max = otm_fmax(scale, 1e-300), lam[JET_DIM];
    for (int i = 0; i < JET_DIM; ++i)
        lam_max = otm_fmax(lam_max, fabs(A[i][i]));
    for (int i = 0; i < JET_DIM; ++i)
        lam[i] = otm_fmax(fabs(A[i][i]), 1e-10 * lam_max);
    OTM_DEVICE_ROLLED_LOOP
    for (int i = 0; i < JET_DIM; ++i)
        OTM_DEVICE_ROLLED_LOOP
        OTM_HOST_UNROLLED_LOOP
        for (int j = 0; j < JET_DIM; ++j) {
            double sum = 0.0;
            for (int k = 0; k < JET_DIM; ++k)
                sum += V[i][k] * lam[k] * V[j][k];
            W[i][j] = sum;
        }
}

/* KKT residuals at the current point with the current multipliers (each
 * stationarity entry relative to 1 + the sum of its terms' sizes): adds to
 * the maxima in *s (stationarity over this owner's variables, complementarity)
 * and to the sums the time row needs. */
OTMEC_HD void otm_ipm_owner_residual(const otm_ipm_ctx *c, const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                     otm_ipm_sums *s)
{
    double sR = o->sR, sT = o->sT;
    /* this owner's largest stationarity error, with the primal infeasibility
     * of the soft constraints in their scaled units, and its largest
     * complementarity error |z s - mu| */
    double stat = otm_fmax(fabs(otm_ipm_owner_vR(o)), fabs(otm_ipm_owner_vT(o, sh->Ts)));
    /* the largest |gl| / size over the variables, kept as a fraction: one
     * division for the owner instead of one per variable */
    double stat_num = 0.0, stat_den = 1.0;
    double dev = otm_fmax(fabs(o->lamR * sR - sh->mu), fabs(o->lamT * sT - sh->mu));
    /* in a local, not through s: s could alias o, so each update would
     * wait on the store before it */
    double comp = otm_fmax(s->comp, otm_fmax(o->lamR * sR, o->lamT * sT));
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        double tF = o->J.F.g[j], tR = o->lamR * otm_bp_jet_g(&o->J.cR, j), tT = o->lamT * o->J.Tn.g[j];
        double tl = -o->zl[j], tu = otm_has_upper(j) ? o->zu[otm_upper_slot(j)] : 0.0;
        double gl = tF + tR + tT + tl + tu;
        double size = 1.0 + fabs(tF) + fabs(tR) + fabs(tT) + fabs(tl) + fabs(tu);
        if (j == JET_B || j == JET_FL) { /* the coupling sum's multiplier */
            double tc = j == JET_B ? sh->lamB * c->aB : sh->lamL * c->aL;
            gl += tc;
            size += fabs(tc);
        }
        /* relative to the terms that cancel: large multipliers (degenerate,
         * nearly tight constraints) leave rounding noise of their size */
        if (fabs(gl) * stat_den > stat_num * size) {
            stat_num = fabs(gl);
            stat_den = size;
        }
        double sl = o->sl[j];
        comp = otm_fmax(comp, o->zl[j] * sl);
        dev = otm_fmax(dev, fabs(o->zl[j] * sl - sh->mu));
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            double zu = o->zu[u], su = o->su[u];
            comp = otm_fmax(comp, zu * su);
            dev = otm_fmax(dev, fabs(zu * su - sh->mu));
        }
    }
    stat = otm_fmax(stat, stat_num / stat_den);
    s->comp = comp;
    s->stat = otm_fmax(s->stat, stat);
    s->comp_mu = otm_fmax(s->comp_mu, dev);
    s->centrality += otm_fmax(stat, dev);
    s->lamT += o->lamT;
}

/* The four right sides of an owner's Newton block (r: the Newton residual,
 * e: the time coupling, a and l: the two resource sums), zero at fixed
 * variables. sigT and pT: the delay's sigma and its share of the time row. */
OTMEC_HD void otm_ipm_owner_rhs(const otm_ipm_ctx *c, const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                const otm_ipm_step *st, double r[JET_DIM], double e[JET_DIM], double a[JET_DIM],
                                double l[JET_DIM], double *sigT_out, double *pT_out)
{
    const otm_grad_jet *F = &o->J.F, *Tn = &o->J.Tn;
    const otm_bp_jet *cR = &o->J.cR;
    double sR = o->sR, sT = o->sT;
    double sigR = o->lamR / sR, sigT = o->lamT / sT;
    /* violated equations pull the step toward them (zero unless soft) */
    double vR, vT;
    otm_ipm_owner_step_violations(sh, o, st, &vR, &vT);
    double pR = sh->mu / sR + sigR * vR, pT = sh->mu / sT + sigT * vT;
    for (int i = 0; i < JET_DIM; ++i) {
        r[i] = -(F->g[i] + pR * otm_bp_jet_g(cR, i) + pT * Tn->g[i]);
        e[i] = -sigT * Tn->g[i];
        a[i] = 0.0;
        l[i] = 0.0;
    }
    a[JET_B] = c->aB;
    l[JET_FL] = c->aL;
    r[JET_B] -= sh->gB * c->aB;
    r[JET_FL] -= sh->gL * c->aL;
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j)) {
            r[j] = e[j] = a[j] = l[j] = 0.0;
            continue;
        }
        r[j] += sh->mu * o->isl[j];
        if (otm_has_upper(j))
            r[j] -= sh->mu * o->isu[otm_upper_slot(j)];
    }
    *sigT_out = sigT;
    *pT_out = pT;
}

/* The dense path: builds the whole 5x5 block W (the Hessian of the
 * Lagrangian, the rate's sigma term and the bound terms), factors
 * W + sigT gT gT^T by Cholesky and solves it for the four right sides into
 * kr, ke, ka, kl. Exact Newton when the owner block with its delay term
 * is positive definite (the realization then checks the time coupling).
 * Otherwise, and always when `convexify`, the block's negative eigenvalues
 * are flipped to their absolute values before the PSD delay term is added:
 * the step descends on the merit and keeps the Newton scaling in every
 * direction (a uniform diagonal shift would damp them all and crawl).
 * Returns 0 when the block cannot be factored. The solver takes it only
 * where the structured path below cannot (W not positive definite); the
 * tests compare the two. */
OTMEC_HD_ONE_COPY int otm_ipm_owner_solve_dense(const otm_ipm_ctx *c, const otm_ipm_owner *o,
                                                const otm_owner_hessians *H, int convexify,
                                                const double r[JET_DIM], const double e[JET_DIM],
                                                const double a[JET_DIM], const double l[JET_DIM],
                                                double kr[JET_DIM], double ke[JET_DIM], double ka[JET_DIM],
                                                double kl[JET_DIM])
{
    const otm_grad_jet *Tn = &o->J.Tn;
    const otm_bp_jet *cR = &o->J.cR;
    double sigR = o->lamR / o->sR, sigT = o->lamT / o->sT;
    double W[JET_DIM][JET_DIM];
    double diag_max = 0.0;
    OTM_DEVICE_ROLLED_LOOP
    for (int k = 0; k < JET_HDIM; ++k) {
        int i = jet_row(k), j = jet_col(k);
        W[i][j] = W[j][i] = otm_arrow_h(H->F, i, j) + o->lamR * otm_rate_h(H, i, j) +
                            o->lamT * otm_arrow_h(H->Tn, i, j) + sigR * otm_bp_jet_g(cR, i) * otm_bp_jet_g(cR, j);
    }
    OTM_DEVICE_ROLLED_LOOP
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        W[j][j] += o->zl[j] / o->sl[j];
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            W[j][j] += o->zu[u] / o->su[u];
        }
        diag_max = otm_fmax(diag_max, fabs(W[j][j]));
    }
    OTM_DEVICE_ROLLED_LOOP
    for (int i = 0; i < JET_DIM; ++i) {
        if (otm_is_free(c, i))
            continue;
        OTM_HOST_UNROLLED_LOOP
        for (int j = 0; j < JET_DIM; ++j)
            W[i][j] = W[j][i] = 0.0;
        W[i][i] = 1.0;
    }
    double L[JET_DIM][JET_DIM];
    for (int pass = convexify ? 1 : 0; pass < 2; ++pass) {
        if (pass == 1) {
            OTM_DEVICE_ROLLED_LOOP
            for (int i = 0; i < JET_DIM; ++i)
                OTM_HOST_UNROLLED_LOOP
                for (int j = 0; j < JET_DIM; ++j)
                    L[i][j] = W[i][j];
            if (!otm_chol5(L))
                otm_make_positive(W, diag_max);
        }
        OTM_DEVICE_ROLLED_LOOP
        for (int i = 0; i < JET_DIM; ++i)
            OTM_HOST_UNROLLED_LOOP
            for (int j = 0; j < JET_DIM; ++j)
                L[i][j] = W[i][j] + sigT * Tn->g[i] * Tn->g[j];
        if (otm_chol5(L))
            break;
        if (pass == 1)
            return 0;
    }
    otm_chol5_solve(L, r, kr);
    otm_chol5_solve(L, e, ke);
    otm_chol5_solve(L, a, ka);
    otm_chol5_solve(L, l, kl);
    return 1;
}

/* The structured path. The owner's W is an arrowhead: the Hessians of F,
 * cR and T_n (src/math/owner_problem.h) couple phi with every variable and
 * b with p, nothing else (f and fL appear in separate terms CD(phi)/f,
 * CL(phi)/fL, CD f^2, CL fL^2; cR depends on b and p only, so its sigma term
 * stays in the (b, p) block). Eliminated in the order b, p, f, fL, phi, its
 * LDL^T has no fill: L is the unit matrix plus L(p, b) = m and the phi row
 * q. The delay term sigT gT gT^T is dense (T_n depends on every variable),
 * so instead of factoring W + sigT gT gT^T densely the arrowhead factor
 * takes it as a positive rank-one update (Gill, Golub, Murray and Saunders
 * 1974, the form that allows sigT = 0): W + sigT gT gT^T =
 * L Lbar Dbar Lbar^T L^T with Lbar(i, j) = pg_i beta_j below the diagonal,
 * pg = L^-1 gT. A positive update of a PD factor stays PD and is backward
 * stable, unlike Sherman-Morrison's difference of two solves, which can
 * lose digits when the delay term dominates. Entries are in elimination order;
 * otm_block_var maps them to the variables. */
OTMEC_HD int otm_block_var(int k)
{
    return (k + 1) % JET_DIM; /* b, p, f, fL, phi */
}

/* A pivot of the arrowhead factor it can go on with: positive, or with
 * `indefinite` any nonzero finite number. */
OTMEC_HD int otm_arrow_pivot_ok(double d, int indefinite)
{
    return d > 0.0 || (indefinite && d < 0.0 && d > -INFINITY);
}

typedef struct otm_arrow_factor {
    double m;              /* L(p, b) */
    double q[4];           /* L(phi, b), L(phi, p), L(phi, f), L(phi, fL) */
    double pg[JET_DIM];    /* L^-1 gT */
    double beta[JET_DIM];  /* the update's Lbar */
    double id[JET_DIM];    /* 1 / the updated pivots */
} otm_arrow_factor;

/* y = L^-1 b, b in variable order, y in elimination order. */
OTMEC_HD void otm_arrow_forward(const otm_arrow_factor *A, const double b[JET_DIM], double y[JET_DIM])
{
    y[0] = b[JET_B];
    y[1] = b[JET_P] - A->m * y[0];
    y[2] = b[JET_F];
    y[3] = b[JET_FL];
    y[4] = b[JET_PHI] - A->q[0] * y[0] - A->q[1] * y[1] - A->q[2] * y[2] - A->q[3] * y[3];
}

/* x = (L Lbar Dbar Lbar^T L^T)^-1 b given y = L^-1 b; x in variable order. */
OTMEC_HD void otm_arrow_finish(const otm_arrow_factor *A, const double y[JET_DIM], double x[JET_DIM])
{
    double v[JET_DIM], s = 0.0;
    for (int k = 0; k < JET_DIM; ++k) {
        double w = y[k] - A->pg[k] * s;
        s += A->beta[k] * w;
        v[k] = w * A->id[k];
    }
    s = 0.0;
    for (int k = JET_DIM - 1; k >= 0; --k) {
        v[k] -= A->beta[k] * s;
        s += A->pg[k] * v[k];
    }
    x[JET_PHI] = v[4];
    x[JET_FL] = v[3] - A->q[3] * v[4];
    x[JET_F] = v[2] - A->q[2] * v[4];
    x[JET_P] = v[1] - A->q[1] * v[4];
    x[JET_B] = v[0] - A->m * x[JET_P] - A->q[0] * v[4];
}

/* otm_arrow_finish for four right sides at once, the same operations in
 * the same order for each: the four recurrences are independent, and
 * interleaved they no longer wait on each other's latency (the substitutions
 * one at a time were an eighth of a solve's time for a twelfth of its
 * instructions). */
OTMEC_HD void otm_arrow_finish4(const otm_arrow_factor *A, const double y[4][JET_DIM], double x0[JET_DIM],
                                double x1[JET_DIM], double x2[JET_DIM], double x3[JET_DIM])
{
    double v[4][JET_DIM], s[4] = {0.0, 0.0, 0.0, 0.0};
    for (int k = 0; k < JET_DIM; ++k)
        for (int r = 0; r < 4; ++r) {
            double w = y[r][k] - A->pg[k] * s[r];
            s[r] += A->beta[k] * w;
            v[r][k] = w * A->id[k];
        }
    for (int r = 0; r < 4; ++r)
        s[r] = 0.0;
    for (int k = JET_DIM - 1; k >= 0; --k)
        for (int r = 0; r < 4; ++r) {
            v[r][k] -= A->beta[k] * s[r];
            s[r] += A->pg[k] * v[r][k];
        }
    double *x[4] = {x0, x1, x2, x3};
    for (int r = 0; r < 4; ++r) {
        x[r][JET_PHI] = v[r][4];
        x[r][JET_FL] = v[r][3] - A->q[3] * v[r][4];
        x[r][JET_F] = v[r][2] - A->q[2] * v[r][4];
        x[r][JET_P] = v[r][1] - A->q[1] * v[r][4];
        x[r][JET_B] = v[r][0] - A->m * x[r][JET_P] - A->q[0] * v[r][4];
    }
}

/* Solves the owner's block with its delay term through the arrowhead
 * factor of W for the four right sides into kr, ke, ka, kl. e = -sigT gT
 * needs no argument. Reads only the entries the owner problem can make
 * nonzero; fixed variables get the dense path's unit row.
 *
 * Without `indefinite`, returns 0, writing nothing, when W is not positive
 * definite (the caller then takes the dense path, whose exact-Newton test
 * W + sigT gT gT^T > 0 can still pass, or convexifies). With it, W's pivots
 * may be negative (not zero): the factor of W + sigT gT gT^T is formed all
 * the same and *negative counts its negative pivots, its negative
 * eigenvalues (Sylvester): the whole system may still be positive definite,
 * the resource sums' curvature making up for them (otm_ipm_system_definite).
 * Returns 0 where a pivot is zero or not finite. */
OTMEC_HD_ONE_COPY int otm_ipm_owner_solve_arrow(const otm_ipm_ctx *c, const otm_ipm_owner *o,
                                                const otm_owner_hessians *H, const double r[JET_DIM],
                                                const double a[JET_DIM], const double l[JET_DIM],
                                                double kr[JET_DIM], double ke[JET_DIM], double ka[JET_DIM],
                                                double kl[JET_DIM], int indefinite, int *negative)
{
    const otm_grad_jet *Tn = &o->J.Tn;
    const otm_bp_jet *cR = &o->J.cR;
    double lamR = o->lamR, lamT = o->lamT;
    double sigR = lamR / o->sR, sigT = lamT / o->sT;
    /* diagonal in elimination order, phi's couplings, the (b, p) entry */
    double d[JET_DIM], w0[4], wbp;
    for (int k = 0; k < JET_DIM; ++k) {
        int hk = otm_arrow_hk(otm_block_var(k), otm_block_var(k));
        d[k] = H->F[hk] + lamT * H->Tn[hk];
    }
    for (int k = 0; k < 4; ++k) {
        int hk = otm_arrow_hk(JET_PHI, otm_block_var(k));
        w0[k] = H->F[hk] + lamT * H->Tn[hk];
    }
    double gRb = cR->gb, gRp = cR->gp;
    const int hbp = otm_arrow_hk(JET_B, JET_P);
    d[0] += lamR * H->Rbb + sigR * gRb * gRb;
    d[1] += lamR * H->Rpp + sigR * gRp * gRp;
    wbp = H->F[hbp] + lamR * H->Rbp + lamT * H->Tn[hbp] + sigR * gRb * gRp;
    double g[JET_DIM];
    for (int k = 0; k < JET_DIM; ++k) {
        int j = otm_block_var(k);
        g[k] = Tn->g[j];
        if (!otm_is_free(c, j)) {
            /* the dense path's unit row: no coupling, no delay term */
            d[k] = 1.0;
            g[k] = 0.0;
            if (k < 4)
                w0[k] = 0.0;
            else
                w0[0] = w0[1] = w0[2] = w0[3] = 0.0;
            if (k < 2)
                wbp = 0.0;
            continue;
        }
        d[k] += o->zl[j] * o->isl[j];
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            d[k] += o->zu[u] * o->isu[u];
        }
    }
    /* LDL^T of W; every pivot must be positive (NaN fails too), or with
     * `indefinite` nonzero and finite */
    otm_arrow_factor A;
    if (!otm_arrow_pivot_ok(d[0], indefinite))
        return 0;
    A.m = wbp / d[0];
    d[1] -= A.m * wbp;
    if (!otm_arrow_pivot_ok(d[1], indefinite) || !otm_arrow_pivot_ok(d[2], indefinite) ||
        !otm_arrow_pivot_ok(d[3], indefinite))
        return 0;
    A.q[0] = w0[0] / d[0];
    double w0p = w0[1] - A.q[0] * wbp; /* phi-p after eliminating b */
    A.q[1] = w0p / d[1];
    A.q[2] = w0[2] / d[2];
    A.q[3] = w0[3] / d[3];
    d[4] -= A.q[0] * w0[0] + A.q[1] * w0p + A.q[2] * w0[2] + A.q[3] * w0[3];
    if (!otm_arrow_pivot_ok(d[4], indefinite))
        return 0;
    /* the delay term as a rank-one update of D. The update's weight alpha
     * (sigT at the first pivot) obeys 1 / alpha' = 1 / alpha + pg^2 / d
     * from pivot to pivot, and with t = 1 / alpha the updated pivot is
     * d t' / t and Lbar's column pg / (d t'): the recurrence is a sum, and
     * the divisions leave the chain from one pivot to the next (written
     * with alpha, a division on that chain at every pivot took a tenth of
     * a solve's time). sigT = 0 leaves D as it is. */
    double gv[JET_DIM];
    for (int k = 0; k < JET_DIM; ++k)
        gv[otm_block_var(k)] = g[k];
    otm_arrow_forward(&A, gv, A.pg);
    if (sigT > 0.0) {
        double t = 1.0 / sigT;
        for (int k = 0; k < JET_DIM; ++k) {
            double t_next = t + A.pg[k] * A.pg[k] / d[k];
            double inv = 1.0 / (d[k] * t_next);
            A.beta[k] = A.pg[k] * inv;
            A.id[k] = t * inv;
            t = t_next;
        }
    } else {
        for (int k = 0; k < JET_DIM; ++k) {
            A.beta[k] = 0.0;
            A.id[k] = 1.0 / d[k];
        }
    }
    /* the updated pivots' reciprocals: their signs are the block's
     * inertia (all positive where W is positive definite) */
    int neg = 0;
    for (int k = 0; k < JET_DIM; ++k) {
        if (!otm_arrow_pivot_ok(A.id[k], 1))
            return 0;
        neg += A.id[k] < 0.0;
    }
    *negative = neg;
#if defined(__CUDA_ARCH__)
    /* one right side at a time: four at once would need four times the
     * registers and stack */
    double y[JET_DIM];
    otm_arrow_forward(&A, r, y);
    otm_arrow_finish(&A, y, kr);
    /* e = -sigT gT: L^-1 e is known */
    for (int k = 0; k < JET_DIM; ++k)
        y[k] = -sigT * A.pg[k];
    otm_arrow_finish(&A, y, ke);
    otm_arrow_forward(&A, a, y);
    otm_arrow_finish(&A, y, ka);
    otm_arrow_forward(&A, l, y);
    otm_arrow_finish(&A, y, kl);
#else
    double y[4][JET_DIM];
    otm_arrow_forward(&A, r, y[0]);
    for (int k = 0; k < JET_DIM; ++k)
        y[1][k] = -sigT * A.pg[k];
    otm_arrow_forward(&A, a, y[2]);
    otm_arrow_forward(&A, l, y[3]);
    otm_arrow_finish4(&A, y, kr, ke, ka, kl);
#endif
    return 1;
}

/* Adds an owner's solved block to the coupling sums: e, the time
 * coupling's right side; aB and lFL, the resource sums' right sides at b
 * and fL (zero elsewhere, and where those variables are fixed); sigT and pT
 * the delay's sigma and its share of the time row. */
OTMEC_HD void otm_ipm_owner_add_block(const double e[JET_DIM], double aB, double lFL, double sigT, double pT,
                                      const otm_ipm_step *st, otm_ipm_sums *s)
{
    /* the sums in locals (s could alias st: each update would wait on the
     * store before it) */
    double eKe = s->eKe, eKa = s->eKa, eKl = s->eKl, eKr = s->eKr;
    for (int i = 0; i < JET_DIM; ++i) {
        eKe += e[i] * st->ke[i];
        eKa += e[i] * st->ka[i];
        eKl += e[i] * st->kl[i];
        eKr += e[i] * st->kr[i];
    }
    s->eKe = eKe;
    s->eKa = eKa;
    s->eKl = eKl;
    s->eKr = eKr;
    s->aKa += aB * st->ka[JET_B];
    s->aKl += aB * st->kl[JET_B];
    s->lKl += lFL * st->kl[JET_FL];
    s->aKr += aB * st->kr[JET_B];
    s->lKr += lFL * st->kr[JET_FL];
    s->sigT += sigT;
    s->muT += pT;
}

/* Builds and factors this owner's Newton block, solves it for the four right
 * sides and adds the owner's share of the coupling system to *s: through the
 * arrowhead factor of W wherever W is positive definite (then so is
 * W + sigT gT gT^T, and the convexification would leave W as it is) and,
 * without `convexify`, wherever its pivots are nonzero, counting the
 * block's negative eigenvalues into s->negative (the realization then
 * decides whether the whole system is positive definite); else the dense
 * path with its exact-Newton test and convexification. Returns 0 when the
 * block cannot be factored. */
OTMEC_HD int otm_ipm_owner_assemble(const otm_ipm_ctx *c, const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                    const otm_owner_hessians *H, otm_ipm_step *st, int convexify, otm_ipm_sums *s)
{
    double r[JET_DIM], e[JET_DIM], a[JET_DIM], l[JET_DIM], sigT, pT;
    otm_ipm_owner_rhs(c, sh, o, st, r, e, a, l, &sigT, &pT);
    int negative = 0;
    if (!otm_ipm_owner_solve_arrow(c, o, H, r, a, l, st->kr, st->ke, st->ka, st->kl, !convexify, &negative) &&
        !otm_ipm_owner_solve_dense(c, o, H, convexify, r, e, a, l, st->kr, st->ke, st->ka, st->kl))
        return 0;
    otm_ipm_owner_add_block(e, a[JET_B], l[JET_FL], sigT, pT, st, s);
    s->negative += negative;
    return 1;
}

/* Newton step of a multiplier z of a slack s (is = 1 / s) moving by ds:
 * along the linearized complementarity z s = mu, mu / s - z - z ds / s. */
OTMEC_HD double otm_multiplier_step(double z, double is, double ds, double mu)
{
    return (mu - z * ds) * is - z;
}

/* The largest step in (0, 1] along dz that keeps a fraction tau of z. */
OTMEC_HD double otm_multiplier_step_bound(double z, double dz, double tau)
{
    return dz < 0.0 && tau * z < -dz ? tau * z / -dz : 1.0; /* divides only where it binds */
}

/* The largest step along the Newton step of multiplier z (slack 1 / is
 * moving by ds) that keeps a fraction tau of z. */
OTMEC_HD double otm_multiplier_bound(double z, double is, double ds, double mu, double tau)
{
    return otm_multiplier_step_bound(z, otm_multiplier_step(z, is, ds, mu), tau);
}

/* This owner's largest step of its multipliers (bounds, rate, delay) that
 * keeps a fraction tau of each, at the step st. */
OTMEC_HD double otm_ipm_owner_dual_step_bound(const otm_ipm_ctx *c, const otm_ipm_shared *sh,
                                              const otm_ipm_owner *o, const otm_ipm_step *st, double tau)
{
    const double mu = sh->mu;
    double alpha = otm_fmin(otm_multiplier_bound(o->lamR, 1.0 / o->sR, st->dsR, mu, tau),
                            otm_multiplier_bound(o->lamT, 1.0 / o->sT, st->dsT, mu, tau));
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        if (!otm_is_free(c, j))
            continue;
        alpha = otm_fmin(alpha, otm_multiplier_bound(o->zl[j], o->isl[j], st->d[j], mu, tau));
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            alpha = otm_fmin(alpha, otm_multiplier_bound(o->zu[u], o->isu[u], -st->d[j], mu, tau));
        }
    }
    return alpha;
}

/* The largest step up to alpha that keeps a fraction tau of a slack s
 * moving by ds; divides only where it binds. */
OTMEC_HD double otm_slack_step_bound(double alpha, double tau, double s, double ds)
{
    return ds < 0.0 && tau * s < alpha * -ds ? tau * s / -ds : alpha;
}

/* Owner step from the coupling solution; returns this owner's largest step
 * that keeps a fraction tau of every bound distance (and of the slacks of
 * soft constraints), and its share of the merit's directional derivative in
 * *slope. */
OTMEC_HD double otm_ipm_owner_step(const otm_ipm_ctx *c, const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                   otm_ipm_step *st, double tau, double *slope)
{
    double alpha = 1.0, dot = 0.0, dR = 0.0, dTn = 0.0;
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        st->d[j] = otm_is_free(c, j) ? st->kr[j] - st->ke[j] * sh->dT - st->ka[j] * sh->tB - st->kl[j] * sh->tL : 0.0;
        if (!otm_is_free(c, j))
            continue;
        dR += otm_bp_jet_g(&o->J.cR, j) * st->d[j];
        dTn += o->J.Tn.g[j] * st->d[j];
        alpha = otm_slack_step_bound(alpha, tau, o->sl[j], st->d[j]);
        /* directional derivative of the barrier merit: gradient . d */
        double grad = o->J.F.g[j] - sh->mu * o->isl[j];
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            alpha = otm_slack_step_bound(alpha, tau, o->su[u], -st->d[j]);
            grad += sh->mu * o->isu[u];
        }
        if (j == JET_B)
            grad += sh->gB * c->aB;
        if (j == JET_FL)
            grad += sh->gL * c->aL;
        dot += grad * st->d[j];
    }
    double vR, vT;
    otm_ipm_owner_step_violations(sh, o, st, &vR, &vT);
    /* the linearized equations: cR + sR and T_n - T + sT go to zero */
    st->dsR = -vR - dR;
    st->dsT = -vT - dTn + sh->dT;
    dot -= sh->mu / o->sR * st->dsR + sh->mu / o->sT * st->dsT;
    if (c->soft_constraints) {
        alpha = otm_slack_step_bound(alpha, tau, o->sR, st->dsR);
        alpha = otm_slack_step_bound(alpha, tau, o->sT, st->dsT);
    }
    *slope += dot;
    return alpha;
}

/* Moves the owner to x + alpha*d (into trial storage) and evaluates it
 * there, at the trial time Ts. */
OTMEC_HD void otm_ipm_owner_trial(const otm_ipm_ctx *c, const otm_owner_data *od, const otm_ipm_owner *o,
                                  const otm_ipm_step *st, double alpha, double Ts, otm_ipm_owner *t,
                                  otm_owner_hessians *tH)
{
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j)
        t->x[j] = o->x[j] + alpha * st->d[j] * c->sc.x[j];
    otm_ipm_owner_eval(c, od, t, tH);
    if (c->soft_constraints) {
        t->sR = o->sR + alpha * st->dsR;
        t->sT = o->sT + alpha * st->dsT;
    } else {
        otm_ipm_owner_sync_slacks(t, Ts);
    }
    t->logs = otm_ipm_owner_log_sum(c, t);
}

/* Soft constraints: no multiplier falls below this fraction of itself in
 * one step. At N = 10^6 a full step took the upper-bound multiplier of one
 * owner's phi from 27 to the clamp's floor mu / (1e10 slack) = 2e-9: that
 * owner's phi lost its curvature, its next step was 10^4 times too long,
 * and the fraction-to-boundary rule held every owner's step below 1e-4. */
#define OTM_MULTIPLIER_KEEP 0.01

/* The multiplier after a step from z to z_new: at least OTM_MULTIPLIER_KEEP
 * of z when `soft`. */
OTMEC_HD double otm_multiplier_floor(double z_new, double z, int soft)
{
    return soft ? otm_fmax(z_new, OTM_MULTIPLIER_KEEP * z) : z_new;
}

/* z kept within [mu / (kappa slack), kappa mu / slack]. The test is on
 * z slack, without a division; the bound's division only where it binds
 * (twelve multipliers per owner at every accepted step). */
OTMEC_HD double otm_clamp_multiplier(double z, double mu, double slack)
{
    const double kappa = 1e10, inv_kappa = 1e-10;
    double zs = z * slack;
    if (zs < inv_kappa * mu)
        return mu / (kappa * slack);
    if (zs > kappa * mu)
        return kappa * mu / slack;
    return z;
}

/* Accepts the trial point t: its x, jets and slacks are the new point's,
 * and this owner's multipliers, moved from o's by alpha_dual along the
 * linearized complementarity conditions (computed at the old point o), are
 * written into t, which becomes the owner's state (the caller swaps the
 * arrays: copying the jets back would stream 0.5 KB per owner). */
OTMEC_HD void otm_ipm_owner_accept(const otm_ipm_ctx *c, const otm_ipm_shared *sh, const otm_ipm_owner *o,
                                   const otm_ipm_step *st, otm_ipm_owner *t, double alpha_dual)
{
    double lamR = o->lamR + alpha_dual * otm_multiplier_step(o->lamR, 1.0 / o->sR, st->dsR, sh->mu);
    double lamT = o->lamT + alpha_dual * otm_multiplier_step(o->lamT, 1.0 / o->sT, st->dsT, sh->mu);
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        const int u = otm_upper_slot(j);
        if (!otm_is_free(c, j)) { /* t->x[j] is o->x[j]: its step is 0 */
            t->zl[j] = o->zl[j];
            if (otm_has_upper(j))
                t->zu[u] = o->zu[u];
            continue;
        }
        double zl = o->zl[j] + alpha_dual * otm_multiplier_step(o->zl[j], o->isl[j], st->d[j], sh->mu);
        t->zl[j] = otm_clamp_multiplier(otm_multiplier_floor(zl, o->zl[j], c->soft_constraints), sh->mu, t->sl[j]);
        if (otm_has_upper(j)) {
            double zu = o->zu[u] + alpha_dual * otm_multiplier_step(o->zu[u], o->isu[u], -st->d[j], sh->mu);
            t->zu[u] = otm_clamp_multiplier(otm_multiplier_floor(zu, o->zu[u], c->soft_constraints), sh->mu, t->su[u]);
        }
    }
    t->lamR = otm_clamp_multiplier(otm_multiplier_floor(lamR, o->lamR, c->soft_constraints), sh->mu, t->sR);
    t->lamT = otm_clamp_multiplier(otm_multiplier_floor(lamT, o->lamT, c->soft_constraints), sh->mu, t->sT);
}

/* Slacks and multipliers consistent with a fresh start: the constraints'
 * values, lam = mu / slack. */
OTMEC_HD void otm_ipm_owner_init_multipliers(const otm_ipm_ctx *c, otm_ipm_owner *o, double Ts, double mu)
{
    otm_ipm_owner_sync_slacks(o, Ts);
    OTM_HOST_UNROLLED_LOOP
    for (int j = 0; j < JET_DIM; ++j) {
        const int free = otm_is_free(c, j);
        o->zl[j] = free ? mu / o->sl[j] : 0.0;
        if (otm_has_upper(j)) {
            const int u = otm_upper_slot(j);
            o->zu[u] = free ? mu / o->su[u] : 0.0;
        }
    }
    o->lamR = mu / o->sR;
    o->lamT = mu / o->sT;
    o->logs = otm_ipm_owner_log_sum(c, o);
}

#endif
