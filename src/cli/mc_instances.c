/* otmec mc --instances FILE: the given instances and their parameters. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mc.h"

int mc_instances_load(const char *cmd, mc_config *cfg, const char *path, const char *scenario_path,
                      otm_h5_instances *out)
{
    char msg[2 * OTMEC_MESSAGE_LEN] = "";
    otmec_error e = otm_h5_instances_read(path, out, msg, sizeof msg);
    if (e != OTMEC_OK) {
        cli_error(cmd, "--instances %s", msg);
        return cli_exit_for(e);
    }
    /* --scenario gives the parameters; without it the file's attributes do
     * (missing ones take their defaults). */
    if (scenario_path == NULL)
        cfg->scenario.params = out->params;
    e = otmec_params_validate(&cfg->scenario.params, msg, sizeof msg);
    if (e != OTMEC_OK) {
        if (scenario_path != NULL)
            cli_error(cmd, "--scenario %s: %s", scenario_path, msg);
        else
            cli_error(cmd, "--instances %s: the parameters of its attributes: %s", path, msg);
        otm_h5_instances_free(out);
        return cli_exit_for(e);
    }
    if (cfg->realizations == 0)
        cfg->realizations = out->R;
    if (cfg->realizations > out->R) {
        cli_error(cmd, "--realizations %" PRIu64 ": %s holds %zu realizations", cfg->realizations, path, out->R);
        otm_h5_instances_free(out);
        return CLI_EXIT_USAGE;
    }
    cfg->scenario.N = out->N;
    cfg->given = out;
    snprintf(cfg->given_hash, sizeof cfg->given_hash, "fnv1a64:%016" PRIx64, out->hash);
    return CLI_EXIT_OK;
}
