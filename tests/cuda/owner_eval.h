/*
 * The test kernel of tests/cuda/owner_eval.cu, built into
 * test_cuda_owner_eval where CUDA is built (nvcc or the emulation).
 */
#ifndef OTMEC_CUDA_OWNER_EVAL_H
#define OTMEC_CUDA_OWNER_EVAL_H

#include <stddef.h>

#include "otmec.h"
#include "math/owner_math.h"
#include "cuda/cuda_backend.h" /* otm_cuda_device_count */

#ifdef __cplusplus
extern "C" {
#endif

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
