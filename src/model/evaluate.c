/* Model evaluation at a given allocation and the constraint checker. */
#include <math.h>

#include "internal.h"
#include "math/owner_math.h"

otm_params otm_params_flat(const otmec_params *p)
{
    otm_params q = {p->B_Hz,    p->p_max_W, p->R_min_bps, p->N0_W_per_Hz, p->f_min_Hz, p->f_max_Hz, p->kappa_D,
                    p->F_L_Hz,  p->kappa_L, p->c_L,       p->c_full,      p->gamma_E,  p->epochs,   p->M_bits,
                    p->phi_min, p->phi_max, p->zeta,      p->w_e,         p->w_t,      p->T_max_s};
    return q;
}

static int args_ok(const otmec_instance *inst, const otmec_allocation *a)
{
    return inst && a && a->num_owners == inst->n && a->active && a->phi && a->b_Hz && a->p_W && a->f_Hz &&
           a->fL_Hz;
}

otmec_error otmec_evaluate_allocation(const otmec_instance *inst, const otmec_allocation *a, otmec_evaluation *out)
{
    if (!args_ok(inst, a) || !out)
        return OTMEC_ERR_INVALID_ARGUMENT;
    otm_params q = otm_params_flat(&inst->prm);
    double mean_D = 0.0;
    for (size_t k = 0; k < inst->n; ++k)
        mean_D += inst->D[k] / (double)inst->n;
    double U = 0.0, E = 0.0;
    for (size_t k = 0; k < inst->n; ++k) {
        if (!a->active[k])
            continue;
        otm_owner_cost c = otm_owner_costs(&q, inst->h[k], inst->g[k], inst->D[k], a->phi[k], a->b_Hz[k], a->p_W[k],
                                           a->f_Hz[k], a->fL_Hz[k]);
        U += otm_utility(&q, inst->D[k] / mean_D, a->phi[k]);
        E += c.E;
    }
    out->utility = U;
    out->energy_J = E;
    out->time_s = a->T_s;
    out->consumption = otm_consumption(&q, E, a->T_s);
    out->ratio = U / out->consumption;
    return OTMEC_OK;
}

/* Relative violation of lo <= x (scale: |lo| or 1). */
static double below(double x, double lo, double scale)
{
    return isnan(x) ? INFINITY : fmax(0.0, (lo - x) / scale);
}

static void record(otmec_violation *v, double amount, int constraint, long owner)
{
    if (amount > v->worst) {
        v->worst = amount;
        v->constraint = constraint;
        v->owner = owner;
    }
}

otmec_error otmec_check_allocation(const otmec_instance *inst, const otmec_allocation *a, otmec_violation *out)
{
    if (!args_ok(inst, a) || !out)
        return OTMEC_ERR_INVALID_ARGUMENT;
    otm_params q = otm_params_flat(&inst->prm);
    otmec_violation v = {0.0, 0, -1};
    double sum_b = 0.0, sum_fL = 0.0;
    for (size_t k = 0; k < inst->n; ++k) {
        if (!a->active[k])
            continue;
        long o = (long)k;
        record(&v, below(a->phi[k], q.phi_min, q.phi_max), 1, o);
        record(&v, below(q.phi_max, a->phi[k], q.phi_max), 1, o);
        record(&v, a->b_Hz[k] > 0.0 ? 0.0 : 1.0, 2, o);
        record(&v, a->p_W[k] > 0.0 ? 0.0 : 1.0, 3, o);
        record(&v, below(q.p_max, a->p_W[k], q.p_max), 3, o);
        record(&v, below(a->f_Hz[k], q.f_min, q.f_max), 4, o);
        record(&v, below(q.f_max, a->f_Hz[k], q.f_max), 4, o);
        record(&v, a->fL_Hz[k] > 0.0 ? 0.0 : 1.0, 5, o);
        otm_owner_cost c = otm_owner_costs(&q, inst->h[k], inst->g[k], inst->D[k], a->phi[k], a->b_Hz[k], a->p_W[k],
                                           a->f_Hz[k], a->fL_Hz[k]);
        record(&v, below(c.rate, q.R_min, q.R_min > 0.0 ? q.R_min : 1.0), 6, o);
        if (!(c.rate > 0.0))
            record(&v, 1.0, 6, o);
        record(&v, below(a->T_s, c.T, a->T_s > 0.0 ? a->T_s : 1.0), 7, o);
        sum_b += a->b_Hz[k];
        sum_fL += a->fL_Hz[k];
    }
    record(&v, below(q.B, sum_b, q.B), 2, -1);
    record(&v, below(q.F_L, sum_fL, q.F_L), 5, -1);
    if (isfinite(q.T_max))
        record(&v, below(q.T_max, a->T_s, q.T_max), 7, -1);
    record(&v, isfinite(a->T_s) ? 0.0 : 1.0, 7, -1); /* T is a finite number, also with no deadline */
    *out = v;
    return OTMEC_OK;
}
