/* The controller: outage and feasibility, the initial point, Dinkelbach over
 * AO (SP1 closed form, SP2 by SCA), the final refinement, and the solution. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "solver/initial.h"
#include "solver/work.h"

void otmec_settings_default(otmec_settings *s)
{
    memset(s, 0, sizeof *s);
    s->algorithm = OTMEC_ALGORITHM_JOINT;
    s->backend = OTMEC_BACKEND_CPU;
    s->admission = OTMEC_ADMISSION_NONE;
    s->sp2_method = OTMEC_SP2_EXACT;
    s->method = OTMEC_METHOD_PROPOSED;
    s->refine = 1;
    s->eps_dinkelbach = 1e-8;
    s->eps_ao = 1e-9;
    s->eps_sca = 1e-10;
    s->eps_kkt = 1e-10;
    s->max_dinkelbach = 50;
    s->max_ao = 500;
    s->max_sca = 100;
    s->max_ipm = 200;
}

/* Idempotent: prepare releases on its own failure, callers release always. */
void otm_work_release(otm_work *w)
{
    free(w->index);
    free(w->od);
    free(w->own);
    free(w->trial);
    free(w->sp1);
    free(w->backup);
    free(w->scratch);
    w->index = NULL;
    w->od = NULL;
    w->own = NULL;
    w->trial = NULL;
    w->sp1 = NULL;
    w->backup = NULL;
    w->scratch = NULL;
}

static int work_alloc(otm_work *w, size_t n)
{
    w->index = calloc(n ? n : 1, sizeof *w->index);
    w->od = calloc(n ? n : 1, sizeof *w->od);
    w->own = calloc(n ? n : 1, sizeof *w->own);
    w->trial = calloc(n ? n : 1, sizeof *w->trial);
    w->sp1 = calloc(n ? n : 1, sizeof *w->sp1);
    w->backup = calloc(n ? n : 1, sizeof *w->backup);
    w->scratch = calloc(5 * (n ? n : 1), sizeof *w->scratch);
    return w->index && w->od && w->own && w->trial && w->sp1 && w->backup && w->scratch;
}

/* P(lambda) = U - lambda*S at the current point. */
static double p_lambda(const otm_work *w, double lambda)
{
    double U, S;
    otm_work_value(w, &U, &S);
    return U - lambda * S;
}

/* Dinkelbach over AO. Returns lambda at the final point, or NAN when a
 * subproblem had no interior start. */
double otm_dinkelbach_ao(otm_work *w, int max_ao)
{
    const otmec_settings *set = w->set;
    int joint = set->algorithm == OTMEC_ALGORITHM_JOINT;
    double U, S;
    otm_work_value(w, &U, &S);
    double lambda = U / S;
    for (int k = 0; k < set->max_dinkelbach; ++k) {
        if (set->trace)
            set->trace(set->trace_user, 0, k, lambda);
        double prev = p_lambda(w, lambda);
        int converged = 0;
        for (int a = 0; a < max_ao; ++a) {
            if (w->phi_fixed)
                otm_update_y(w); /* SP1 has only y to move */
            else
                otm_sp1(w, lambda, joint);
            if (otm_sp2(w) != 0)
                return NAN;
            w->it.ao += 1;
            double val = p_lambda(w, lambda);
            if (set->trace)
                set->trace(set->trace_user, 1, a, val);
            otm_work_value(w, &U, &S);
            if (val - prev <= set->eps_ao * (U + lambda * S)) {
                converged = 1;
                break;
            }
            prev = val;
        }
        w->it.dinkelbach += 1;
        if (!converged) {
            /* AO creeps (along binding deadlines, or by design in paper
             * mode): more Dinkelbach steps on unconverged AO creep too, at
             * max_ao AO steps each; stop here (the refinement, when on,
             * takes over) */
            w->hit_limit = 1;
            otm_work_value(w, &U, &S);
            return fmax(lambda, U / S);
        }
        otm_work_value(w, &U, &S);
        double residual = U - lambda * S;
        double next = U / S;
        if (next > lambda)
            lambda = next;
        if (residual <= set->eps_dinkelbach * lambda * S)
            return lambda;
    }
    w->hit_limit = 1;
    return lambda;
}

