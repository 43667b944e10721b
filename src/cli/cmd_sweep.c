#define _POSIX_C_SOURCE 200809L /* open_memstream */
/* otmec sweep: a Monte Carlo run per value of one scenario parameter, a CSV
 * of the per-method means with 95% confidence intervals, and figures of
 * ratio, energy and delay against the parameter. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/dist.h"
#include "cli/mc.h"
#include "cli/plot.h"

#define CMD "sweep"
#define SWEEP_MAX_VALUES 64

typedef struct sweep_param {
    const char *name;
    const char *label; /* axis label, unit included */
    const char *title; /* the name in a title (gnuplot enhanced text) */
    double scale;      /* axis value = parameter value * scale */
    int integer;
    const char *meaning;
} sweep_param;

static const sweep_param params[] = {
    { "N", "number of owners N", "N", 1.0, 1, "owners per instance (instead of --owners)" },
    { "B", "total uplink bandwidth B [MHz]", "B", 1e-6, 0, "B_Hz, total uplink bandwidth [Hz]" },
    { "p_max", "transmit power limit p_{max} [W]", "p_{max}", 1.0, 0, "p_max_W, owner transmit power limit [W]" },
    { "R_min", "secrecy-rate floor R_{min} [Mbit/s]", "R_{min}", 1e-6, 0, "R_min_bps, secrecy rate floor [bit/s]" },
    { "w_e", "energy weight w_e [1/J] (w_t = 1 - w_e [1/s])", "w_e", 1.0, 0, "w_e in [0, 1], with w_t = 1 - w_e" },
    { "eve_x", "Eve's distance from the base station [m]", "Eve's distance", 1.0, 0,
      "eve_xy_m[0], Eve's x coordinate [m] (her distance when y = 0, the default)" },
    { "F_L", "LMO GPU frequency pool F_L [GHz]", "F_L", 1e-9, 0, "F_L_Hz, the LMO's GPU pool [cycles/s]" },
    { "T_max", "deadline T_{max} [s]", "T_{max}", 1.0, 0, "T_max_s, deadline [s]" },
    { "f_max", "owner GPU frequency limit f_{max} [GHz]", "f_{max}", 1e-9, 0, "f_max_Hz [cycles/s]" },
    { "M", "adapter payload at phi = 1, M [Gbit]", "M", 1e-9, 0, "M_bits [bit]" },
    { "radius", "cell radius [m]", "cell radius", 1.0, 0, "radius_m, owners' disk around the base station [m]" },
};
#define NUM_PARAMS (sizeof params / sizeof params[0])

static void apply(const sweep_param *p, double v, otmec_scenario *sc)
{
    const char *n = p->name;
    if (strcmp(n, "N") == 0)
        sc->N = (size_t)v;
    else if (strcmp(n, "B") == 0)
        sc->params.B_Hz = v;
    else if (strcmp(n, "p_max") == 0)
        sc->params.p_max_W = v;
    else if (strcmp(n, "R_min") == 0)
        sc->params.R_min_bps = v;
    else if (strcmp(n, "w_e") == 0) {
        sc->params.w_e = v;
        sc->params.w_t = 1.0 - v;
    } else if (strcmp(n, "eve_x") == 0)
        sc->eve_xy_m[0] = v;
    else if (strcmp(n, "F_L") == 0)
        sc->params.F_L_Hz = v;
    else if (strcmp(n, "T_max") == 0)
        sc->params.T_max_s = v;
    else if (strcmp(n, "f_max") == 0)
        sc->params.f_max_Hz = v;
    else if (strcmp(n, "M") == 0)
        sc->params.M_bits = v;
    else if (strcmp(n, "radius") == 0)
        sc->radius_m = v;
}

