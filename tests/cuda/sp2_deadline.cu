/* The kernel of sp2_deadline.h: one deadline per thread, by the function
 * otm_sp2 calls in the solver kernel. */
#include <cuda_runtime.h>

#include "cuda/cuda_util.cuh"
#include "solver/sp2.h"
#include "sp2_deadline.h"

namespace {

__global__ void sp2_deadline_kernel(size_t n, const double *in, double *out)
{
    size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = otm_sp2_deadline(in[i], in[n + i]);
}

} // namespace

extern "C" otmec_error otm_cuda_sp2_deadlines(size_t n, const double *T_max, const double *max_delay, double *out,
                                              char *msg, size_t msg_len)
{
    otmec_error rc = OTMEC_OK;
    double *d_in = NULL, *d_out = NULL;
    const unsigned threads = 32, blocks = (unsigned)((n + threads - 1) / threads);
    OTMEC_CUDA_TRY(cudaMalloc((void **)&d_in, 2 * n * sizeof(double)));
    OTMEC_CUDA_TRY(cudaMalloc((void **)&d_out, n * sizeof(double)));
    OTMEC_CUDA_TRY(cudaMemcpy(d_in, T_max, n * sizeof(double), cudaMemcpyHostToDevice));
    OTMEC_CUDA_TRY(cudaMemcpy(d_in + n, max_delay, n * sizeof(double), cudaMemcpyHostToDevice));
    OTM_LAUNCH(sp2_deadline_kernel, blocks, threads, 0)(n, d_in, d_out);
    OTMEC_CUDA_TRY(cudaGetLastError());
    OTMEC_CUDA_TRY(cudaMemcpy(out, d_out, n * sizeof(double), cudaMemcpyDeviceToHost));
done:
    cudaFree(d_in);
    cudaFree(d_out);
    return rc;
}
