/*
 * Private interface of the CUDA batch solver. Plain C with no CUDA types:
 * the library includes it with any compiler, and without CUDA
 * src/backend/cuda_stub.c answers every call with BACKEND_UNAVAILABLE.
 */
#ifndef OTMEC_CUDA_BATCH_H
#define OTMEC_CUDA_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "otmec.h"
#include "math/owner_draw.h"
#include "solver/controller.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What to solve: `count` realizations of `num_owners` owners each, either
 * given (h, g, D on the host, [realization][owner]) or drawn on the device
 * (h == NULL: realization first + r of the run with `seed`, by the same
 * Philox draws as otmec_generate). */
typedef struct otm_cuda_batch_in {
    otm_params q;
    otmec_settings settings; /* its trace is ignored */
    size_t num_owners, count;
    const double *h, *g, *D;
    otm_gen_geometry geo;
    uint64_t seed, first;
    size_t memory_budget; /* device bytes for one chunk; 0: the default */
} otm_cuda_batch_in;

/* Results on the host, [realization] and [realization][owner]; per-owner
 * pointers may be NULL. Inactive owners get 0. */
typedef struct otm_cuda_batch_out {
    otm_summary *summary;
    unsigned char *owner_status;
    double *phi, *b, *p, *f, *fL, *rate, *T_n, *E_n;
} otm_cuda_batch_out;

/* Default device budget of one chunk. */
#define OTM_CUDA_DEFAULT_BUDGET ((size_t)4 << 30)

/* Device bytes of one owner slot: workspace, inputs h, g, D, outputs phi, b,
 * p, f, fL, rate, T_n, E_n and the owner status. */
static inline size_t otm_cuda_slot_bytes(void)
{
    return OTM_OWNER_ARRAY_BYTES + 3 * sizeof(double) + 8 * sizeof(double) + 1;
}

static inline size_t otm_cuda_bytes_per_realization(size_t num_owners)
{
    return num_owners * otm_cuda_slot_bytes() + sizeof(otm_summary);
}

/* Realizations per launch for a budget (0: the default) and the device's
 * free memory, of which at most half is used (the kernel's local memory and
 * the runtime need the rest). 0 when not even one fits. */
static inline size_t otm_cuda_chunk_realizations(size_t num_owners, size_t count, size_t budget,
                                                 size_t free_bytes)
{
    if (budget == 0)
        budget = OTM_CUDA_DEFAULT_BUDGET;
    if (budget > free_bytes / 2)
        budget = free_bytes / 2;
    size_t chunk = budget / otm_cuda_bytes_per_realization(num_owners);
    if (chunk > count)
        chunk = count;
    if (chunk > 0x7fffffffu) /* grid limit */
        chunk = 0x7fffffffu;
    return chunk;
}

/* Solves the batch chunk by chunk. OTMEC_ERR_BACKEND_UNAVAILABLE without a
 * device; every CUDA failure is returned with its text in msg. */
otmec_error otm_cuda_solve_batch(const otm_cuda_batch_in *in, otm_cuda_batch_out *out, char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif
