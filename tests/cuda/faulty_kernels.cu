/* The kernels of faulty_kernels.h: a tree sum in shared memory, and the
 * faults planted in it. */
#include <cuda_runtime.h>

#include "cuda/cuda_util.cuh"
#include "faulty_kernels.h"

namespace {

__global__ void block_sum(int fault, const double *in, double *out)
{
    OTM_DYNAMIC_SHARED(double, buf);
    const unsigned t = threadIdx.x, n = blockDim.x;
    if (!(fault == OTM_FAULT_READ_UNWRITTEN && t == n - 1))
        buf[t] = in[blockIdx.x * n + t];
    if (fault == OTM_FAULT_WRITE_PAST_SHARED && t == 0)
        buf[n] = 1.0;
    if (fault == OTM_FAULT_WRITE_BEFORE_SHARED && t == 0)
        buf[-1] = 1.0;
    if (fault == OTM_FAULT_EARLY_EXIT && t == n - 1)
        return;
    if (fault == OTM_FAULT_TWO_BARRIERS && t % 2 == 1) {
        __syncthreads();
    } else {
        __syncthreads();
    }
    for (unsigned half = n / 2; half > 0; half /= 2) {
        if (t < half)
            buf[t] += buf[t + half];
        if (fault == OTM_FAULT_BARRIER_IN_BRANCH && t == 0)
            __syncthreads();
        __syncthreads();
    }
    if (t == 0)
        out[blockIdx.x] = buf[0];
}

} // namespace

extern "C" otmec_error otm_faulty_block_sums(otm_fault fault, unsigned blocks, unsigned threads, const double *in,
                                             double *out, char *msg, size_t msg_len)
{
    otmec_error rc = OTMEC_OK;
    double *d_in = NULL, *d_out = NULL;
    OTMEC_CUDA_TRY(cudaMalloc((void **)&d_in, (size_t)blocks * threads * sizeof(double)));
    OTMEC_CUDA_TRY(cudaMalloc((void **)&d_out, blocks * sizeof(double)));
    OTMEC_CUDA_TRY(cudaMemcpy(d_in, in, (size_t)blocks * threads * sizeof(double), cudaMemcpyHostToDevice));
    OTM_LAUNCH(block_sum, blocks, threads, threads * sizeof(double))((int)fault, d_in, d_out);
    OTMEC_CUDA_TRY(cudaGetLastError());
    OTMEC_CUDA_TRY(cudaMemcpy(out, d_out, blocks * sizeof(double), cudaMemcpyDeviceToHost));
done:
    cudaFree(d_in);
    cudaFree(d_out);
    return rc;
}
