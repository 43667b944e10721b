/* The CPU side of the controller: settings, the work area's memory, and the
 * translation of a realization's summary into an otmec_solution. The
 * controller itself (solver/controller.h) is shared with the CUDA backend. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "solver/controller.h"
#include "solver/controller_cpu.h"
#include "solver/solve_host.h"

void otm_settings_defaults(otmec_settings *s)
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

/* The arrays live in one block that starts at index. One allocation instead
 * of eight; and at N ~ 100 the block is past glibc's mmap threshold, so the
 * first solve maps it and raises the threshold, and later solves reuse the
 * heap instead of having it trimmed and faulted back in between solves (8% of
 * a solve at N = 100). */
void otm_owner_arrays_free(otm_owner_arrays *a)
{
    free(a->index);
    memset(a, 0, sizeof *a);
}

/* Offsets in multiples of 64 bytes: every array as aligned as the block. */
enum { OWNER_ARRAY_ALIGN = 64 };

static size_t aligned_bytes(size_t count, size_t size)
{
    size_t bytes = count * size;
    return (bytes + OWNER_ARRAY_ALIGN - 1) / OWNER_ARRAY_ALIGN * OWNER_ARRAY_ALIGN;
}

/* The next `bytes` of the block at *p. */
static void *carve(char **p, size_t bytes)
{
    void *start = *p;
    *p += bytes;
    return start;
}

int otm_owner_arrays_alloc(otm_owner_arrays *a, size_t n)
{
    size_t m = n ? n : 1;
    if (m > SIZE_MAX / (2 * OTM_OWNER_ARRAY_BYTES)) {
        memset(a, 0, sizeof *a);
        return -1;
    }
    const size_t sizes[] = {aligned_bytes(m, sizeof *a->index),   aligned_bytes(m, sizeof *a->od),
                              aligned_bytes(m, sizeof *a->own),     aligned_bytes(m, sizeof *a->trial),
                              aligned_bytes(m, sizeof *a->own_h),   aligned_bytes(m, sizeof *a->trial_h),
                              aligned_bytes(m, sizeof *a->step),    aligned_bytes(m, sizeof *a->sp1),
                              aligned_bytes(m, sizeof *a->backup),  aligned_bytes(5 * m, sizeof *a->scratch),
                              aligned_bytes(m, sizeof *a->b_min)};
    size_t total = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        total += sizes[i];
    char *p = calloc(total, 1);
    if (!p) {
        memset(a, 0, sizeof *a);
        return -1;
    }
    a->index = carve(&p, sizes[0]);
    a->od = carve(&p, sizes[1]);
    a->own = carve(&p, sizes[2]);
    a->trial = carve(&p, sizes[3]);
    a->own_h = carve(&p, sizes[4]);
    a->trial_h = carve(&p, sizes[5]);
    a->step = carve(&p, sizes[6]);
    a->sp1 = carve(&p, sizes[7]);
    a->backup = carve(&p, sizes[8]);
    a->scratch = carve(&p, sizes[9]);
    a->b_min = carve(&p, sizes[10]);
    return 0;
}

/* Idempotent: prepare releases on its own failure, callers release always. */
void otm_work_release(otm_work *w)
{
    otm_owner_arrays a = {w->index,   w->od,  w->own,    w->trial,   w->own_h, w->trial_h,
                          w->step,    w->sp1, w->backup, w->scratch, w->b_min};
    otm_owner_arrays_free(&a);
    w->index = NULL;
    w->od = NULL;
    w->own = NULL;
    w->trial = NULL;
    w->own_h = NULL;
    w->trial_h = NULL;
    w->step = NULL;
    w->sp1 = NULL;
    w->backup = NULL;
    w->scratch = NULL;
    w->b_min = NULL;
}

