/*
 * Private interface of the CUDA backend. Plain C with no CUDA types, so the
 * library, the tests and the benchmarks include it with any compiler. Without
 * CUDA, src/backend/cuda_stub.c provides the same functions and reports that
 * no device exists, so everything links either way.
 */
#ifndef OTMEC_CUDA_OWNER_EVAL_H
#define OTMEC_CUDA_OWNER_EVAL_H

#include <stddef.h>

#include "otmec.h"
#include "math/owner_math.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a CUDA request fails in a build without CUDA. */
#define OTM_NO_CUDA_MESSAGE "otmec was built without CUDA (configure with -DOTMEC_CUDA=ON)"

/* Number of usable CUDA devices. 0 when the backend is not built, there is no
 * driver or device, or the runtime reports any error. */
int otm_cuda_device_count(void);

/* A batch of owners at one point of P0: n entries per array (owner order). */
typedef struct otm_owner_batch {
    size_t n;
    const double *h, *g, *D;
    const double *phi, *b, *p, *f, *fL;
} otm_owner_batch;

/* out[i] = otm_owner_costs(q, owner i), evaluated on the GPU by the same
 * per-owner math the CPU uses. OTMEC_ERR_BACKEND_UNAVAILABLE when there is no
 * device; every CUDA failure is returned with its text in msg. */
otmec_error otm_cuda_owner_costs(const otm_params *q, const otm_owner_batch *batch, otm_owner_cost *out,
                                 char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif
