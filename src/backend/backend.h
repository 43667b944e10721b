/* The library's side of the backends (src/backend/batch.c). */
#ifndef OTMEC_BACKEND_H
#define OTMEC_BACKEND_H

#include "internal.h"

/* Enums in range, limits >= 1, tolerances > 0 (src/solver/methods.c). */
int otm_settings_valid(const otmec_settings *set);

/* OTMEC_OK when the CUDA backend solves settings->method (the proposed
 * one); else INVALID_ARGUMENT and why. */
otmec_error otm_cuda_method_check(const otmec_settings *set, char *msg, size_t msg_len);

/* otmec_solve on the CUDA backend: the proposed method on one instance, as a
 * batch of one realization; the solution's arrays are filled in place. */
otmec_error otm_cuda_solve_instance(const otmec_instance *inst, const otmec_settings *set, otmec_solution *sol,
                                    char *msg, size_t msg_len);

#endif
