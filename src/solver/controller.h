/* The controller for one realization, host and device: outage and
 * feasibility, the initial point, Dinkelbach over AO (SP1 closed form, SP2),
 * the final refinement, and the results. A team runs it: the CPU backend with
 * one member, the CUDA backend with a thread block. */
#ifndef OTMEC_CONTROLLER_H
#define OTMEC_CONTROLLER_H

#include "solver/initial.h"
#include "solver/refine.h"
#include "solver/sp1.h"
#include "solver/sp2.h"
#include "solver/work.h"

/* Why a solve ended without an optimum; the host words it (otm_reason_text). */
typedef enum otm_reason {
    OTM_REASON_NONE = 0,
    OTM_REASON_ALL_OUT,     /* every owner in outage (or dropped) */
    OTM_REASON_BANDWIDTH,   /* value: sum b_min */
    OTM_REASON_UNBOUNDED,   /* w_t = 0 and no T_max */
    OTM_REASON_DEADLINE,    /* value: the smallest max delay reached */
    OTM_REASON_NO_INTERIOR, /* SP2 found no strictly feasible start */
    OTM_REASON_SUB_FAILED,  /* a subproblem stopped above its tolerance */
    OTM_REASON_LOOP_LIMIT,  /* AO or Dinkelbach stopped at its iteration limit */
    OTM_REASON_NOT_KKT      /* value: the KKT residual of P0, above OTMEC_KKT_TOLERANCE */
} otm_reason;

/* What one realization's solve found (each member holds the same copy). */
typedef struct otm_summary {
    otmec_status status;
    otm_reason reason;
    double reason_value;
    int has_allocation, refined;
    size_t n_active;
    double T, utility, consumption, energy, ratio, kkt;
    otmec_iterations it;
} otm_summary;

/* Per-owner outputs, indexed by instance owner; any pointer may be NULL.
 * Inactive owners are not written. */
typedef struct otm_owner_out {
    unsigned char *owner_status; /* otmec_owner_status values, every owner */
    double *phi, *b, *p, *f, *fL, *rate, *T_n, *E_n;
} otm_owner_out;

/* One instance as the controller reads it. */
typedef struct otm_instance_view {
    size_t n;
    const double *h, *g, *D;
} otm_instance_view;

/* The point (x and T) before an AO step, in the backup owners' x. */
OTMEC_HD void otm_keep_point(otm_work *w)
{
    OTM_FOR_OWNERS(w, i)
    for (int j = 0; j < JET_DIM; ++j)
        w->backup[i].x[j] = w->own[i].x[j];
    w->backup_T = w->T;
}

OTMEC_HD void otm_restore_point(otm_work *w)
{
    OTM_FOR_OWNERS(w, i)
    for (int j = 0; j < JET_DIM; ++j)
        w->own[i].x[j] = w->backup[i].x[j];
    w->T = w->backup_T;
}

/* Dinkelbach over AO. Returns lambda at the final point, or NAN when a
 * subproblem had no interior start. */
