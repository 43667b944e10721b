#define _POSIX_C_SOURCE 200809L /* mkdir, stat */
/* otmec mc: a Monte Carlo run over generated instances. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/dist.h"
#include "cli/mc.h"

#define CMD "mc"

void help_mc(void)
{
    fputs("Usage: otmec mc --realizations R --seed S [options]\n"
          "       otmec mc --instances FILE.h5 [options]\n"
          "\n"
          "Solves R instances of a scenario with one or more methods. Realization r\n"
          "(0 <= r < R) is the instance 'otmec generate --scenario FILE --owners N\n"
          "--seed S --stream r' writes, so any row can be reproduced alone; with\n"
          "--instances, it is row r of the file's arrays. Output, in DIR:\n"
          "  realizations.csv  one row per realization and method, appended and flushed\n"
          "                    as realizations complete, in realization order whatever\n"
          "                    the thread count. Columns: realization, method, status,\n"
          "                    n_active, n_outage, ratio, utility, consumption, energy_J [J],\n"
          "                    time_s [s] (the model's delay T), kkt_residual,\n"
          "                    dinkelbach_iter, ao_iter, sca_iter, n_dropped, ipm_iter,\n"
          "                    refine_iter, n_leaking (owners whose true secrecy rate is\n"
          "                    below R_min; no-secrecy only). Only deterministic values (no\n"
          "                    timings): the same seed gives the same rows. Numbers are\n"
          "                    %.17g; rows without an allocation (INFEASIBLE,\n"
          "                    NUMERICAL_ERROR) leave ratio..kkt_residual empty.\n"
          "  summary.json      per method: status counts, infeasible, secrecy-outage,\n"
          "                    dropped and leaking fractions, mean, std and 95% confidence\n"
          "                    interval of ratio, utility, consumption, energy and time,\n"
          "                    and the same per realization relative to 'proposed'; wall\n"
          "                    time and owner-solves per second.\n"
          "  methods.png       bars of ratio, energy [J] and delay [s] per method with 95%\n"
          "                    confidence intervals (drawn by gnuplot when installed;\n"
          "                    methods.gp holds the data and the script).\n"
          "  config.json       the run's settings, checked by --resume.\n"
          "  allocations.h5    with --save-allocations: per method a group with the\n"
          "                    datasets phi, b, p, f, fL, owner_status [R, N] and\n"
          "                    status, ratio, utility, consumption, energy_J, time_s,\n"
          "                    kkt_residual [R] (docs/formats.md).\n"
          "A progress line (done/total, rate, ETA) goes to stderr when it is a terminal.\n"
          "\n"
          "Options:\n"
          "  --owners N          owners per instance. Default: the scenario's N (10 in\n"
          "                      the built-in scenario).\n"
          "  --realizations R    number of instances. Required, but with --instances:\n"
          "                      default the file's R.\n"
          "  --seed S            64-bit unsigned integer naming the run. Required\n"
          "                      unless --instances gives the instances.\n"
          "  --instances FILE    solve the instances of an HDF5 file instead of drawing\n"
          "                      them: datasets h, g and D of shape [R, N] (as h5py\n"
          "                      writes an R x N array; MATLAB's save -v7.3 of R x N\n"
          "                      matrices is read the same), the parameters from\n"
          "                      --scenario or else from the file's root attributes\n"
          "                      (B_Hz, p_max_W, ...; missing ones take their defaults).\n"
          "                      --realizations defaults to the file's R. A bad file\n"
          "                      (dataset missing, shapes differ, not numbers, NaN,\n"
          "                      gain <= 0, D < 1) exits with status 2 naming the\n"
          "                      dataset, realization and owner, and writes nothing.\n"
          "                      --resume checks that the file's content is the same.\n"
          "  --save-allocations  also write DIR/allocations.h5 (above), as the run goes;\n"
          "                      --resume continues it. Not under mpirun: use --shard\n"
          "                      and 'otmec merge'.\n"
          "  --scenario FILE     scenario file (otmec-scenario-1; missing keys take the\n"
          "                      defaults of data/default.json). Default: built in.\n"
          "  --compare LIST      methods, comma separated, or 'all' (one row each):\n",
          stdout);
    cli_methods_help(stdout, 24);
    fputs(          "                      Baselines are evaluated under the true model. Without\n"
          "                      --compare and --algorithm: the method 'joint' (proposed,\n"
          "                      under the label earlier versions wrote).\n"
          "  --algorithm LIST    instead of --compare: paper, joint, or 'paper,joint'\n"
          "                      (method labels 'paper' and 'joint'). Default: joint.\n"
          "  --backend cpu|cuda  Default: cpu. cuda: the proposed methods are solved on\n"
          "                      the GPU in batches (--batch), one thread block per\n"
          "                      realization; the baselines stay on the CPU (use\n"
          "                      --threads for them). Results agree with cpu to about\n"
          "                      1e-9 in the ratio, not bit for bit. Exits with status\n"
          "                      2 when no CUDA device or build is there.\n"
          "  --no-refine         skip the final KKT refinement in 'proposed', 'joint'\n"
          "                      and the baselines that run the proposed optimizer\n"
          "                      (no-secrecy, energy-only, delay-only).\n"
          "  --admission none|greedy  drop owners until feasible. Default: none.\n"
          "  --sp2 exact|sca     resource subproblem solver (see 'otmec solve --help').\n"
          "                      Default: exact.\n"
          "  --threads T         realizations solved in parallel. Default: 1. With\n"
          "                      fewer realizations than T, the threads left share\n"
          "                      each realization's owners (as 'otmec solve --threads');\n"
          "                      the rows are the same bits either way.\n"
          "  --batch K           solve the proposed methods K realizations at a time\n"
          "                      through the library's batch solver (OpenMP over --threads\n"
          "                      threads on the CPU; the GPU with --backend cuda, where it\n"
          "                      is always on, default 8192). Same rows as without it on\n"
          "                      the CPU; a realization's rows wait for its batch.\n"
          "  --no-plot           do not write methods.gp or run gnuplot.\n"
          "  -o, --output DIR    output directory, created if missing. Default: mc-out.\n"
          "  --resume            continue an interrupted run in DIR: completed rows are\n"
          "                      kept, a half-written last line is redone, and solving\n"
          "                      resumes with the first missing realization. R may grow.\n"
          "                      Without it, a DIR with rows already is an error.\n"
          "  --shard I/K         solve only part I (0 <= I < K) of K: realizations\n"
          "                      I*ceil(R/K) up to (I+1)*ceil(R/K) - 1. Each part goes in\n"
          "                      its own DIR; 'otmec merge' joins the K directories into\n"
          "                      the run one process writes. For Slurm job arrays and GNU\n"
          "                      parallel; --resume continues a part.\n"
          "  -h, --help          this text.\n"
          "\n"
          "Several processes: in a build with MPI, 'mpirun -np K otmec mc ...' splits the\n"
          "realizations over the K ranks (blocks of 16 realizations dealt round-robin, or\n"
          "of about a batch with --batch/--backend cuda; each rank uses --threads\n"
          "threads, or one GPU of its node). Rank 0 writes DIR, the same files one\n"
          "process writes (timing aside), and shows the progress; --resume works the\n"
          "same. A rank that fails ends the run; DIR can be resumed.\n"
          "\n"
          "Example:\n"
          "  otmec mc --owners 10 --realizations 200 --seed 1 --compare all \\\n"
          "           --threads 8 -o runs/n10\n"
          "  mpirun -np 4 otmec mc --owners 10 --realizations 10000 --seed 1 -o runs/big\n",
          stdout);
}

static int parse_algorithms(const char *text, mc_config *cfg)
{
    char buf[64];
    if (strlen(text) >= sizeof buf)
        return cli_usage_error(CMD, "--algorithm: expected 'paper', 'joint' or 'paper,joint', got '%s'", text), 0;
    snprintf(buf, sizeof buf, "%s", text);
    cfg->num_methods = 0;
    for (char *tok = buf, *comma; tok != NULL; tok = comma ? comma + 1 : NULL) {
        comma = strchr(tok, ',');
        if (comma != NULL)
            *comma = '\0';
        otmec_algorithm a;
        if (!cli_parse_algorithm(CMD, tok, &a))
            return 0;
        const cli_method *m = cli_method_for_algorithm(a);
        for (int k = 0; k < cfg->num_methods; ++k)
            if (cfg->methods[k] == m)
                return cli_usage_error(CMD, "--algorithm: '%s' listed twice", tok), 0;
        cfg->methods[cfg->num_methods++] = m;
    }
    return 1;
}

int mc_make_dir(const char *cmd, const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return cli_usage_error(cmd, "-o: directory name too long"), 0;
    for (char *c = path + 1;; ++c) {
        if (*c == '/' || *c == '\0') {
            char keep = *c;
            *c = '\0';
            struct stat sb;
            if (mkdir(path, 0777) != 0 && !(errno == EEXIST && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))) {
                cli_error(cmd, "-o %s: cannot create directory %s: %s", dir, path, strerror(errno));
                return 0;
            }
            *c = keep;
            if (keep == '\0')
                return 1;
        }
    }
}

/* More than the header: a run that failed before its first row is no run. */
int mc_csv_has_rows(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && sb.st_size > (off_t)strlen(MC_CSV_HEADER) + 1;
}

