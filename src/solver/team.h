/*
 * A team: the threads that solve one realization together. Every member runs
 * the same controller code on the same scalars; the owners are dealt out
 * round-robin (owner i belongs to member i mod size, always the same one), and
 * whatever spans owners goes through a team reduction, which hands every
 * member the same result. The CPU backend runs teams of one (the reductions
 * are then no-ops), the CUDA backend one thread block per realization, and
 * the tests also run host teams of several threads to exercise the device's
 * control flow without a device.
 */
#ifndef OTMEC_TEAM_H
#define OTMEC_TEAM_H

#include <stddef.h>

#include "math/owner_math.h"

/* Most values one reduction combines at once. */
#define OTM_TEAM_WIDTH 16

typedef enum otm_reduce_op { OTM_REDUCE_SUM, OTM_REDUCE_MAX, OTM_REDUCE_MIN } otm_reduce_op;

typedef struct otm_team {
    int rank, size;
    /* size * OTM_TEAM_WIDTH doubles shared by the members (shared memory on
     * the device); unused by a team of one */
    double *buf;
    /* host teams of several threads: a barrier across the members */
    void (*host_barrier)(void *ctx);
    void *host_ctx;
} otm_team;

OTMEC_HD otm_team otm_team_single(void)
{
    otm_team t;
    t.rank = 0;
    t.size = 1;
    t.buf = NULL;
    t.host_barrier = NULL;
    t.host_ctx = NULL;
    return t;
}

OTMEC_HD void otm_team_sync(const otm_team *t)
{
#ifdef __CUDA_ARCH__
    /* A team of one may share its block with other teams of one, each on
     * its own realization: it never waits for them. */
    if (t->size > 1)
        __syncthreads();
#else
    if (t->size > 1)
        t->host_barrier(t->host_ctx);
#endif
}

OTMEC_HD double otm_reduce_pair(otm_reduce_op op, double a, double b)
{
    switch (op) {
    case OTM_REDUCE_MAX:
        return fmax(a, b);
    case OTM_REDUCE_MIN:
        return fmin(a, b);
    default:
        return a + b;
    }
}

/* Combines v[0..k) (k <= OTM_TEAM_WIDTH) over the team in place. A fixed tree
 * over the ranks: the same team size gives the same bits on every run. */
OTMEC_HD void otm_team_reduce(const otm_team *t, otm_reduce_op op, double *v, int k)
{
    if (t->size == 1)
        return;
    const int n = t->size;
    for (int j = 0; j < k; ++j)
        t->buf[j * n + t->rank] = v[j];
    otm_team_sync(t);
    int half = 1;
    while (half < n)
        half <<= 1;
    for (half >>= 1; half > 0; half >>= 1) {
        if (t->rank < half && t->rank + half < n)
            for (int j = 0; j < k; ++j)
                t->buf[j * n + t->rank] = otm_reduce_pair(op, t->buf[j * n + t->rank], t->buf[j * n + t->rank + half]);
        otm_team_sync(t);
    }
    for (int j = 0; j < k; ++j)
        v[j] = t->buf[j * n];
    otm_team_sync(t); /* nobody writes the buffer before everyone has read it */
}

OTMEC_HD double otm_team_sum(const otm_team *t, double v)
{
    otm_team_reduce(t, OTM_REDUCE_SUM, &v, 1);
    return v;
}

OTMEC_HD double otm_team_max(const otm_team *t, double v)
{
    otm_team_reduce(t, OTM_REDUCE_MAX, &v, 1);
    return v;
}

OTMEC_HD double otm_team_min(const otm_team *t, double v)
{
    otm_team_reduce(t, OTM_REDUCE_MIN, &v, 1);
    return v;
}

/* 1 when every member's flag is set. */
OTMEC_HD int otm_team_all(const otm_team *t, int flag)
{
    return otm_team_min(t, flag ? 1.0 : 0.0) > 0.5;
}

/* The loop over the owners a member holds. */
#define OTM_FOR_OWNERS(w, i) for (size_t i = (size_t)(w)->team.rank; i < (w)->n; i += (size_t)(w)->team.size)

#endif
