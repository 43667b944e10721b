#define _POSIX_C_SOURCE 200809L /* pthreads */
/* The Monte Carlo loop. Each job is one realization: generate its instance
 * once, solve it with every method still missing. Workers take jobs in
 * order; finished jobs wait in a small window until every earlier job is
 * done, so rows reach the CSV in realization order whatever the thread count,
 * and an interruption loses at most the jobs in flight. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mc.h"
#include "cli/mc_batch.h"

#define CMD "mc"

typedef struct job_slot {
    int ready;
    int num_rows;
    mc_row rows[MC_MAX_METHODS];
} job_slot;

typedef struct mc_state {
    const mc_config *cfg;
    FILE *csv;
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
} mc_state;

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

/* Solves one realization; on failure returns an exit status and a message. */
static int solve_job(const mc_state *st, uint64_t r, job_slot *slot, char *err, size_t err_len)
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
        if (st->batch && mc_batch_handles(cfg, m)) {
            rc = mc_batch_row(st->batch, r, m, &slot->rows[slot->num_rows], err, err_len);
            slot->num_rows += rc == CLI_EXIT_OK;
            continue;
        }
        if (inst == NULL) {
            e = otmec_generate(&cfg->scenario, cfg->seed, r, &inst, msg, sizeof msg);
            if (e != OTMEC_OK) {
                snprintf(err, err_len, "realization %llu: generating the instance: %s", (unsigned long long)r, msg);
                rc = cli_exit_for(e);
                break;
            }
        }
        otmec_settings settings = cli_method_settings(cfg->methods[m], &cfg->settings);
        /* with --backend cuda the batches solve the proposed methods; the
         * baselines run here */
        settings.backend = OTMEC_BACKEND_CPU;
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

/* With the lock held: writes every finished job that has no unfinished job
 * before it. */
static void flush_ready(mc_state *st)
{
    char line[512];
    while (st->next_write < st->stop_at) {
        job_slot *slot = &st->slots[st->next_write % st->window];
        if (!slot->ready)
            break;
        for (int k = 0; k < slot->num_rows; ++k) {
            mc_csv_format(st->cfg, &slot->rows[k], line, sizeof line);
            if (fputs(line, st->csv) < 0 || !mc_rows_push(st->done, &slot->rows[k])) {
                fail(st, st->next_write, CLI_EXIT_INTERNAL, "writing realizations.csv failed");
                break;
            }
            st->timing->solved_rows++;
            st->timing->owner_solves += st->cfg->scenario.N;
        }
        /* Flushed per realization: a completed row survives an interruption. */
        if (fflush(st->csv) != 0)
            fail(st, st->next_write, CLI_EXIT_INTERNAL, "writing realizations.csv failed");
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
        /* Wait while the job's window slot still holds an unwritten job. */
        while (st->next_job < st->stop_at && st->next_job >= st->next_write + st->window)
            pthread_cond_wait(&st->moved, &st->lock);
        if (st->next_job >= st->stop_at)
            break;
        size_t j = st->next_job++;
        pthread_mutex_unlock(&st->lock);

        job_slot slot;
        err[0] = '\0';
        int rc = solve_job(st, st->jobs[j], &slot, err, sizeof err);

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

/* Which (realization, method) pairs are still missing, and the job list. */
static int plan(mc_state *st, unsigned char **need_out)
{
    const mc_config *cfg = st->cfg;
    uint64_t M = (uint64_t)cfg->num_methods, R = cfg->realizations;
    unsigned char *need = malloc(R * M);
    st->jobs = malloc(R * sizeof *st->jobs);
    if (need == NULL || st->jobs == NULL) {
        free(need);
        return 0;
    }
    memset(need, 1, R * M);
    for (size_t k = 0; k < st->done->count; ++k) {
        const mc_row *row = &st->done->rows[k];
        if (row->realization < R)
            need[row->realization * M + (uint64_t)row->method] = 0;
    }
    st->num_jobs = 0;
    for (uint64_t r = 0; r < R; ++r) {
        int any = 0;
        for (uint64_t m = 0; m < M; ++m)
            any |= need[r * M + m];
        if (any)
            st->jobs[st->num_jobs++] = r;
    }
    *need_out = need;
    return 1;
}

int mc_run(const mc_config *cfg, FILE *csv, mc_rows *done, mc_timing *timing)
{
    mc_state st;
    memset(&st, 0, sizeof st);
    st.cfg = cfg;
    st.csv = csv;
    st.done = done;
    st.timing = timing;
    memset(timing, 0, sizeof *timing);
    unsigned char *need = NULL;
    if (!plan(&st, &need)) {
        cli_error(CMD, "out of memory planning %llu realizations", (unsigned long long)cfg->realizations);
        return CLI_EXIT_INTERNAL;
    }
    st.need = need;
    st.window = 16 * (size_t)cfg->threads; /* room for a slow realization: solve times are heavy-tailed */
    st.slots = calloc(st.window, sizeof *st.slots);
    if (st.slots == NULL) {
        free(need);
        free(st.jobs);
        cli_error(CMD, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    pthread_mutex_init(&st.lock, NULL);
    pthread_cond_init(&st.moved, NULL);
    st.stop_at = st.num_jobs;
    st.completed = cfg->realizations - st.num_jobs;
    if (cfg->progress != NULL) {
        /* shared with other runs: this run's completed realizations count
         * as done, not in the rate */
        st.progress = cfg->progress;
        mc_progress_skip(st.progress, st.completed);
        st.progress_base = st.progress->done - st.completed;
    } else {
        st.progress = &st.own_progress;
        mc_progress_init(st.progress, cfg->realizations, st.completed);
    }

    mc_batch batch;
    if (cfg->batch > 0) {
        mc_batch_init(&batch, cfg);
        st.batch = &batch;
    }
    double start = mc_now();
    unsigned extra = cfg->threads > 1 ? cfg->threads - 1 : 0, started = 0;
    pthread_t *threads = extra ? calloc(extra, sizeof *threads) : NULL;
    for (unsigned t = 0; threads != NULL && t < extra; ++t)
        started += pthread_create(&threads[started], NULL, worker, &st) == 0;
    worker(&st); /* the calling thread works too */
    for (unsigned t = 0; t < started; ++t)
        pthread_join(threads[t], NULL);
    timing->wall_s = mc_now() - start;
    if (st.progress == &st.own_progress)
        mc_progress_finish(st.progress);

    if (st.rc != CLI_EXIT_OK)
        cli_error(CMD, "%s", st.error);
    free(threads);
    if (st.batch)
        mc_batch_free(st.batch);
    pthread_cond_destroy(&st.moved);
    pthread_mutex_destroy(&st.lock);
    free(st.slots);
    free(st.jobs);
    free(need);
    return st.rc;
}