int mc_parse_args(const char *cmd, int argc, char **argv, mc_config *cfg, const char **scenario_path, int *resume,
                  mc_extra_arg extra, void *user, void (*help)(void))
{
    const char *value = NULL;
    uint64_t owners = 0, threads = 1, batch = 0;
    int have_realizations = 0, have_seed = 0, have_algorithm = 0, have_compare = 0;
    for (int i = 1; i < argc; ++i) {
        int m;
        if (cli_is_help(argv[i])) {
            help();
            return CLI_EXIT_OK;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--owners", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_count(cmd, "--owners", value, 1, UINT32_MAX, &owners))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--realizations", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_count(cmd, "--realizations", value, 1, 1000000000, &cfg->realizations))
                return CLI_EXIT_USAGE;
            have_realizations = 1;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--seed", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_u64(cmd, "--seed", value, &cfg->seed))
                return CLI_EXIT_USAGE;
            have_seed = 1;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--scenario", NULL, &value)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
            *scenario_path = value;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--algorithm", NULL, &value)) != 0) {
            if (m < 0 || !parse_algorithms(value, cfg))
                return CLI_EXIT_USAGE;
            have_algorithm = 1;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--compare", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_method_list(cmd, "--compare", value, cfg->methods, MC_MAX_METHODS,
                                                &cfg->num_methods))
                return CLI_EXIT_USAGE;
            have_compare = 1;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--backend", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_backend(cmd, value, &cfg->settings.backend))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--admission", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_admission(cmd, value, &cfg->settings.admission))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--sp2", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_sp2(cmd, value, &cfg->settings.sp2_method))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--threads", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_count(cmd, "--threads", value, 1, 1024, &threads))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--batch", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_count(cmd, "--batch", value, 1, 1000000, &batch))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(cmd, argc, argv, &i, "--output", "-o", &value)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
            cfg->dir = value;
        } else if (strcmp(argv[i], "--no-refine") == 0) {
            cfg->settings.refine = 0;
        } else if (strcmp(argv[i], "--no-plot") == 0) {
            cfg->plot = 0;
        } else if (strcmp(argv[i], "--resume") == 0) {
            *resume = 1;
        } else if (extra != NULL && (m = extra(user, argc, argv, &i)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
        } else {
            return cli_usage_error(cmd, "unknown argument '%s'", argv[i]);
        }
    }
    if (have_algorithm && have_compare)
        return cli_usage_error(cmd, "--algorithm and --compare both choose the methods: give one");
    if (cfg->given_path != NULL) {
        /* the file gives the instances: nothing to draw, N is the file's */
        if (have_seed)
            return cli_usage_error(cmd, "--seed draws instances and --instances gives them: give one");
        if (owners != 0)
            return cli_usage_error(cmd, "--owners: with --instances, N is the file's");
        have_seed = 1;
        have_realizations = 1; /* default: every realization of the file */
    }
    const char *missing = !have_realizations ? "--realizations R" : !have_seed ? "--seed S" : NULL;
    if (missing != NULL)
        return cli_usage_error(cmd, "missing %s", missing);
    cfg->scenario.N = (size_t)owners;
    cfg->threads = (unsigned)threads;
    /* the GPU solves batches only: enough blocks to fill a large one several
     * times over */
    cfg->batch = batch ? batch : cfg->settings.backend == OTMEC_BACKEND_CUDA ? 8192 : 0;
    return -1;
}

