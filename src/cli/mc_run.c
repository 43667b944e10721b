#define _POSIX_C_SOURCE 200809L /* pthreads */
/* The Monte Carlo loop. Each job is one realization: generate its instance
 * once, solve it with every method still missing. Workers take jobs in
 * order; finished jobs wait in a small window until every earlier job is
 * done, so rows reach the CSV in realization order whatever the thread count,
 * and an interruption loses at most the jobs in flight.
 *
 * Under MPI (dist.h) every rank solves the jobs of its part. Rank 0 writes:
 * its main thread receives the other ranks' rows into the window, job by
 * job in realization order, while its workers solve rank 0's jobs. On the
 * other ranks the main thread sends the finished jobs to rank 0 in order
 * instead of writing them.
 *
 * With --save-allocations (one process), each job also leaves its owners'
 * arrays in its window slot; the rows go to allocations.h5 first and their
 * CSV lines follow once the file is flushed (mc_allocations.c). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/dist.h"
#include "cli/mc.h"
#include "cli/mc_batch.h"

#define CMD "mc"
#define MC_MAX_WINDOW 16384 /* slots of the reorder window under MPI: about 40 MB */

typedef struct job_slot {
    int ready;
    int num_rows;
    mc_row rows[MC_MAX_METHODS];
} job_slot;

typedef struct mc_state {
    const mc_config *cfg;
    FILE *csv;
    mc_alloc *alloc;  /* --save-allocations, or NULL */
    double *owners;   /* with alloc: [window][method][MC_OWNER_ARRAYS * N] */
    char *pending;    /* CSV lines waiting for their rows to reach allocations.h5 */
    size_t pending_len, pending_cap;
    mc_rows *done;
    const unsigned char *need; /* [realization * methods + m]: still to solve */
    uint64_t *jobs;            /* realizations with something left to solve */
    size_t num_jobs, next_job, next_write, window;
    job_slot *slots; /* job j waits in slots[j % window] */
    pthread_mutex_t lock;
    pthread_cond_t moved; /* next_write advanced or the run stopped */
    int rc;               /* first failure stops the run... */
    size_t stop_at;       /* ...at its job: earlier jobs still complete */
    char error[2 * OTMEC_MESSAGE_LEN];
    mc_progress own_progress, *progress;
    uint64_t progress_base; /* units the progress counted before this run */
    uint64_t completed;     /* realizations complete, this run and before */
    mc_timing *timing;
    mc_batch *batch; /* --batch or --backend cuda: the proposed methods' rows; else NULL */
    mc_part local;   /* the jobs this process solves: its rank's part (everything alone) */
    int sender;      /* a rank other than 0: rows go to rank 0, not to a file */
    int solve_threads; /* settings.threads of each solve */
} mc_state;

static int is_local(const mc_state *st, size_t job)
{
    return mc_part_owns(&st->local, st->jobs[job]);
}

static void fill_row(mc_row *row, const otmec_solution *sol)
{
    row->status = otmec_solution_status(sol);
    row->has_allocation = otmec_solution_has_allocation(sol);
    row->n_active = otmec_solution_num_active(sol);
    row->n_outage = row->n_dropped = 0;
    const otmec_owner_status *st = otmec_solution_owner_status(sol);
    for (size_t n = 0; st != NULL && n < otmec_solution_num_owners(sol); ++n) {
        row->n_outage += st[n] == OTMEC_OWNER_OUTAGE;
        row->n_dropped += st[n] == OTMEC_OWNER_DROPPED;
    }
    row->n_leaking = otmec_solution_num_leaking(sol);
    row->ev = otmec_solution_evaluation(sol);
    row->kkt_residual = otmec_solution_kkt_residual(sol);
    row->it = otmec_solution_iterations(sol);
}

static size_t owners_per_row(const mc_state *st)
{
    return MC_OWNER_ARRAYS * st->cfg->scenario.N;
}

/* Job j's owner arrays (NULL without --save-allocations). */
static double *slot_owners(const mc_state *st, size_t j)
{
    return st->owners ? st->owners + (j % st->window) * (size_t)st->cfg->num_methods * owners_per_row(st) : NULL;
}

/* Solves one realization (its owners' arrays into owners, when not NULL);
 * on failure returns an exit status and a message. */
