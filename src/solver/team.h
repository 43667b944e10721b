/*
 * A team: the threads that solve one realization together. Every member runs
 * the same controller code on the same scalars, holds its own owners, and
 * whatever spans owners goes through a team reduction, which hands every
 * member the same result. Two ways to deal the owners:
 * - strided (the CUDA backend's thread block, and the host teams of the tests
 *   that mimic it): owner i belongs to member i mod size, sums go through
 *   segments of ranks folded in order (otm_team_reduce);
 * - blocked (the CPU backend, one thread or several): the owners are cut into
 *   fixed blocks of OTM_OWNER_BLOCK, member r holds a contiguous run of
 *   blocks, and a sum is summed block by block in owner order, the blocks'
 *   partial sums then added in block order. Neither depends on the team's
 *   size, so every size gives the same bits as one thread.
 */
#ifndef OTMEC_TEAM_H
#define OTMEC_TEAM_H

#include <stddef.h>

#include "math/owner_math.h"

/* Most values one reduction combines at once. */
#define OTM_TEAM_WIDTH 16

typedef enum otm_reduce_op { OTM_REDUCE_SUM, OTM_REDUCE_MAX, OTM_REDUCE_MIN } otm_reduce_op;

/* Owners per block of a blocked team. Up to this many owners a sum is the
 * plain sum in owner order, as before teams of CPU threads existed; past it,
 * small enough blocks to balance a few threads from N = 10,000 on (4,096
 * gave 3 blocks against 2 at N = 20,000: 1.3x on two threads). */
#define OTM_OWNER_BLOCK 1024

typedef struct otm_team {
    int rank, size;
    int blocked; /* owners in fixed blocks (see above), else strided */
    /* Strided teams: members 0 .. active - 1 may hold owners (min(size, N)
     * once the owners are selected); the others hold only the values every
     * member starts a reduction from, which the reductions then leave out
     * (for sums the zero, for maxima and minima a repeat). */
    int active;
    /* otm_team_buf_doubles(size) doubles shared by the members (shared
     * memory on the device); unused by a team of one */
    double *buf;
    /* Blocked teams of several (host threads) use two copies of each buffer,
     * in turn, so that one barrier per reduction is enough: a member writes
     * a copy again only after the next reduction's barrier, which everyone
     * passes after reading it. buf then has 2 * size * OTM_TEAM_WIDTH
     * doubles; block_buf 2 * otm_owner_blocks(n) * OTM_TEAM_WIDTH, two rows
     * of partial sums per block; rounds counts the member's reductions of
     * each kind (the same on every member). */
    double *block_buf;
    unsigned *rounds; /* [0]: of buf, [1]: of block_buf */
    /* host teams of several threads: a barrier across the members */
    void (*host_barrier)(void *ctx);
    void *host_ctx;
} otm_team;

/* Doubles of a strided team's buffer: a column of `size` for each of up to
 * OTM_TEAM_WIDTH values, then a row of partial results for each segment of
 * OTM_TEAM_WIDTH ranks (otm_team_fold). */
OTMEC_HD size_t otm_team_buf_doubles(int size)
{
    const size_t segments = (size_t)((size + OTM_TEAM_WIDTH - 1) / OTM_TEAM_WIDTH);
    return ((size_t)size + segments) * OTM_TEAM_WIDTH;
}

OTMEC_HD otm_team otm_team_single(void)
{
    otm_team t;
    t.rank = 0;
    t.size = 1;
    t.blocked = 1;
    t.active = 1;
    t.buf = NULL;
    t.block_buf = NULL;
    t.rounds = NULL;
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
        return otm_fmax(a, b);
    case OTM_REDUCE_MIN:
        return otm_fmin(a, b);
    default:
        return a + b;
    }
}

/* A strided team's reduction of v[0..k) (k <= OTM_TEAM_WIDTH) in place:
 * v[0..k_sum) summed, the rest combined by op, in one pass. */
