/* Values and subproblem setup shared by the controller's stages. */
#include <string.h>

#include "solver/work.h"

void otm_work_value(const otm_work *w, double *U, double *S)
{
    const otm_params *q = &w->q;
    double u = 0.0, E = 0.0;
    for (size_t i = 0; i < w->n; ++i) {
        const double *x = w->own[i].x;
        otm_owner_cost c = otm_owner_costs(q, w->od[i].h, w->od[i].g, w->od[i].D, x[JET_PHI], x[JET_B], x[JET_P],
                                           x[JET_F], x[JET_FL]);
        u += otm_utility(q, w->od[i].omega, x[JET_PHI]);
        E += c.E;
    }
    *U = u;
    *S = q->w_e * E + q->w_t * w->T;
}

otm_ipm_problem otm_work_problem(otm_work *w, otm_kind kind, unsigned free_mask, double F_scale, double T_weight)
{
    otm_ipm_problem p;
    memset(&p, 0, sizeof p);
    p.ctx.kind = kind;
    p.ctx.q = w->q;
    p.ctx.free_mask = free_mask;
    p.ctx.sc = w->sc;
    p.ctx.sc.F = F_scale;
    p.ctx.coef_T = T_weight * w->sc.T / F_scale;
    p.ctx.aB = w->sc.x[JET_B] / w->q.B;
    p.ctx.aL = w->sc.x[JET_FL] / w->q.F_L;
    p.n = w->n;
    p.od = w->od;
    p.own = w->own;
    p.trial = w->trial;
    p.T = w->T;
    p.tol = w->set->eps_kkt;
    p.max_iter = w->set->max_ipm;
    return p;
}

unsigned otm_free_mask(const otm_params *q, int with_phi)
{
    unsigned mask = 1u << JET_B | 1u << JET_P | 1u << JET_FL;
    if (q->f_max > q->f_min)
        mask |= 1u << JET_F;
    if (with_phi && q->phi_max > q->phi_min)
        mask |= 1u << JET_PHI;
    return mask;
}
