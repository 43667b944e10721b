/*
 * The CUDA batch solver: a team of threads runs the whole controller
 * (solver/controller.h, the code the CPU backend runs) on one realization:
 * a thread block whose threads share the owners and meet in shared-memory
 * team reductions, or, for a few owners, a single thread (a team of one, as
 * on the CPU), many to a block (otm_cuda_layout_for). One launch solves a
 * chunk of realizations with no host round trip inside; chunks are sized to
 * a device-memory budget and run one after another.
 */
#include <stdint.h>
#include <string.h>

#include <cuda_runtime.h>

#include "cuda/cuda_backend.h"
#include "cuda/cuda_util.cuh"
#include "math/owner_draw.h"
#include "solver/controller.h"

namespace {

const int kDrawThreads = 256;

/* Device arrays of one chunk, [realization][owner]. */
struct chunk_arrays {
    double *h, *g, *D;
    size_t *index;
    otm_owner_data *od;
    otm_ipm_owner *own, *trial, *backup;
    otm_owner_hessians *own_h, *trial_h;
    otm_ipm_step *step;
    otm_sp1_owner *sp1;
    double *scratch, *b_min;
    unsigned char *owner_status;
    double *out[8]; /* phi, b, p, f, fL, rate, T_n, E_n */
    otm_summary *summary;
    /* The realizations' parameters in device memory, q[r * q_stride]: a
     * stride of 0 when they share one. Not a by-value kernel parameter: its
     * address would be a generic pointer into the parameter space
     * (cvta.param), which the cycle-level simulator cannot follow. */
    otm_params *q;
    size_t q_stride;
};

__global__ void draw_kernel(otm_gen_geometry geo, uint64_t seed, uint64_t first, size_t n, size_t count,
                            double *h, double *g, double *D)
{
    size_t total = n * count, stride = (size_t)gridDim.x * blockDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += stride) {
        otm_owner_draw o = otm_draw_owner(&geo, seed, first + i / n, (uint32_t)(i % n));
        h[i] = o.h;
        g[i] = o.g;
        D[i] = o.D;
    }
}

/* Realization r of the chunk: a block's team when team > 1, else thread r of
 * the grid alone. The block size is at most OTM_CUDA_MAX_TEAM, enough
 * threads to cover the owners of most runs. Four such blocks a
 * multiprocessor (OTM_CUDA_MIN_BLOCKS_PER_SM) cap a thread at 128
 * registers: 16 resident warps instead of 8, for about twice the spills of
 * 255 registers (docs/gpu.md, "Registers" and "Why not none"; a device
 * decides, and scripts/gpu-check.sh times both). */
__global__ void __launch_bounds__(OTM_CUDA_MAX_TEAM, OTM_CUDA_MIN_BLOCKS_PER_SM)
    solve_kernel(otmec_settings set, size_t n, size_t count, unsigned team_threads, chunk_arrays c)
{
    OTM_DYNAMIC_SHARED(double, team_buf);
    otm_team team;
    size_t r;
    if (team_threads > 1) {
        r = blockIdx.x;
        team.rank = (int)threadIdx.x;
        team.size = (int)blockDim.x;
        team.blocked = 0; /* owners strided over the threads, tree sums */
        team.buf = team_buf;
        team.block_buf = NULL;
        team.rounds = NULL;
    } else {
        r = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
        if (r >= count)
            return;
        team = otm_team_single();
    }
    team.host_barrier = NULL;
    team.host_ctx = NULL;

    const size_t off = r * n;
    otm_owner_arrays a;
    a.index = c.index + off;
    a.od = c.od + off;
    a.own = c.own + off;
    a.trial = c.trial + off;
    a.own_h = c.own_h + off;
    a.trial_h = c.trial_h + off;
    a.step = c.step + off;
    a.sp1 = c.sp1 + off;
    a.backup = c.backup + off;
    a.scratch = c.scratch + 5 * off;
    a.b_min = c.b_min + off;
    otm_work w;
    otm_work_init(&w, &a, team, &c.q[r * c.q_stride], &set);
    otm_instance_view view = {n, c.h + off, c.g + off, c.D + off};
    otm_owner_out out = {c.owner_status + off, c.out[0] + off, c.out[1] + off, c.out[2] + off, c.out[3] + off,
                         c.out[4] + off, c.out[5] + off, c.out[6] + off, c.out[7] + off};
    otm_summary sm;
    otm_solve_realization(&w, &view, &sm, &out);
    if (team.rank == 0)
        c.summary[r] = sm;
}

