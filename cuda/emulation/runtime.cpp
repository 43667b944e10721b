/*
 * The emulated CUDA runtime (see cuda_runtime.h next to this file): fibers
 * on ucontext, one block at a time, and the checks a launch must pass.
 */
#include "cuda_runtime.h"

#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace otm_emu {
namespace {

const size_t kStackBytes = 256 * 1024;
/* What a launch may ask for without opting in to more (as on the device). */
const size_t kMaxSharedBytes = 48 * 1024;
const unsigned kMaxBlockThreads = 1024;
/* Bytes before and after the dynamic shared memory that no thread may write. */
const size_t kGuardBytes = 4096;
const unsigned char kGuardByte = 0xA7;
/* Shared memory of the two passes: 0x7E.. is +1.6e300, 0xFE.. -1.6e300, so
 * that a sum, a comparison, fmax and fmin of a value never written all come
 * out differently. */
const unsigned char kSharedFill[2] = {0x7E, 0xFE};
/* Fresh device memory: every double a NaN (the device does not zero it). */
const unsigned char kDeviceFill = 0xFF;

struct fiber {
    ucontext_t ctx;
    char *stack = nullptr;
    thread_coords coords;
    bool done = false, waiting = false;
    unsigned long long barriers = 0;
    const char *file = nullptr;
    int line = 0;
};

struct emulator {
    /* One device: a launch and every memory call of the runtime hold
     * device_mutex, so that a launch's two passes (which restore device
     * memory between them) never meet another host thread's copy. */
    std::mutex device_mutex, error_mutex;
    std::map<unsigned char *, size_t> allocations;
    std::vector<fiber> fibers;
    ucontext_t scheduler;
    fiber *running = nullptr;
    thread_coords host_coords{};
    std::vector<unsigned char> shared; /* guard, dynamic shared memory, guard */
    block_body body = nullptr;
    void *user = nullptr;
    cudaError_t pending = cudaSuccess;
    std::string error_text;
};

emulator &emu()
{
    static emulator e;
    return e;
}

void fail(const std::string &why)
{
    emulator &e = emu();
    std::lock_guard<std::mutex> lock(e.error_mutex);
    if (e.pending == cudaSuccess) {
        e.pending = cudaErrorLaunchFailure;
        e.error_text = "emulated launch failure: " + why;
    }
}

void fiber_entry()
{
    emulator &e = emu();
    fiber *f = e.running;
    const thread_coords &c = f->coords;
    unsigned linear = c.thread.x + c.block_dim.x * (c.thread.y + c.block_dim.y * c.thread.z);
    e.body(e.user, linear);
    f->done = true; /* returning resumes the scheduler (uc_link) */
}

char *new_stack()
{
    /* A guard page below the stack turns an overflow into a crash. */
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *p = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return nullptr;
    mprotect(p, page, PROT_NONE);
    return static_cast<char *>(p) + page;
}

std::string site(const fiber &f)
{
    return std::string(f.file ? f.file : "?") + ":" + std::to_string(f.line);
}

/* Runs one block to its end; false and why when it breaks a rule. */
bool run_block(dim3 grid, dim3 block, uint3 block_idx, size_t shared_bytes, int pass, std::string &why)
{
    emulator &e = emu();
    const unsigned n = block.x * block.y * block.z;
    memset(e.shared.data(), kGuardByte, e.shared.size());
    memset(e.shared.data() + kGuardBytes, kSharedFill[pass], shared_bytes);
    if (e.fibers.size() < n)
        e.fibers.resize(n);
    for (unsigned r = 0; r < n; ++r) {
        fiber &f = e.fibers[r];
        if (!f.stack && !(f.stack = new_stack())) {
            why = "out of memory for the stacks of " + std::to_string(n) + " threads";
            return false;
        }
        f.coords.thread = {r % block.x, (r / block.x) % block.y, r / (block.x * block.y)};
        f.coords.block = block_idx;
        f.coords.block_dim = block;
        f.coords.grid_dim = grid;
        f.done = f.waiting = false;
        f.barriers = 0;
        getcontext(&f.ctx);
        f.ctx.uc_stack.ss_sp = f.stack;
        f.ctx.uc_stack.ss_size = kStackBytes;
        f.ctx.uc_link = &e.scheduler;
        makecontext(&f.ctx, fiber_entry, 0);
    }
    const std::string where = "block " + std::to_string(block_idx.x) + ": ";
    for (;;) {
        for (unsigned r = 0; r < n; ++r) {
            fiber &f = e.fibers[r];
            if (f.done || f.waiting)
                continue;
            e.running = &f;
            swapcontext(&e.scheduler, &f.ctx);
            e.running = nullptr;
        }
        unsigned done = 0, first_done = n, first_waiting = n;
        for (unsigned r = 0; r < n; ++r) {
            if (e.fibers[r].done) {
                done++;
                if (first_done == n)
                    first_done = r;
            } else if (first_waiting == n) {
                first_waiting = r;
            }
        }
        if (done == n)
            break;
        if (done > 0) {
            const fiber &w = e.fibers[first_waiting], &d = e.fibers[first_done];
            why = where + "thread " + std::to_string(first_waiting) + " waits at __syncthreads (" + site(w) +
                  ", its barrier " + std::to_string(w.barriers) + ") but thread " + std::to_string(first_done) +
                  " has exited after " + std::to_string(d.barriers) +
                  " barriers (a divergent __syncthreads: threads pass different numbers of barriers)";
            return false;
        }
        const fiber &f0 = e.fibers[0];
        for (unsigned r = 1; r < n; ++r) {
            const fiber &f = e.fibers[r];
            if (f.line != f0.line || strcmp(f.file, f0.file) != 0) {
                why = where + "threads wait at different __syncthreads: thread 0 at " + site(f0) + ", thread " +
                      std::to_string(r) + " at " + site(f);
                return false;
            }
        }
        for (unsigned r = 0; r < n; ++r)
            e.fibers[r].waiting = false;
    }
    const unsigned char *s = e.shared.data();
    const size_t after = kGuardBytes + shared_bytes;
    for (size_t i = 0; i < e.shared.size(); ++i) {
        if ((i < kGuardBytes || i >= after) && s[i] != kGuardByte) {
            long off = (long)i - (long)kGuardBytes;
            why = where + "shared memory written outside its " + std::to_string(shared_bytes) +
                  " dynamic bytes (at byte offset " + std::to_string(off) + ")";
            return false;
        }
    }
    return true;
}

typedef std::vector<std::vector<unsigned char>> memory_image;

memory_image save_memory()
{
    emulator &e = emu();
    memory_image img;
    for (const auto &a : e.allocations)
        img.emplace_back(a.first, a.first + a.second);
    return img;
}

void restore_memory(const memory_image &img)
{
    emulator &e = emu();
    size_t k = 0;
    for (const auto &a : e.allocations)
        memcpy(a.first, img[k++].data(), a.second);
}

/* The first byte where device memory differs from img; empty when none. */
std::string memory_difference(const memory_image &img)
{
    emulator &e = emu();
    size_t k = 0;
    for (const auto &a : e.allocations) {
        const std::vector<unsigned char> &v = img[k++];
        if (memcmp(a.first, v.data(), a.second) == 0)
            continue;
        size_t i = 0;
        while (a.first[i] == v[i])
            ++i;
        return "byte " + std::to_string(i) + " of a " + std::to_string(a.second) + "-byte allocation";
    }
    return "";
}

bool run_pass(dim3 grid, dim3 block, size_t shared_bytes, int pass, std::string &why)
{
    for (unsigned z = 0; z < grid.z; ++z)
        for (unsigned y = 0; y < grid.y; ++y)
            for (unsigned x = 0; x < grid.x; ++x)
                if (!run_block(grid, block, {x, y, z}, shared_bytes, pass, why))
                    return false;
    return true;
}

} // namespace

