/* SP2: bandwidth, power, GPU frequencies and T at fixed (phi, y). Either by
 * SCA on Eve's rate term (each convex surrogate solved by the structured
 * interior-point method), or in one convex solve with the true rate. */
#include <math.h>

#include "solver/work.h"

/* The SP2 objective with the true rates: the function each SCA step
 * majorizes, so it never increases over SCA. */
static double sp2_objective(const otm_work *w)
{
    const otm_params *q = &w->q;
    double E = 0.0;
    for (size_t i = 0; i < w->n; ++i) {
        const double *x = w->own[i].x;
        const otm_owner_data *od = &w->od[i];
        double R = otm_secrecy_rate(x[JET_B], x[JET_P], od->h, od->g, q->N0);
        double ps = x[JET_P] * otm_payload(q, od->phi);
        E += q->kappa_L * otm_cycles_lmo(q, od->phi) * x[JET_FL] * x[JET_FL] +
             q->kappa_D * otm_cycles_owner(q, od->D, od->phi) * x[JET_F] * x[JET_F] + od->y * ps * ps +
             0.25 / (od->y * R * R);
    }
    return q->w_e * E + q->w_t * w->T;
}

static unsigned sp2_free_mask(const otm_params *q)
{
    unsigned mask = 1u << JET_B | 1u << JET_P | 1u << JET_FL;
    if (q->f_max > q->f_min)
        mask |= 1u << JET_F;
    return mask;
}

int otm_sp2(otm_work *w)
{
    const otmec_settings *set = w->set;
    unsigned mask = sp2_free_mask(&w->q);
    if (otm_interiorize(w, mask) != 0)
        return -1;
    double prev = sp2_objective(w);
    /* objective scale: per-owner average, so every owner's share is O(1) */
    double Fsc = prev / (double)w->n;
    int exact = set->sp2_method == OTMEC_SP2_EXACT;
    for (int k = 0; k < set->max_sca; ++k) {
        for (size_t i = 0; i < w->n && !exact; ++i)
            otm_eve_linearization(w->own[i].x[JET_B], w->own[i].x[JET_P], w->od[i].g, w->q.N0, &w->od[i].Gb,
                                  &w->od[i].Gp);
        otm_ipm_problem p = otm_work_problem(w, exact ? OTM_KIND_SP2_EXACT : OTM_KIND_SP2, mask, Fsc, w->q.w_t);
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
        double val = sp2_objective(w);
        if (set->trace)
            set->trace(set->trace_user, 2, k, val);
        if (exact || prev - val <= set->eps_sca * fabs(val))
            return 0;
        prev = val;
    }
    w->hit_limit = 1;
    return 0;
}
