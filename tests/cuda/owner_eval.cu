/*
 * A test kernel (tests/test_cuda_owner_eval.cpp): batched evaluation of the
 * shared per-owner math (src/math/owner_math.h) on the GPU, one thread per
 * owner calling the very otm_owner_costs the CPU calls.
 */
#include <stdint.h>

#include <cuda_runtime.h>

#include "cuda/cuda_util.cuh"
#include "owner_eval.h"

namespace {

const int kThreads = 256;
const int kMaxBlocks = 65535; /* more owners are covered by the grid-stride loop */
const size_t kInputs = 8;     /* h, g, D, phi, b, p, f, fL */

/* Inputs are one device buffer of kInputs columns of n doubles (fewer
 * allocations and copies than one buffer per array). */
__global__ void owner_costs_kernel(otm_params q, size_t n, const double *in, otm_owner_cost *out)
{
    const double *h = in, *g = in + n, *D = in + 2 * n, *phi = in + 3 * n;
    const double *b = in + 4 * n, *p = in + 5 * n, *f = in + 6 * n, *fL = in + 7 * n;
    size_t stride = (size_t)gridDim.x * blockDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        out[i] = otm_owner_costs(&q, h[i], g[i], D[i], phi[i], b[i], p[i], f[i], fL[i]);
}

} // namespace

extern "C" otmec_error otm_cuda_owner_costs(const otm_params *q, const otm_owner_batch *batch,
                                            otm_owner_cost *out, char *msg, size_t msg_len)
{
    if (!q || !batch || !out) {
        otm_cuda::set_message(msg, msg_len, "otm_cuda_owner_costs: NULL argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    const size_t n = batch->n;
    const double *cols[kInputs] = {batch->h, batch->g, batch->D, batch->phi,
                                   batch->b, batch->p, batch->f, batch->fL};
    if (n == 0)
        return OTMEC_OK;
    for (size_t k = 0; k < kInputs; ++k) {
        if (!cols[k]) {
            otm_cuda::set_message(msg, msg_len, "otm_cuda_owner_costs: NULL owner array");
            return OTMEC_ERR_INVALID_ARGUMENT;
        }
    }
    if (n > SIZE_MAX / (kInputs * sizeof(double)) || n > SIZE_MAX / sizeof(otm_owner_cost)) {
        otm_cuda::set_message(msg, msg_len, "otm_cuda_owner_costs: %zu owners do not fit in memory", n);
        return OTMEC_ERR_NO_MEMORY;
    }
    if (otm_cuda_device_count() == 0) {
        otm_cuda::set_message(msg, msg_len, "no CUDA device is available");
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }

    otmec_error rc = OTMEC_OK;
    double *d_in = NULL;
    otm_owner_cost *d_out = NULL;
    size_t blocks = (n + kThreads - 1) / kThreads;
    if (blocks > (size_t)kMaxBlocks)
        blocks = kMaxBlocks;

    OTMEC_CUDA_TRY(cudaMalloc((void **)&d_in, kInputs * n * sizeof(double)));
    OTMEC_CUDA_TRY(cudaMalloc((void **)&d_out, n * sizeof(otm_owner_cost)));
    for (size_t k = 0; k < kInputs; ++k)
        OTMEC_CUDA_TRY(cudaMemcpy(d_in + k * n, cols[k], n * sizeof(double), cudaMemcpyHostToDevice));
    OTM_LAUNCH(owner_costs_kernel, (unsigned)blocks, kThreads, 0)(*q, n, d_in, d_out);
    OTMEC_CUDA_TRY(cudaGetLastError());
    /* Synchronous copy: also reports any fault while the kernel ran. */
    OTMEC_CUDA_TRY(cudaMemcpy(out, d_out, n * sizeof(otm_owner_cost), cudaMemcpyDeviceToHost));

done:
    /* Free both whatever happened; a failure here is reported only when
     * nothing failed before, so the first error's message survives. */
    cudaError_t e_in = cudaFree(d_in);
    cudaError_t e_out = cudaFree(d_out);
    cudaError_t e_free = e_in != cudaSuccess ? e_in : e_out;
    if (rc == OTMEC_OK && e_free != cudaSuccess) {
        otm_cuda::set_message(msg, msg_len, "CUDA error in cudaFree: %s", cudaGetErrorString(e_free));
        rc = otm_cuda::error_of(e_free);
    }
    return rc;
}
