/*
 * The test kernel of tests/cuda/sp2_deadline.cu, built into
 * test_cuda_emulation: the deadline SP2 works to (otm_sp2_deadline), as the
 * kernel's code computes it.
 */
#ifndef OTMEC_TEST_SP2_DEADLINE_H
#define OTMEC_TEST_SP2_DEADLINE_H

#include <stddef.h>

#include "otmec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* out[i] = otm_sp2_deadline(T_max[i], max_delay[i]) on the device, i < n.
 * Every CUDA failure is returned with its text in msg. */
otmec_error otm_cuda_sp2_deadlines(size_t n, const double *T_max, const double *max_delay, double *out, char *msg,
                                   size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif
