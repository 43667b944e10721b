/* The device's FP64 ceiling, measured (bench/cuda/fp64_peak.cu, built into
 * bench_backends with nvcc only): the rate of a large cuBLAS DGEMM, the
 * benchmark's yardstick for "fraction of FP64 peak". */
#ifndef OTMEC_CUDA_FP64_PEAK_H
#define OTMEC_CUDA_FP64_PEAK_H

#include <stddef.h>

#include "otmec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Median FP64 rate [TFLOP/s] of DGEMMs of order n (n = 0: 8192) on random
 * data. OTMEC_ERR_BACKEND_UNAVAILABLE without a device. */
otmec_error otm_cuda_fp64_peak(size_t n, double *tflops, char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

#endif
