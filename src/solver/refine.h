/* Final refinement to a KKT point of P0 (Dinkelbach with the interior-point
 * method on P(lambda) over all variables), and the KKT residual of P0. Host
 * and device. */
#ifndef OTMEC_REFINE_H
#define OTMEC_REFINE_H

#include "solver/interior.h"
#include "solver/ipm.h"
#include "solver/work.h"

OTMEC_HD otm_ipm_problem otm_full_problem(otm_work *w, double lambda, double Fsc)
{
    otm_ipm_problem p = otm_work_problem(w, OTM_KIND_FULL, otm_free_mask(&w->q, 1), Fsc, lambda * w->q.w_t);
    p.ctx.lambda = lambda;
    /* P(lambda) is nonconvex: its Newton systems carry a regularization and
     * the last digits of the residual are rounding noise below 1e-9. */
    p.tol = w->set->eps_kkt > 1e-9 ? w->set->eps_kkt : 1e-9;
    return p;
}

OTMEC_HD void otm_copy_owners(otm_work *w, otm_ipm_owner *dst, const otm_ipm_owner *src)
{
    OTM_FOR_OWNERS(w, i)
    dst[i] = src[i];
}

#define OTM_REFINE_MU0 1.0

/* Final refinement: Dinkelbach on P(lambda) solved by the interior-point
 * method over all variables, lambda raised inside each solve. `soft`: rate
 * floors and delays as soft constraints (ipm_owner.h; with many owners some
 * owner's curvature would otherwise cut every step). Returns the final
 * lambda. */
OTMEC_HD double otm_refine(otm_work *w, double lambda, int soft)
{
    const otmec_settings *set = w->set;
    double U, S;
    otm_work_value(w, &U, &S);
    /* objective scale of P(lambda): lambda*S per owner at the reference point */
    double Fsc = lambda * S / (double)w->n;
    int last_failed = 0;
    for (int k = 0; k < set->max_dinkelbach; ++k) {
        otm_copy_owners(w, w->backup, w->own);
        w->backup_T = w->T;
        if (otm_interiorize(w, otm_free_mask(&w->q, 1)) != 0)
            break;
        otm_ipm_problem p = otm_full_problem(w, lambda, Fsc);
        p.ctx.soft_constraints = soft;
        /* a pushed-in start is far from the central path at small mu, the
         * more so the more owners share T: N = 10,000 crawled 200 iterations
         * at mu = 1e-2 (steps of 1e-3 against the delay bounds) and needs 85
         * in all from mu = 1 */
        p.mu0 = OTM_REFINE_MU0;
        /* lambda follows U/S inside the solve: one solve instead of one per
         * Dinkelbach step (each a full solve from a pushed-in point) */
        p.track_ratio = 1;
        p.ratio_tol = set->eps_dinkelbach;
        otm_ipm_result r = otm_ipm_solve(&p);
        w->it.ipm += p.iterations;
        w->it.refine += 1;
        w->T = p.T;
        otm_work_value(w, &U, &S);
        double next = U / S;
        if ((r == OTM_IPM_FAILED && p.iterations == 0) || r == OTM_IPM_VIOLATED)
            next = -INFINITY;
        if (!(next >= lambda)) {
            /* a local step that does not improve the ratio is not taken */
            otm_copy_owners(w, w->own, w->backup);
            w->T = w->backup_T;
            /* a loss within the Dinkelbach tolerance after an accepted step:
             * that step's point already solves P(lambda) to rounding */
            if (k > 0 && lambda - next <= set->eps_dinkelbach * lambda)
                w->refine_converged = !last_failed;
            break;
        }
        /* only the last solve's accuracy matters: earlier ones are warm starts */
        last_failed = r != OTM_IPM_CONVERGED && p.kkt > 1e-6;
        w->lamB = p.lamB;
        w->lamL = p.lamL;
        w->lamTmax = p.lamTmax;
        w->mult_scale = -Fsc; /* negative: multipliers of P(lambda) itself */
        double residual = U - p.ctx.lambda * S; /* P at the lambda the solve ended with */
        otm_trace(w, 3, k, next);
        lambda = next;
        if (residual <= set->eps_dinkelbach * lambda * S) {
            w->refine_converged = !last_failed;
            break;
        }
    }
    w->sub_failed |= last_failed;
    return lambda;
}

/* KKT residual of P0 at the current point (lambda = U/S), with the
 * multipliers of the last interior-point solve. */
OTMEC_HD double otm_p0_kkt_residual(otm_work *w)
{
    double U, S;
    otm_work_value(w, &U, &S);
    double lambda = U / S;
    double Fsc = lambda * S / (double)w->n;
    /* Multipliers of the last interior-point solve, rescaled to P(lambda):
     * an SP2 objective is S (FP form), so its multipliers scale by lambda. */
    double factor = w->mult_scale < 0.0 ? -w->mult_scale / Fsc : lambda * w->mult_scale / Fsc;
    otm_ipm_problem p = otm_full_problem(w, lambda, Fsc);
    OTM_FOR_OWNERS(w, i) {
        otm_ipm_owner *o = &w->own[i];
        o->lamR *= factor;
        o->lamT *= factor;
        for (int j = 0; j < JET_DIM; ++j)
            o->zl[j] *= factor;
        for (int u = 0; u < OTM_UPPER_DIM; ++u)
            o->zu[u] *= factor;
    }
    p.lamB = w->lamB * factor;
    p.lamL = w->lamL * factor;
    p.lamTmax = w->lamTmax * factor;
    if (w->mult_scale > 0.0 && (p.ctx.free_mask >> JET_PHI & 1u)) {
        /* SP2 has no phi: its bound multipliers are the best possible ones,
         * the positive and negative parts of phi's Lagrangian gradient. */
        OTM_FOR_OWNERS(w, i) {
            otm_ipm_owner *o = &w->own[i];
            otm_ipm_owner_eval(&p.ctx, &w->od[i], o, &p.own_h[i]);
            /* the rate does not depend on phi */
            double g = o->J.F.g[JET_PHI] + o->lamT * o->J.Tn.g[JET_PHI];
            o->zl[JET_PHI] = otm_fmax(g, 0.0);
            o->zu[otm_upper_slot(JET_PHI)] = otm_fmax(-g, 0.0);
        }
    }
    return otm_ipm_kkt_residual(&p);
}

#endif