int mc_load_scenario(const char *cmd, mc_config *cfg, const char *scenario_path, size_t owners)
{
    int rc = cli_load_scenario(cmd, scenario_path, &cfg->scenario);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (owners > 0)
        cfg->scenario.N = owners;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_scenario_validate(&cfg->scenario, msg, sizeof msg);
    if (err != OTMEC_OK) {
        cli_error(cmd, "%s%s%s%s", scenario_path ? "--scenario " : "", scenario_path ? scenario_path : "",
                  scenario_path ? ": " : "", msg);
        return cli_exit_for(err);
    }
    return CLI_EXIT_OK;
}

/* The directory, config.json, the CSV opened for appending and, with
 * --save-allocations, allocations.h5 (rank 0). */
static int prepare_dir(const char *cmd, const mc_config *cfg, int resume, mc_rows *rows, FILE **csv,
                       mc_alloc **alloc, const char *csv_path, const char *config_path)
{
    if (!mc_make_dir(cmd, cfg->dir))
        return CLI_EXIT_USAGE;
    int existing = mc_csv_has_rows(csv_path);
    if (existing && !resume) {
        cli_error(cmd, "%s exists and is not empty: use --resume to continue that run, or another -o DIR", csv_path);
        return CLI_EXIT_USAGE;
    }
    int rc = mc_config_check_or_write(cfg, config_path, resume, !existing);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (cfg->save_allocations) {
        char path[4200];
        snprintf(path, sizeof path, "%s/allocations.h5", cfg->dir);
        if ((rc = mc_alloc_open(cmd, cfg, path, existing, alloc)) != CLI_EXIT_OK)
            return rc;
    }
    return mc_csv_open(cfg, csv_path, existing, rows, csv);
}

