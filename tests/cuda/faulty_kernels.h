/*
 * Small kernels with one planted fault each (tests/cuda/faulty_kernels.cu),
 * for the emulation's own tests: a block sum in shared memory that is right
 * with OTM_FAULT_NONE and breaks one rule of the CUDA execution model with
 * each other fault.
 */
#ifndef OTMEC_TEST_FAULTY_KERNELS_H
#define OTMEC_TEST_FAULTY_KERNELS_H

#include <stddef.h>

#include "otmec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum otm_fault {
    OTM_FAULT_NONE,
    OTM_FAULT_BARRIER_IN_BRANCH,  /* thread 0 alone passes an extra __syncthreads */
    OTM_FAULT_TWO_BARRIERS,       /* odd and even threads wait at different __syncthreads */
    OTM_FAULT_EARLY_EXIT,         /* the last thread leaves before the others' barriers */
    OTM_FAULT_WRITE_PAST_SHARED,  /* thread 0 writes one double past the dynamic shared memory */
    OTM_FAULT_WRITE_BEFORE_SHARED, /* thread 0 writes one double before it */
    OTM_FAULT_READ_UNWRITTEN      /* the last thread's slot is summed but never written */
} otm_fault;

/* out[b] = the sum of in[b * threads .. (b + 1) * threads), one block of
 * `threads` (a power of two) per b < blocks. OTMEC_ERR_INTERNAL with the
 * runtime's reason in msg when the launch fails. */
otmec_error otm_faulty_block_sums(otm_fault fault, unsigned blocks, unsigned threads, const double *in, double *out,
                                  char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif
