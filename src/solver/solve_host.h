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

/* The controller's per-owner outputs: the arrays of sol. */
otm_owner_out otm_solution_owner_out(otmec_solution *sol);

/* Status, reason, evaluation, iterations and counts of sm into sol (the
 * per-owner arrays are written by the controller). */
void otm_summary_to_solution(const otm_summary *sm, const otm_params *q, otmec_admission admission,
                             otmec_solution *sol);

/* Threads of the team that solves one instance of n owners: settings->threads,
 * at most one per owner block (solver/team.h); with threads 0, every core,
 * at most one per 8 blocks; 1 without OpenMP. */
int otm_team_threads(const otmec_settings *set, size_t n);

/* Selects the owners of inst under prm and solves them by Dinkelbach + AO
 * (+ the refinement when asked) with a team of `threads` host threads, as a
 * team of one would, bit for bit. ignore_eve: R_min and Eve's gains are
 * dropped after the selection (the NO_SECRECY baseline). Writes sol and its
 * iteration counts; returns -1 when out of memory. */
int otm_solve_with_team(const otmec_instance *inst, const otmec_params *prm, const otmec_settings *set,
                        int ignore_eve, int threads, otmec_solution *sol);

#endif
