/* otmec generate: one instance drawn from a scenario. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define CMD "generate"

void help_generate(void)
{
    fputs("Usage: otmec generate --seed S [--scenario FILE] [--owners N] [--stream R] [-o FILE]\n"
          "\n"
          "Draws one instance (format otmec-instance-1) from a scenario: N owners\n"
          "area-uniform in an annulus around the base station, Rayleigh fading and\n"
          "log-distance path loss for the owner-BS and owner-eavesdropper links, sample\n"
          "counts uniform integers. The result is a pure function of (scenario, S, R):\n"
          "the same on every run and machine, written with exact (round-trip) numbers.\n"
          "Stream layout and scenario keys: docs/generator.md.\n"
          "\n"
          "Options:\n"
          "  --seed S           64-bit unsigned integer naming the Monte Carlo run. Required.\n"
          "  --stream R         realization number within the run, 64-bit unsigned.\n"
          "                     Default: 0. 'otmec mc --seed S' solves streams 0, 1, ...\n"
          "  --scenario FILE    scenario file (format otmec-scenario-1; missing keys take\n"
          "                     the defaults, see data/default.json). Default: built in\n"
          "                     (10 owners within 10-200 m, Eve at (250 m, 0), 20 MHz, ...).\n"
          "  --owners N         number of owners, overrides the scenario's N.\n"
          "  -o, --output FILE  write the instance to FILE. Default: standard output.\n"
          "  -h, --help         this text.\n"
          "\n"
          "Example:\n"
          "  otmec generate --owners 20 --seed 7 --stream 3 -o inst.json\n",
          stdout);
}

int cmd_generate(int argc, char **argv)
{
    const char *scenario_path = NULL, *output = NULL, *value = NULL;
    uint64_t seed = 0, stream = 0, owners = 0;
    int have_seed = 0, have_owners = 0;
    for (int i = 1; i < argc; ++i) {
        int m;
        if (cli_is_help(argv[i])) {
            help_generate();
            return CLI_EXIT_OK;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--seed", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_u64(CMD, "--seed", value, &seed))
                return CLI_EXIT_USAGE;
            have_seed = 1;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--stream", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_u64(CMD, "--stream", value, &stream))
                return CLI_EXIT_USAGE;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--owners", NULL, &value)) != 0) {
            if (m < 0 || !cli_parse_count(CMD, "--owners", value, 1, UINT32_MAX, &owners))
                return CLI_EXIT_USAGE;
            have_owners = 1;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--scenario", NULL, &value)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
            scenario_path = value;
        } else if ((m = cli_option(CMD, argc, argv, &i, "--output", "-o", &value)) != 0) {
            if (m < 0)
                return CLI_EXIT_USAGE;
            output = value;
        } else {
            return cli_usage_error(CMD, "unknown argument '%s'", argv[i]);
        }
    }
    if (!have_seed)
        return cli_usage_error(CMD, "missing --seed S");

    otmec_scenario scenario;
    int rc = cli_load_scenario(CMD, scenario_path, &scenario);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (have_owners)
        scenario.N = (size_t)owners;

    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = NULL;
    otmec_error err = otmec_generate(&scenario, seed, stream, &inst, msg, sizeof msg);
    if (err != OTMEC_OK) {
        cli_error(CMD, "%s", msg);
        return cli_exit_for(err);
    }
    char *text = NULL;
    err = otmec_instance_to_json(inst, &text);
    otmec_instance_free(inst);
    if (err != OTMEC_OK) {
        cli_error(CMD, "writing the instance: %s", otmec_strerror(err));
        return CLI_EXIT_INTERNAL;
    }
    rc = cli_write_text(CMD, output, text);
    free(text);
    return rc;
}
