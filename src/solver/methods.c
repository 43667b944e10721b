/* The CPU solve of one instance: the proposed method and the baselines of
 * solver/method_table.c. Every method works on the owners the true problem admits (outage and
 * admission decided once, with the true parameters); the baselines that
 * optimize a modified problem are evaluated under the true one. */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "solver/controller.h"
#include "solver/method_table.h"
#include "solver/methods.h"
#include "solver/solve_host.h"

/* EQUAL: B and F_L split equally, p = p_max, f = f_max; then (phi, T) by
 * Dinkelbach, each P(lambda) solved exactly by joint SP1. */
static void solve_equal(otm_work *w, otmec_solution *sol)
{
    const otm_params *q = &w->q;
    /* equal shares of budgets less their rounding (otm_budget_for_shares) */
    double b = otm_budget_for_shares(q->B, w->n) / (double)w->n;
    double fL = otm_budget_for_shares(q->F_L, w->n) / (double)w->n;
    for (size_t i = 0; i < w->n; ++i) {
        double *x = w->own[i].x;
        if (otm_secrecy_rate(b, q->p_max, w->od[i].h, w->od[i].g, q->N0) < q->R_min) {
            sol->status = OTMEC_STATUS_INFEASIBLE;
            otm_set_message(sol->reason, sizeof sol->reason,
                            "equal split: owner %zu needs more than B/N' = %.6g Hz to reach R_min", w->index[i], b);
            return;
        }
        x[JET_B] = b;
        x[JET_P] = q->p_max;
        x[JET_F] = q->f_max;
        x[JET_FL] = fL;
        x[JET_PHI] = q->phi_min;
    }
    w->T = otm_max_delay(w);
    if (w->T > q->T_max) {
        sol->status = OTMEC_STATUS_INFEASIBLE;
        otm_set_message(sol->reason, sizeof sol->reason,
                        "equal split: the delay %.6g s at phi_min misses T_max = %.6g s", w->T, q->T_max);
        return;
    }
    double U, S;
    otm_work_value(w, &U, &S);
    double lambda = U / S;
    int converged = 0;
    for (int k = 0; k < w->set->max_dinkelbach && !converged; ++k) {
        otm_sp1(w, lambda, 1);
        w->it.dinkelbach += 1;
        otm_work_value(w, &U, &S);
        converged = U - lambda * S <= w->set->eps_dinkelbach * lambda * S;
        lambda = fmax(lambda, U / S);
    }
    w->hit_limit = !converged;
    otm_finish(w, sol);
}

/* FIXED_PHI: phi at the middle of its range; resources and T by AO (y and
 * SP2) under Dinkelbach. The deadline is checked at that phi. */
static void solve_fixed_phi(otm_work *w, otmec_solution *sol)
{
    const otm_params *q = &w->q;
    w->phi_fixed = 1;
    for (size_t i = 0; i < w->n; ++i)
        w->own[i].x[JET_PHI] = 0.5 * (q->phi_min + q->phi_max);
    w->T = otm_max_delay(w);
    if (w->T > q->T_max) {
        double fastest = otm_fastest_point(w, 1);
        if (!(fastest < q->T_max)) {
            sol->status = OTMEC_STATUS_INFEASIBLE;
            otm_set_message(sol->reason, sizeof sol->reason,
                            "fixed-phi: at phi = %.6g no allocation meets T_max = %.6g s (fastest %.6g s)",
                            w->own[0].x[JET_PHI], q->T_max, fastest);
            return;
        }
        w->T = 0.5 * (fastest + q->T_max);
    }
    otm_solve_prepared(w, sol, 0);
}

/* Re-evaluates a baseline's allocation under the true instance: rates, delays
 * and energies per owner, T = max T_n when the rates changed (NO_SECRECY),
 * U, S, the ratio, and the owners whose true rate misses R_min. */
static void evaluate_truly(const otmec_instance *inst, otmec_solution *sol, int rates_changed)
{
    otm_params q = otm_params_flat(&inst->prm);
    double T = 0.0;
    sol->n_leaking = 0;
    for (size_t k = 0; k < inst->n; ++k) {
        if (!sol->active[k])
            continue;
        otm_owner_cost c = otm_owner_costs(&q, inst->h[k], inst->g[k], inst->D[k], sol->phi[k], sol->b[k], sol->p[k],
                                           sol->f[k], sol->fL[k]);
        sol->rate[k] = c.rate;
        sol->T_n[k] = c.T;
        sol->E_n[k] = c.E;
        T = fmax(T, c.T);
        sol->n_leaking += c.rate < q.R_min;
    }
    if (rates_changed)
        sol->T = T;
    otmec_allocation a = otmec_solution_allocation(sol);
    otmec_evaluate_allocation(inst, &a, &sol->eval);
    if (!isfinite(sol->eval.ratio)) {
        sol->status = OTMEC_STATUS_NUMERICAL_ERROR;
        sol->has_allocation = 0;
        otm_set_message(sol->reason, sizeof sol->reason,
                        "the true secrecy rate of an owner is not positive at this allocation");
    }
}

