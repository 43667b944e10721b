/* The backends behind the API layer (src/api/api.c): the CPU batch loop and
 * the library's side of the CUDA backend. Settings reaching them are valid. */
#ifndef OTMEC_BACKEND_H
#define OTMEC_BACKEND_H

#include <stdint.h>

#include "internal.h"
#include "solver/controller.h"

/* Row r of the batch from a realization's summary (backend/batch_rows.c). */
void otm_batch_store_summary(otmec_batch *out, size_t r, const otm_summary *sm);

/* Realizations first .. first + out->count - 1 on the CPU, each generated
 * and solved by otm_solve_cpu (backend/cpu_batch.c). */
otmec_error otm_cpu_solve_batch(const otmec_scenario *sc, uint64_t seed, uint64_t first, const otmec_settings *set,
                                otmec_batch *out, char *msg, size_t msg_len);

/* OTMEC_OK when the CUDA backend is built and a device answers; else
 * BACKEND_UNAVAILABLE and why (cuda/backend.c, as the two below). */
otmec_error otm_cuda_available(char *msg, size_t msg_len);

/* The same realizations drawn and solved on the device; team_threads: the
 * threads that solve one realization together (0: the backend's choice; the
 * tests and the benchmark try each layout, cuda/cuda_backend.h). */
otmec_error otm_cuda_solve_scenario(const otmec_scenario *sc, uint64_t seed, uint64_t first,
                                    const otmec_settings *set, unsigned team_threads, otmec_batch *out, char *msg,
                                    size_t msg_len);

/* otmec_solve on the CUDA backend: the proposed method on one instance, as a
 * batch of one realization; the solution's arrays are filled in place. */
otmec_error otm_cuda_solve_instance(const otmec_instance *inst, const otmec_settings *set, otmec_solution *sol,
                                    char *msg, size_t msg_len);

#endif
