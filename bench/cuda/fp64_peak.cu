/* The FP64 ceiling of the device: cuBLAS DGEMM on random matrices, timed
 * with events after a warm-up, median of several runs. */
#include <algorithm>
#include <vector>

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include "cuda/cuda_util.cuh"
#include "fp64_peak.h"

namespace {

/* Uniform in [-1, 1) from a hash of the index: never zeros (they can run
 * faster than real data). */
__global__ void fill_kernel(double *a, size_t count, unsigned salt)
{
    size_t stride = (size_t)gridDim.x * blockDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < count; i += stride) {
        unsigned long long x = (i + 1) * 0x9E3779B97F4A7C15ull ^ salt;
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 27;
        a[i] = (double)(x >> 11) * (2.0 / 9007199254740992.0) - 1.0;
    }
}

} // namespace

extern "C" otmec_error otm_cuda_fp64_peak(size_t n, double *tflops, char *msg, size_t msg_len)
{
    if (!tflops) {
        otm_cuda::set_message(msg, msg_len, "otm_cuda_fp64_peak: NULL argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    if (otm_cuda::require_device(msg, msg_len) != OTMEC_OK)
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    if (n == 0)
        n = 8192;
    otmec_error rc = OTMEC_OK;
    double *a = NULL, *b = NULL, *c = NULL;
    cublasHandle_t handle = NULL;
    cudaEvent_t start = NULL, stop = NULL;
    std::vector<float> ms;
    const double one = 1.0, zero = 0.0;
    const int order = (int)n;
    const size_t count = n * n;
    OTMEC_CUDA_TRY(cudaMalloc((void **)&a, count * sizeof(double)));
    OTMEC_CUDA_TRY(cudaMalloc((void **)&b, count * sizeof(double)));
    OTMEC_CUDA_TRY(cudaMalloc((void **)&c, count * sizeof(double)));
    OTM_LAUNCH(fill_kernel, 1024, 256, 0)(a, count, 1u);
    OTM_LAUNCH(fill_kernel, 1024, 256, 0)(b, count, 2u);
    OTMEC_CUDA_TRY(cudaGetLastError());
    OTMEC_CUDA_TRY(cudaEventCreate(&start));
    OTMEC_CUDA_TRY(cudaEventCreate(&stop));
    if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) {
        otm_cuda::set_message(msg, msg_len, "cublasCreate failed");
        rc = OTMEC_ERR_INTERNAL;
        goto done;
    }
    for (int rep = 0; rep < 6; ++rep) { /* the first is the warm-up */
        OTMEC_CUDA_TRY(cudaEventRecord(start));
        if (cublasDgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, order, order, order, &one, a, order, b, order, &zero, c,
                        order) != CUBLAS_STATUS_SUCCESS) {
            otm_cuda::set_message(msg, msg_len, "cublasDgemm failed");
            rc = OTMEC_ERR_INTERNAL;
            goto done;
        }
        OTMEC_CUDA_TRY(cudaEventRecord(stop));
        OTMEC_CUDA_TRY(cudaEventSynchronize(stop));
        float t = 0.0f;
        OTMEC_CUDA_TRY(cudaEventElapsedTime(&t, start, stop));
        if (rep > 0)
            ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    *tflops = 2.0 * (double)n * (double)n * (double)n / (ms[ms.size() / 2] * 1e-3) / 1e12;
done:
    if (handle)
        cublasDestroy(handle);
    if (start)
        cudaEventDestroy(start);
    if (stop)
        cudaEventDestroy(stop);
    cudaFree(a);
    cudaFree(b);
    cudaFree(c);
    return rc;
}
