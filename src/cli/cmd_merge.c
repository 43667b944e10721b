/* otmec merge: the K directories of `otmec mc --shard I/K` into the run one
 * process writes. Everything is checked before anything is written: the
 * shards must be parts of one run (same config.json but for the part),
 * each part present once, and each complete. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "cli/dist.h"
#include "cli/mc.h"

#define CMD "merge"

void help_merge(void)
{
    fputs("Usage: otmec merge -o DIR SHARD_DIR... [--no-plot]\n"
          "\n"
          "Joins the K directories written by 'otmec mc ... --shard I/K' (I = 0..K-1,\n"
          "same other arguments) into DIR: realizations.csv, summary.json and\n"
          "config.json as one 'otmec mc' process writes them for the same arguments\n"
          "without --shard (summary.json's timing is this command's), methods.png and,\n"
          "when the run saves allocations (--save-allocations), allocations.h5.\n"
          "DIR is then an ordinary run directory: 'otmec mc ... --resume -o DIR' with a\n"
          "larger --realizations extends it.\n"
          "\n"
          "Refused (exit status 2, nothing written), with a message naming the\n"
          "directory: a shard of another run (any setting of config.json differs, or\n"
          "K or R), a part given twice or missing, a shard that has not finished\n"
          "(rows missing: complete it with --resume), a DIR that holds rows already.\n"
          "\n"
          "Options:\n"
          "  -o, --output DIR    the merged run's directory, created if missing. Required.\n"
          "  --no-plot           do not write methods.gp or run gnuplot.\n"
          "  -h, --help          this text.\n"
          "\n"
          "Example (a job array of 4 tasks, then the merge):\n"
          "  otmec mc --owners 10 --realizations 1000 --seed 1 --shard 2/4 -o part2\n"
          "  otmec merge -o run part0 part1 part2 part3\n",
          stdout);
}

typedef struct shard_dir {
    const char *dir;
    mc_config cfg;
    mc_rows rows;
} shard_dir;

/* The first setting in which config b differs from config a, the part
 * index aside; NULL when none. */
static const char *first_difference(const mc_config *a, const mc_config *b)
{
    mc_config same_part = *b;
    same_part.shard.index = a->shard.index;
    char *ta = mc_config_text(a), *tb = mc_config_text(&same_part);
    cJSON *ja = ta ? cJSON_Parse(ta) : NULL, *jb = tb ? cJSON_Parse(tb) : NULL;
    static char key[64];
    snprintf(key, sizeof key, "%s", ja && jb ? "" : "(out of memory)");
    for (const cJSON *item = ja ? ja->child : NULL; item != NULL && key[0] == '\0'; item = item->next)
        if (!cJSON_Compare(item, cJSON_GetObjectItemCaseSensitive(jb, item->string), 1))
            snprintf(key, sizeof key, "%s", item->string);
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    free(ta);
    free(tb);
    return key[0] ? key : NULL;
}

/* Reads and checks every shard's config.json: parts of one run, each part
 * once. */
