/*
 * The CUDA runtime, emulated on the host (OTMEC_CUDA_EMULATION=ON): the
 * kernels of cuda/ compile as C++ against this header instead of the real
 * one, so CI runs their own code without a GPU. Each CUDA thread is a fiber
 * (ucontext), a block runs its threads in turn, __syncthreads is a barrier
 * across the block's live fibers, and device memory is host memory.
 *
 * A launch fails (cudaGetLastError reports it, with the reason in
 * cudaGetErrorString) when a kernel
 *   - reaches __syncthreads while another thread of its block has exited,
 *     or waits at a different __syncthreads than the others;
 *   - writes dynamic shared memory outside the launch's size;
 *   - produces results that depend on shared memory it never wrote (every
 *     launch runs twice, shared memory filled first with +1.6e300, then
 *     with -1.6e300, and the device memory afterwards must be the same).
 *
 * Only the subset of the runtime otmec uses is here; anything else fails to
 * compile, which is the point (static __shared__ arrays, warp intrinsics).
 */
#ifndef OTMEC_CUDA_EMULATION_RUNTIME_H
#define OTMEC_CUDA_EMULATION_RUNTIME_H

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>

#define __global__
#define __device__
#define __host__
#define __launch_bounds__(...)

struct uint3 {
    unsigned x, y, z;
};
struct dim3 {
    unsigned x, y, z;
    dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {}
};

enum cudaError {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInsufficientDriver = 35,
    cudaErrorNoDevice = 100,
    cudaErrorNoKernelImageForDevice = 209,
    cudaErrorLaunchFailure = 719,
};
typedef cudaError cudaError_t;
enum cudaDeviceAttr { cudaDevAttrMultiProcessorCount = 16 };
enum cudaMemcpyKind { cudaMemcpyHostToHost, cudaMemcpyHostToDevice, cudaMemcpyDeviceToHost, cudaMemcpyDeviceToDevice };

cudaError_t cudaMalloc(void **ptr, size_t bytes);
cudaError_t cudaFree(void *ptr);
cudaError_t cudaMemcpy(void *dst, const void *src, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemset(void *ptr, int value, size_t bytes);
cudaError_t cudaMemGetInfo(size_t *free_bytes, size_t *total_bytes);
cudaError_t cudaGetLastError(void);
cudaError_t cudaDeviceSynchronize(void);
cudaError_t cudaGetDeviceCount(int *count);
cudaError_t cudaGetDevice(int *device);
cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device);
const char *cudaGetErrorString(cudaError_t error);

namespace otm_emu {

/* The coordinates of the fiber running now. */
struct thread_coords {
    uint3 thread, block;
    dim3 block_dim, grid_dim;
};
const thread_coords &current();
void syncthreads(const char *file, int line);
void *dynamic_shared();

/* One block of a launch: runs body(user, linear thread index) on every
 * thread of the block. */
typedef void (*block_body)(void *user, unsigned thread);

/* Runs the whole grid (twice, see above); records a failure for
 * cudaGetLastError. */
void run_grid(dim3 grid, dim3 block, size_t shared_bytes, block_body body, void *user);
void set_block(unsigned linear_block);

template <class... Params> struct launcher {
    void (*kernel)(Params...);
    dim3 grid, block;
    size_t shared_bytes;

    template <class... Args> void operator()(Args &&...args) const
    {
        /* The parameters are converted once, as a launch copies them; each
         * thread calls the kernel with its own copy. */
        struct call {
            void (*kernel)(Params...);
            std::tuple<Params...> params;
        } c{kernel, std::tuple<Params...>(std::forward<Args>(args)...)};
        run_grid(grid, block, shared_bytes,
                 [](void *user, unsigned) {
                     call *cc = static_cast<call *>(user);
                     std::tuple<Params...> copy = cc->params;
                     std::apply(cc->kernel, copy);
                 },
                 &c);
    }
};

template <class... Params>
launcher<Params...> launch(void (*kernel)(Params...), dim3 grid, dim3 block, size_t shared_bytes = 0)
{
    return launcher<Params...>{kernel, grid, block, shared_bytes};
}

} // namespace otm_emu

#define threadIdx (otm_emu::current().thread)
#define blockIdx (otm_emu::current().block)
#define blockDim (otm_emu::current().block_dim)
#define gridDim (otm_emu::current().grid_dim)
#define __syncthreads() otm_emu::syncthreads(__FILE__, __LINE__)

#endif