OTMEC_HD void otm_team_fold(const otm_team *t, double *v, int k, int k_sum, otm_reduce_op op)
{
    const int n = t->size, na = t->active < 1 ? 1 : t->active < n ? t->active : n;
    /* Strided teams (a thread block): every member that may hold owners
     * posts its k values, column j of the buffer; column j is cut into
     * `parts` segments of OTM_TEAM_WIDTH ranks, each folded in rank order by
     * one member into the partial results' rows; then the segments of a
     * column are folded in order, by every member when they are two or
     * one, else by one member a column (a team of 128 folding 8 segments of
     * 16 columns each spent a third of its instructions there). Two or
     * three barriers, where a tree over the ranks took 2 + log2(size) with
     * k * log2(size) dependent loads and stores: 40% of the cycles of a
     * team of 32 at N = 10 on a simulated SM (docs/gpu.md). No barrier at
     * the end: the next reduction writes the partial results only after
     * its first barrier, which every member passes after reading these. A
     * fixed order for each team size and owner count: the same bits on
     * every run. */
    /* The team's fields in locals: every store below goes through a
     * generic pointer that might alias *t, so reading them from t would
     * reload them from memory after each store (on a simulated SM, a
     * local-memory round trip for each value posted). */
    double *const buf = t->buf;
    const int rank = t->rank;
    double *partial = buf + (size_t)n * OTM_TEAM_WIDTH;
    if (rank < na)
        for (int j = 0; j < k; ++j)
            buf[j * n + rank] = v[j];
    otm_team_sync(t);
    const int parts = na >= 2 * OTM_TEAM_WIDTH ? (na + OTM_TEAM_WIDTH - 1) / OTM_TEAM_WIDTH : 1;
    const int len = parts > 1 ? OTM_TEAM_WIDTH : na;
    for (int c = rank; c < k * parts; c += n) {
        /* one segment a column below 32 active members: no integer
         * division (a long sequence on a device) */
        const int col = parts == 1 ? c : c / parts, first = (c - col * parts) * len;
        const double *seg = buf + col * n + first;
        const otm_reduce_op o = col < k_sum ? OTM_REDUCE_SUM : op;
        const int m = na - first < len ? na - first : len;
        /* two chains: half the latency of one, in a fixed order */
        double a0 = seg[0], a1 = m > 1 ? seg[1] : seg[0];
        for (int e = 2; e + 1 < m; e += 2) {
            a0 = otm_reduce_pair(o, a0, seg[e]);
            a1 = otm_reduce_pair(o, a1, seg[e + 1]);
        }
        if (m > 2 && m % 2)
            a0 = otm_reduce_pair(o, a0, seg[m - 1]);
        partial[c] = m > 1 ? otm_reduce_pair(o, a0, a1) : a0;
    }
    otm_team_sync(t);
    if (parts > 2) {
        for (int j = rank; j < k; j += n) {
            double a = partial[j * parts];
            const otm_reduce_op o = j < k_sum ? OTM_REDUCE_SUM : op;
            for (int q = 1; q < parts; ++q)
                a = otm_reduce_pair(o, a, partial[j * parts + q]);
            partial[j * parts] = a;
        }
        otm_team_sync(t);
        for (int j = 0; j < k; ++j)
            v[j] = partial[j * parts];
    } else {
        for (int j = 0; j < k; ++j)
            v[j] = parts == 2 ? otm_reduce_pair(j < k_sum ? OTM_REDUCE_SUM : op, partial[2 * j], partial[2 * j + 1])
                              : partial[j];
    }
}

/* Combines v[0..k) (k <= OTM_TEAM_WIDTH) over the team in place, in an order
 * fixed by the team's size: the same size gives the same bits on every run. */
