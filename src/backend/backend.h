/* The backends behind the API layer (src/api/api.c): the CPU batch loop and
 * the library's side of the CUDA backend. Settings reaching them are valid. */
#ifndef OTMEC_BACKEND_H
#define OTMEC_BACKEND_H

#include <stdint.h>

#include "internal.h"
#include "solver/controller.h"

/* Row r of the batch from a realization's summary (backend/batch_rows.c). */
void otm_batch_store_summary(otmec_batch *out, size_t r, const otm_summary *sm);

/* Where a batch's instances come from: drawn (scenario != NULL: realization
 * r is otmec_generate(scenario, seed, first + r)) or given by the caller
 * (scenario == NULL: row r of h, g, D, [realization][owner] with num_owners
 * owners, and params[r] when params_per_realization, else params[0]). The
 * API layer checked either kind before it reaches a backend. */
typedef struct otm_batch_source {
    const otmec_scenario *scenario;
    uint64_t seed, first;
    size_t num_owners;
    const double *h, *g, *D;
    const otmec_params *params;
    int params_per_realization;
} otm_batch_source;

/* The two kinds of source (backend/batch_source.c). */
otm_batch_source otm_batch_source_drawn(const otmec_scenario *sc, uint64_t seed, uint64_t first);
otm_batch_source otm_batch_source_given(size_t num_owners, const double *h, const double *g, const double *D,
                                        const otmec_params *params, int params_per_realization);

/* Realization r of the source as an instance the caller frees. */
otmec_error otm_batch_source_instance(const otm_batch_source *src, size_t r, otmec_instance **out, char *msg,
                                      size_t msg_len);

/* The source's realizations 0 .. out->count - 1 on the CPU, each made by
 * otm_batch_source_instance and solved by otm_solve_cpu (backend/cpu_batch.c). */
otmec_error otm_cpu_solve_batch(const otm_batch_source *src, const otmec_settings *set, otmec_batch *out, char *msg,
                                size_t msg_len);

/* OTMEC_OK when the CUDA backend is built and a device answers; else
 * BACKEND_UNAVAILABLE and why (cuda/backend.c, as the two below). */
otmec_error otm_cuda_available(char *msg, size_t msg_len);

/* The source's realizations solved on the device: drawn there, or given
 * arrays copied there chunk by chunk; team_threads: the threads that solve
 * one realization together (0: the backend's choice; the tests and the
 * benchmark try each layout, cuda/cuda_backend.h). */
otmec_error otm_cuda_solve_source(const otm_batch_source *src, const otmec_settings *set, unsigned team_threads,
                                  otmec_batch *out, char *msg, size_t msg_len);

/* otmec_solve on the CUDA backend: the proposed method on one instance, as a
 * batch of one realization; the solution's arrays are filled in place. */
otmec_error otm_cuda_solve_instance(const otmec_instance *inst, const otmec_settings *set, otmec_solution *sol,
                                    char *msg, size_t msg_len);

#endif
