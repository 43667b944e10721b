/* otmec: dispatch to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/dist.h"

static void help_main(FILE *out)
{
    fputs("otmec " OTMEC_VERSION_STRING
          ": resource allocation for offsite-tuning of a large model at the network edge\n"
          "over a physical-layer-secure uplink (maximize utility / consumption).\n"
          "\n"
          "Usage:\n"
          "  otmec solve INSTANCE.json [options]   solve one instance, write a solution\n"
          "  otmec generate --seed S [options]     draw an instance from a scenario\n"
          "  otmec mc --owners N --realizations R --seed S [options]\n"
          "                                        Monte Carlo: solve R generated instances\n"
          "  otmec sweep --param NAME --values V1,V2,... --realizations R --seed S [options]\n"
          "                                        a Monte Carlo run per parameter value;\n"
          "                                        CSV and figures vs the parameter\n"
          "  otmec merge -o DIR SHARD_DIR...       join the parts of 'otmec mc --shard I/K'\n"
          "  otmec debug-sp2 INSTANCE.json [--seed S]  export one SP2 and its solution (validation)\n"
          "  otmec COMMAND --help                  options, units, defaults and an example\n"
          "  otmec --version\n"
          "\n"
          "Exit status: 0 output written (whatever the solver found), 2 bad input or\n"
          "usage (the message names the file, key or option), 1 internal error.\n"
          "\n"
          "Example:\n"
          "  otmec generate --seed 1 -o inst.json && otmec solve inst.json -o sol.json\n",
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
    const char *cmd = argv[1];
    if (cli_is_help(cmd) || strcmp(cmd, "help") == 0) {
        /* "otmec help COMMAND" is "otmec COMMAND --help". */
        const char *topic = (strcmp(cmd, "help") == 0 && argc > 2) ? argv[2] : NULL;
        if (topic == NULL)
            help_main(stdout);
        else if (strcmp(topic, "solve") == 0)
            help_solve();
        else if (strcmp(topic, "generate") == 0)
            help_generate();
        else if (strcmp(topic, "mc") == 0)
            help_mc();
        else if (strcmp(topic, "sweep") == 0)
            help_sweep();
        else if (strcmp(topic, "merge") == 0)
            help_merge();
        else if (strcmp(topic, "debug-sp2") == 0)
            help_debug_sp2();
        else
            return cli_usage_error(NULL, "help: unknown command '%s'", topic);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("otmec %s\n", otmec_version());
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "solve") == 0)
        return cmd_solve(argc - 1, argv + 1);
    if (strcmp(cmd, "generate") == 0)
        return cmd_generate(argc - 1, argv + 1);
    if (strcmp(cmd, "mc") == 0)
        return cmd_mc(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "debug-sp2") == 0)
        return cmd_debug_sp2(argc - 1, argv + 1);
    return cli_usage_error(NULL, "unknown command '%s' (commands: solve, generate, mc, sweep, merge)", cmd);
}