const thread_coords &current()
{
    emulator &e = emu();
    return e.running ? e.running->coords : e.host_coords;
}

void syncthreads(const char *file, int line)
{
    emulator &e = emu();
    fiber *f = e.running;
    if (!f)
        return; /* host code: nothing to wait for */
    f->waiting = true;
    f->barriers++;
    f->file = file;
    f->line = line;
    swapcontext(&f->ctx, &e.scheduler);
}

void *dynamic_shared()
{
    return emu().shared.data() + kGuardBytes;
}

void run_grid(dim3 grid, dim3 block, size_t shared_bytes, block_body body, void *user)
{
    emulator &e = emu();
    std::lock_guard<std::mutex> lock(e.device_mutex);
    const unsigned long long threads = (unsigned long long)block.x * block.y * block.z;
    if (threads == 0 || threads > kMaxBlockThreads || grid.x == 0 || grid.y == 0 || grid.z == 0) {
        fail("invalid launch configuration (" + std::to_string(threads) + " threads a block)");
        return;
    }
    if (shared_bytes > kMaxSharedBytes) {
        fail("a launch asks for " + std::to_string(shared_bytes) + " bytes of dynamic shared memory, more than " +
             std::to_string(kMaxSharedBytes));
        return;
    }
    e.shared.assign(kGuardBytes + shared_bytes + kGuardBytes, kGuardByte);
    e.body = body;
    e.user = user;
    std::string why;
    /* Kernels that use no shared memory cannot read it: one pass. */
    if (shared_bytes == 0) {
        if (!run_pass(grid, block, 0, 0, why))
            fail(why);
        return;
    }
    memory_image before = save_memory();
    if (!run_pass(grid, block, shared_bytes, 0, why)) {
        fail(why);
        return;
    }
    memory_image first = save_memory();
    restore_memory(before);
    if (!run_pass(grid, block, shared_bytes, 1, why)) {
        fail(why);
        return;
    }
    std::string diff = memory_difference(first);
    if (!diff.empty())
        fail("the results depend on shared memory that was never written: device memory differs at " + diff +
             " between two runs with different fills of shared memory");
}

} // namespace otm_emu

