/* The method labels of --method (solve) and --compare (mc, sweep). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/methods.h"

static const cli_method all_methods[CLI_NUM_ALL_METHODS] = {
    { "proposed-paper", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_PAPER, 0,
      "Dinkelbach + AO with SP1 over (phi, y) at fixed T (the published algorithm)" },
    { "proposed-joint", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_JOINT, 0,
      "Dinkelbach + AO with SP1 over (phi, y, T), no refinement" },
    { "proposed", OTMEC_METHOD_PROPOSED, -1, -1,
      "joint AO, then the KKT refinement of P0 (otmec's default)" },
    { "equal", OTMEC_METHOD_EQUAL, -1, -1, "B and F_L split equally, p = p_max, f = f_max; phi and T optimized" },
    { "fixed-phi", OTMEC_METHOD_FIXED_PHI, -1, -1, "phi = (phi_min + phi_max)/2; resources and T optimized" },
    { "no-secrecy", OTMEC_METHOD_NO_SECRECY, -1, -1,
      "optimized as if g = 0 and R_min = 0, evaluated at the true secrecy rates" },
    { "energy-only", OTMEC_METHOD_ENERGY_ONLY, -1, -1, "optimized with w_t = 0, evaluated under the true weights" },
    { "delay-only", OTMEC_METHOD_DELAY_ONLY, -1, -1, "optimized with w_e = 0, evaluated under the true weights" },
};

static const cli_method legacy_methods[2] = {
    { "paper", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_PAPER, 0, "mc --algorithm paper" },
    { "joint", OTMEC_METHOD_PROPOSED, OTMEC_ALGORITHM_JOINT, -1, "mc --algorithm joint" },
};

const cli_method *cli_method_find(const char *label, int legacy)
{
    for (int k = 0; k < CLI_NUM_ALL_METHODS; ++k)
        if (strcmp(label, all_methods[k].label) == 0)
            return &all_methods[k];
    for (int k = 0; legacy && k < 2; ++k)
        if (strcmp(label, legacy_methods[k].label) == 0)
            return &legacy_methods[k];
    return NULL;
}

const cli_method *cli_method_all(int k)
{
    return k >= 0 && k < CLI_NUM_ALL_METHODS ? &all_methods[k] : NULL;
}

const cli_method *cli_method_for_algorithm(otmec_algorithm a)
{
    return &legacy_methods[a == OTMEC_ALGORITHM_PAPER ? 0 : 1];
}

otmec_settings cli_method_settings(const cli_method *m, const otmec_settings *base)
{
    otmec_settings s = *base;
    s.method = m->method;
    if (m->algorithm >= 0)
        s.algorithm = (otmec_algorithm)m->algorithm;
    if (m->refine >= 0)
        s.refine = m->refine;
    return s;
}

const char *cli_method_labels(void)
{
    return "proposed-paper, proposed-joint, proposed, equal, fixed-phi, no-secrecy, energy-only, delay-only";
}

int cli_parse_method_list(const char *cmd, const char *flag, const char *text, const cli_method **out, int max,
                          int *count)
{
    char buf[256];
    if (strlen(text) >= sizeof buf || text[0] == '\0') {
        cli_usage_error(cmd, "%s: expected 'all' or a comma-separated list of %s", flag, cli_method_labels());
        return 0;
    }
    snprintf(buf, sizeof buf, "%s", text);
    *count = 0;
    for (char *tok = buf, *comma; tok != NULL; tok = comma ? comma + 1 : NULL) {
        comma = strchr(tok, ',');
        if (comma != NULL)
            *comma = '\0';
        const cli_method *list[CLI_NUM_ALL_METHODS];
        int n = 0;
        if (strcmp(tok, "all") == 0) {
            for (int k = 0; k < CLI_NUM_ALL_METHODS; ++k)
                list[n++] = &all_methods[k];
        } else if ((list[0] = cli_method_find(tok, 0)) != NULL) {
            n = 1;
        } else {
            cli_usage_error(cmd, "%s: unknown method '%s' (methods: %s; or all)", flag, tok, cli_method_labels());
            return 0;
        }
        for (int k = 0; k < n; ++k) {
            for (int j = 0; j < *count; ++j)
                if (out[j] == list[k]) {
                    cli_usage_error(cmd, "%s: '%s' listed twice", flag, list[k]->label);
                    return 0;
                }
            if (*count >= max) {
                cli_usage_error(cmd, "%s: at most %d methods", flag, max);
                return 0;
            }
            out[(*count)++] = list[k];
        }
    }
    return 1;
}