int mc_execute(const char *cmd, mc_config *cfg, int resume, mc_rows *rows, mc_method_stats *stats)
{
    memset(rows, 0, sizeof *rows);
    char csv_path[4200], config_path[4200], summary_path[4200];
    snprintf(csv_path, sizeof csv_path, "%s/realizations.csv", cfg->dir);
    snprintf(config_path, sizeof config_path, "%s/config.json", cfg->dir);
    snprintf(summary_path, sizeof summary_path, "%s/summary.json", cfg->dir);
    /* refused before anything is written, when any rank lacks the backend */
    int rc = CLI_EXIT_OK;
    char text[2 * OTMEC_MESSAGE_LEN] = "";
    if (cfg->settings.backend == OTMEC_BACKEND_CUDA) {
        char msg[OTMEC_MESSAGE_LEN] = "";
        if (otmec_backend_available(OTMEC_BACKEND_CUDA, msg, sizeof msg) != OTMEC_OK) {
            cli_backend_message(text, sizeof text, OTMEC_BACKEND_CUDA, msg);
            rc = CLI_EXIT_USAGE;
        }
    }
    if ((rc = mc_dist_agree(cmd, rc, text)) != CLI_EXIT_OK)
        return rc;

    /* rank 0 owns the files; the others only solve */
    const int writer = mc_dist_rank() == 0;
    FILE *csv = NULL;
    mc_alloc *alloc = NULL;
    if (writer)
        rc = prepare_dir(cmd, cfg, resume, rows, &csv, &alloc, csv_path, config_path);
    mc_timing timing = { 0 };
    if ((rc = mc_dist_share(rc)) == CLI_EXIT_OK)
        rc = mc_run(cfg, csv, alloc, rows, &timing);
    char err[256];
    if (!mc_alloc_close(alloc, err, sizeof err) && rc == CLI_EXIT_OK) {
        cli_error(cmd, "%s/allocations.h5: %s", cfg->dir, err);
        rc = CLI_EXIT_INTERNAL;
    }
    if (!writer)
        return rc;
    if (csv != NULL && fclose(csv) != 0 && rc == CLI_EXIT_OK) {
        cli_error(cmd, "%s: write failed: %s", csv_path, strerror(errno));
        rc = CLI_EXIT_INTERNAL;
    }
    /* A summary of what is there, even after a failure part way. */
    mc_method_stats own_stats[MC_MAX_METHODS];
    if (stats == NULL)
        stats = own_stats;
    if (csv != NULL) {
        int src = mc_stats_compute(cfg, rows, stats) ? mc_summary_write(cfg, rows, stats, &timing, summary_path)
                                                     : (cli_error(cmd, "out of memory writing the summary"),
                                                        CLI_EXIT_INTERNAL);
        rc = rc != CLI_EXIT_OK ? rc : src;
    }
    if (rc == CLI_EXIT_OK && cfg->plot) {
        uint64_t allocations = 0;
        for (int m = 0; m < cfg->num_methods; ++m)
            allocations += stats[m].ratio.n;
        /* nothing to draw: not an error, the rows say why */
        if (allocations == 0)
            fprintf(stderr, "%s: no realization has an allocation: methods.png not drawn\n", cmd);
        else
            rc = mc_plot_methods(cmd, cfg, stats);
    }
    return rc;
}

