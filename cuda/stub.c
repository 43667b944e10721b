/*
 * The CUDA backend in a build without CUDA: no device, and every request
 * answered with OTMEC_ERR_BACKEND_UNAVAILABLE, so callers and tests link and
 * behave the same whether or not nvcc was found.
 */
#include "cuda/cuda_backend.h"
#include "internal.h"

int otm_cuda_device_count(void)
{
    return 0;
}

otmec_error otm_cuda_solve_batch(const otm_cuda_batch_in *in, otm_cuda_batch_out *out, char *msg, size_t msg_len)
{
    (void)in;
    (void)out;
    otm_set_message(msg, msg_len, OTM_NO_CUDA_MESSAGE);
    return OTMEC_ERR_BACKEND_UNAVAILABLE;
}
