/* Private definitions shared by the library's translation units. */
#ifndef OTMEC_INTERNAL_H
#define OTMEC_INTERNAL_H

#include <stddef.h>

#include "otmec.h"
#include "math/owner_math.h"

struct otmec_instance {
    otmec_params prm;
    size_t n;
    double *h, *g, *D;
};

struct otmec_solution {
    otmec_status status;
    char reason[OTMEC_MESSAGE_LEN];
    otmec_algorithm algorithm;
    otmec_method method;
    size_t n_leaking;
    int refined;
    otmec_evaluation eval;
    double kkt_residual;
    otmec_iterations it;
    size_t n, n_active;
    int has_allocation;
    otmec_owner_status *owner_status;
    unsigned char *active;
    double T;
    /* allocation arrays, n entries each, 0 for excluded owners */
    double *phi, *b, *p, *f, *fL, *rate, *T_n, *E_n;
};

/* printf-style message into an optional caller buffer. */
void otm_set_message(char *msg, size_t msg_len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The flat parameter copy the per-owner math reads. */
otm_params otm_params_flat(const otmec_params *p);

/* Allocates an empty solution for n owners (arrays zeroed). */
otmec_solution *otm_solution_alloc(size_t n);

#endif