void otm_fill_allocation(otmec_solution *sol, otm_work *w)
{
    double energy = 0.0, U, S;
    for (size_t i = 0; i < w->n; ++i) {
        size_t k = w->index[i];
        const double *x = w->own[i].x;
        otm_owner_cost c = otm_owner_costs(&w->q, w->od[i].h, w->od[i].g, w->od[i].D, x[JET_PHI], x[JET_B],
                                           x[JET_P], x[JET_F], x[JET_FL]);
        sol->phi[k] = x[JET_PHI];
        sol->b[k] = x[JET_B];
        sol->p[k] = x[JET_P];
        sol->f[k] = x[JET_F];
        sol->fL[k] = x[JET_FL];
        sol->rate[k] = c.rate;
        sol->T_n[k] = c.T;
        sol->E_n[k] = c.E;
        energy += c.E;
    }
    otm_work_value(w, &U, &S);
    sol->T = w->T;
    sol->has_allocation = 1;
    sol->eval.utility = U;
    sol->eval.consumption = S;
    sol->eval.energy_J = energy;
    sol->eval.time_s = w->T;
    sol->eval.ratio = U / S;
}

/* Owners that stay after outage and admission; INFEASIBLE when the bandwidth
 * floors do not fit. Returns 0 to go on. */
static int select_owners(const otmec_instance *inst, const otmec_settings *set, otm_work *w,
                         otmec_solution *sol, double *b_min)
{
    const otm_params *q = &w->q;
    double mean_D = 0.0;
    for (size_t k = 0; k < inst->n; ++k)
        mean_D += inst->D[k] / (double)inst->n;
    size_t n = 0;
    double sum = 0.0;
    for (size_t k = 0; k < inst->n; ++k) {
        if (otm_owner_in_outage(q, inst->h[k], inst->g[k])) {
            sol->owner_status[k] = OTMEC_OWNER_OUTAGE;
            continue;
        }
        sol->active[k] = 1;
        w->index[n] = k;
        w->od[n].h = inst->h[k];
        w->od[n].g = inst->g[k];
        w->od[n].D = inst->D[k];
        w->od[n].omega = inst->D[k] / mean_D;
        b_min[n] = otm_min_bandwidth(q->p_max, inst->h[k], inst->g[k], q->N0, q->R_min, q->B);
        sum += b_min[n];
        ++n;
    }
    while (set->admission == OTMEC_ADMISSION_GREEDY && n > 0 && sum >= q->B) {
        size_t worst = 0;
        for (size_t i = 1; i < n; ++i)
            if (b_min[i] > b_min[worst])
                worst = i;
        size_t k = w->index[worst];
        sol->owner_status[k] = OTMEC_OWNER_DROPPED;
        sol->active[k] = 0;
        sum -= b_min[worst];
        for (size_t i = worst; i + 1 < n; ++i) {
            w->index[i] = w->index[i + 1];
            w->od[i] = w->od[i + 1];
            b_min[i] = b_min[i + 1];
        }
        --n;
    }
    w->n = n;
    sol->n_active = n;
    if (n == 0) {
        sol->status = OTMEC_STATUS_INFEASIBLE;
        otmec_set_message(sol->reason, sizeof sol->reason,
                          "no owner can be served: every owner is in secrecy outage%s",
                          set->admission == OTMEC_ADMISSION_GREEDY ? " or dropped" : "");
        return 1;
    }
    if (sum >= q->B) {
        sol->status = OTMEC_STATUS_INFEASIBLE;
        otmec_set_message(sol->reason, sizeof sol->reason,
                          "bandwidth: the active owners need sum b_min = %.6g Hz to reach R_min, more than B = %.6g Hz",
                          sum, q->B);
        return 1;
    }
    return 0;
}

/* With w_t = 0 and no deadline, delay is free: the energy falls toward 0 as
 * fL -> 0 and T -> inf, and U/S has a supremum but no maximum. */