OTMEC_HD void otm_team_reduce(const otm_team *t, otm_reduce_op op, double *v, int k)
{
    if (t->size == 1)
        return;
    const int n = t->size;
    if (t->blocked) {
        /* host threads, a few: one barrier, then every member folds the
         * copy in rank order */
        double *b = t->buf + (size_t)(t->rounds[0]++ & 1u) * (size_t)n * OTM_TEAM_WIDTH;
        for (int j = 0; j < k; ++j)
            b[j * n + t->rank] = v[j];
        otm_team_sync(t);
        for (int j = 0; j < k; ++j) {
            double a = b[j * n];
            for (int r = 1; r < n; ++r)
                a = otm_reduce_pair(op, a, b[j * n + r]);
            v[j] = a;
        }
        return;
    }
    otm_team_fold(t, v, k, op == OTM_REDUCE_SUM ? k : 0, op);
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

/* Blocks of n owners (at least one, so that the first member always holds
 * block 0, where the sums' constant terms go). */
OTMEC_HD size_t otm_owner_blocks(size_t n)
{
    return n > OTM_OWNER_BLOCK ? (n + OTM_OWNER_BLOCK - 1) / OTM_OWNER_BLOCK : 1;
}

/* First block of member r of a blocked team: ceil(r * blocks / size), so
 * member 0 starts at block 0 and the runs differ by one block at most. */
OTMEC_HD size_t otm_team_first_block(const otm_team *t, int r, size_t n)
{
    size_t nb = otm_owner_blocks(n), k = (size_t)t->size;
    return ((size_t)r * nb + k - 1) / k;
}

OTMEC_HD size_t otm_team_first_owner(const otm_team *t, size_t n)
{
    if (!t->blocked)
        return (size_t)t->rank;
    size_t i = otm_team_first_block(t, t->rank, n) * OTM_OWNER_BLOCK;
    return i < n ? i : n;
}

OTMEC_HD size_t otm_team_end_owner(const otm_team *t, size_t n)
{
    if (!t->blocked)
        return n;
    size_t i = otm_team_first_block(t, t->rank + 1, n) * OTM_OWNER_BLOCK;
    return i < n ? i : n;
}

/* The loop over the owners member t holds, of n. */
#define OTM_FOR_TEAM_OWNERS(t, n, i)                                                                                   \
    for (size_t i = otm_team_first_owner((t), (n)), i##_end = otm_team_end_owner((t), (n)),                          \
                i##_step = (t)->blocked ? 1u : (size_t)(t)->size;                                                     \
         i < i##_end; i += i##_step)

/* The same over w->n owners held by w->team. */
#define OTM_FOR_OWNERS(w, i) OTM_FOR_TEAM_OWNERS(&(w)->team, (w)->n, i)

/* A sum over owners with the same bits for every team size of a blocked
 * team. The caller accumulates v[0..k) in its owner loop, calls
 * otm_block_sum_at first thing for each owner, and otm_block_sum_end after
 * the loop; a constant term goes into v by member 0 before the loop (it
 * lands in block 0). Strided teams reduce as otm_team_reduce does. */
typedef struct otm_block_sum {
    size_t block, block_end, blocks; /* current block, its end, blocks of n */
    unsigned copy;                   /* teams of several: block_buf's copy */
    int started;                     /* member holds a block (member 0: always) */
    int flushed;                     /* blocks added to total (team of one) */
    double total[OTM_TEAM_WIDTH];
} otm_block_sum;

OTMEC_HD otm_block_sum otm_block_sum_begin(const otm_team *t, size_t n)
{
    otm_block_sum bs;
    bs.blocks = otm_owner_blocks(n);
    bs.flushed = 0;
    if (!t->blocked) {
        bs.block = 0;
        bs.block_end = (size_t)-1; /* never flushes */
        bs.started = 1;
        return bs;
    }
    bs.copy = t->size > 1 ? t->rounds[1]++ & 1u : 0u;
    bs.block = otm_team_first_block(t, t->rank, n);
    bs.started = bs.block < otm_team_first_block(t, t->rank + 1, n);
    bs.block_end = (bs.block + 1) * OTM_OWNER_BLOCK;
    return bs;
}

/* The current block's partial sum v is done: into the total (a team of one)
 * or its row of the shared buffer; v restarts at 0. */
OTMEC_HD void otm_block_sum_flush(const otm_team *t, otm_block_sum *bs, double *v, int k)
{
    for (int j = 0; j < k; ++j) {
        if (t->size > 1)
            t->block_buf[(2 * bs->block + bs->copy) * OTM_TEAM_WIDTH + j] = v[j];
        else
            bs->total[j] = bs->flushed ? bs->total[j] + v[j] : v[j];
        v[j] = 0.0;
    }
    bs->flushed = 1;
}

/* Owner i is next in the member's loop: closes the blocks it has passed. */
OTMEC_HD void otm_block_sum_at(const otm_team *t, otm_block_sum *bs, size_t i, double *v, int k)
{
    while (i >= bs->block_end) {
        otm_block_sum_flush(t, bs, v, k);
        bs->block += 1;
        bs->block_end += OTM_OWNER_BLOCK;
    }
}

/* The team's sums into v (every member gets the same). */
OTMEC_HD void otm_block_sum_end(const otm_team *t, otm_block_sum *bs, double *v, int k)
{
    if (!t->blocked) {
        otm_team_reduce(t, OTM_REDUCE_SUM, v, k);
        return;
    }
    if (bs->started)
        otm_block_sum_flush(t, bs, v, k);
    if (t->size == 1) {
        for (int j = 0; j < k; ++j)
            v[j] = bs->total[j];
        return;
    }
    otm_team_sync(t);
    const double *rows = t->block_buf + bs->copy * OTM_TEAM_WIDTH;
    for (int j = 0; j < k; ++j) {
        double s = rows[j];
        for (size_t b = 1; b < bs->blocks; ++b)
            s += rows[2 * b * OTM_TEAM_WIDTH + j];
        v[j] = s;
    }
}

/* OTM_FOR_TEAM_OWNERS for a sum into v[0..k) over bs: otm_block_sum_at
 * runs first for each owner. */
/* otm_block_sum_end of v[0..k_sum), with v[k_sum..k) combined by op over
 * the team: one reduction on a strided team, whose barriers are most of a
 * small team's cost (a team of 32 at N = 10 on a simulated SM), the two
 * on a blocked one (the same bits as two calls). */
OTMEC_HD void otm_block_sum_end_and(const otm_team *t, otm_block_sum *bs, double *v, int k_sum, otm_reduce_op op,
                                    int k)
{
    if (t->blocked || t->size == 1) {
        otm_block_sum_end(t, bs, v, k_sum);
        otm_team_reduce(t, op, v + k_sum, k - k_sum);
        return;
    }
    otm_team_fold(t, v, k, k_sum, op);
}

#define OTM_FOR_TEAM_OWNERS_SUM(t, n, i, bs, v, k)                                                                   \
    for (size_t i = otm_team_first_owner((t), (n)), i##_end = otm_team_end_owner((t), (n)),                          \
                i##_step = (t)->blocked ? 1u : (size_t)(t)->size;                                                     \
         i < i##_end && (otm_block_sum_at((t), &(bs), i, (v), (k)), 1); i += i##_step)

#define OTM_FOR_OWNERS_SUM(w, i, bs, v, k) OTM_FOR_TEAM_OWNERS_SUM(&(w)->team, (w)->n, i, bs, v, k)

#endif