void otm_reason_text(const otm_summary *sm, const otm_params *q, otmec_admission admission, char *buf, size_t len)
{
    switch (sm->reason) {
    case OTM_REASON_ALL_OUT:
        otm_set_message(buf, len, "no owner can be served: every owner is in secrecy outage%s",
                        admission == OTMEC_ADMISSION_GREEDY ? " or dropped" : "");
        break;
    case OTM_REASON_BANDWIDTH:
        otm_set_message(buf, len,
                        "bandwidth: the active owners need sum b_min = %.6g Hz to reach R_min, more than B = %.6g Hz",
                        sm->reason_value, q->B);
        break;
    case OTM_REASON_UNBOUNDED:
        otm_set_message(buf, len,
                        "no optimum: with w_t = 0 and no T_max the delay is free and the energy falls toward 0 as "
                        "fL -> 0 and T -> inf; give T_max or w_t > 0");
        break;
    case OTM_REASON_DEADLINE:
        otm_set_message(buf, len,
                        "deadline: no allocation meets T_max = %.6g s; the smallest max_n T_n reached is %.6g s",
                        q->T_max, sm->reason_value);
        break;
    case OTM_REASON_NO_INTERIOR:
        otm_set_message(buf, len,
                        "SP2 found no strictly feasible starting point (constraints degenerate to equalities)");
        break;
    case OTM_REASON_SUB_FAILED:
        otm_set_message(buf, len, "an interior-point subproblem stopped above its KKT tolerance");
        break;
    case OTM_REASON_LOOP_LIMIT:
        otm_set_message(buf, len, "AO or Dinkelbach stopped at its iteration limit (max_ao, max_dinkelbach) "
                                  "before meeting its tolerance");
        break;
    case OTM_REASON_NOT_KKT:
        otm_set_message(buf, len,
                        "the refinement did not reach a KKT point of P0: KKT residual %.3g, above the tolerance %.0e "
                        "(the allocation is feasible)",
                        sm->reason_value, OTMEC_KKT_TOLERANCE);
        break;
    default:
        otm_set_message(buf, len, "%s", "");
        break;
    }
}

void otm_summary_to_solution(const otm_summary *sm, const otm_params *q, otmec_admission admission,
                             otmec_solution *sol)
{
    sol->status = sm->status;
    otm_reason_text(sm, q, admission, sol->reason, sizeof sol->reason);
    sol->n_active = sm->n_active;
    sol->has_allocation = sm->has_allocation;
    sol->refined = sm->refined;
    sol->kkt_residual = sm->kkt;
    sol->T = sm->T;
    sol->eval.utility = sm->utility;
    sol->eval.consumption = sm->consumption;
    sol->eval.energy_J = sm->energy;
    sol->eval.time_s = sm->T;
    sol->eval.ratio = sm->ratio;
    sol->it = sm->it;
}

void otm_solution_set_owner_status(otmec_solution *sol, const unsigned char *status)
{
    for (size_t k = 0; k < sol->n; ++k) {
        sol->owner_status[k] = (otmec_owner_status)status[k];
        sol->active[k] = status[k] == OTMEC_OWNER_ACTIVE;
    }
}

otm_owner_out otm_solution_owner_out(otmec_solution *sol)
{
    otm_owner_out out = {NULL, sol->phi, sol->b, sol->p, sol->f, sol->fL, sol->rate, sol->T_n, sol->E_n};
    return out;
}

int otm_work_prepare(otm_work *w, const otmec_instance *inst, const otmec_settings *set, otmec_solution *sol)
{
    return otm_work_prepare_with(w, inst, &inst->prm, set, sol);
}

int otm_work_prepare_with(otm_work *w, const otmec_instance *inst, const otmec_params *prm,
                          const otmec_settings *set, otmec_solution *sol)
{
    memset(w, 0, sizeof *w);
    otm_owner_arrays a;
    unsigned char *status = calloc(inst->n ? inst->n : 1, 1);
    if (!status || otm_owner_arrays_alloc(&a, inst->n) != 0) {
        free(status);
        return -1;
    }
    otm_params q = otm_params_flat(prm);
    otm_work_init(w, &a, otm_team_single(), &q, set);
    otm_instance_view view = {inst->n, inst->h, inst->g, inst->D};
    otm_summary sm;
    int stop = otm_prepare(w, &view, status, &sm);
    otm_solution_set_owner_status(sol, status);
    free(status);
    sol->n_active = sm.n_active;
    if (stop)
        otm_summary_to_solution(&sm, &w->q, set->admission, sol);
    return stop;
}

void otm_solve_prepared(otm_work *w, otmec_solution *sol, int refine)
{
    otm_summary sm;
    otm_summary_init(&sm);
    sm.n_active = w->n;
    otm_owner_out out = otm_solution_owner_out(sol);
    otm_solve_prepared_cpu(w, &sm, &out, refine);
    otm_summary_to_solution(&sm, &w->q, w->set->admission, sol);
}

void otm_finish(otm_work *w, otmec_solution *sol)
{
    otm_summary sm;
    otm_summary_init(&sm);
    sm.n_active = w->n;
    sm.refined = sol->refined;
    otm_owner_out out = otm_solution_owner_out(sol);
    otm_finish_out(w, &sm, &out);
    otm_summary_to_solution(&sm, &w->q, w->set->admission, sol);
}
