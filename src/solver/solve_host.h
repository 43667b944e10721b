/* Host helpers around the shared controller: the work area's memory and the
 * wording of a realization's summary (the CUDA launcher uses them too). */
#ifndef OTMEC_SOLVE_HOST_H
#define OTMEC_SOLVE_HOST_H

#include "internal.h"
#include "solver/controller.h"

/* The default settings otmec_settings_default hands out. */
void otm_settings_defaults(otmec_settings *s);

int otm_owner_arrays_alloc(otm_owner_arrays *a, size_t n);
void otm_owner_arrays_free(otm_owner_arrays *a);

/* The reason of a summary in words (the parameters name the limits). */
void otm_reason_text(const otm_summary *sm, const otm_params *q, otmec_admission admission, char *buf, size_t len);

/* Owner statuses (otmec_owner_status values, one per owner) and the active
 * flags into sol. */
void otm_solution_set_owner_status(otmec_solution *sol, const unsigned char *status);

/* Status, reason, evaluation, iterations and counts of sm into sol (the
 * per-owner arrays are written by the controller). */
void otm_summary_to_solution(const otm_summary *sm, const otm_params *q, otmec_admission admission,
                             otmec_solution *sol);

#endif