using otm_emu::emu;

cudaError_t cudaMalloc(void **ptr, size_t bytes)
{
    if (!ptr)
        return cudaErrorInvalidValue;
    size_t rounded = (bytes + 255) / 256 * 256;
    std::lock_guard<std::mutex> device(emu().device_mutex);
    unsigned char *p = static_cast<unsigned char *>(aligned_alloc(256, rounded ? rounded : 256));
    *ptr = p;
    if (!p)
        return cudaErrorMemoryAllocation;
    memset(p, otm_emu::kDeviceFill, bytes);
    emu().allocations[p] = bytes;
    return cudaSuccess;
}

cudaError_t cudaFree(void *ptr)
{
    if (!ptr)
        return cudaSuccess;
    std::lock_guard<std::mutex> device(emu().device_mutex);
    if (emu().allocations.erase(static_cast<unsigned char *>(ptr)) == 0)
        return cudaErrorInvalidValue;
    free(ptr);
    return cudaSuccess;
}

/* A launch failure is reported once, by the next call that synchronizes. */
static cudaError_t take_pending()
{
    std::lock_guard<std::mutex> lock(emu().error_mutex);
    cudaError_t e = emu().pending;
    emu().pending = cudaSuccess;
    return e;
}

cudaError_t cudaMemcpy(void *dst, const void *src, size_t bytes, cudaMemcpyKind)
{
    std::lock_guard<std::mutex> device(emu().device_mutex);
    cudaError_t e = take_pending();
    if (e != cudaSuccess)
        return e;
    memmove(dst, src, bytes);
    return cudaSuccess;
}

cudaError_t cudaMemset(void *ptr, int value, size_t bytes)
{
    std::lock_guard<std::mutex> device(emu().device_mutex);
    memset(ptr, value, bytes);
    return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t *free_bytes, size_t *total_bytes)
{
    *free_bytes = (size_t)8 << 30;
    *total_bytes = (size_t)16 << 30;
    return cudaSuccess;
}

cudaError_t cudaGetLastError(void)
{
    return take_pending();
}

cudaError_t cudaDeviceSynchronize(void)
{
    return take_pending();
}

cudaError_t cudaGetDeviceCount(int *count)
{
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaGetDevice(int *device)
{
    *device = 0;
    return cudaSuccess;
}

/* The emulated device is an H200 as far as the launch planning asks. */
cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device)
{
    if (device != 0 || attr != cudaDevAttrMultiProcessorCount)
        return cudaErrorInvalidValue;
    *value = 132;
    return cudaSuccess;
}

const char *cudaGetErrorString(cudaError_t error)
{
    switch (error) {
    case cudaSuccess:
        return "no error";
    case cudaErrorMemoryAllocation:
        return "out of memory";
    case cudaErrorInvalidValue:
        return "invalid argument";
    case cudaErrorLaunchFailure: {
        /* The text of the last failure; it stays until the next one. */
        static thread_local std::string text;
        std::lock_guard<std::mutex> lock(emu().error_mutex);
        text = emu().error_text;
        return text.c_str();
    }
    default:
        return "emulated CUDA error";
    }
}
