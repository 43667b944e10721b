/* The CPU backend of otmec_solve_batch and otmec_solve_instances:
 * realizations spread over OpenMP threads, each made (drawn or taken from the
 * caller's arrays) and solved on its own. */
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "backend/backend.h"
#include "solver/methods.h"

static void copy_owner_array(double *dst, const double *src, size_t n)
{
    if (dst)
        memcpy(dst, src, n * sizeof *dst);
}

/* One realization on the CPU: the source's instance r, solved as
 * otmec_solve solves it on the CPU. */
static otmec_error cpu_one(const otm_batch_source *src, const otmec_settings *set, otmec_batch *out, size_t r,
                           char *msg, size_t msg_len)
{
    otmec_instance *inst = NULL;
    otmec_solution *sol = NULL;
    otmec_error e = otm_batch_source_instance(src, r, &inst, msg, msg_len);
    if (e == OTMEC_OK)
        e = otm_solve_cpu(inst, set, &sol, msg, msg_len);
    if (e == OTMEC_OK) {
        const size_t n = src->num_owners, off = r * n;
        otm_summary sm;
        memset(&sm, 0, sizeof sm);
        sm.status = sol->status;
        sm.has_allocation = sol->has_allocation;
        sm.ratio = sol->eval.ratio;
        sm.utility = sol->eval.utility;
        sm.consumption = sol->eval.consumption;
        sm.energy = sol->eval.energy_J;
        sm.T = sol->T;
        sm.kkt = sol->kkt_residual;
        sm.it = sol->it;
        sm.n_active = sol->n_active;
        otm_batch_store_summary(out, r, &sm);
        if (out->owner_status)
            for (size_t k = 0; k < n; ++k)
                out->owner_status[off + k] = (unsigned char)sol->owner_status[k];
        copy_owner_array(out->phi ? out->phi + off : NULL, sol->phi, n);
        copy_owner_array(out->b_Hz ? out->b_Hz + off : NULL, sol->b, n);
        copy_owner_array(out->p_W ? out->p_W + off : NULL, sol->p, n);
        copy_owner_array(out->f_Hz ? out->f_Hz + off : NULL, sol->f, n);
        copy_owner_array(out->fL_Hz ? out->fL_Hz + off : NULL, sol->fL, n);
    }
    otmec_solution_free(sol);
    otmec_instance_free(inst);
    return e;
}

otmec_error otm_cpu_solve_batch(const otm_batch_source *src, const otmec_settings *set, otmec_batch *out, char *msg,
                                size_t msg_len)
{
    otmec_settings one = *set;
    one.trace = NULL; /* threads would call it concurrently */
    otmec_error first_error = OTMEC_OK;
    long long count = (long long)out->count;
    int threads = set->threads;
#ifdef _OPENMP
    if (threads <= 0)
        threads = omp_get_num_procs();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#else
    (void)threads;
#endif
    for (long long r = 0; r < count; ++r) {
        char local[OTMEC_MESSAGE_LEN];
        otmec_error e = cpu_one(src, &one, out, (size_t)r, local, sizeof local);
        if (e != OTMEC_OK) {
#ifdef _OPENMP
#pragma omp critical(otm_batch_error)
#endif
            if (first_error == OTMEC_OK) {
                first_error = e;
                otm_set_message(msg, msg_len, "realization %llu: %s",
                                (unsigned long long)(src->first + (uint64_t)r), local);
            }
        }
    }
    return first_error;
}
