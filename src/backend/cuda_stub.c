/*
 * The CUDA backend's interface in a build without CUDA: no device, and every
 * request answered with OTMEC_ERR_BACKEND_UNAVAILABLE, so callers and tests
 * link and behave the same whether or not nvcc was found.
 */
#include "cuda/batch.h"
#include "cuda/fp64_peak.h"
#include "cuda/owner_eval.h"
#include "internal.h"

int otm_cuda_device_count(void)
{
    return 0;
}

otmec_error otm_cuda_owner_costs(const otm_params *q, const otm_owner_batch *batch, otm_owner_cost *out,
                                 char *msg, size_t msg_len)
{
    (void)q;
    (void)batch;
    (void)out;
    otm_set_message(msg, msg_len, OTM_NO_CUDA_MESSAGE);
    return OTMEC_ERR_BACKEND_UNAVAILABLE;
}

otmec_error otm_cuda_solve_batch(const otm_cuda_batch_in *in, otm_cuda_batch_out *out, char *msg, size_t msg_len)
{
    (void)in;
    (void)out;
    otm_set_message(msg, msg_len, OTM_NO_CUDA_MESSAGE);
    return OTMEC_ERR_BACKEND_UNAVAILABLE;
}

otmec_error otm_cuda_fp64_peak(size_t n, double *tflops, char *msg, size_t msg_len)
{
    (void)n;
    (void)tflops;
    otm_set_message(msg, msg_len, OTM_NO_CUDA_MESSAGE);
    return OTMEC_ERR_BACKEND_UNAVAILABLE;
}