void help_sweep(void)
{
    fputs("Usage: otmec sweep --param NAME --values V1,V2,... --realizations R --seed S [mc options]\n"
          "\n"
          "Runs 'otmec mc' once per value of one scenario parameter, each into\n"
          "DIR/NAME=VALUE/ (realizations.csv, summary.json, config.json, as mc writes\n"
          "them), then writes\n"
          "  sweep.csv   one row per value and method: param, value (SI units), method,\n"
          "              count, n_allocation, infeasible_fraction,\n"
          "              secrecy_outage_probability, dropped_fraction, leaking_fraction,\n"
          "              then mean and 95% CI half-width of ratio, utility, energy_J [J]\n"
          "              and time_s [s], and of the per-realization relative difference\n"
          "              to 'proposed' (ratio_rel, energy_rel, time_rel; x/x_proposed - 1).\n"
          "              Rewritten after every value.\n"
          "  ratio.png, energy.png, delay.png\n"
          "              mean vs the parameter, one line per method, 95% CI error bars\n"
          "              (gnuplot; plot.gp holds the data and the script).\n"
          "Realization r of every value is drawn from the same random stream (seed S,\n"
          "stream r), so the curves are paired across values. A progress line over the\n"
          "whole sweep (done/total, rate, ETA) goes to stderr when it is a terminal;\n"
          "otherwise one line per finished value. In a build with MPI, 'mpirun -np K\n"
          "otmec sweep ...' splits every value's realizations over the K ranks, and\n"
          "rank 0 writes the same files (see 'otmec mc --help').\n"
          "\n"
          "Parameters (values in SI units; N0 and the rest keep the scenario's values):\n",
          stdout);
    for (size_t k = 0; k < NUM_PARAMS; ++k)
        printf("  %-7s %s\n", params[k].name, params[k].meaning);
    fputs("\n"
          "Options:\n"
          "  --param NAME        the parameter to vary. Required.\n"
          "  --values LIST       comma-separated values, at most 64. Required.\n"
          "  --owners N          owners per instance. Default: the scenario's N (10).\n"
          "  -o, --output DIR    output directory. Default: sweep-out.\n"
          "  --resume            continue an interrupted sweep: finished values are kept,\n"
          "                      the interrupted one continues where it stopped.\n"
          "  --no-plot           no figures (sweep.csv only).\n"
          "  every other option of 'otmec mc' (--realizations, --seed, --scenario,\n"
          "  --compare, --algorithm, --threads, --batch, --no-refine, --admission, --sp2,\n"
          "  --backend) applies to each value's run. Default: --compare proposed.\n"
          "  -h, --help          this text.\n"
          "\n"
          "Example:\n"
          "  otmec sweep --param B --values 10e6,15e6,20e6,25e6,30e6 --realizations 50 \\\n"
          "              --seed 1 --compare all --threads 2 -o runs/B\n",
          stdout);
}

typedef struct sweep_args {
    const char *param, *values;
} sweep_args;

static int take_arg(void *user, int argc, char **argv, int *i)
{
    sweep_args *a = user;
    const char *value = NULL;
    int m;
    if ((m = cli_option(CMD, argc, argv, i, "--param", NULL, &value)) != 0) {
        if (m > 0)
            a->param = value;
        return m;
    }
    if ((m = cli_option(CMD, argc, argv, i, "--values", NULL, &value)) != 0) {
        if (m > 0)
            a->values = value;
        return m;
    }
    return 0;
}

typedef struct sweep_value {
    char text[48];
    double v;
} sweep_value;

/* Splits and checks the values: numbers, safe in a directory name, distinct,
 * and each giving a valid scenario. */
