/*
 * The CUDA backend behind one private header. Plain C with no CUDA types, so
 * the library includes it with any compiler. Three homes implement it, all
 * in cuda/: batch_solve.cu (the kernels, built by nvcc, or as host code on
 * the emulated runtime of cuda/emulation/ with OTMEC_CUDA_EMULATION=ON) and
 * stub.c (a build without CUDA: no device, every request answered with
 * OTMEC_ERR_BACKEND_UNAVAILABLE). backend.c, the library's side, calls only
 * what is declared here.
 */
#ifndef OTMEC_CUDA_BACKEND_H
#define OTMEC_CUDA_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "otmec.h"
#include "math/owner_draw.h"
#include "solver/controller.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a CUDA request fails in a build without CUDA. */
#define OTM_NO_CUDA_MESSAGE "otmec was built without CUDA (configure with -DOTMEC_CUDA=ON)"

/* Number of usable CUDA devices. 0 when the backend is not built, there is no
 * driver or device, or the runtime reports any error (the error is cleared). */
int otm_cuda_device_count(void);

/* What to solve: `count` realizations of `num_owners` owners each, either
 * given (h, g, D on the host, [realization][owner]) or drawn on the device
 * (h == NULL: realization first + r of the run with `seed`, by the same
 * Philox draws as otmec_generate). The parameters are q for every
 * realization, or q_each[r] (on the host, `count` of them) when q_each is
 * not NULL. */
typedef struct otm_cuda_batch_in {
    otm_params q;
    const otm_params *q_each;
    otmec_settings settings; /* its trace is ignored */
    size_t num_owners, count;
    const double *h, *g, *D;
    otm_gen_geometry geo;
    uint64_t seed, first;
    size_t memory_budget; /* device bytes for one chunk; 0: the default */
    unsigned team_threads; /* threads a realization: 0 = otm_cuda_layout_for's choice */
} otm_cuda_batch_in;

/* Results on the host, [realization] and [realization][owner]; per-owner
 * pointers may be NULL. Inactive owners get 0. */
typedef struct otm_cuda_batch_out {
    otm_summary *summary;
    unsigned char *owner_status;
    double *phi, *b, *p, *f, *fL, *rate, *T_n, *E_n;
} otm_cuda_batch_out;

/* How a launch maps threads to realizations: a team of `team` threads
 * solves one realization (owner i on member i mod team, reductions in shared
 * memory); a team of one is a thread alone with its realization, as on the
 * CPU, with no barrier at all, `block` of them to a block. */
typedef struct otm_cuda_layout {
    unsigned team, block;
    size_t shared_bytes; /* dynamic shared memory of a block */
} otm_cuda_layout;

#define OTM_CUDA_MAX_TEAM 128u
/* Blocks of OTM_CUDA_MAX_TEAM threads the kernel keeps resident on a
 * multiprocessor: 4 caps a thread at 128 registers (CMake's
 * OTMEC_CUDA_MIN_BLOCKS sets it; docs/gpu.md, "Registers"). */
#ifndef OTM_CUDA_MIN_BLOCKS_PER_SM
#define OTM_CUDA_MIN_BLOCKS_PER_SM 4u
#endif
#define OTM_CUDA_SOLO_BLOCK 64u
/* A thread per realization up to this many owners (docs/gpu.md, "Layout"). */
#define OTM_CUDA_SOLO_MAX_OWNERS 16u
/* ... and only when the realizations fill this many threads per
 * multiprocessor (16 warps: what 128 registers a thread leave resident). */
#define OTM_CUDA_SOLO_MIN_THREADS_PER_SM 512u

/* The layout for realizations of num_owners owners: team_threads when
 * given (1, or a power of two from 32 to OTM_CUDA_MAX_TEAM), else a thread
 * per realization for small N when `count` realizations fill the device's
 * multiprocessors, else a team of the next power of two at or above N,
 * from a warp up to OTM_CUDA_MAX_TEAM (a member then holds N / 128 owners). */
static inline otm_cuda_layout otm_cuda_layout_for(size_t num_owners, size_t count, unsigned multiprocessors,
                                                  unsigned team_threads)
{
    otm_cuda_layout l;
    unsigned t = team_threads;
    if (t == 0) {
        if (num_owners <= OTM_CUDA_SOLO_MAX_OWNERS &&
            count >= (size_t)OTM_CUDA_SOLO_MIN_THREADS_PER_SM * multiprocessors) {
            t = 1;
        } else {
            t = 32; /* a warp: fewer threads save nothing */
            while (t < OTM_CUDA_MAX_TEAM && (size_t)t < num_owners)
                t <<= 1;
        }
    }
    l.team = t;
    l.block = t == 1 ? OTM_CUDA_SOLO_BLOCK : t;
    l.shared_bytes = t == 1 ? 0 : otm_team_buf_doubles((int)t) * sizeof(double);
    return l;
}

/* Default device budget of one chunk. */
#define OTM_CUDA_DEFAULT_BUDGET ((size_t)4 << 30)

/* Device bytes of one owner slot: workspace, inputs h, g, D, outputs phi, b,
 * p, f, fL, rate, T_n, E_n and the owner status. */
static inline size_t otm_cuda_slot_bytes(void)
{
    return OTM_OWNER_ARRAY_BYTES + 3 * sizeof(double) + 8 * sizeof(double) + 1;
}

/* ... and of one realization: its owners, its summary and its parameters
 * (on the device when each realization has its own). */
static inline size_t otm_cuda_bytes_per_realization(size_t num_owners)
{
    return num_owners * otm_cuda_slot_bytes() + sizeof(otm_summary) + sizeof(otm_params);
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
