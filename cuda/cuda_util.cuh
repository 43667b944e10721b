/* What the CUDA code of cuda/ (and the test and benchmark kernels) shares:
 * every CUDA call is checked, and a failure becomes a library error code
 * with its text, never an exit; launches and dynamic shared memory are
 * written through two macros, so the same source compiles with nvcc and as
 * host code on the emulated runtime (OTMEC_CUDA_EMULATION). */
#ifndef OTMEC_CUDA_UTIL_CUH
#define OTMEC_CUDA_UTIL_CUH

#include <stdarg.h>
#include <stdio.h>

#include <cuda_runtime.h>

#include "cuda/cuda_backend.h"
#include "otmec.h"

/* kernel<<<grid, block, shared_bytes>>>(args) is written
 * OTM_LAUNCH(kernel, grid, block, shared_bytes)(args), and
 * extern __shared__ T name[] is OTM_DYNAMIC_SHARED(T, name). */
#ifdef OTMEC_CUDA_EMULATION
#define OTM_LAUNCH(kernel, grid, block, shared_bytes) otm_emu::launch(kernel, grid, block, shared_bytes)
#define OTM_DYNAMIC_SHARED(type, name) type *name = static_cast<type *>(otm_emu::dynamic_shared())
#else
#define OTM_LAUNCH(kernel, grid, block, shared_bytes) kernel<<<grid, block, shared_bytes>>>
#define OTM_DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#endif

namespace otm_cuda {

inline void set_message(char *msg, size_t msg_len, const char *fmt, ...)
{
    if (!msg || msg_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msg_len, fmt, ap);
    va_end(ap);
}

/* The library's error code for a CUDA failure. */
inline otmec_error error_of(cudaError_t e)
{
    switch (e) {
    case cudaErrorMemoryAllocation:
        return OTMEC_ERR_NO_MEMORY;
    case cudaErrorNoDevice:
    case cudaErrorInsufficientDriver:
    case cudaErrorNoKernelImageForDevice:
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    default:
        return OTMEC_ERR_INTERNAL;
    }
}

/* OTMEC_OK when a device is there; else BACKEND_UNAVAILABLE with the reason
 * (no driver or no device: the runtime's error is cleared). */
inline otmec_error require_device(char *msg, size_t msg_len)
{
    if (otm_cuda_device_count() == 0) {
        set_message(msg, msg_len, "no CUDA device is available");
        return OTMEC_ERR_BACKEND_UNAVAILABLE;
    }
    return OTMEC_OK;
}

} // namespace otm_cuda

/* On the first failing call: record it and leave through the cleanup (the
 * enclosing function has msg, msg_len, rc and a label `done`). */
#define OTMEC_CUDA_TRY(call)                                                                                 \
    do {                                                                                                     \
        cudaError_t e_ = (call);                                                                             \
        if (e_ != cudaSuccess) {                                                                             \
            otm_cuda::set_message(msg, msg_len, "CUDA error in %s: %s", #call, cudaGetErrorString(e_));      \
            rc = otm_cuda::error_of(e_);                                                                     \
            goto done;                                                                                       \
        }                                                                                                    \
    } while (0)

#endif
