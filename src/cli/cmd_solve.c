#define _POSIX_C_SOURCE 200809L /* clock_gettime, fileno, isatty */
/* otmec solve: one instance file in, one solution file out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/mc.h"
#include "cli/methods.h"
#include "io/json_util.h"
#include "solver/progress.h"

#define CMD "solve"

void help_solve(void)
{
    fputs("Usage: otmec solve INSTANCE.json [options]\n"
          "\n"
          "Maximizes utility / consumption (docs/model.md) for the instance in INSTANCE.json\n"
          "(format otmec-instance-1; '-' reads standard input) and writes the solution\n"
          "(format otmec-solution-1): status, ratio, utility, consumption, energy [J],\n"
          "time [s], KKT residual, iteration counts, and per owner the status, phi,\n"
          "b [Hz], p [W], f [Hz], fL [Hz], secrecy rate [bit/s], T [s] and E [J].\n"
          "An INFEASIBLE or NUMERICAL_ERROR solution holds the reason instead of an\n"
          "allocation; it is still written, with exit status 0. A solve that takes\n"
          "longer than a second shows its Newton iterations and KKT residual on standard\n"
          "error when that is a terminal (in a log: a line every 30 s).\n"
          "\n"
          "Options:\n"
          "  --method M               what is optimized:\n",
          stdout);
    cli_methods_help(stdout, 29);
    fputs(          "                           Baselines are evaluated under the true model; the\n"
          "                           solution's \"method\" names the method.\n"
          "  --algorithm paper|joint  paper: the published alternating optimization\n"
          "                           (phi with the deadline T fixed); joint: phi and T\n"
          "                           together, then a KKT refinement. Default: joint.\n"
          "  --backend cpu|cuda       where the solver runs. Default: cpu. cuda: one\n"
          "                           thread block runs the same controller (proposed\n"
          "                           methods only); exits with status 2 when no CUDA\n"
          "                           device or build.\n"
          "  --no-refine              skip the final KKT refinement of the joint mode.\n"
          "  --threads K              CPU threads that share the owners, in blocks of\n"
          "                           1,024 (at most one thread per block); every K\n"
          "                           gives the same result, bit for bit. Default: 0,\n"
          "                           every core but at least 8 blocks per thread (one\n"
          "                           thread below 16,384 owners).\n"
          "  --admission none|greedy  greedy: drop owners (largest bandwidth need first)\n"
          "                           until the rest is feasible. Default: none.\n"
          "  --sp2 exact|sca          how the resource subproblem is solved: exact (one\n"
          "                           convex solve with the true secrecy rate) or sca\n"
          "                           (successive convex approximation, as published).\n"
          "                           It applies wherever AO runs: paper mode,\n"
          "                           --no-refine, the warm start from 2,000 owners and\n"
          "                           the refinement's fallbacks. Default: exact.\n"
          "  --timing                 report the solve's own CPU and wall seconds on\n"
          "                           standard error (without start-up and file I/O:\n"
          "                           at 10 owners most of a process's time).\n"
          "  -o, --output FILE        write the solution to FILE. Default: standard output.\n"
          "  -h, --help               this text.\n"
          "\n"
          "Example:\n"
          "  otmec solve data/examples/p1.json --algorithm paper -o p1-paper.json\n"
          "  otmec solve data/examples/p1.json --method no-secrecy\n",
          stdout);
}

/* A solve of many owners runs for minutes (10^6: about 100 s): on a
 * terminal a line that follows its Newton iterations, from the first second
 * on; in a log (stderr not a terminal) a line every 30 s. Short solves print
 * nothing. */
typedef struct solve_progress {
    int tty, drawn;
    double start, last;
} solve_progress;

static void show_progress(void *user, const otm_progress *p)
{
    solve_progress *sp = user;
    double now = mc_now(), elapsed = now - sp->start;
    if (sp->tty ? elapsed < 1.0 || now - sp->last < 0.25 : now - sp->last < 30.0)
        return;
    fprintf(stderr, "%sotmec solve: %zu active owners, %s, Newton iteration %d, KKT residual %.1e, %.0f s%s",
            sp->tty ? "\r" : "", p->owners, p->refinement ? "refinement" : "warm start", p->iteration, p->kkt,
            elapsed, sp->tty ? "   " : "\n");
    fflush(stderr);
    sp->drawn = 1;
    sp->last = now;
}