typedef struct mc_only_args {
    mc_config *cfg;
    int given;
    uint64_t index, count;
} mc_only_args;

/* The options of mc that sweep does not have: --shard I/K, --instances
 * FILE, --save-allocations. */
static int take_mc_only(void *user, int argc, char **argv, int *i)
{
    mc_only_args *a = user;
    const char *value = NULL;
    if (strcmp(argv[*i], "--save-allocations") == 0) {
        a->cfg->save_allocations = 1;
        return 1;
    }
    int m = cli_option(CMD, argc, argv, i, "--instances", NULL, &value);
    if (m != 0) {
        a->cfg->given_path = value;
        return m;
    }
    m = cli_option(CMD, argc, argv, i, "--shard", NULL, &value);
    if (m <= 0)
        return m;
    const char *slash = strchr(value, '/');
    char index[32];
    if (slash == NULL || (size_t)(slash - value) >= sizeof index)
        return cli_usage_error(CMD, "--shard: expected I/K (part I of K, 0 <= I < K), got '%s'", value), -1;
    memcpy(index, value, (size_t)(slash - value));
    index[slash - value] = '\0';
    if (!cli_parse_count(CMD, "--shard K", slash + 1, 1, 1000000, &a->count) ||
        !cli_parse_count(CMD, "--shard I", index, 0, a->count - 1, &a->index))
        return -1;
    a->given = 1;
    return 1;
}

int cmd_mc(int argc, char **argv)
{
    mc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    otmec_settings_default(&cfg.settings);
    cfg.methods[0] = cli_method_for_algorithm(OTMEC_ALGORITHM_JOINT);
    cfg.num_methods = 1;
    cfg.dir = "mc-out";
    cfg.plot = 1;
    const char *scenario_path = NULL;
    int resume = 0;

    mc_only_args shard = { &cfg, 0, 0, 0 };
    int rc = mc_parse_args(CMD, argc, argv, &cfg, &scenario_path, &resume, take_mc_only, &shard, help_mc);
    if (rc >= 0)
        return rc;
    if ((cfg.save_allocations || cfg.given_path != NULL) && !mc_alloc_available())
        return cli_usage_error(CMD, "%s: %s", cfg.given_path != NULL ? "--instances" : "--save-allocations",
                               mc_hdf5_missing());
    if (cfg.save_allocations && mc_dist_size() > 1)
        return cli_usage_error(CMD, "--save-allocations under mpirun: rank 0 receives no owner arrays from the "
                                    "other ranks; split the run with --shard I/K and join it with otmec merge");
    if ((rc = mc_load_scenario(CMD, &cfg, scenario_path, cfg.scenario.N)) != CLI_EXIT_OK)
        return rc;
    otm_h5_instances given;
    memset(&given, 0, sizeof given);
    if (cfg.given_path != NULL &&
        (rc = mc_instances_load(CMD, &cfg, cfg.given_path, scenario_path, &given)) != CLI_EXIT_OK)
        return rc;
    rc = CLI_EXIT_OK;
    if (shard.given) {
        if (shard.count > cfg.realizations)
            rc = cli_usage_error(CMD, "--shard %llu/%llu: more parts than the %llu realizations",
                                 (unsigned long long)shard.index, (unsigned long long)shard.count,
                                 (unsigned long long)cfg.realizations);
        else if (mc_dist_size() > 1)
            rc = cli_usage_error(CMD, "--shard and mpirun both split the run: use one of them");
        cfg.shard = mc_part_shard(shard.index, shard.count, cfg.realizations);
    }
    if (rc == CLI_EXIT_OK) {
        mc_rows rows;
        rc = mc_execute(CMD, &cfg, resume, &rows, NULL);
        mc_rows_free(&rows);
    }
    otm_h5_instances_free(&given);
    return rc;
}
