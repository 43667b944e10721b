/* Outage detection, the fixed initial point of docs/model.md section 5, and the
 * feasibility search used when that point misses T_max. Host and device. */
#ifndef OTMEC_INITIAL_H
#define OTMEC_INITIAL_H

#include "solver/interior.h"
#include "solver/ipm.h"
#include "solver/work.h"

/* 1 when R_n(B, p_max) < R_min (or h_n <= g_n): the owner is excluded. */
OTMEC_HD int otm_owner_in_outage(const otm_params *q, double h, double g)
{
    if (!(h > g))
        return 1;
    return otm_secrecy_rate(q->B, q->p_max, h, g, q->N0) < q->R_min;
}

/* A budget less the rounding that n of its shares can add up to in any
 * order: N' shares of B or F_L spend the budget exactly on paper, and their
 * sum came out one ulp above it (F_L/3 three times), a point the checker
 * rejects when it is returned as it is (a first AO step that loses value
 * is undone). */
OTMEC_HD double otm_budget_for_shares(double budget, size_t n)
{
    return budget * (1.0 - 4.0 * (double)n * 0x1p-53);
}

/* phi = phi_min, p = p_max, b = b_min + equal share, f = f_max,
 * fL = F_L/N', T = max T_n (the budgets less their rounding). */
OTMEC_HD void otm_initial_point(otm_work *w, const double *b_min)
{
    const otm_params *q = &w->q;
    double sum = 0.0;
    otm_block_sum bs = otm_block_sum_begin(&w->team, w->n);
    OTM_FOR_OWNERS_SUM(w, i, bs, &sum, 1)
    sum += b_min[i];
    otm_block_sum_end(&w->team, &bs, &sum, 1);
    double share = otm_fmax(0.0, (otm_budget_for_shares(q->B, w->n) - sum) / (double)w->n);
    double fL = otm_budget_for_shares(q->F_L, w->n) / (double)w->n;
    OTM_FOR_OWNERS(w, i) {
        double *x = w->own[i].x;
        x[JET_PHI] = q->phi_min;
        x[JET_P] = q->p_max;
        x[JET_B] = b_min[i] + share;
        x[JET_F] = q->f_max;
        x[JET_FL] = fL;
    }
    w->T = otm_max_delay(w);
}

/* Minimize max_n T_n over (b, fL) at p = p_max, f = f_max, each phi at the
 * end of its range that makes its owner faster (unless keep_phi). Convex: R
 * is concave in b at fixed p when h > g. Returns the smallest max delay
 * reached and leaves the point there. */
OTMEC_HD double otm_fastest_point(otm_work *w, int keep_phi)
{
    const otm_params *q = &w->q;
    OTM_FOR_OWNERS(w, i) {
        double *x = w->own[i].x;
        double R = otm_secrecy_rate(x[JET_B], x[JET_P], w->od[i].h, w->od[i].g, q->N0);
        otm_affine_phi af = otm_affine_in_phi(q, w->od[i].D, R, x[JET_P], x[JET_F], x[JET_FL]);
        if (!keep_phi)
            x[JET_PHI] = af.beta > 0.0 ? q->phi_min : q->phi_max;
        x[JET_FL] *= 1.0 - 1e-9;
    }
    /* the initial point spends all of B: move inside for the interior-point
     * search (with no bandwidth to spare the search has nothing to move) */
    if (otm_interior_bandwidth(w, 1e-9) != 0)
        return otm_max_delay(w);
    w->T = otm_max_delay(w) * (1.0 + 1e-9);
    otm_ipm_problem p = otm_work_problem(w, OTM_KIND_PHASE1, 1u << JET_B | 1u << JET_FL, w->sc.T / (double)w->n, 1.0);
    p.ctx.q.T_max = INFINITY; /* the deadline is what this search tests */
    p.mu0 = 1e-1; /* a cold start: small mu far from the central path crawls */
    p.tol = 1e-9;
    otm_ipm_solve(&p);
    w->it.ipm += p.iterations;
    w->T = p.T;
    return otm_max_delay(w);
}

#endif
