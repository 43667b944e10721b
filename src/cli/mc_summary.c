/* summary.json: statistics over every row of realizations.csv, per method,
 * plus the timings of this invocation (the only non-deterministic part). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mc.h"

#define CMD "mc"

/* Running mean and variance (Welford): stable for any count. */
typedef struct stat_acc {
    uint64_t n;
    double mean, m2, min, max;
} stat_acc;

static void acc_add(stat_acc *a, double x)
{
    if (!isfinite(x))
        return;
    if (a->n == 0)
        a->min = a->max = x;
    a->min = x < a->min ? x : a->min;
    a->max = x > a->max ? x : a->max;
    a->n++;
    double d = x - a->mean;
    a->mean += d / (double)a->n;
    a->m2 += d * (x - a->mean);
}

static cJSON *number(double x)
{
    return isfinite(x) ? cJSON_CreateNumber(x) : cJSON_CreateNull();
}

/* mean, sample std, and the normal-approximation 95% confidence interval of
 * the mean: mean +- 1.96 std / sqrt(n). */
static cJSON *acc_json(const stat_acc *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", (double)a->n);
    double std = a->n > 1 ? sqrt(a->m2 / (double)(a->n - 1)) : NAN;
    double half = 1.96 * std / sqrt((double)a->n);
    cJSON_AddItemToObject(o, "mean", number(a->n ? a->mean : NAN));
    cJSON_AddItemToObject(o, "std", number(std));
    cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
    cJSON_AddItemToArray(ci, number(a->mean - half));
    cJSON_AddItemToArray(ci, number(a->mean + half));
    cJSON_AddItemToObject(o, "min", number(a->n ? a->min : NAN));
    cJSON_AddItemToObject(o, "max", number(a->n ? a->max : NAN));
    return o;
}

static cJSON *method_json(const mc_config *cfg, const mc_rows *rows, int m)
{
    uint64_t count = 0, by_status[4] = { 0, 0, 0, 0 }, outage = 0, dropped = 0;
    stat_acc ratio = { 0 }, utility = { 0 }, consumption = { 0 }, energy = { 0 }, time = { 0 }, kkt = { 0 };
    for (size_t k = 0; k < rows->count; ++k) {
        const mc_row *r = &rows->rows[k];
        if (r->method != m)
            continue;
        count++;
        if ((unsigned)r->status < 4)
            by_status[r->status]++;
        outage += r->n_outage;
        dropped += r->n_dropped;
        if (!r->has_allocation)
            continue;
        acc_add(&ratio, r->ev.ratio);
        acc_add(&utility, r->ev.utility);
        acc_add(&consumption, r->ev.consumption);
        acc_add(&energy, r->ev.energy_J);
        acc_add(&time, r->ev.time_s);
        acc_add(&kkt, r->kkt_residual);
    }
    double owners = (double)count * (double)cfg->scenario.N;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "count", (double)count);
    cJSON *status = cJSON_AddObjectToObject(o, "status");
    for (int s = 0; s < 4; ++s)
        cJSON_AddNumberToObject(status, otmec_status_name((otmec_status)s), (double)by_status[s]);
    cJSON_AddItemToObject(o, "infeasible_fraction", number(count ? (double)by_status[2] / (double)count : NAN));
    cJSON_AddItemToObject(o, "numerical_error_fraction", number(count ? (double)by_status[3] / (double)count : NAN));
    cJSON_AddItemToObject(o, "outage_fraction", number(owners > 0 ? (double)outage / owners : NAN));
    cJSON_AddItemToObject(o, "dropped_fraction", number(owners > 0 ? (double)dropped / owners : NAN));
    cJSON_AddItemToObject(o, "ratio", acc_json(&ratio));
    cJSON_AddItemToObject(o, "utility", acc_json(&utility));
    cJSON_AddItemToObject(o, "consumption", acc_json(&consumption));
    cJSON_AddItemToObject(o, "energy_J", acc_json(&energy));
    cJSON_AddItemToObject(o, "time_s", acc_json(&time));
    cJSON_AddItemToObject(o, "kkt_residual", acc_json(&kkt));
    return o;
}

int mc_summary_write(const mc_config *cfg, const mc_rows *rows, const mc_timing *timing, const char *path)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%" PRIu64, cfg->seed);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "otmec-mc-summary-1");
    cJSON_AddStringToObject(root, "seed", seed);
    cJSON_AddNumberToObject(root, "owners", (double)cfg->scenario.N);
    cJSON_AddNumberToObject(root, "realizations", (double)cfg->realizations);
    cJSON_AddNumberToObject(root, "rows", (double)rows->count);
    cJSON_AddStringToObject(root, "note", "statistics over every row of realizations.csv; "
                                          "ratio..kkt_residual over rows with an allocation; "
                                          "ci95 = mean +- 1.96 std/sqrt(n); timing: this invocation only");
    cJSON *methods = cJSON_AddObjectToObject(root, "methods");
    for (int m = 0; m < cfg->num_methods; ++m)
        cJSON_AddItemToObject(methods, otmec_algorithm_name(cfg->methods[m]), method_json(cfg, rows, m));
    cJSON *t = cJSON_AddObjectToObject(root, "timing");
    cJSON_AddStringToObject(t, "backend", cli_backend_name(cfg->settings.backend));
    cJSON_AddNumberToObject(t, "threads", (double)cfg->threads);
    cJSON_AddNumberToObject(t, "wall_time_s", timing->wall_s);
    cJSON_AddNumberToObject(t, "rows_solved", (double)timing->solved_rows);
    cJSON_AddNumberToObject(t, "owner_solves", (double)timing->owner_solves);
    cJSON_AddItemToObject(t, "owner_solves_per_s",
                          number(timing->wall_s > 0 ? (double)timing->owner_solves / timing->wall_s : NAN));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text == NULL) {
        cli_error(CMD, "out of memory writing the summary");
        return CLI_EXIT_INTERNAL;
    }
    /* Written aside and renamed: a reader never sees half a summary. */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL && fprintf(f, "%s\n", text) >= 0;
    ok = (f != NULL && fclose(f) == 0) && ok;
    ok = ok && rename(tmp, path) == 0;
    free(text);
    if (!ok) {
        cli_error(CMD, "%s: cannot write: %s", path, strerror(errno));
        return CLI_EXIT_INTERNAL;
    }
    return CLI_EXIT_OK;
}
