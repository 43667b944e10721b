/* otmec_solve: the proposed method and the baselines of MODEL.md section 6.
 * Every method works on the owners the true problem admits (outage and
 * admission decided once, with the true parameters); the baselines that
 * optimize a modified problem are evaluated under the true one. */
#include <math.h>
#include <string.h>

#include "backend/backend.h"
#include "internal.h"
#include "solver/controller.h"

int otm_settings_valid(const otmec_settings *set)
{
    return (set->backend == OTMEC_BACKEND_CPU || set->backend == OTMEC_BACKEND_CUDA) &&
           (set->algorithm == OTMEC_ALGORITHM_PAPER || set->algorithm == OTMEC_ALGORITHM_JOINT) &&
           (set->sp2_method == OTMEC_SP2_EXACT || set->sp2_method == OTMEC_SP2_SCA) &&
           set->method >= OTMEC_METHOD_PROPOSED && set->method <= OTMEC_METHOD_DELAY_ONLY &&
           set->max_dinkelbach >= 1 && set->max_ao >= 1 && set->max_sca >= 1 && set->max_ipm >= 1 &&
           set->eps_dinkelbach > 0.0 && set->eps_ao > 0.0 && set->eps_sca > 0.0 && set->eps_kkt > 0.0;
}

/* EQUAL: B and F_L split equally, p = p_max, f = f_max; then (phi, T) by
 * Dinkelbach, each P(lambda) solved exactly by joint SP1. */
static void solve_equal(otm_work *w, otmec_solution *sol)
{
    const otm_params *q = &w->q;
    double b = q->B / (double)w->n;
    for (size_t i = 0; i < w->n; ++i) {
        double *x = w->own[i].x;
        if (otm_secrecy_rate(b, q->p_max, w->od[i].h, w->od[i].g, q->N0) < q->R_min) {
            sol->status = OTMEC_STATUS_INFEASIBLE;
            otmec_set_message(sol->reason, sizeof sol->reason,
                              "equal split: owner %zu needs more than B/N' = %.6g Hz to reach R_min", w->index[i], b);
            return;
        }
        x[JET_B] = b;
        x[JET_P] = q->p_max;
        x[JET_F] = q->f_max;
        x[JET_FL] = q->F_L / (double)w->n;
        x[JET_PHI] = q->phi_min;
    }
    w->T = otm_max_delay(w);
    if (w->T > q->T_max) {
        sol->status = OTMEC_STATUS_INFEASIBLE;
        otmec_set_message(sol->reason, sizeof sol->reason,
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
            otmec_set_message(sol->reason, sizeof sol->reason,
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
        otmec_set_message(sol->reason, sizeof sol->reason,
                          "the true secrecy rate of an owner is not positive at this allocation");
    }
}

/* Solves inst with the parameters prm (the true ones, or a baseline's
 * modification) by `method`'s optimizer into a fresh solution. */
static otmec_error run(const otmec_instance *inst, const otmec_params *prm, const otmec_settings *set,
                       otmec_solution **out, char *msg, size_t msg_len)
{
    otmec_solution *sol = otmec_solution_alloc(inst->n);
    otm_work w;
    /* weights and deadline do not change which owners are active; NO_SECRECY
     * keeps the true parameters here and relaxes them after selection */
    int prepared = sol ? otm_work_prepare_with(&w, inst, prm, set, sol) : -1;
    if (prepared < 0) {
        otmec_solution_free(sol);
        otmec_set_message(msg, msg_len, "otmec_solve: out of memory for %zu owners", inst->n);
        return OTMEC_ERR_NO_MEMORY;
    }
    sol->algorithm = set->algorithm;
    sol->method = set->method;
    if (prepared == 0) {
        if (set->method == OTMEC_METHOD_NO_SECRECY) {
            w.q.R_min = 0.0;
            for (size_t i = 0; i < w.n; ++i)
                w.od[i].g = 0.0;
        }
        switch (set->method) {
        case OTMEC_METHOD_EQUAL:
            solve_equal(&w, sol);
            break;
        case OTMEC_METHOD_FIXED_PHI:
            solve_fixed_phi(&w, sol);
            break;
        default:
            otm_solve_prepared(&w, sol, set->refine && set->algorithm == OTMEC_ALGORITHM_JOINT);
            break;
        }
    }
    sol->it = w.it;
    otm_work_release(&w);
    *out = sol;
    return OTMEC_OK;
}

otmec_error otmec_solve(const otmec_instance *inst, const otmec_settings *settings, otmec_solution **out,
                        char *msg, size_t msg_len)
{
    if (!inst || !out) {
        otmec_set_message(msg, msg_len, "otmec_solve: instance and out must not be NULL");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    otmec_settings defaults;
    otmec_settings_default(&defaults);
    const otmec_settings *set = settings ? settings : &defaults;
    if (!otm_settings_valid(set)) {
        otmec_set_message(msg, msg_len, "otmec_solve: invalid settings (enum out of range, limit < 1 or tolerance <= 0)");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (set->backend == OTMEC_BACKEND_CUDA) {
        otmec_error e = otmec_backend_available(OTMEC_BACKEND_CUDA, msg, msg_len);
        if (e != OTMEC_OK)
            return e;
        e = otm_cuda_method_check(set, msg, msg_len);
        if (e != OTMEC_OK)
            return e;
        otmec_solution *sol = otmec_solution_alloc(inst->n);
        if (!sol) {
            otmec_set_message(msg, msg_len, "otmec_solve: out of memory for %zu owners", inst->n);
            return OTMEC_ERR_NO_MEMORY;
        }
        e = otm_cuda_solve_instance(inst, set, sol, msg, msg_len);
        if (e != OTMEC_OK) {
            otmec_solution_free(sol);
            return e;
        }
        *out = sol;
        return OTMEC_OK;
    }
    otmec_params prm = inst->prm;
    switch (set->method) {
    case OTMEC_METHOD_ENERGY_ONLY:
        prm.w_t = 0.0;
        if (!isfinite(prm.T_max_s)) {
            /* Energy alone has no optimum without a deadline (fL -> 0 as
             * T -> inf): give it the proposed method's delay as one. */
            otmec_settings proposed = *set;
            proposed.method = OTMEC_METHOD_PROPOSED;
            otmec_solution *ref = NULL;
            otmec_error err = otmec_solve(inst, &proposed, &ref, msg, msg_len);
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
        break;
    case OTMEC_METHOD_DELAY_ONLY:
        prm.w_e = 0.0;
        break;
    default:
        break;
    }
    otmec_error err = run(inst, &prm, set, out, msg, msg_len);
    if (err == OTMEC_OK && set->method != OTMEC_METHOD_PROPOSED && (*out)->has_allocation)
        evaluate_truly(inst, *out, set->method == OTMEC_METHOD_NO_SECRECY);
    return err;
}
