/* The CPU solve behind otmec_solve and the CPU batch (solver/methods.c). */
#ifndef OTMEC_SOLVER_METHODS_H
#define OTMEC_SOLVER_METHODS_H

#include "internal.h"

/* Solves inst with set->method on the CPU into a fresh *out. set must be
 * valid (the API layer checks it); set->backend is not read. */
otmec_error otm_solve_cpu(const otmec_instance *inst, const otmec_settings *set, otmec_solution **out, char *msg,
                          size_t msg_len);

#endif
