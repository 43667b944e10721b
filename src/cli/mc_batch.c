/* `mc --batch K` and `mc --backend cuda`: the proposed methods of a run are
 * solved a block of K realizations at a time (one otmec_solve_batch call per
 * method: the GPU, or OpenMP threads on the CPU), and the workers read their
 * rows from the block; the baselines are solved by the workers on the CPU.
 * Two blocks are kept, so workers still finishing the previous block do not
 * make it solve again. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mc.h"
#include "cli/mc_batch.h"
#include "cli/methods.h"

void mc_batch_init(mc_batch *g, const mc_config *cfg, const mc_part *local)
{
    memset(g, 0, sizeof *g);
    g->cfg = cfg;
    g->local = local;
    g->block = cfg->realizations < cfg->batch ? (size_t)cfg->realizations : (size_t)cfg->batch;
    pthread_mutex_init(&g->lock, NULL);
}

void mc_batch_free(mc_batch *g)
{
    for (int k = 0; k < 2; ++k) {
        free(g->slot[k].rows);
        free(g->slot[k].owners);
    }
    pthread_mutex_destroy(&g->lock);
}

int mc_batch_handles(const mc_config *cfg, int m)
{
    return cfg->batch > 0 && cfg->methods[m]->method == OTMEC_METHOD_PROPOSED;
}

/* Batch results of one method into rows [r][m] of a block. */
typedef struct batch_arrays {
    otmec_status *status;
    double *v[6]; /* ratio, utility, consumption, energy, time, kkt */
    otmec_iterations *it;
    size_t *active;
    unsigned char *owner_status;
    double *owner_values[5]; /* phi, b, p, f, fL: with --save-allocations only */
} batch_arrays;

static void free_arrays(batch_arrays *a)
{
    free(a->status);
    for (int k = 0; k < 6; ++k)
        free(a->v[k]);
    free(a->it);
    free(a->active);
    free(a->owner_status);
    for (int k = 0; k < 5; ++k)
        free(a->owner_values[k]);
}

static int alloc_arrays(batch_arrays *a, size_t count, size_t n, int owners)
{
    memset(a, 0, sizeof *a);
    a->status = calloc(count, sizeof *a->status);
    int ok = a->status != NULL;
    for (int k = 0; k < 6; ++k)
        ok = (a->v[k] = calloc(count, sizeof(double))) != NULL && ok;
    a->it = calloc(count, sizeof *a->it);
    a->active = calloc(count, sizeof *a->active);
    a->owner_status = calloc(count * n, 1);
    ok = ok && a->it && a->active && a->owner_status;
    for (int k = 0; owners && k < 5; ++k)
        ok = (a->owner_values[k] = calloc(count * n, sizeof(double))) != NULL && ok;
    if (!ok)
        free_arrays(a);
    return ok;
}

static void to_row(mc_row *row, const batch_arrays *a, size_t i, size_t n, uint64_t r, int m)
{
    memset(row, 0, sizeof *row);
    row->realization = r;
    row->method = m;
    row->status = a->status[i];
    row->has_allocation = a->status[i] == OTMEC_STATUS_OPTIMAL || a->status[i] == OTMEC_STATUS_MAX_ITER;
    row->n_active = a->active[i];
    for (size_t k = 0; k < n; ++k) {
        row->n_outage += a->owner_status[i * n + k] == OTMEC_OWNER_OUTAGE;
        row->n_dropped += a->owner_status[i * n + k] == OTMEC_OWNER_DROPPED;
    }
    if (row->has_allocation) { /* as otmec_solve leaves them: 0 without an allocation */
        row->ev.ratio = a->v[0][i];
        row->ev.utility = a->v[1][i];
        row->ev.consumption = a->v[2][i];
        row->ev.energy_J = a->v[3][i];
        row->ev.time_s = a->v[4][i];
        row->kkt_residual = a->v[5][i];
    }
    row->it = a->it[i];
}

/* Realization i's owner arrays in the layout of mc_source_owner_arrays. */
static void to_owners(double *owners, const batch_arrays *a, size_t i, size_t n)
{
    for (int k = 0; k < 5; ++k)
        memcpy(&owners[(size_t)k * n], &a->owner_values[k][i * n], n * sizeof *owners);
    for (size_t k = 0; k < n; ++k)
        owners[5 * n + k] = (double)a->owner_status[i * n + k];
}

/* Solves realizations first .. first + count - 1 for every GPU method into
 * slot. */