OTMEC_HD_ONE_COPY double otm_dinkelbach_ao(otm_work *w, int max_ao)
{
    const otmec_settings *set = w->set;
    int joint = set->algorithm == OTMEC_ALGORITHM_JOINT;
    double U, S; /* always those of the current point */
    otm_work_value(w, &U, &S);
    double lambda = U / S;
    for (int k = 0; k < set->max_dinkelbach; ++k) {
        otm_trace(w, 0, k, lambda);
        double prev = U - lambda * S; /* P(lambda) */
        int converged = 0;
        for (int a = 0; a < max_ao; ++a) {
            otm_keep_point(w);
            if (w->phi_fixed)
                otm_update_y(w); /* SP1 has only y to move */
            else
                otm_sp1(w, lambda, joint);
            if (otm_sp2(w) != 0)
                return NAN;
            w->it.ao += 1;
            otm_work_value(w, &U, &S);
            double val = U - lambda * S;
            if (val < prev - set->eps_ao * (U + lambda * S)) {
                /* Each step solves its block exactly, so P(lambda) cannot
                 * fall beyond rounding; it did when SP2 stopped short
                 * (N = 100,000: from 304 to 113, U ~ 2e5). Keep the better
                 * point; AO is done. */
                otm_restore_point(w);
                otm_work_value(w, &U, &S);
                w->sub_failed = 1;
                converged = 1;
                break;
            }
            otm_trace(w, 1, a, val);
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
            return otm_fmax(lambda, U / S);
        }
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

/* Owners that stay after outage and admission, first in the arrays; the
 * team gets n and the summed floors. Returns the sum of the active owners'
 * b_min. Each owner's outage and rate floor (a root search) over the team;
 * the rest by one member, in owner order (greedy admission is sequential).
 * With the floors on one member too, a team of 128 at N = 100 spent a third
 * of its simulated cycles here, one lane active (docs/gpu.md). */
OTMEC_HD_ONE_COPY double otm_select_owners(otm_work *w, const otm_instance_view *inst, unsigned char *owner_status)
{
    const otm_params *q = &w->q;
    /* b_min[k] holds owner k's floor until the compaction below moves it to
     * the owner's active index, which is never above k */
    OTM_FOR_TEAM_OWNERS(&w->team, inst->n, k) {
        const int outage = otm_owner_in_outage(q, inst->h[k], inst->g[k]);
        owner_status[k] = (unsigned char)(outage ? OTMEC_OWNER_OUTAGE : OTMEC_OWNER_ACTIVE);
        if (!outage)
            w->b_min[k] = otm_min_bandwidth(q->p_max, inst->h[k], inst->g[k], q->N0, q->R_min, q->B);
    }
    otm_team_sync(&w->team);
    double counts[2] = {0.0, 0.0}; /* active owners, sum b_min */
    if (w->team.rank == 0) {
        double mean_D = 0.0;
        for (size_t k = 0; k < inst->n; ++k)
            mean_D += inst->D[k] / (double)inst->n;
        size_t n = 0;
        double sum = 0.0;
        for (size_t k = 0; k < inst->n; ++k) {
            if (owner_status[k] == (unsigned char)OTMEC_OWNER_OUTAGE)
                continue;
            w->index[n] = k;
            w->od[n].h = inst->h[k];
            w->od[n].g = inst->g[k];
            w->od[n].D = inst->D[k];
            w->od[n].omega = inst->D[k] / mean_D;
            w->b_min[n] = w->b_min[k];
            sum += w->b_min[n];
            ++n;
        }
        while (w->set->admission == OTMEC_ADMISSION_GREEDY && n > 0 && sum >= q->B) {
            size_t worst = 0;
            for (size_t i = 1; i < n; ++i)
                if (w->b_min[i] > w->b_min[worst])
                    worst = i;
            owner_status[w->index[worst]] = (unsigned char)OTMEC_OWNER_DROPPED;
            sum -= w->b_min[worst];
            for (size_t i = worst; i + 1 < n; ++i) {
                w->index[i] = w->index[i + 1];
                w->od[i] = w->od[i + 1];
                w->b_min[i] = w->b_min[i + 1];
            }
            --n;
        }
        counts[0] = (double)n;
        counts[1] = sum;
    }
    otm_team_reduce(&w->team, OTM_REDUCE_SUM, counts, 2); /* also the barrier after the arrays */
    w->n = (size_t)counts[0];
    /* members past the n-th hold no owner from here on (strided teams) */
    w->team.active = w->n < (size_t)w->team.size ? (int)w->n : w->team.size;
    return counts[1];
}

OTMEC_HD void otm_summary_init(otm_summary *sm)
{
    memset(sm, 0, sizeof *sm);
    sm->status = OTMEC_STATUS_OPTIMAL;
    sm->reason = OTM_REASON_NONE;
}

OTMEC_HD int otm_verdict(otm_summary *sm, otmec_status status, otm_reason reason, double value)
{
    sm->status = status;
    sm->reason = reason;
    sm->reason_value = value;
    return 1;
}

/* Initial point; INFEASIBLE when T_max cannot be met. Returns 0 to go on. */
OTMEC_HD_ONE_COPY int otm_start_point(otm_work *w, otm_summary *sm)
{
    const otm_params *q = &w->q;
    otm_initial_point(w, w->b_min);
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
    if (!(fastest < q->T_max))
        return otm_verdict(sm, OTMEC_STATUS_INFEASIBLE, OTM_REASON_DEADLINE, fastest);
    w->T = 0.5 * (fastest + q->T_max);
    return 0;
}

/* Selects the owners, checks the bandwidth floors and boundedness and sets
 * the initial point. Returns 0 to go on, 1 when sm holds the verdict. */
OTMEC_HD int otm_prepare(otm_work *w, const otm_instance_view *inst, unsigned char *owner_status, otm_summary *sm)
{
    otm_summary_init(sm);
    double sum = otm_select_owners(w, inst, owner_status);
    sm->n_active = w->n;
    if (w->n == 0)
        return otm_verdict(sm, OTMEC_STATUS_INFEASIBLE, OTM_REASON_ALL_OUT, 0.0);
    if (sum >= w->q.B)
        return otm_verdict(sm, OTMEC_STATUS_INFEASIBLE, OTM_REASON_BANDWIDTH, sum);
    /* With w_t = 0 and no deadline, delay is free: the energy falls toward 0
     * as fL -> 0 and T -> inf, and U/S has a supremum but no maximum. */
    if (!(w->q.w_t > 0.0) && !isfinite(w->q.T_max))
        return otm_verdict(sm, OTMEC_STATUS_NUMERICAL_ERROR, OTM_REASON_UNBOUNDED, 0.0);
    return otm_start_point(w, sm);
}

/* Status (from the loop flags), KKT residual, allocation and evaluation
 * (under w->q) into sm and out. */
OTMEC_HD_ONE_COPY void otm_finish_out(otm_work *w, otm_summary *sm, const otm_owner_out *out)
{
    sm->kkt = otm_p0_kkt_residual(w);
    double sums[2] = {0.0, 0.0}; /* utility, energy: otm_work_value's sums, in its order */
    double T_need = 0.0;           /* the largest delay, as the checker computes it */
    otm_block_sum bs = otm_block_sum_begin(&w->team, w->n);
    OTM_FOR_OWNERS_SUM(w, i, bs, sums, 2) {
        size_t k = w->index[i];
        const double *x = w->own[i].x;
        otm_owner_cost c = otm_owner_costs(&w->q, w->od[i].h, w->od[i].g, w->od[i].D, x[JET_PHI], x[JET_B],
                                           x[JET_P], x[JET_F], x[JET_FL]);
        T_need = otm_fmax(T_need, c.T);
        if (out->phi) {
            out->phi[k] = x[JET_PHI];
            out->b[k] = x[JET_B];
            out->p[k] = x[JET_P];
            out->f[k] = x[JET_F];
            out->fL[k] = x[JET_FL];
        }
        if (out->rate) {
            out->rate[k] = c.rate;
            out->T_n[k] = c.T;
            out->E_n[k] = c.E;
        }
        sums[0] += otm_utility(&w->q, w->od[i].omega, x[JET_PHI]);
        sums[1] += c.E;
    }
    otm_block_sum_end(&w->team, &bs, sums, 2);
    /* T covers every delay exactly: the solvers keep T above each T_n in
     * their scaled units, and T = Ts * T_scale can round below a delay that
     * sits on it (a binding deadline: T two ulps under T_n = T_max, found by
     * fuzzing). */
    w->T = otm_fmax(w->T, otm_team_max(&w->team, T_need));
    double U = sums[0], energy = sums[1], S = otm_consumption(&w->q, energy, w->T);
    sm->T = w->T;
    sm->has_allocation = 1;
    sm->utility = U;
    sm->consumption = S;
    sm->energy = energy;
    sm->ratio = U / S;
    sm->it = w->it;
    if (sm->refined) {
        /* The refinement promises a KKT point of P0: OPTIMAL exactly when
         * the returned point's residual (with the multipliers that certify
         * it) says so, whatever path led there and whatever the warm start's
         * loops did. */
        if (!(sm->kkt <= OTMEC_KKT_TOLERANCE))
            otm_verdict(sm, OTMEC_STATUS_MAX_ITER, OTM_REASON_NOT_KKT, sm->kkt);
        return;
    }
    if (w->sub_failed)
        otm_verdict(sm, OTMEC_STATUS_MAX_ITER, OTM_REASON_SUB_FAILED, 0.0);
    else if (w->hit_limit)
        otm_verdict(sm, OTMEC_STATUS_MAX_ITER, OTM_REASON_LOOP_LIMIT, 0.0);
}

/* Ahead of a soft refinement AO is a warm start: along a binding deadline
 * it creeps (each step gains little), and the refinement moves phi and the
 * resources together where AO cannot. One AO step (SP2 to a loose
 * tolerance) starts it as well as 50 do: the refined ratio was the same to
 * 1e-9 on every realization of bench/compare_pipelines.py. Only when the
 * refinement does not reach a KKT point does the full warm start (up to 50
 * AO steps per Dinkelbach step, exact SP2) run from where it stopped. */
#define OTM_AO_LIMIT_BEFORE_REFINEMENT 50

/* Dinkelbach + AO from the current point; NUMERICAL_ERROR into sm and 1
 * when a subproblem had no interior start. */
OTMEC_HD int otm_warm_start(otm_work *w, otm_summary *sm, int max_ao, double *lambda)
{
    *lambda = otm_dinkelbach_ao(w, max_ao);
    if (!isnan(*lambda))
        return 0;
    otm_verdict(sm, OTMEC_STATUS_NUMERICAL_ERROR, OTM_REASON_NO_INTERIOR, 0.0);
    sm->it = w->it;
    return 1;
}

/* One AO step, SP2 to a loose tolerance: the warm start of a refinement;
 * NUMERICAL_ERROR into sm and 1 as otm_warm_start. */
OTMEC_HD_ONE_COPY int otm_one_ao_step(otm_work *w, otm_summary *sm, double *lambda)
{
    w->warm_start = 1;
    int failed = otm_warm_start(w, sm, 1, lambda);
    w->warm_start = 0;
    return failed;
}

/* The refinement from lambda; its KKT point clears the warm start's flags:
 * that start's limits and stalls say nothing about it. */
OTMEC_HD_ONE_COPY void otm_refine_from(otm_work *w, otm_summary *sm, double lambda, int soft)
{
    w->refine_converged = 0;
    otm_refine(w, lambda, soft);
    sm->refined = 1;
    if (w->refine_converged) {
        w->hit_limit = 0;
        w->sub_failed = 0;
    }
}

/* Dinkelbach + AO (+ refinement when asked) from the prepared point. */
OTMEC_HD void otm_solve_prepared_out(otm_work *w, otm_summary *sm, const otm_owner_out *out, int refine)
{
    double lambda;
    if (!refine) {
        if (otm_warm_start(w, sm, w->set->max_ao, &lambda) != 0)
            return;
        otm_finish_out(w, sm, out);
        return;
    }
    int soft = w->n >= OTM_SOFT_CONSTRAINTS_MIN_OWNERS;
    /* Strict refinements start from the initial point: with lambda
     * following U/S at every iterate, an AO step first saved them nothing
     * (median interior-point iterations of both together at N = 1 / 10 /
     * 100 / 300 / 1,000: 26 / 30 / 48 / 56 / 60 with it, 22 / 25 / 34 / 37 /
     * 49 without, ratios the same or higher). Soft ones (N >= 2,000) need
     * it: at N = 10^4 one of three fell back to the full warm start without
     * it (119 iterations instead of 60). */
    int warmed = soft;
    if (warmed) {
        if (otm_one_ao_step(w, sm, &lambda) != 0)
            return;
    } else {
        double U, S;
        otm_work_value(w, &U, &S);
        lambda = U / S;
    }
    otm_refine_from(w, sm, lambda, soft);
    if (!w->refine_converged && soft) {
        /* Strict constraints, from where the soft solve left off: on a few
         * degenerate instances (an owner whose rate is 1e-6 of the others')
         * the soft solve stalls where keeping every iterate feasible
         * converges. */
        double U, S;
        otm_work_value(w, &U, &S);
        otm_refine_from(w, sm, U / S, 0);
    }
    if (!w->refine_converged && !warmed) {
        /* Again from the initial point, with the AO step first: a few hard
         * instances with binding deadlines (2 of the 600 random scenarios of
         * bench/compare_pipelines.py) need about 200 refinement iterations
         * either way, and those that the AO step's start brought to the
         * tolerance stopped short of it from the initial point; from where
         * the refinement stopped, one of them reached another KKT point
         * (ratio 3e-7 lower), the other not at all. */
        if (otm_start_point(w, sm) != 0)
            return;
        w->hit_limit = 0;
        w->sub_failed = 0;
        if (otm_one_ao_step(w, sm, &lambda) != 0)
            return;
        otm_refine_from(w, sm, lambda, 0);
    }
    if (!w->refine_converged) {
        int max_ao = w->set->max_ao < OTM_AO_LIMIT_BEFORE_REFINEMENT ? w->set->max_ao : OTM_AO_LIMIT_BEFORE_REFINEMENT;
        w->hit_limit = 0;
        w->sub_failed = 0;
        if (otm_warm_start(w, sm, max_ao, &lambda) != 0)
            return;
        otm_refine_from(w, sm, lambda, 0);
    }
    otm_finish_out(w, sm, out);
}

/* The proposed method on one instance, every step of it: what the CUDA
 * backend runs per realization, and what the host teams of the tests run. */
OTMEC_HD void otm_solve_realization(otm_work *w, const otm_instance_view *inst, otm_summary *sm,
                                    const otm_owner_out *out)
{
    if (otm_prepare(w, inst, out->owner_status, sm) != 0) {
        sm->it = w->it;
        return;
    }
    int refine = w->set->refine && w->set->algorithm == OTMEC_ALGORITHM_JOINT;
    otm_solve_prepared_out(w, sm, out, refine);
}

#endif