static int solve_job(const mc_state *st, uint64_t r, job_slot *slot, double *owners, char *err, size_t err_len)
{
    const mc_config *cfg = st->cfg;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = NULL; /* generated for the first method the batches do not solve */
    otmec_error e;
    slot->num_rows = 0;
    int rc = CLI_EXIT_OK;
    for (int m = 0; m < cfg->num_methods && rc == CLI_EXIT_OK; ++m) {
        if (!st->need[r * (uint64_t)cfg->num_methods + (uint64_t)m])
            continue;
        double *row_owners = owners ? owners + (size_t)slot->num_rows * owners_per_row(st) : NULL;
        if (st->batch && mc_batch_handles(cfg, m)) {
            rc = mc_batch_row(st->batch, r, m, &slot->rows[slot->num_rows], row_owners, err, err_len);
            slot->num_rows += rc == CLI_EXIT_OK;
            continue;
        }
        if (inst == NULL) {
            e = mc_source_instance(cfg, r, &inst, msg, sizeof msg);
            if (e != OTMEC_OK) {
                snprintf(err, err_len, "realization %llu: %s the instance: %s", (unsigned long long)r,
                         cfg->given ? "making" : "generating", msg);
                rc = cli_exit_for(e);
                break;
            }
        }
        otmec_settings settings = cli_method_settings(cfg->methods[m], &cfg->settings);
        /* with --backend cuda the batches solve the proposed methods; the
         * baselines run here */
        settings.backend = OTMEC_BACKEND_CPU;
        settings.threads = st->solve_threads;
        otmec_solution *sol = NULL;
        e = otmec_solve(inst, &settings, &sol, msg, sizeof msg);
        if (e != OTMEC_OK) {
            snprintf(err, err_len, "realization %llu, method %s: %s: %s", (unsigned long long)r,
                     cfg->methods[m]->label, otmec_strerror(e), msg);
            rc = cli_exit_for(e);
            break;
        }
        mc_row *row = &slot->rows[slot->num_rows++];
        memset(row, 0, sizeof *row);
        row->realization = r;
        row->method = m;
        fill_row(row, sol);
        if (row_owners != NULL)
            mc_source_owner_arrays(sol, cfg->scenario.N, row_owners);
        otmec_solution_free(sol);
    }
    otmec_instance_free(inst);
    return rc;
}

/* With the lock held: no job from `job` on is started or written. The first
 * failure's message is the one reported. */
static void fail(mc_state *st, size_t job, int rc, const char *message)
{
    if (job < st->stop_at)
        st->stop_at = job;
    if (st->rc == CLI_EXIT_OK) {
        st->rc = rc;
        snprintf(st->error, sizeof st->error, "%s", message);
    }
}

static int add_pending(mc_state *st, const char *line)
{
    size_t len = strlen(line);
    if (st->pending_len + len + 1 > st->pending_cap) {
        size_t cap = 2 * (st->pending_len + len + 1);
        char *bigger = realloc(st->pending, cap);
        if (bigger == NULL)
            return 0;
        st->pending = bigger;
        st->pending_cap = cap;
    }
    memcpy(st->pending + st->pending_len, line, len + 1);
    st->pending_len += len;
    return 1;
}

/* With the lock held: the pending CSV lines to the file, after their rows'
 * allocations reached allocations.h5. Flushed: a completed row survives an
 * interruption. */
static void write_pending(mc_state *st, size_t job)
{
    char err[256];
    if (st->alloc != NULL && !mc_alloc_flush(st->alloc, err, sizeof err)) {
        fail(st, job, CLI_EXIT_INTERNAL, err);
        st->pending_len = 0; /* not in allocations.h5: not in the CSV either */
        return;
    }
    if (st->pending_len > 0 && (fputs(st->pending, st->csv) < 0 || fflush(st->csv) != 0))
        fail(st, job, CLI_EXIT_INTERNAL, "writing realizations.csv failed");
    st->pending_len = 0;
}

/* With the lock held: writes every finished job that has no unfinished job
 * before it. */
