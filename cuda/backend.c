/* The library's side of the CUDA backend (the entries of backend/backend.h):
 * device availability, a batch's realizations (drawn on the device or given)
 * solved on the device, and one instance as a batch of one. It reaches the device only
 * through cuda/cuda_backend.h. */
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "cuda/cuda_backend.h"
#include "gen/generator.h"
#include "otmec_config.h"
#include "solver/solve_host.h"

otmec_error otm_cuda_available(char *msg, size_t msg_len)
{
    if (!OTMEC_HAVE_CUDA) {
        otm_set_message(msg, msg_len, OTM_NO_CUDA_MESSAGE);
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }
    if (otm_cuda_device_count() == 0) {
        otm_set_message(msg, msg_len, "no CUDA device is available (no driver, no device, or the runtime failed)");
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }
    /* Available, and said so when it is the test build's host emulation. */
    otm_set_message(msg, msg_len,
                    OTMEC_CUDA_EMULATION ? "emulated on the host (a test build: the kernels' code, not a GPU's speed)"
                                         : "available");
    return OTMEC_OK;
}

static void cuda_in_common(otm_cuda_batch_in *in, const otmec_params *prm, const otmec_settings *set, size_t n,
                           size_t count)
{
    memset(in, 0, sizeof *in);
    in->q = otm_params_flat(prm);
    in->settings = *set;
    in->num_owners = n;
    in->count = count;
    in->memory_budget = set->device_memory_bytes;
}

/* The per-realization parameters of a given source, flat; NULL when the
 * batch shares one set (or on no memory: *no_memory says which). */
static otm_params *flat_params_each(const otm_batch_source *src, size_t count, int *no_memory)
{
    *no_memory = 0;
    if (src->scenario || !src->params_per_realization)
        return NULL;
    otm_params *q = malloc(count * sizeof *q);
    if (!q) {
        *no_memory = 1;
        return NULL;
    }
    for (size_t r = 0; r < count; ++r)
        q[r] = otm_params_flat(&src->params[r]);
    return q;
}

otmec_error otm_cuda_solve_source(const otm_batch_source *src, const otmec_settings *set, unsigned team_threads,
                                  otmec_batch *out, char *msg, size_t msg_len)
{
    otmec_params prm = src->scenario ? otm_scenario_params(src->scenario) : src->params[0];
    otm_cuda_batch_in in;
    cuda_in_common(&in, &prm, set, src->num_owners, out->count);
    in.team_threads = team_threads;
    if (src->scenario) {
        in.geo = otm_scenario_geometry(src->scenario);
        in.seed = src->seed;
        in.first = src->first;
    } else {
        in.h = src->h;
        in.g = src->g;
        in.D = src->D;
    }
    int no_memory = 0;
    otm_params *q_each = flat_params_each(src, out->count, &no_memory);
    in.q_each = q_each;
    otm_cuda_batch_out o;
    memset(&o, 0, sizeof o);
    o.summary = no_memory ? NULL : calloc(out->count, sizeof *o.summary);
    if (!o.summary) {
        free(q_each);
        otm_set_message(msg, msg_len, "out of memory for %zu realization summaries", out->count);
        return OTMEC_ERR_NO_MEMORY;
    }
    o.owner_status = out->owner_status;
    o.phi = out->phi;
    o.b = out->b_Hz;
    o.p = out->p_W;
    o.f = out->f_Hz;
    o.fL = out->fL_Hz;
    otmec_error e = otm_cuda_solve_batch(&in, &o, msg, msg_len);
    if (e == OTMEC_OK)
        for (size_t r = 0; r < out->count; ++r)
            otm_batch_store_summary(out, r, &o.summary[r]);
    free(o.summary);
    free(q_each);
    return e;
}

/* otmec_solve with settings->backend == CUDA: the instance as a batch of one
 * realization (the proposed method only). */
otmec_error otm_cuda_solve_instance(const otmec_instance *inst, const otmec_settings *set, otmec_solution *sol,
                                    char *msg, size_t msg_len)
{
    otm_cuda_batch_in in;
    cuda_in_common(&in, &inst->prm, set, inst->n, 1);
    in.h = inst->h;
    in.g = inst->g;
    in.D = inst->D;
    otm_summary sm;
    memset(&sm, 0, sizeof sm);
    unsigned char *status = calloc(inst->n ? inst->n : 1, 1);
    if (!status) {
        otm_set_message(msg, msg_len, "out of memory for %zu owners", inst->n);
        return OTMEC_ERR_NO_MEMORY;
    }
    otm_cuda_batch_out o = {&sm, status, sol->phi, sol->b, sol->p, sol->f, sol->fL, sol->rate, sol->T_n, sol->E_n};
    otmec_error e = otm_cuda_solve_batch(&in, &o, msg, msg_len);
    if (e == OTMEC_OK) {
        otm_solution_set_owner_status(sol, status);
        otm_params q = otm_params_flat(&inst->prm);
        otm_summary_to_solution(&sm, &q, set->admission, sol);
        sol->algorithm = set->algorithm;
        sol->method = set->method;
    }
    free(status);
    return e;
}