static int unbounded(otm_work *w, otmec_solution *sol)
{
    if (w->q.w_t > 0.0 || isfinite(w->q.T_max))
        return 0;
    sol->status = OTMEC_STATUS_NUMERICAL_ERROR;
    otmec_set_message(sol->reason, sizeof sol->reason,
                      "no optimum: with w_t = 0 and no T_max the delay is free and the energy falls toward 0 as "
                      "fL -> 0 and T -> inf; give T_max or w_t > 0");
    return 1;
}

/* Initial point; INFEASIBLE when T_max cannot be met. Returns 0 to go on. */
static int start_point(otm_work *w, otmec_solution *sol, const double *b_min)
{
    const otm_params *q = &w->q;
    otm_initial_point(w, b_min);
    w->sc.x[JET_PHI] = 1.0;
    w->sc.x[JET_B] = q->B / (double)w->n;
    w->sc.x[JET_P] = q->p_max;
    w->sc.x[JET_F] = q->f_max;
    w->sc.x[JET_FL] = q->F_L / (double)w->n;
    w->sc.T = w->T;
    w->sc.R = q->B;
    if (w->T <= q->T_max)
        return 0;
    double fastest = otm_fastest_point(w, 0);
    if (!(fastest < q->T_max)) {
        sol->status = OTMEC_STATUS_INFEASIBLE;
        otmec_set_message(sol->reason, sizeof sol->reason,
                          "deadline: no allocation meets T_max = %.6g s; the smallest max_n T_n reached is %.6g s",
                          q->T_max, fastest);
        return 1;
    }
    w->T = 0.5 * (fastest + q->T_max);
    return 0;
}

int otm_work_prepare(otm_work *w, const otmec_instance *inst, const otmec_settings *set, otmec_solution *sol)
{
    return otm_work_prepare_with(w, inst, &inst->prm, set, sol);
}

int otm_work_prepare_with(otm_work *w, const otmec_instance *inst, const otmec_params *prm,
                          const otmec_settings *set, otmec_solution *sol)
{
    memset(w, 0, sizeof *w);
    double *b_min = calloc(inst->n, sizeof *b_min);
    if (!b_min || !work_alloc(w, inst->n)) {
        free(b_min);
        otm_work_release(w);
        return -1;
    }
    w->q = otm_params_flat(prm);
    w->set = set;
    int stop = select_owners(inst, set, w, sol, b_min) != 0 || unbounded(w, sol) || start_point(w, sol, b_min) != 0;
    free(b_min);
    return stop ? 1 : 0;
}

/* Ahead of the refinement AO is a warm start: along a binding deadline it
 * creeps (each step gains little), and the refinement moves phi and the
 * resources together where AO cannot. */
#define AO_LIMIT_BEFORE_REFINEMENT 50

void otm_solve_prepared(otm_work *w, otmec_solution *sol, int refine)
{
    int max_ao = w->set->max_ao;
    if (refine && max_ao > AO_LIMIT_BEFORE_REFINEMENT)
        max_ao = AO_LIMIT_BEFORE_REFINEMENT;
    double lambda = otm_dinkelbach_ao(w, max_ao);
    if (isnan(lambda)) {
        sol->status = OTMEC_STATUS_NUMERICAL_ERROR;
        otmec_set_message(sol->reason, sizeof sol->reason,
                          "SP2 found no strictly feasible starting point (constraints degenerate to equalities)");
        return;
    }
    if (refine) {
        otm_refine(w, lambda);
        sol->refined = 1;
        if (w->refine_converged) {
            /* the returned point is a KKT point of P0: the warm start's
             * limits and stalls say nothing about it */
            w->hit_limit = 0;
            w->sub_failed = 0;
        }
    }
    otm_finish(w, sol);
}

void otm_finish(otm_work *w, otmec_solution *sol)
{
    sol->kkt_residual = otm_p0_kkt_residual(w);
    otm_fill_allocation(sol, w);
    sol->status = w->hit_limit || w->sub_failed ? OTMEC_STATUS_MAX_ITER : OTMEC_STATUS_OPTIMAL;
    if (w->sub_failed)
        otmec_set_message(sol->reason, sizeof sol->reason,
                          "an interior-point subproblem stopped above its KKT tolerance");
}