void free_chunk(chunk_arrays *c)
{
    void *ptrs[] = {c->h,      c->g,       c->D,      c->index,   c->od,     c->own,
                    c->trial,  c->own_h,   c->trial_h, c->step,   c->backup, c->sp1,
                    c->scratch, c->b_min,  c->owner_status, c->summary, c->q};
    for (void *p : ptrs)
        cudaFree(p);
    for (double *p : c->out)
        cudaFree(p);
    memset(c, 0, sizeof *c);
}

#define ALLOC(ptr, count) OTMEC_CUDA_TRY(cudaMalloc((void **)&(ptr), (count) * sizeof(*(ptr))))

otmec_error alloc_chunk(chunk_arrays *c, size_t n, size_t count, int params_each, char *msg, size_t msg_len)
{
    otmec_error rc = OTMEC_OK;
    const size_t slots = n * count;
    memset(c, 0, sizeof *c);
    ALLOC(c->h, slots);
    ALLOC(c->g, slots);
    ALLOC(c->D, slots);
    ALLOC(c->index, slots);
    ALLOC(c->od, slots);
    ALLOC(c->own, slots);
    ALLOC(c->trial, slots);
    ALLOC(c->own_h, slots);
    ALLOC(c->trial_h, slots);
    ALLOC(c->step, slots);
    ALLOC(c->backup, slots);
    ALLOC(c->sp1, slots);
    ALLOC(c->scratch, 5 * slots);
    ALLOC(c->b_min, slots);
    ALLOC(c->owner_status, slots);
    for (int k = 0; k < 8; ++k)
        ALLOC(c->out[k], slots);
    ALLOC(c->summary, count);
    ALLOC(c->q, params_each ? count : 1);
    c->q_stride = params_each ? 1 : 0;
done:
    if (rc != OTMEC_OK)
        free_chunk(c);
    return rc;
}

/* A device array's bytes to the host, when the host asked for that array. */
cudaError_t fetch(void *host, const void *dev, size_t bytes)
{
    if (!host)
        return cudaSuccess;
    return cudaMemcpy(host, dev, bytes, cudaMemcpyDeviceToHost);
}

} // namespace

extern "C" int otm_cuda_device_count(void)
{
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        /* No driver or no device: clear the error so later calls do not see it. */
        (void)cudaGetLastError();
        return 0;
    }
    return count;
}

