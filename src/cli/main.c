/* otmec: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/dist.h"

/* Every command: its name, what runs it, its help, and its line in the
 * overview. The dispatch, 'otmec help' and the unknown-command message all
 * read this table. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    void (*help)(void);
    const char *usage;   /* after "otmec " */
    const char *summary;
} commands[] = {
    { "solve", cmd_solve, help_solve, "solve INSTANCE.json [options]", "solve one instance, write a solution" },
    { "generate", cmd_generate, help_generate, "generate --seed S [options]", "draw an instance from a scenario" },
    { "mc", cmd_mc, help_mc, "mc --realizations R --seed S [options]",
      "Monte Carlo: R generated instances, one or more methods; CSV, summary, figure" },
    { "sweep", cmd_sweep, help_sweep, "sweep --param NAME --values V1,V2,... --realizations R --seed S [options]",
      "a Monte Carlo run per parameter value; CSV and figures vs the parameter" },
    { "merge", cmd_merge, help_merge, "merge -o DIR SHARD_DIR...", "join the parts of 'otmec mc --shard I/K'" },
    { "debug-sp2", cmd_debug_sp2, help_debug_sp2, "debug-sp2 INSTANCE.json [--seed S]",
      "export one resource subproblem and its solution (validation)" },
};
enum { NUM_COMMANDS = sizeof commands / sizeof commands[0] };

static const struct command *find_command(const char *name)
{
    for (int k = 0; k < NUM_COMMANDS; ++k)
        if (strcmp(name, commands[k].name) == 0)
            return &commands[k];
    return NULL;
}

static const char *command_names(void)
{
    static char names[256];
    if (names[0] == '\0')
        for (int k = 0; k < NUM_COMMANDS; ++k) {
            strncat(names, k ? ", " : "", sizeof names - strlen(names) - 1);
            strncat(names, commands[k].name, sizeof names - strlen(names) - 1);
        }
    return names;
}

static void help_main(FILE *out)
{
    fputs("otmec " OTMEC_VERSION_STRING
          ": resource allocation for offsite-tuning of a large model at the network edge\n"
          "over a physical-layer-secure uplink (maximize utility / consumption).\n"
          "\n"
          "Usage:\n",
          out);
    for (int k = 0; k < NUM_COMMANDS; ++k)
        fprintf(out, "  otmec %s\n      %s\n", commands[k].usage, commands[k].summary);
    fputs("  otmec help [COMMAND]\n      this text, or COMMAND's options, units, defaults and an example\n"
          "      (the same as 'otmec COMMAND --help')\n"
          "  otmec --version\n"
          "\n"
          "Exit status: 0 output written (whatever the solver found), 2 bad input or\n"
          "usage (the message names the file, key or option), 1 internal error.\n"
          "\n"
          "Examples:\n"
          "  otmec generate --seed 1 -o inst.json && otmec solve inst.json -o sol.json\n"
          "  otmec mc --realizations 100 --seed 1 --compare all -o runs/default\n",
          out);
}

static int run_command(int argc, char **argv);

int main(int argc, char **argv)
{
    int rc = mc_dist_start(&argc, &argv);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (mc_dist_rank() != 0) {
        /* rank 0 speaks for an MPI run; the others print nothing */
        if (freopen("/dev/null", "w", stdout) == NULL) {
            /* stdout stays: at worst --help is printed once per rank */
        }
        cli_set_quiet(1);
    }
    return mc_dist_finish(run_command(argc, argv));
}

static int run_command(int argc, char **argv)
{
    if (argc < 2) {
        help_main(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (cli_is_help(name) || strcmp(name, "help") == 0) {
        /* "otmec help COMMAND" is "otmec COMMAND --help". */
        const char *topic = (strcmp(name, "help") == 0 && argc > 2) ? argv[2] : NULL;
        if (topic == NULL) {
            help_main(stdout);
            return CLI_EXIT_OK;
        }
        const struct command *c = find_command(topic);
        if (c == NULL)
            return cli_usage_error(NULL, "help: unknown command '%s' (commands: %s)", topic, command_names());
        c->help();
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        char why[OTMEC_MESSAGE_LEN] = "";
        (void)otmec_backend_available(OTMEC_BACKEND_CUDA, why, sizeof why);
        printf("otmec %s\nCUDA backend: %s\n", otmec_version(), why);
        return CLI_EXIT_OK;
    }
    const struct command *c = find_command(name);
    if (c == NULL)
        return cli_usage_error(NULL, "unknown command '%s' (commands: %s)", name, command_names());
    return c->run(argc - 1, argv + 1);
}
