/* SP2: bandwidth, power, GPU frequencies and T at fixed (phi, y). Either by
 * SCA on Eve's rate term (each convex surrogate solved by the structured
 * interior-point method), or in one convex solve with the true rate. Host
 * and device. */
#ifndef OTMEC_SP2_H
#define OTMEC_SP2_H

#include "solver/interior.h"
#include "solver/ipm.h"
#include "solver/work.h"

/* The SP2 objective with the true rates: the function each SCA step
 * majorizes, so it never increases over SCA. */
OTMEC_HD_ONE_COPY double otm_sp2_objective(const otm_work *w)
{
    otm_scales unscaled = w->sc;
    unscaled.F = 1.0;
    double F = w->team.rank == 0 ? w->q.w_t * w->T : 0.0;
    otm_block_sum bs = otm_block_sum_begin(&w->team, w->n);
    OTM_FOR_OWNERS_SUM(w, i, bs, &F, 1)
    F += otm_owner_eval(OTM_KIND_SP2_EXACT, &w->q, &w->od[i], 0.0, w->own[i].x, 0u, &unscaled).F.v;
    otm_block_sum_end(&w->team, &bs, &F, 1);
    return F;
}

/* KKT tolerance of SP2 when its point only starts the refinement: that
 * point is pushed 1e-3 inside its bounds first, so digits beyond a few are
 * lost anyway (1e-2 measured: same refined ratios, 1/3 fewer iterations). */
#define OTM_WARM_START_TOL 1e-2
/* ... and SCA's relative improvement there: with surrogates solved to 1e-2
 * the objective stops falling steadily long before eps_sca, and at 3,000
 * owners SCA ran to its limit of 100 steps (250 interior-point iterations
 * against 63 with exact SP2). With 1e-2: 5 steps, 77-82 iterations, the same
 * refined ratios to 15 digits (seed 1, streams 0-2; 1e-3: 15 steps, 97-103
 * iterations). */
#define OTM_WARM_START_SCA_TOL 1e-2

OTMEC_HD int otm_sp2_solve(otm_work *w)
{
    const otmec_settings *set = w->set;
    unsigned mask = otm_free_mask(&w->q, 0);
    if (otm_interiorize(w, mask) != 0)
        return -1;
    double prev = otm_sp2_objective(w);
    /* objective scale: per-owner average, so every owner's share is O(1) */
    double Fsc = prev / (double)w->n;
    int exact = set->sp2_method == OTMEC_SP2_EXACT;
    for (int k = 0; k < set->max_sca; ++k) {
        if (!exact)
            OTM_FOR_OWNERS(w, i)
            otm_eve_linearization(&w->od[i], w->own[i].x[JET_B], w->own[i].x[JET_P], w->q.N0);
        otm_ipm_problem p = otm_work_problem(w, exact ? OTM_KIND_SP2_EXACT : OTM_KIND_SP2, mask, Fsc, w->q.w_t);
        if (w->warm_start) {
            p.tol = OTM_WARM_START_TOL;
            /* only a start: a strict solve that crawls stops where it is,
             * and the refinement goes on from there (docs/algorithm.md) */
            if (w->n >= OTM_SOFT_CONSTRAINTS_MIN_OWNERS) {
                p.crawl_iterations = exact ? OTM_CRAWL_ITERATIONS_EXACT : OTM_CRAWL_ITERATIONS_SCA;
                p.crawl_step = OTM_CRAWL_STEP;
            }
        }
        /* cold only at the very first solve; later ones start near their optimum */
        p.mu0 = (k == 0 && w->it.ao == 0) ? 1e-1 : 1e-3;
        otm_ipm_result r = otm_ipm_solve(&p);
        w->it.ipm += p.iterations;
        w->it.sca += exact ? 0 : 1;
        if (r == OTM_IPM_FAILED && p.iterations == 0)
            return -1;
        /* only the latest SP2 speaks for the returned point: an early one that
         * stalls (the first, from the initial point) is just a worse AO step */
        w->sub_failed = r != OTM_IPM_CONVERGED;
        w->T = p.T;
        w->lamB = p.lamB;
        w->lamL = p.lamL;
        w->lamTmax = p.lamTmax;
        w->mult_scale = Fsc;
        double val = otm_sp2_objective(w);
        otm_trace(w, 2, k, val);
        if (exact || r == OTM_IPM_CRAWLED ||
            prev - val <= (w->warm_start ? OTM_WARM_START_SCA_TOL : set->eps_sca) * fabs(val))
            return 0;
        prev = val;
    }
    w->hit_limit = 1;
    return 0;
}

/* The deadline SP2 works to: a hair (1e-7) inside T_max, so that the next
 * solve's strictly feasible start has room to move phi and the bounds inward
 * at a binding deadline (the refinement, on the true deadline, takes the
 * rest), or half the room the current point leaves (max_delay its largest
 * owner delay) when that is less. With no deadline (T_max = +inf) there is
 * nothing to tighten: inf - otm_fmin(inf, inf) would be a NaN deadline. */
OTMEC_HD double otm_sp2_deadline(double T_max, double max_delay)
{
    if (!isfinite(T_max))
        return T_max;
    return T_max - otm_fmin(1e-7 * T_max, 0.5 * (T_max - max_delay));
}

/* SP2 at its deadline (otm_sp2_deadline); the work's T_max is put back after.
 * Returns 0 on success, -1 when no interior start exists. */
OTMEC_HD_ONE_COPY int otm_sp2(otm_work *w)
{
    double T_max = w->q.T_max;
    w->q.T_max = otm_sp2_deadline(T_max, otm_max_delay(w));
    int r = otm_sp2_solve(w);
    w->q.T_max = T_max;
    return r;
}

#endif