static int parse_values(const sweep_param *p, const char *text, const mc_config *cfg, sweep_value *out, int *count)
{
    *count = 0;
    for (const char *c = text;;) {
        const char *end = strchr(c, ',');
        size_t n = end ? (size_t)(end - c) : strlen(c);
        if (*count >= SWEEP_MAX_VALUES)
            return cli_usage_error(CMD, "--values: at most %d values", SWEEP_MAX_VALUES), 0;
        sweep_value *sv = &out[*count];
        if (n == 0 || n >= sizeof sv->text)
            return cli_usage_error(CMD, "--values: expected comma-separated numbers, got '%s'", text), 0;
        memcpy(sv->text, c, n);
        sv->text[n] = '\0';
        char *stop = NULL;
        errno = 0;
        sv->v = strtod(sv->text, &stop);
        if (*stop != '\0' || errno == ERANGE || !isfinite(sv->v) || strspn(sv->text, "0123456789.eE+-") != n)
            return cli_usage_error(CMD, "--values: '%s' is not a number", sv->text), 0;
        if (p->integer && (sv->v < 1 || sv->v > 1e6 || sv->v != floor(sv->v)))
            return cli_usage_error(CMD, "--values: %s=%s: expected a whole number from 1 to 1000000", p->name,
                                   sv->text), 0;
        if (strcmp(p->name, "w_e") == 0 && !(sv->v >= 0.0 && sv->v <= 1.0))
            return cli_usage_error(CMD, "--values: w_e=%s: must be in [0, 1] (w_t = 1 - w_e)", sv->text), 0;
        for (int k = 0; k < *count; ++k)
            if (out[k].v == sv->v)
                return cli_usage_error(CMD, "--values: %s listed twice", sv->text), 0;
        otmec_scenario sc = cfg->scenario;
        apply(p, sv->v, &sc);
        char msg[OTMEC_MESSAGE_LEN] = "";
        if (otmec_scenario_validate(&sc, msg, sizeof msg) != OTMEC_OK)
            return cli_usage_error(CMD, "--values: %s=%s: %s", p->name, sv->text, msg), 0;
        ++*count;
        if (end == NULL)
            return 1;
        c = end + 1;
    }
}

static void csv_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, ",%.10g", x);
    else
        fputs(",", f);
}

static void csv_acc(FILE *f, const mc_acc *a)
{
    csv_number(f, a->n ? a->mean : NAN);
    csv_number(f, mc_acc_half(a));
}

static const char SWEEP_CSV_HEADER[] =
    "param,value,method,count,n_allocation,infeasible_fraction,secrecy_outage_probability,dropped_fraction,"
    "leaking_fraction,ratio_mean,ratio_ci95_half,utility_mean,utility_ci95_half,energy_J_mean,energy_J_ci95_half,"
    "time_s_mean,time_s_ci95_half,ratio_rel_mean,ratio_rel_ci95_half,energy_rel_mean,energy_rel_ci95_half,"
    "time_rel_mean,time_rel_ci95_half";

/* stats[v * MC_MAX_METHODS + m] for the first num_done values. */
static int write_csv(const char *dir, const sweep_param *p, const mc_config *cfg, const sweep_value *values,
                     int num_done, const mc_method_stats *stats)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL;
    fprintf(f, "%s\n", SWEEP_CSV_HEADER);
    for (int v = 0; v < num_done; ++v) {
        size_t owners = strcmp(p->name, "N") == 0 ? (size_t)values[v].v : cfg->scenario.N;
        for (int m = 0; m < cfg->num_methods; ++m) {
            const mc_method_stats *s = &stats[v * MC_MAX_METHODS + m];
            fprintf(f, "%s,%s,%s,%llu,%llu", p->name, values[v].text, cfg->methods[m]->label,
                    (unsigned long long)s->count, (unsigned long long)s->ratio.n);
            csv_number(f, mc_stats_infeasible(s));
            csv_number(f, mc_stats_outage(s, owners));
            csv_number(f, mc_stats_dropped(s, owners));
            csv_number(f, mc_stats_leaking(s));
            csv_acc(f, &s->ratio);
            csv_acc(f, &s->utility);
            csv_acc(f, &s->energy);
            csv_acc(f, &s->time);
            static const mc_acc none = { 0 };
            csv_acc(f, s->has_reference ? &s->rel_ratio : &none);
            csv_acc(f, s->has_reference ? &s->rel_energy : &none);
            csv_acc(f, s->has_reference ? &s->rel_time : &none);
            fputc('\n', f);
        }
    }
    if (fclose(f) != 0 || text == NULL) {
        free(text);
        return cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    int rc = mc_write_file(CMD, path, text, 0);
    free(text);
    return rc;
}

/* 1-2-5 ticks over the range energies [J] and delays [s] can take. */
#define LOG_TICKS                                                                                                    \
    "0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5, "  \
    "2e5, 5e5, 1e6, 2e6, 5e6, 1e7"