static void flush_ready(mc_state *st)
{
    char line[512], err[256];
    while (!st->sender && st->next_write < st->stop_at) {
        job_slot *slot = &st->slots[st->next_write % st->window];
        if (!slot->ready)
            break;
        const double *owners = slot_owners(st, st->next_write);
        for (int k = 0; k < slot->num_rows; ++k) {
            mc_csv_format(st->cfg, &slot->rows[k], line, sizeof line);
            if (!add_pending(st, line) || !mc_rows_push(st->done, &slot->rows[k])) {
                fail(st, st->next_write, CLI_EXIT_INTERNAL, "out of memory");
                break;
            }
            if (st->alloc != NULL &&
                !mc_alloc_add(st->alloc, &slot->rows[k], owners + (size_t)k * owners_per_row(st), err, sizeof err)) {
                fail(st, st->next_write, CLI_EXIT_INTERNAL, err);
                break;
            }
            st->timing->solved_rows++;
            st->timing->owner_solves += st->cfg->scenario.N;
        }
        if (st->alloc == NULL || mc_alloc_due(st->alloc))
            write_pending(st, st->next_write);
        slot->ready = 0;
        st->next_write++;
        st->completed++;
        mc_progress_update(st->progress, st->progress_base + st->completed);
    }
    pthread_cond_broadcast(&st->moved);
}

