/* The methods otmec can run, described once: the proposed method and the
 * comparison baselines. The library's dispatch, the names of the public API,
 * the CLI's parsing and help and every error message about a method read
 * this one table. */
#ifndef OTMEC_METHOD_TABLE_H
#define OTMEC_METHOD_TABLE_H

#include "otmec.h"

/* Which optimizer a method runs on its (possibly modified) parameters. */
typedef enum otm_optimizer {
    OTM_OPTIMIZER_AO = 0,    /* Dinkelbach + alternating optimization */
    OTM_OPTIMIZER_EQUAL_SPLIT, /* B and F_L split equally; (phi, T) by Dinkelbach */
    OTM_OPTIMIZER_FIXED_PHI  /* phi at mid-range; resources and T by AO */
} otm_optimizer;

typedef struct otm_method_row {
    otmec_method method;
    const char *name;        /* what otmec_method_name and the CLI show */
    const char *description; /* one line for help texts */
    otm_optimizer optimizer;
    /* How the optimizer's problem differs from the true one; the result is
     * evaluated under the true parameters whenever any of these is set. */
    int zero_w_t;            /* optimize with w_t = 0 */
    int zero_w_e;            /* optimize with w_e = 0 */
    int ignore_eve;          /* optimize with g = 0 and R_min = 0 */
    int on_cuda;             /* the CUDA backend runs it */
} otm_method_row;

/* The row of m, or NULL when m is not a method. */
const otm_method_row *otm_method_row_of(otmec_method m);

/* OTMEC_OK when `backend` runs `method`; else INVALID_ARGUMENT naming the
 * method and the backend that does run it. */
otmec_error otm_method_backend_check(otmec_method method, otmec_backend backend, char *msg, size_t msg_len);

#endif
