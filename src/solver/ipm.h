/*
 * Structured feasible primal-dual interior-point method for one realization:
 * owner blocks (math/ipm_owner.h) plus the coupling of T, sum b and sum fL.
 */
#ifndef OTMEC_IPM_H
#define OTMEC_IPM_H

#include <stddef.h>

#include "math/ipm_owner.h"

typedef enum otm_ipm_result {
    OTM_IPM_CONVERGED = 0,
    OTM_IPM_MAX_ITER = 1,
    OTM_IPM_FAILED = -1 /* the point stays feasible, but no progress was possible */
} otm_ipm_result;

typedef struct otm_ipm_problem {
    otm_ipm_ctx ctx;
    size_t n;
    const otm_owner_data *od;
    otm_ipm_owner *own;   /* n owners; x must be strictly interior on entry */
    otm_ipm_owner *trial; /* n owners of workspace */
    double T;             /* physical time, strictly above every T_n on entry */
    double mu0, tol;
    int max_iter;
    /* results */
    int iterations;
    double kkt;                    /* KKT residual (scaled, mu = 0) at the returned point */
    double lamB, lamL, lamTmax;    /* coupling multipliers (scaled) */
} otm_ipm_problem;

/* Returns OTM_IPM_FAILED at once when the start is not strictly interior. */
otm_ipm_result otm_ipm_solve(otm_ipm_problem *p);

/* KKT residual (mu = 0) of the point and multipliers held in p, after
 * re-evaluating every owner at its x. */
double otm_ipm_kkt_residual(otm_ipm_problem *p);


#endif