/* plot.gp: datablock per method (x, then mean and half-width of ratio,
 * energy, delay), then one figure per quantity. */
static int plot_sweep(const char *dir, const sweep_param *p, const mc_config *cfg, const sweep_value *values,
                      int num_values, const mc_method_stats *stats)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL;
    plot_preamble(f, 1100, 680);
    double lo = INFINITY, hi = -INFINITY;
    for (int v = 0; v < num_values; ++v) {
        lo = fmin(lo, values[v].v * p->scale);
        hi = fmax(hi, values[v].v * p->scale);
    }
    /* Methods side by side around each value, so error bars do not hide
     * each other. */
    double step = (hi - lo) * 0.006;
    for (int m = 0; m < cfg->num_methods; ++m) {
        fprintf(f, "# %s: x, then mean and 95%% CI half-width of ratio, energy [J], delay [s]\n$m%d << EOD\n",
                cfg->methods[m]->label, m);
        for (int v = 0; v < num_values; ++v) {
            const mc_method_stats *s = &stats[v * MC_MAX_METHODS + m];
            if (s->ratio.n == 0)
                continue; /* no allocation at this value: no point */
            double x = values[v].v * p->scale + step * ((double)m - 0.5 * (cfg->num_methods - 1));
            fprintf(f, "%.10g", x);
            plot_number(f, s->ratio.mean);
            plot_number(f, mc_acc_half(&s->ratio));
            plot_number(f, s->energy.mean);
            plot_number(f, mc_acc_half(&s->energy));
            plot_number(f, s->time.mean);
            plot_number(f, mc_acc_half(&s->time));
            fputc('\n', f);
        }
        fputs("EOD\n", f);
    }
    char setup[512];
    if (strcmp(p->name, "N") == 0)
        snprintf(setup, sizeof setup, "%llu realizations per point, seed %llu",
                 (unsigned long long)cfg->realizations, (unsigned long long)cfg->seed);
    else
        snprintf(setup, sizeof setup, "N = %zu owners, %llu realizations per point, seed %llu", cfg->scenario.N,
                 (unsigned long long)cfg->realizations, (unsigned long long)cfg->seed);
    const char *xlabel = p->label;
    if (strcmp(p->name, "eve_x") == 0 && cfg->scenario.eve_xy_m[1] != 0.0)
        xlabel = "Eve's x coordinate [m]";
    fprintf(f,
            "set key outside right top box opaque\n"
            "set xlabel \"%s\"\n"
            "set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05\n",
            xlabel);
    if (p->integer)
        fputs("set xtics 1\nset mxtics 1\n", f);
    /* energy and delay span an order of magnitude across methods: log scale */
    static const struct {
        const char *file, *what, *ylabel;
        int col, log;
    } figs[] = {
        { "ratio.png", "utility-consumption ratio U/S", "U / S  (dimensionless)", 2, 0 },
        { "energy.png", "total energy", "total energy  [J]  (log scale)", 4, 1 },
        { "delay.png", "delay T", "delay T  [s]  (log scale)", 6, 1 },
    };
    for (size_t k = 0; k < 3; ++k) {
        fprintf(f, "\nset output \"%s\"\nset ylabel \"%s\"\n%s\nset title \"%s vs %s: %s; error bars: 95%% CI\"\nplot ",
                figs[k].file, figs[k].ylabel,
                figs[k].log ? "set logscale y\nset autoscale yfix\nset ytics (" LOG_TICKS ")"
                            : "unset logscale y\nset autoscale y\nset ytics autofreq",
                figs[k].what, p->title, setup);
        for (int m = 0; m < cfg->num_methods; ++m)
            fprintf(f, "%s$m%d using 1:%d:%d with yerrorlines lc rgb \"#%06X\" pt %d ps 1.1 lw %s title \"%s\"",
                    m ? ", \\\n     " : "", m, figs[k].col, figs[k].col + 1,
                    plot_method_color(cfg->methods[m]->label), (m % 7) + 4,
                    strcmp(cfg->methods[m]->label, "proposed") == 0 ? "2.4" : "1.5", cfg->methods[m]->label);
        fputc('\n', f);
    }
    if (fclose(f) != 0 || text == NULL) {
        free(text);
        return cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL;
    }
    char what[4200];
    snprintf(what, sizeof what, "%s/ratio.png, energy.png and delay.png", dir);
    int rc = plot_write_and_run(CMD, dir, "plot.gp", text, what);
    free(text);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    mc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    otmec_settings_default(&cfg.settings);
    cfg.methods[0] = cli_method_find("proposed", 0);
    cfg.num_methods = 1;
    cfg.dir = "sweep-out";
    cfg.plot = 1;
    const char *scenario_path = NULL;
    int resume = 0;
    sweep_args args = { NULL, NULL };
    int rc = mc_parse_args(CMD, argc, argv, &cfg, &scenario_path, &resume, take_arg, &args, help_sweep);
    if (rc >= 0)
        return rc;
    if (args.param == NULL)
        return cli_usage_error(CMD, "missing --param NAME");
    if (args.values == NULL)
        return cli_usage_error(CMD, "missing --values V1,V2,...");
    const sweep_param *p = NULL;
    for (size_t k = 0; k < NUM_PARAMS; ++k)
        if (strcmp(args.param, params[k].name) == 0)
            p = &params[k];
    if (p == NULL)
        return cli_usage_error(CMD, "--param: unknown parameter '%s' (N, B, p_max, R_min, w_e, eve_x, F_L, T_max, "
                                    "f_max, M, radius)",
                               args.param);
    size_t owners = cfg.scenario.N;
    if (p->integer && owners > 0)
        return cli_usage_error(CMD, "--owners and --param N both set the number of owners: give one");
    if ((rc = mc_load_scenario(CMD, &cfg, scenario_path, owners)) != CLI_EXIT_OK)
        return rc;
    static sweep_value values[SWEEP_MAX_VALUES];
    int num_values = 0;
    if (!parse_values(p, args.values, &cfg, values, &num_values))
        return CLI_EXIT_USAGE;
    /* under MPI rank 0 writes, and every rank solves */
    const int writer = mc_dist_rank() == 0;
    if (mc_dist_share(writer && !mc_make_dir(CMD, cfg.dir) ? CLI_EXIT_USAGE : CLI_EXIT_OK) != CLI_EXIT_OK)
        return CLI_EXIT_USAGE;

    mc_method_stats *stats = calloc((size_t)num_values * MC_MAX_METHODS, sizeof *stats);
    char (*dirs)[4200] = calloc((size_t)num_values, sizeof *dirs);
    if (stats == NULL || dirs == NULL) {
        free(stats);
        free(dirs);
        return cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL;
    }
    mc_progress progress;
    mc_progress_init(&progress, (uint64_t)num_values * cfg.realizations, 0);
    int done = 0;
    for (int v = 0; v < num_values && rc == CLI_EXIT_OK; ++v) {
        mc_config one = cfg;
        apply(p, values[v].v, &one.scenario);
        snprintf(dirs[v], sizeof dirs[v], "%s/%s=%s", cfg.dir, p->name, values[v].text);
        one.dir = dirs[v];
        one.plot = 0;
        one.progress = &progress;
        snprintf(progress.label, sizeof progress.label, "%.8s=%.47s (%d/%d)", p->name, values[v].text, v + 1,
                 num_values);
        double start = mc_now();
        mc_rows rows;
        rc = mc_execute(CMD, &one, resume, &rows, &stats[v * MC_MAX_METHODS]);
        mc_rows_free(&rows);
        if (rc != CLI_EXIT_OK || !writer)
            continue;
        done = v + 1;
        if (!progress.enabled)
            fprintf(stderr, "otmec sweep: %s=%s done (%d/%d): %s, %.1f s\n", p->name, values[v].text, v + 1,
                    num_values, dirs[v], mc_now() - start);
        rc = write_csv(cfg.dir, p, &cfg, values, done, stats);
    }
    mc_progress_finish(&progress);
    if (rc == CLI_EXIT_OK && cfg.plot && writer)
        rc = plot_sweep(cfg.dir, p, &cfg, values, num_values, stats);
    free(stats);
    free(dirs);
    return rc;
}