/* Solves inst with the parameters prm (the true ones, or a baseline's
 * modification) by `method`'s optimizer into a fresh solution. */
static otmec_error run(const otmec_instance *inst, const otmec_params *prm, const otmec_settings *set,
                       const otm_method_row *row, otmec_solution **out, char *msg, size_t msg_len)
{
    otmec_solution *sol = otm_solution_alloc(inst->n);
    int threads = row->optimizer == OTM_OPTIMIZER_AO ? otm_team_threads(set, inst->n) : 1;
    if (sol && threads > 1) {
        /* the owners over several threads: the same bits as below */
        sol->algorithm = set->algorithm;
        sol->method = set->method;
        if (otm_solve_with_team(inst, prm, set, row->ignore_eve, threads, sol) == 0) {
            *out = sol;
            return OTMEC_OK;
        }
        otmec_solution_free(sol);
        sol = NULL;
    }
    otm_work w;
    /* weights and deadline do not change which owners are active; NO_SECRECY
     * keeps the true parameters here and relaxes them after selection */
    int prepared = sol ? otm_work_prepare_with(&w, inst, prm, set, sol) : -1;
    if (prepared < 0) {
        otmec_solution_free(sol);
        otm_set_message(msg, msg_len, "out of memory for %zu owners", inst->n);
        return OTMEC_ERR_NO_MEMORY;
    }
    sol->algorithm = set->algorithm;
    sol->method = set->method;
    if (prepared == 0) {
        if (row->ignore_eve) {
            w.q.R_min = 0.0;
            for (size_t i = 0; i < w.n; ++i)
                w.od[i].g = 0.0;
        }
        switch (row->optimizer) {
        case OTM_OPTIMIZER_EQUAL_SPLIT:
            solve_equal(&w, sol);
            break;
        case OTM_OPTIMIZER_FIXED_PHI:
            solve_fixed_phi(&w, sol);
            break;
        case OTM_OPTIMIZER_AO:
            otm_solve_prepared(&w, sol, set->refine && set->algorithm == OTMEC_ALGORITHM_JOINT);
            break;
        }
    }
    sol->it = w.it;
    otm_work_release(&w);
    *out = sol;
    return OTMEC_OK;
}

otmec_error otm_solve_cpu(const otmec_instance *inst, const otmec_settings *set, otmec_solution **out, char *msg,
                          size_t msg_len)
{
    *out = NULL;
    const otm_method_row *row = otm_method_row_of(set->method);
    otmec_params prm = inst->prm;
    if (row->zero_w_e)
        prm.w_e = 0.0;
    if (row->zero_w_t) {
        prm.w_t = 0.0;
        if (!isfinite(prm.T_max_s)) {
            /* Energy alone has no optimum without a deadline (fL -> 0 as
             * T -> inf): give it the proposed method's delay as one. */
            otmec_settings proposed = *set;
            proposed.method = OTMEC_METHOD_PROPOSED;
            otmec_solution *ref = NULL;
            otmec_error err = otm_solve_cpu(inst, &proposed, &ref, msg, msg_len);
            if (err != OTMEC_OK)
                return err;
            if (!otmec_solution_has_allocation(ref)) {
                ref->method = set->method;
                *out = ref;
                return OTMEC_OK;
            }
            prm.T_max_s = ref->T;
            otmec_solution_free(ref);
        }
    }
    otmec_error err = run(inst, &prm, set, row, out, msg, msg_len);
    /* Every baseline reports the true model's rates, delays and energies at
     * its allocation, recomputed from the allocation alone. */
    int baseline = row->optimizer != OTM_OPTIMIZER_AO || row->zero_w_e || row->zero_w_t || row->ignore_eve;
    if (err == OTMEC_OK && baseline && (*out)->has_allocation)
        evaluate_truly(inst, *out, row->ignore_eve);
    return err;
}