static void *worker(void *arg)
{
    mc_state *st = arg;
    char err[2 * OTMEC_MESSAGE_LEN];
    pthread_mutex_lock(&st->lock);
    for (;;) {
        while (st->next_job < st->stop_at && !is_local(st, st->next_job))
            st->next_job++; /* another rank's */
        if (st->next_job >= st->stop_at)
            break;
        /* Wait while the job's window slot still holds an unwritten job. */
        if (st->next_job >= st->next_write + st->window) {
            pthread_cond_wait(&st->moved, &st->lock);
            continue;
        }
        size_t j = st->next_job++;
        pthread_mutex_unlock(&st->lock);

        job_slot slot;
        err[0] = '\0';
        int rc = solve_job(st, st->jobs[j], &slot, slot_owners(st, j), err, sizeof err);

        pthread_mutex_lock(&st->lock);
        if (rc != CLI_EXIT_OK) {
            fail(st, j, rc, err);
        } else {
            st->slots[j % st->window] = slot;
            st->slots[j % st->window].ready = 1;
        }
        flush_ready(st);
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

/* Which (realization, method) pairs are still missing (rank 0 knows, from
 * the CSV, and tells the others), and the job list: the realizations of
 * this directory's shard with something missing; on a rank other than 0,
 * only those of its own part. *in_shard counts the shard's realizations. */
static int plan(mc_state *st, unsigned char **need_out, uint64_t *in_shard)
{
    const mc_config *cfg = st->cfg;
    uint64_t M = (uint64_t)cfg->num_methods, R = cfg->realizations;
    unsigned char *need = malloc(R * M);
    st->jobs = malloc(R * sizeof *st->jobs);
    int ok = need != NULL && st->jobs != NULL;
    if (ok) {
        memset(need, 1, R * M);
        for (size_t k = 0; k < st->done->count; ++k) {
            const mc_row *row = &st->done->rows[k];
            if (row->realization < R)
                need[row->realization * M + (uint64_t)row->method] = 0;
        }
    }
    /* every rank takes part, also one that ran out of memory */
    char msg[96];
    snprintf(msg, sizeof msg, "out of memory planning %llu realizations", (unsigned long long)R);
    if (mc_dist_agree(CMD, ok ? CLI_EXIT_OK : CLI_EXIT_INTERNAL, msg) != CLI_EXIT_OK) {
        free(need);
        return 0;
    }
    if (!mc_dist_broadcast(need, R * M)) {
        free(need);
        cli_error(CMD, "receiving the plan from rank 0 failed");
        return 0;
    }
    st->num_jobs = 0;
    *in_shard = 0;
    for (uint64_t r = 0; r < R; ++r) {
        if (!mc_part_owns(&cfg->shard, r))
            continue;
        ++*in_shard;
        int any = 0;
        for (uint64_t m = 0; m < M; ++m)
            any |= need[r * M + m];
        if (any && (!st->sender || mc_part_owns(&st->local, r)))
            st->jobs[st->num_jobs++] = r;
    }
    *need_out = need;
    return 1;
}

/* Blocks for the ranks: the size of a batch where batches are solved (one
 * batch fills one block, and every rank gets blocks of about the same
 * number), else small ones. */
static mc_part rank_part(const mc_config *cfg)
{
    mc_part p = { (uint64_t)mc_dist_rank(), (uint64_t)mc_dist_size(), MC_PART_BLOCK };
    if (cfg->batch > 0 && p.count > 1) {
        uint64_t per_rank = (cfg->realizations + p.count - 1) / p.count;
        uint64_t blocks = (per_rank + cfg->batch - 1) / cfg->batch;
        p.block = blocks ? (per_rank + blocks - 1) / blocks : 1;
    }
    return p;
}

static int owner_rank(const mc_state *st, size_t job)
{
    return (int)((st->jobs[job] / st->local.block) % st->local.count);
}

/* Rank 0's main thread: the other ranks' jobs, in order, into the window. */
static void receive_remote(mc_state *st)
{
    mc_dist_rows *msg = malloc(sizeof *msg);
    pthread_mutex_lock(&st->lock);
    if (msg == NULL)
        fail(st, 0, CLI_EXIT_INTERNAL, "out of memory");
    for (size_t j = 0;; ++j) {
        while (j < st->stop_at && is_local(st, j))
            ++j;
        while (j < st->stop_at && j >= st->next_write + st->window)
            pthread_cond_wait(&st->moved, &st->lock);
        if (j >= st->stop_at)
            break;
        pthread_mutex_unlock(&st->lock);
        int src = owner_rank(st, j);
        int ok = mc_dist_receive(src, msg);
        pthread_mutex_lock(&st->lock);
        char text[1024];
        if (!ok || msg->realization != st->jobs[j] || msg->num_rows < 0 || msg->num_rows > MC_MAX_METHODS) {
            snprintf(text, sizeof text, "rank %d: realization %llu: the rows did not arrive", src,
                     (unsigned long long)st->jobs[j]);
            fail(st, j, CLI_EXIT_INTERNAL, text);
        } else if (msg->rc != CLI_EXIT_OK) {
            snprintf(text, sizeof text, "rank %d: %.900s", src, msg->error);
            fail(st, j, msg->rc, text);
        } else {
            job_slot *slot = &st->slots[j % st->window];
            slot->num_rows = msg->num_rows;
            memcpy(slot->rows, msg->rows, (size_t)msg->num_rows * sizeof *msg->rows);
            slot->ready = 1;
        }
        flush_ready(st);
    }
    pthread_mutex_unlock(&st->lock);
    free(msg);
}

/* The main thread of a rank other than 0: finished jobs to rank 0, in order;
 * a failure goes in place of the job that failed. */
static void send_finished(mc_state *st)
{
    mc_dist_rows *msg = calloc(1, sizeof *msg);
    pthread_mutex_lock(&st->lock);
    if (msg == NULL)
        fail(st, 0, CLI_EXIT_INTERNAL, "out of memory");
    while (st->next_write < st->stop_at) {
        job_slot *slot = &st->slots[st->next_write % st->window];
        if (!slot->ready) {
            pthread_cond_wait(&st->moved, &st->lock);
            continue;
        }
        msg->rc = CLI_EXIT_OK;
        msg->realization = st->jobs[st->next_write];
        msg->num_rows = slot->num_rows;
        memcpy(msg->rows, slot->rows, (size_t)slot->num_rows * sizeof *slot->rows);
        pthread_mutex_unlock(&st->lock);
        int ok = mc_dist_send(msg);
        pthread_mutex_lock(&st->lock);
        if (!ok)
            fail(st, st->next_write, CLI_EXIT_INTERNAL, "sending rows to rank 0 failed");
        slot->ready = 0;
        st->next_write++;
        pthread_cond_broadcast(&st->moved);
    }
    int rc = st->rc;
    size_t at = st->stop_at;
    pthread_mutex_unlock(&st->lock);
    if (msg != NULL && rc != CLI_EXIT_OK && at < st->num_jobs) {
        msg->rc = rc;
        msg->realization = st->jobs[at];
        msg->num_rows = 0;
        snprintf(msg->error, sizeof msg->error, "%s", st->error);
        mc_dist_send(msg);
    }
    free(msg);
}

int mc_run(const mc_config *cfg, FILE *csv, mc_alloc *alloc, mc_rows *done, mc_timing *timing)
{
    mc_state st;
    memset(&st, 0, sizeof st);
    st.cfg = cfg;
    st.csv = csv;
    st.alloc = alloc;
    st.done = done;
    st.timing = timing;
    memset(timing, 0, sizeof *timing);
    st.local = rank_part(cfg);
    st.sender = mc_dist_rank() != 0;
    unsigned char *need = NULL;
    uint64_t in_shard = 0;
    if (!plan(&st, &need, &in_shard)) { /* plan reported it */
        free(st.jobs);
        return CLI_EXIT_INTERNAL;
    }
    st.need = need;
    st.window = 16 * (size_t)cfg->threads; /* room for a slow realization: solve times are heavy-tailed */
    if (mc_dist_size() > 1) {
        /* room for two rounds of blocks, so that a rank solves its next
         * block while the others finish theirs (bounded: a slot holds a
         * realization's rows) */
        uint64_t span = 2 * st.local.block * (st.sender ? 1 : st.local.count);
        span = span < MC_MAX_WINDOW ? span : MC_MAX_WINDOW;
        st.window = span > st.window ? (size_t)span : st.window;
    }
    st.slots = calloc(st.window, sizeof *st.slots);
    if (alloc != NULL)
        st.owners = malloc(st.window * (size_t)cfg->num_methods * owners_per_row(&st) * sizeof *st.owners);
    if (st.slots == NULL || (alloc != NULL && st.owners == NULL)) {
        free(st.slots);
        free(st.owners);
        free(need);
        free(st.jobs);
        cli_error(CMD, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    pthread_mutex_init(&st.lock, NULL);
    pthread_cond_init(&st.moved, NULL);
    st.stop_at = st.num_jobs;
    st.completed = in_shard - st.num_jobs;
    if (cfg->progress != NULL) {
        /* shared with other runs: this run's completed realizations count
         * as done, not in the rate */
        st.progress = cfg->progress;
        mc_progress_skip(st.progress, st.completed);
        st.progress_base = st.progress->done - st.completed;
    } else {
        st.progress = &st.own_progress;
        mc_progress_init(st.progress, in_shard, st.completed);
    }

    mc_batch batch;
    if (cfg->batch > 0) {
        mc_batch_init(&batch, cfg, &st.local);
        st.batch = &batch;
    }
    double start = mc_now();
    /* alone, the calling thread works too; under MPI it talks to the others */
    const int alone = mc_dist_size() == 1;
    /* Alone with fewer realizations than threads: a worker per realization,
     * each solve's owners shared by the threads left over (the same bits as
     * one thread); else a thread per realization. */
    unsigned workers = cfg->threads;
    st.solve_threads = 1;
    if (alone && st.num_jobs > 0 && st.num_jobs < workers) {
        st.solve_threads = (int)(workers / st.num_jobs);
        workers = (unsigned)st.num_jobs;
    }
    unsigned extra = alone ? workers - 1 : workers, started = 0;
    pthread_t *threads = extra ? calloc(extra, sizeof *threads) : NULL;
    for (unsigned t = 0; threads != NULL && t < extra; ++t)
        started += pthread_create(&threads[started], NULL, worker, &st) == 0;
    if (!alone && started == 0) {
        pthread_mutex_lock(&st.lock);
        fail(&st, 0, CLI_EXIT_INTERNAL, "cannot start a worker thread");
        pthread_mutex_unlock(&st.lock);
    }
    if (alone)
        worker(&st);
    if (!alone && st.sender)
        send_finished(&st);
    else if (!alone)
        receive_remote(&st);
    for (unsigned t = 0; t < started; ++t)
        pthread_join(threads[t], NULL);
    /* what is still buffered for allocations.h5, and its CSV lines */
    if (!st.sender)
        write_pending(&st, st.stop_at);
    timing->wall_s = mc_now() - start;
    if (st.progress == &st.own_progress)
        mc_progress_finish(st.progress);

    if (st.rc != CLI_EXIT_OK && !st.sender)
        cli_error(CMD, "%s", st.error);
    free(threads);
    if (st.batch)
        mc_batch_free(st.batch);
    pthread_cond_destroy(&st.moved);
    pthread_mutex_destroy(&st.lock);
    free(st.slots);
    free(st.owners);
    free(st.pending);
    free(st.jobs);
    free(need);
    return st.rc;
}