/* "-" reads the instance from standard input. */
static otmec_error read_instance(const char *path, otmec_instance **inst, char *msg, size_t msg_len)
{
    if (strcmp(path, "-") != 0)
        return otmec_instance_read_json(path, inst, msg, msg_len);
    char *text = NULL;
    otmec_error read_err = otm_read_stream(stdin, "standard input", &text, msg, msg_len);
    if (read_err != OTMEC_OK)
        return read_err;
    char inner[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_instance_parse_json(text, inst, inner, sizeof inner);
    snprintf(msg, msg_len, "standard input: %s", inner);
    free(text);
    return err;
}

int cmd_solve(int argc, char **argv)
{
    otmec_settings settings;
    otmec_settings_default(&settings);
    const char *input = NULL, *output = NULL, *value = NULL;
    const cli_method *method = cli_method_find("proposed", 0);
    int have_algorithm = 0, timing = 0;
    for (int i = 1; i < argc; ++i) {
        int m;
        if (cli_is_help(argv[i])) {
            help_solve();
            return CLI_EXIT_OK;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--algorithm", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_algorithm(CMD, value, &settings.algorithm))
                return CLI_EXIT_USAGE;
            have_algorithm = 1;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--method", NULL, &value)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
            if ((method = cli_method_find(value, 0)) == NULL)
                return cli_usage_error(CMD, "--method: expected one of %s, got '%s'", cli_method_labels(), value);
        } else if ((m = cli_option(CMD, argc, argv, &i, "--backend", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_backend(CMD, value, &settings.backend))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--admission", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_admission(CMD, value, &settings.admission))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--sp2", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_sp2(CMD, value, &settings.sp2_method))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--output", "-o", &value)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
            output = value;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--threads", NULL, &value)) != 0) {
            uint64_t threads = 0;
            if (m < 0 || !cli_parse_count(CMD, "--threads", value, 0, 1024, &threads))
                return CLI_EXIT_USAGE;
            settings.threads = (int)threads;
        } else if (strcmp(argv[i], "--no-refine") == 0) {
            settings.refine = 0;
        } else if (strcmp(argv[i], "--timing") == 0) {
            timing = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error(CMD, "unknown option '%s'", argv[i]);
        } else if (input == NULL) {
            input = argv[i];
        } else {
            return cli_usage_error(CMD, "one instance file at a time (got '%s' and '%s')", input, argv[i]);
        }
    }
    if (input == NULL)
        return cli_usage_error(CMD, "missing INSTANCE.json");
    if (have_algorithm && method->algorithm >= 0 && (int)settings.algorithm != method->algorithm)
        return cli_usage_error(CMD, "--method %s runs the %s algorithm; drop --algorithm %s", method->label,
                               otmec_algorithm_name((otmec_algorithm)method->algorithm),
                               otmec_algorithm_name(settings.algorithm));
    settings = cli_method_settings(method, &settings);

    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = NULL;
    otmec_error err = read_instance(input, &inst, msg, sizeof msg);
    if (err != OTMEC_OK) {
        cli_error(CMD, "%s", msg);
        return cli_exit_for(err);
    }
    otmec_solution *sol = NULL;
    struct timespec cpu0, cpu1, wall0, wall1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    clock_gettime(CLOCK_MONOTONIC, &wall0);
    const int tty = isatty(fileno(stderr));
    const double start = mc_now();
    /* a log's first line comes 30 s after the start */
    solve_progress progress = {tty, 0, start, tty ? 0.0 : start};
    otm_progress_set(show_progress, &progress);
    err = otmec_solve(inst, &settings, &sol, msg, sizeof msg);
    otm_progress_set(NULL, NULL);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    clock_gettime(CLOCK_MONOTONIC, &wall1);
    if (progress.drawn && progress.tty)
        fputc('\n', stderr);
    otmec_instance_free(inst);
    if (timing && err == OTMEC_OK)
        fprintf(stderr, "otmec solve: timing: solve_cpu_s %.9f solve_wall_s %.9f\n",
                (double)(cpu1.tv_sec - cpu0.tv_sec) + 1e-9 * (double)(cpu1.tv_nsec - cpu0.tv_nsec),
                (double)(wall1.tv_sec - wall0.tv_sec) + 1e-9 * (double)(wall1.tv_nsec - wall0.tv_nsec));
    if (err != OTMEC_OK) {
        if (err == OTMEC_ERR_BACKEND_UNAVAILABLE) {
            char text[2 * OTMEC_MESSAGE_LEN];
            cli_backend_message(text, sizeof text, settings.backend, msg);
            cli_error(CMD, "%s", text);
        } else
            cli_error(CMD, "%s: %s", otmec_strerror(err), msg);
        return cli_exit_for(err);
    }
    char *text = NULL;
    err = otmec_solution_to_json(sol, &text);
    otmec_solution_free(sol);
    if (err != OTMEC_OK) {
        cli_error(CMD, "writing the solution: %s", otmec_strerror(err));
        return CLI_EXIT_INTERNAL;
    }
    int rc = cli_write_text(CMD, output, text);
    free(text);
    return rc;
}
