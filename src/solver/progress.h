/* Progress of a long solve, for the tool: each interior-point iteration of
 * a solve reports its phase, iteration and KKT residual to a hook, when one
 * is set on the calling thread (thread-local: other threads' solves stay
 * silent, and the library prints nothing itself). Internal: the tool links
 * the library's objects; the public API has no such hook. Host only: the
 * device's solves report nothing. */
#ifndef OTMEC_SOLVER_PROGRESS_H
#define OTMEC_SOLVER_PROGRESS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct otm_progress {
    int refinement; /* 0: a subproblem of the warm start or of AO; 1: the KKT refinement */
    int iteration;  /* Newton iterations of this interior-point solve so far */
    double kkt;     /* its KKT residual at the latest point */
    size_t owners;  /* active owners */
} otm_progress;

typedef void (*otm_progress_fn)(void *user, const otm_progress *p);

/* Sets (fn NULL: clears) the calling thread's hook. */
void otm_progress_set(otm_progress_fn fn, void *user);

/* Hands p to the calling thread's hook, if any. */
void otm_progress_report(const otm_progress *p);

#ifdef __cplusplus
}
#endif

#endif
