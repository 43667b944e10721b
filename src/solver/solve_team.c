/* One instance's owners over a team of host threads (OpenMP): every thread
 * runs the shared controller as a member of a blocked team (solver/team.h),
 * so the result has the same bits as the CPU backend's team of one. */
#include <stdlib.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "internal.h"
#include "solver/controller.h"
#include "solver/controller_cpu.h"
#include "solver/solve_host.h"

/* Owner blocks per thread at least, when the threads are left to the
 * library: below that a thread's work between two barriers is too short to
 * pay for them on a machine busy with other work (there a barrier waits for
 * a descheduled thread: 1 ms and more each, measured at 2 threads on 2
 * cores shared with two other processes). */
#define OTM_AUTO_BLOCKS_PER_THREAD 8

int otm_team_threads(const otmec_settings *set, size_t n)
{
#ifdef _OPENMP
    size_t blocks = otm_owner_blocks(n);
    if (set->threads <= 0)
        blocks /= OTM_AUTO_BLOCKS_PER_THREAD;
    int threads = set->threads > 0 ? set->threads : omp_get_num_procs();
    if (blocks < (size_t)threads)
        threads = blocks > 1 ? (int)blocks : 1;
    return threads;
#else
    (void)set;
    (void)n;
    return 1;
#endif
}

#ifdef _OPENMP
static void omp_team_barrier(void *ctx)
{
    (void)ctx;
#pragma omp barrier
}
#endif

/* What the first member hands back after the parallel region. */
typedef struct team_outcome {
    otm_summary sm;
    otm_params q; /* the parameters the solve ran under (reasons quote them) */
} team_outcome;

/* One member: selection, then the solve unless the selection decided. */
static void member_solve(otm_work *w, const otmec_instance *inst, int ignore_eve, unsigned char *status,
                         otmec_solution *sol, team_outcome *res)
{
    otm_instance_view view = {inst->n, inst->h, inst->g, inst->D};
    otm_summary sm;
    if (otm_prepare(w, &view, status, &sm) == 0) {
        if (ignore_eve) {
            w->q.R_min = 0.0;
            OTM_FOR_OWNERS(w, i)
            w->od[i].g = 0.0;
            otm_team_sync(&w->team);
        }
        otm_summary_init(&sm);
        sm.n_active = w->n;
        otm_owner_out out = otm_solution_owner_out(sol);
        int refine = w->set->refine && w->set->algorithm == OTMEC_ALGORITHM_JOINT;
        otm_solve_prepared_cpu(w, &sm, &out, refine);
    }
    sm.it = w->it;
    if (w->team.rank == 0) {
        res->sm = sm;
        res->q = w->q;
    }
}

int otm_solve_with_team(const otmec_instance *inst, const otmec_params *prm, const otmec_settings *set,
                        int ignore_eve, int threads, otmec_solution *sol)
{
    otm_owner_arrays a;
    unsigned char *status = calloc(inst->n ? inst->n : 1, 1);
    /* two copies of each (solver/team.h) */
    double *buf = calloc(2 * (size_t)threads * OTM_TEAM_WIDTH, sizeof *buf);
    double *block_buf = calloc(2 * otm_owner_blocks(inst->n) * OTM_TEAM_WIDTH, sizeof *block_buf);
    int arrays = status && buf && block_buf ? otm_owner_arrays_alloc(&a, inst->n) : -1;
    if (arrays != 0) {
        free(status);
        free(buf);
        free(block_buf);
        return -1;
    }
    const otm_params q = otm_params_flat(prm);
    otmec_settings one = *set;
    team_outcome res;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
#endif
    {
        otm_team t = otm_team_single();
        unsigned rounds[2] = {0, 0};
#ifdef _OPENMP
        t.rank = omp_get_thread_num();
        t.size = omp_get_num_threads(); /* the runtime may give fewer than asked */
        t.buf = buf;
        t.block_buf = block_buf;
        t.host_barrier = omp_team_barrier;
        t.rounds = rounds;
#endif
        otm_work w;
        otm_work_init(&w, &a, t, &q, &one);
        member_solve(&w, inst, ignore_eve, status, sol, &res);
    }
    otm_solution_set_owner_status(sol, status);
    otm_summary_to_solution(&res.sm, &res.q, set->admission, sol);
    otm_owner_arrays_free(&a);
    free(status);
    free(buf);
    free(block_buf);
    return 0;
}