static int solve_block(mc_batch *g, mc_batch_block *slot, uint64_t first, size_t count, char *err, size_t err_len)
{
    const mc_config *cfg = g->cfg;
    const size_t M = (size_t)cfg->num_methods, n = cfg->scenario.N;
    const size_t per_row = MC_OWNER_ARRAYS * n;
    free(slot->rows);
    free(slot->owners);
    slot->count = 0;
    slot->rows = calloc(count * M, sizeof *slot->rows);
    slot->owners = cfg->save_allocations ? calloc(count * M * per_row, sizeof *slot->owners) : NULL;
    batch_arrays a;
    if (!slot->rows || (cfg->save_allocations && !slot->owners) ||
        !alloc_arrays(&a, count, n, cfg->save_allocations)) {
        free(slot->rows);
        free(slot->owners);
        slot->rows = NULL;
        slot->owners = NULL;
        snprintf(err, err_len, "out of memory for a block of %zu realizations", count);
        return CLI_EXIT_INTERNAL;
    }
    int rc = CLI_EXIT_OK;
    for (int m = 0; m < cfg->num_methods && rc == CLI_EXIT_OK; ++m) {
        if (!mc_batch_handles(cfg, m))
            continue;
        otmec_settings s = cli_method_settings(cfg->methods[m], &cfg->settings);
        s.threads = (int)cfg->threads;
        otmec_batch b;
        memset(&b, 0, sizeof b);
        b.count = count;
        b.status = a.status;
        b.ratio = a.v[0];
        b.utility = a.v[1];
        b.consumption = a.v[2];
        b.energy_J = a.v[3];
        b.time_s = a.v[4];
        b.kkt_residual = a.v[5];
        b.iterations = a.it;
        b.num_active = a.active;
        b.owner_status = a.owner_status;
        b.phi = a.owner_values[0];
        b.b_Hz = a.owner_values[1];
        b.p_W = a.owner_values[2];
        b.f_Hz = a.owner_values[3];
        b.fL_Hz = a.owner_values[4];
        char msg[OTMEC_MESSAGE_LEN] = "";
        otmec_error e = mc_source_solve_batch(cfg, first, &s, &b, msg, sizeof msg);
        if (e != OTMEC_OK) {
            if (e == OTMEC_ERR_BACKEND_UNAVAILABLE)
                cli_backend_message(err, err_len, s.backend, msg);
            else
                snprintf(err, err_len, "realizations %llu..%llu, method %s: %s: %s", (unsigned long long)first,
                         (unsigned long long)(first + count - 1), cfg->methods[m]->label, otmec_strerror(e), msg);
            rc = cli_exit_for(e);
            break;
        }
        for (size_t i = 0; i < count; ++i) {
            to_row(&slot->rows[i * M + (size_t)m], &a, i, n, first + i, m);
            if (slot->owners != NULL)
                to_owners(&slot->owners[(i * M + (size_t)m) * per_row], &a, i, n);
        }
    }
    free_arrays(&a);
    if (rc == CLI_EXIT_OK) {
        slot->first = first;
        slot->count = count;
    }
    return rc;
}

int mc_batch_row(mc_batch *g, uint64_t r, int m, mc_row *row, double *owners, char *err, size_t err_len)
{
    const size_t M = (size_t)g->cfg->num_methods;
    int rc = CLI_EXIT_OK;
    pthread_mutex_lock(&g->lock);
    mc_batch_block *hit = NULL;
    for (int k = 0; k < 2 && !hit; ++k)
        if (g->slot[k].count && r >= g->slot[k].first && r < g->slot[k].first + g->slot[k].count)
            hit = &g->slot[k];
    if (!hit) {
        /* replace the block solved longer ago */
        hit = &g->slot[g->older];
        g->older ^= 1;
        /* up to the end of the run, of the shard's block and of this rank's */
        uint64_t end = g->cfg->realizations, shard_end = mc_part_block_end(&g->cfg->shard, r),
                 local_end = mc_part_block_end(g->local, r);
        end = shard_end < end ? shard_end : end;
        end = local_end < end ? local_end : end;
        uint64_t left = end - r;
        rc = solve_block(g, hit, r, left < g->block ? (size_t)left : g->block, err, err_len);
    }
    if (rc == CLI_EXIT_OK) {
        const size_t k = (size_t)(r - hit->first) * M + (size_t)m, per_row = MC_OWNER_ARRAYS * g->cfg->scenario.N;
        *row = hit->rows[k];
        if (owners != NULL && hit->owners != NULL)
            memcpy(owners, &hit->owners[k * per_row], per_row * sizeof *owners);
    }
    pthread_mutex_unlock(&g->lock);
    return rc;
}
