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

static cJSON *number(double x)
{
    return isfinite(x) ? cJSON_CreateNumber(x) : cJSON_CreateNull();
}

/* n, mean, sample std, the normal-approximation 95% confidence interval of
 * the mean (mean -+ 1.96 std / sqrt(n)) and its half-width, min, max. */
static cJSON *acc_json(const mc_acc *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", (double)a->n);
    double half = mc_acc_half(a);
    cJSON_AddItemToObject(o, "mean", number(a->n ? a->mean : NAN));
    cJSON_AddItemToObject(o, "std", number(mc_acc_std(a)));
    cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
    cJSON_AddItemToArray(ci, number(a->mean - half));
    cJSON_AddItemToArray(ci, number(a->mean + half));
    cJSON_AddItemToObject(o, "ci95_half_width", number(half));
    cJSON_AddItemToObject(o, "min", number(a->n ? a->min : NAN));
    cJSON_AddItemToObject(o, "max", number(a->n ? a->max : NAN));
    return o;
}

static cJSON *method_json(const mc_config *cfg, int m, const mc_method_stats *s, int ref)
{
    const cli_method *cm = cfg->methods[m];
    otmec_settings set = cli_method_settings(cm, &cfg->settings);
    size_t N = cfg->scenario.N;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "method", otmec_method_name(set.method));
    cJSON_AddStringToObject(o, "algorithm", otmec_algorithm_name(set.algorithm));
    cJSON_AddBoolToObject(o, "refine", set.algorithm == OTMEC_ALGORITHM_JOINT && set.refine);
    cJSON_AddStringToObject(o, "description", cm->description);
    cJSON_AddNumberToObject(o, "count", (double)s->count);
    cJSON *status = cJSON_AddObjectToObject(o, "status");
    for (int k = 0; k < 4; ++k)
        cJSON_AddNumberToObject(status, otmec_status_name((otmec_status)k), (double)s->by_status[k]);
    cJSON_AddItemToObject(o, "infeasible_fraction", number(mc_stats_infeasible(s)));
    cJSON_AddItemToObject(o, "numerical_error_fraction",
                          number(s->count ? (double)s->by_status[OTMEC_STATUS_NUMERICAL_ERROR] / (double)s->count
                                          : NAN));
    cJSON_AddItemToObject(o, "outage_fraction", number(mc_stats_outage(s, N)));
    cJSON_AddItemToObject(o, "secrecy_outage_probability", number(mc_stats_outage(s, N)));
    cJSON_AddItemToObject(o, "dropped_fraction", number(mc_stats_dropped(s, N)));
    cJSON_AddNumberToObject(o, "owners_leaking", (double)s->leaking);
    cJSON_AddItemToObject(o, "leaking_fraction", number(mc_stats_leaking(s)));
    cJSON_AddItemToObject(o, "ratio", acc_json(&s->ratio));
    cJSON_AddItemToObject(o, "utility", acc_json(&s->utility));
    cJSON_AddItemToObject(o, "consumption", acc_json(&s->consumption));
    cJSON_AddItemToObject(o, "energy_J", acc_json(&s->energy));
    cJSON_AddItemToObject(o, "time_s", acc_json(&s->time));
    cJSON_AddItemToObject(o, "kkt_residual", acc_json(&s->kkt));
    if (s->has_reference) {
        cJSON *r = cJSON_AddObjectToObject(o, "relative_to_reference");
        cJSON_AddStringToObject(r, "reference", cfg->methods[ref]->label);
        cJSON_AddItemToObject(r, "ratio", acc_json(&s->rel_ratio));
        cJSON_AddItemToObject(r, "energy_J", acc_json(&s->rel_energy));
        cJSON_AddItemToObject(r, "time_s", acc_json(&s->rel_time));
    }
    return o;
}

int mc_write_file_with(const char *cmd, const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx)
{
    /* Written aside and renamed: a reader never sees half a file. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL && write(f, ctx);
    ok = (f != NULL && fclose(f) == 0) && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        cli_error(cmd, "%s: cannot write: %s", path, strerror(errno));
        remove(tmp);
        return CLI_EXIT_INTERNAL;
    }
    return CLI_EXIT_OK;
}

typedef struct text_file {
    const char *text;
    int add_newline;
} text_file;

static int write_text(FILE *f, const void *ctx)
{
    const text_file *t = ctx;
    return fputs(t->text, f) >= 0 && (!t->add_newline || fputc('\n', f) != EOF);
}

int mc_write_file(const char *cmd, const char *path, const char *text, int add_newline)
{
    text_file t = { text, add_newline };
    return mc_write_file_with(cmd, path, write_text, &t);
}

int mc_summary_write(const mc_config *cfg, const mc_rows *rows, const mc_method_stats *stats,
                     const mc_timing *timing, const char *path)
{
    const int ref = mc_reference_method(cfg);
    char seed[32];
    snprintf(seed, sizeof seed, "%" PRIu64, cfg->seed);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "otmec-mc-summary-1");
    cJSON_AddStringToObject(root, "seed", seed);
    cJSON_AddNumberToObject(root, "owners", (double)cfg->scenario.N);
    cJSON_AddNumberToObject(root, "realizations", (double)cfg->realizations);
    cJSON_AddNumberToObject(root, "rows", (double)rows->count);
    cJSON_AddStringToObject(root, "note",
                            "statistics over every row of realizations.csv; ratio..kkt_residual over rows with an "
                            "allocation; ci95 = mean -+ 1.96 std/sqrt(n); secrecy_outage_probability = outage owners "
                            "/ (owners * count); leaking_fraction = owners whose true secrecy rate misses R_min / "
                            "active owners of rows with an allocation (no-secrecy only); relative_to_reference: "
                            "x/x_reference - 1 per realization where both have an allocation; timing: this "
                            "invocation only");
    if (ref >= 0)
        cJSON_AddStringToObject(root, "reference", cfg->methods[ref]->label);
    cJSON *methods = cJSON_AddObjectToObject(root, "methods");
    for (int m = 0; m < cfg->num_methods; ++m)
        cJSON_AddItemToObject(methods, cfg->methods[m]->label, method_json(cfg, m, &stats[m], ref));
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
    int rc = mc_write_file(CMD, path, text, 1);
    free(text);
    return rc;
}