static int read_configs(shard_dir *shards, int n)
{
    char msg[2 * OTMEC_MESSAGE_LEN], path[4200];
    for (int k = 0; k < n; ++k) {
        mc_config *cfg = &shards[k].cfg;
        otmec_settings_default(&cfg->settings);
        snprintf(path, sizeof path, "%s/config.json", shards[k].dir);
        int rc = mc_config_read(path, cfg, msg, sizeof msg);
        if (rc != CLI_EXIT_OK)
            return cli_error(CMD, "%s", msg), rc;
        if (cfg->shard.count == 0)
            return cli_error(CMD, "%s: not a shard (written by otmec mc without --shard)", shards[k].dir),
                   CLI_EXIT_USAGE;
        const char *key = k > 0 ? first_difference(&shards[0].cfg, cfg) : NULL;
        if (key != NULL)
            return cli_error(CMD, "%s and %s are not parts of one run: their config.json differ in '%s'",
                             shards[0].dir, shards[k].dir, key),
                   CLI_EXIT_USAGE;
    }
    const uint64_t parts = shards[0].cfg.shard.count;
    for (int k = 0; k < n; ++k)
        for (int j = 0; j < k; ++j)
            if (shards[j].cfg.shard.index == shards[k].cfg.shard.index)
                return cli_error(CMD, "%s and %s both hold part %llu/%llu", shards[j].dir, shards[k].dir,
                                 (unsigned long long)shards[k].cfg.shard.index, (unsigned long long)parts),
                       CLI_EXIT_USAGE;
    for (uint64_t part = 0; part < parts; ++part) {
        int found = 0;
        for (int k = 0; k < n && !found; ++k)
            found = shards[k].cfg.shard.index == part;
        if (!found)
            return cli_error(CMD, "part %llu/%llu is missing: give the directory of 'otmec mc ... --shard %llu/%llu' "
                                  "too",
                             (unsigned long long)part, (unsigned long long)parts, (unsigned long long)part,
                             (unsigned long long)parts),
                   CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* Reads every shard's rows into at[r * M + m]: each of its own part, once,
 * and no row missing. */
static int read_rows(shard_dir *shards, int n, const mc_row **at)
{
    const mc_config *cfg = &shards[0].cfg;
    const uint64_t M = (uint64_t)cfg->num_methods, R = cfg->realizations;
    char path[4200];
    for (int k = 0; k < n; ++k) {
        shard_dir *s = &shards[k];
        int complete = 0;
        snprintf(path, sizeof path, "%s/realizations.csv", s->dir);
        int rc = mc_csv_read(CMD, &s->cfg, path, &s->rows, &complete);
        if (rc != CLI_EXIT_OK)
            return rc;
        if (!complete)
            return cli_error(CMD, "%s: ends in a half-written row: the shard has not finished; complete it with "
                                  "'otmec mc ... --resume -o %s'",
                             path, s->dir),
                   CLI_EXIT_USAGE;
        for (size_t i = 0; i < s->rows.count; ++i) {
            const mc_row *row = &s->rows.rows[i];
            if (row->realization >= R || !mc_part_owns(&s->cfg.shard, row->realization))
                return cli_error(CMD, "%s: realization %llu is not in part %llu/%llu", path,
                                 (unsigned long long)row->realization, (unsigned long long)s->cfg.shard.index,
                                 (unsigned long long)s->cfg.shard.count),
                       CLI_EXIT_USAGE;
            const mc_row **slot = &at[row->realization * M + (uint64_t)row->method];
            if (*slot != NULL)
                return cli_error(CMD, "%s: realization %llu, method %s: two rows", path,
                                 (unsigned long long)row->realization, cfg->methods[row->method]->label),
                       CLI_EXIT_USAGE;
            *slot = row;
        }
    }
    for (uint64_t r = 0; r < R; ++r)
        for (uint64_t m = 0; m < M; ++m) {
            if (at[r * M + m] != NULL)
                continue;
            const shard_dir *owner = &shards[0];
            for (int k = 0; k < n; ++k)
                if (mc_part_owns(&shards[k].cfg.shard, r))
                    owner = &shards[k];
            return cli_error(CMD, "%s: realization %llu (method %s) is missing: the shard has not finished; "
                                  "complete it with 'otmec mc ... --resume -o %s'",
                             owner->dir, (unsigned long long)r, cfg->methods[m]->label, owner->dir),
                   CLI_EXIT_USAGE;
        }
    return CLI_EXIT_OK;
}

typedef struct csv_file {
    const mc_config *cfg;
    const mc_rows *rows;
} csv_file;

static int write_csv_rows(FILE *f, const void *ctx)
{
    const csv_file *c = ctx;
    char line[512];
    int ok = fprintf(f, "%s\n", MC_CSV_HEADER) >= 0;
    for (size_t k = 0; ok && k < c->rows->count; ++k) {
        mc_csv_format(c->cfg, &c->rows->rows[k], line, sizeof line);
        ok = fputs(line, f) >= 0;
    }
    return ok;
}

/* realizations.csv through a temporary file and a rename: whole or absent. */
static int write_csv(const mc_config *cfg, const mc_rows *rows, const char *path)
{
    csv_file c = { cfg, rows };
    return mc_write_file_with(CMD, path, write_csv_rows, &c);
}

/* The merged run: rows in realization and method order, as one process
 * writes them. */
static int write_run(mc_config *cfg, const mc_row **at, int plot, double start)
{
    const uint64_t M = (uint64_t)cfg->num_methods, R = cfg->realizations;
    mc_rows rows = { 0 };
    for (uint64_t k = 0; k < R * M; ++k)
        if (!mc_rows_push(&rows, at[k]))
            return mc_rows_free(&rows), cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL;
    char path[4200];
    snprintf(path, sizeof path, "%s/realizations.csv", cfg->dir);
    int rc = write_csv(cfg, &rows, path);
    snprintf(path, sizeof path, "%s/config.json", cfg->dir);
    if (rc == CLI_EXIT_OK)
        rc = mc_config_check_or_write(cfg, path, 0, 1);
    mc_method_stats stats[MC_MAX_METHODS];
    if (rc == CLI_EXIT_OK && !mc_stats_compute(cfg, &rows, stats))
        rc = (cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL);
    /* this command's timing: it solved nothing */
    mc_timing timing = { mc_now() - start, 0, 0 };
    snprintf(path, sizeof path, "%s/summary.json", cfg->dir);
    if (rc == CLI_EXIT_OK)
        rc = mc_summary_write(cfg, &rows, stats, &timing, path);
    if (rc == CLI_EXIT_OK && plot) {
        uint64_t allocations = 0;
        for (int m = 0; m < cfg->num_methods; ++m)
            allocations += stats[m].ratio.n;
        if (allocations == 0)
            fprintf(stderr, "otmec merge: no realization has an allocation: methods.png not drawn\n");
        else
            rc = mc_plot_methods(CMD, cfg, stats);
    }
    mc_rows_free(&rows);
    return rc;
}

/* The shards' allocations.h5 into DIR/allocations.h5. */
static int merge_allocations(const shard_dir *shards, int n, const mc_config *merged)
{
    const char **dirs = calloc((size_t)n, sizeof *dirs);
    mc_config *cfgs = calloc((size_t)n, sizeof *cfgs);
    int rc = CLI_EXIT_INTERNAL;
    if (dirs == NULL || cfgs == NULL) {
        cli_error(CMD, "out of memory");
    } else {
        for (int k = 0; k < n; ++k) {
            dirs[k] = shards[k].dir;
            cfgs[k] = shards[k].cfg;
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/allocations.h5", merged->dir);
        rc = mc_alloc_merge(CMD, merged, cfgs, dirs, n, path);
    }
    free(dirs);
    free(cfgs);
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    const char *out = NULL, *value = NULL;
    int plot = 1, n = 0;
    shard_dir *shards = calloc((size_t)argc, sizeof *shards);
    if (shards == NULL)
        return cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL;
    int rc = -1;
    for (int i = 1; i < argc && rc < 0; ++i) {
        int m;
        if (cli_is_help(argv[i])) {
            help_merge();
            rc = CLI_EXIT_OK;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--output", "-o", &value)) != 0) {
            if (m < 0)
                rc = CLI_EXIT_USAGE;
            out = value;
        } else if (strcmp(argv[i], "--no-plot") == 0) {
            plot = 0;
        } else if (argv[i][0] == '-') {
            rc = cli_usage_error(CMD, "unknown option '%s'", argv[i]);
        } else {
            shards[n++].dir = argv[i];
        }
    }
    if (rc < 0 && out == NULL)
        rc = cli_usage_error(CMD, "missing -o DIR");
    if (rc < 0 && n == 0)
        rc = cli_usage_error(CMD, "no SHARD_DIR given");
    if (rc < 0 && mc_dist_size() > 1)
        rc = cli_usage_error(CMD, "merge runs as one process, not under mpirun");
    double start = mc_now();
    if (rc < 0)
        rc = read_configs(shards, n);
    else if (rc == CLI_EXIT_OK)
        n = 0; /* --help: nothing read */
    mc_config cfg = shards[0].cfg;
    const mc_row **at = NULL;
    if (rc == CLI_EXIT_OK && n > 0) {
        at = calloc((size_t)(cfg.realizations * (uint64_t)cfg.num_methods), sizeof *at);
        rc = at ? read_rows(shards, n, at) : (cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL);
    }
    char csv_path[4200];
    snprintf(csv_path, sizeof csv_path, "%s/realizations.csv", out ? out : ".");
    if (rc == CLI_EXIT_OK && n > 0 && !mc_make_dir(CMD, out))
        rc = CLI_EXIT_USAGE;
    if (rc == CLI_EXIT_OK && n > 0 && mc_csv_has_rows(csv_path))
        rc = (cli_error(CMD, "%s exists and is not empty: merge into a new -o DIR", csv_path), CLI_EXIT_USAGE);
    if (rc == CLI_EXIT_OK && n > 0) {
        memset(&cfg.shard, 0, sizeof cfg.shard);
        cfg.dir = out;
        cfg.threads = 1;
        cfg.plot = plot;
        /* allocations.h5 first: its check of every shard's file may still
         * refuse the merge */
        if (cfg.save_allocations)
            rc = merge_allocations(shards, n, &cfg);
        if (rc == CLI_EXIT_OK)
            rc = write_run(&cfg, at, plot, start);
    }
    free(at);
    for (int k = 0; k < n; ++k)
        mc_rows_free(&shards[k].rows);
    free(shards);
    return rc;
}