extern "C" otmec_error otm_cuda_solve_batch(const otm_cuda_batch_in *in, otm_cuda_batch_out *out, char *msg,
                                            size_t msg_len)
{
    if (!in || !out || !out->summary) {
        otm_cuda::set_message(msg, msg_len, "otm_cuda_solve_batch: NULL argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    const size_t n = in->num_owners;
    if (n == 0 || in->count == 0) {
        otm_cuda::set_message(msg, msg_len, "otm_cuda_solve_batch: no owners or no realizations");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    const unsigned tt = in->team_threads;
    if (tt > 1 && (tt < 32 || tt > OTM_CUDA_MAX_TEAM || (tt & (tt - 1)) != 0)) {
        otm_cuda::set_message(msg, msg_len,
                              "otm_cuda_solve_batch: a team of %u threads; expected 0 (automatic), 1, or a power of "
                              "two from 32 to %u",
                              tt, OTM_CUDA_MAX_TEAM);
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (otm_cuda::require_device(msg, msg_len) != OTMEC_OK)
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    otmec_error rc = OTMEC_OK;
    chunk_arrays c;
    memset(&c, 0, sizeof c);
    otmec_settings set = in->settings;
    set.trace = NULL;
    set.trace_user = NULL;
    int device = 0, multiprocessors = 0;
    otm_cuda_layout l;
    const size_t per_r = otm_cuda_bytes_per_realization(n);
    size_t free_bytes = 0, total_bytes = 0;
    size_t chunk = 0;
    double *outs_host[8] = {out->phi, out->b, out->p, out->f, out->fL, out->rate, out->T_n, out->E_n};

    OTMEC_CUDA_TRY(cudaMemGetInfo(&free_bytes, &total_bytes));
    OTMEC_CUDA_TRY(cudaGetDevice(&device));
    OTMEC_CUDA_TRY(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device));
    /* One layout for the whole run (chunks then give the same bits). */
    l = otm_cuda_layout_for(n, in->count, (unsigned)multiprocessors, in->team_threads);
    chunk = otm_cuda_chunk_realizations(n, in->count, in->memory_budget, free_bytes);
    if (chunk == 0) {
        otm_cuda::set_message(msg, msg_len,
                              "one realization of %zu owners needs %zu bytes of device memory, more than a chunk "
                              "may use (budget %zu bytes, at most half of the %zu free)",
                              n, per_r, in->memory_budget ? in->memory_budget : OTM_CUDA_DEFAULT_BUDGET, free_bytes);
        return OTMEC_ERR_NO_MEMORY;
    }
    rc = alloc_chunk(&c, n, chunk, in->q_each != NULL, msg, msg_len);
    if (rc != OTMEC_OK)
        return rc;
    if (!in->q_each)
        OTMEC_CUDA_TRY(cudaMemcpy(c.q, &in->q, sizeof(otm_params), cudaMemcpyHostToDevice));

    for (size_t c0 = 0; c0 < in->count; c0 += chunk) {
        const size_t cn = in->count - c0 < chunk ? in->count - c0 : chunk;
        const size_t slots = cn * n;
        for (int k = 0; k < 8; ++k)
            OTMEC_CUDA_TRY(cudaMemset(c.out[k], 0, slots * sizeof(double)));
        if (in->h) {
            OTMEC_CUDA_TRY(cudaMemcpy(c.h, in->h + c0 * n, slots * sizeof(double), cudaMemcpyHostToDevice));
            OTMEC_CUDA_TRY(cudaMemcpy(c.g, in->g + c0 * n, slots * sizeof(double), cudaMemcpyHostToDevice));
            OTMEC_CUDA_TRY(cudaMemcpy(c.D, in->D + c0 * n, slots * sizeof(double), cudaMemcpyHostToDevice));
        } else {
            size_t blocks = (slots + kDrawThreads - 1) / kDrawThreads;
            if (blocks > 65535)
                blocks = 65535;
            OTM_LAUNCH(draw_kernel, (unsigned)blocks, kDrawThreads, 0)(in->geo, in->seed, in->first + c0, n, cn, c.h, c.g,
                                                             c.D);
            OTMEC_CUDA_TRY(cudaGetLastError());
        }
        if (in->q_each)
            OTMEC_CUDA_TRY(cudaMemcpy(c.q, in->q_each + c0, cn * sizeof(otm_params), cudaMemcpyHostToDevice));
        const size_t blocks = l.team > 1 ? cn : (cn + l.block - 1) / l.block;
        OTM_LAUNCH(solve_kernel, (unsigned)blocks, l.block, l.shared_bytes)(set, n, cn, l.team, c);
        OTMEC_CUDA_TRY(cudaGetLastError());
        /* synchronous copies: they also report any fault of the kernels */
        OTMEC_CUDA_TRY(fetch(out->summary + c0, c.summary, cn * sizeof(otm_summary)));
        OTMEC_CUDA_TRY(fetch(out->owner_status ? out->owner_status + c0 * n : NULL, c.owner_status, slots));
        for (int k = 0; k < 8; ++k)
            OTMEC_CUDA_TRY(fetch(outs_host[k] ? outs_host[k] + c0 * n : NULL, c.out[k], slots * sizeof(double)));
    }
done:
    free_chunk(&c);
    return rc;
}
