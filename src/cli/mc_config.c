/* config.json: what a Monte Carlo run is (scenario, owners, seed, methods,
 * solver options). --resume continues a directory only for the same run, so
 * that a CSV never mixes rows of different runs. The realization count, the
 * thread count, --batch and the backend may change between invocations: the
 * first three change no row, the backend only the last digits. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/mc.h"
#include "io/json_util.h"

#define CMD "mc"

static cJSON *config_json(const mc_config *cfg)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%" PRIu64, cfg->seed);
    char *scenario_text = NULL;
    if (otmec_scenario_to_json(&cfg->scenario, &scenario_text) != OTMEC_OK)
        return NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", "otmec-mc-config-1");
    /* A string: a double cannot hold every 64-bit seed. */
    cJSON_AddStringToObject(root, "seed", seed);
    cJSON_AddNumberToObject(root, "owners", (double)cfg->scenario.N);
    cJSON *methods = cJSON_AddArrayToObject(root, "methods");
    for (int m = 0; m < cfg->num_methods; ++m)
        cJSON_AddItemToArray(methods, cJSON_CreateString(cfg->methods[m]->label));
    cJSON_AddBoolToObject(root, "refine", cfg->settings.refine != 0);
    cJSON_AddStringToObject(root, "admission", cli_admission_name(cfg->settings.admission));
    cJSON_AddStringToObject(root, "sp2", cli_sp2_name(cfg->settings.sp2_method));
    /* Raw: the scenario's numbers stay exact, as otmec_scenario_to_json wrote them. */
    cJSON_AddItemToObject(root, "scenario", cJSON_CreateRaw(scenario_text));
    free(scenario_text);
    return root;
}

/* The file holds the text and a newline. */
static int same_text(const char *file, const char *text)
{
    size_t n = strlen(text);
    return strncmp(file, text, n) == 0 && (file[n] == '\0' || (file[n] == '\n' && file[n + 1] == '\0'));
}

/* Names the first setting that differs, for a message that says what to fix. */
static int report_difference(const char *path, const cJSON *was, const cJSON *now)
{
    for (const cJSON *item = now->child; item != NULL; item = item->next) {
        const cJSON *old = cJSON_GetObjectItemCaseSensitive(was, item->string);
        if (old != NULL && cJSON_Compare(old, item, 1))
            continue;
        char *a = old ? cJSON_PrintUnformatted(old) : NULL;
        char *b = cJSON_PrintUnformatted(item);
        cli_error(CMD, "%s: '%s' was %.200s in that run and is %.200s now; --resume continues the same run only "
                       "(use a new -o DIR for a different one)",
                  path, item->string, a ? a : "absent", b ? b : "?");
        free(a);
        free(b);
        return CLI_EXIT_USAGE;
    }
    cli_error(CMD, "%s: the run's settings differ from this invocation's; use a new -o DIR", path);
    return CLI_EXIT_USAGE;
}

int mc_config_check_or_write(const mc_config *cfg, const char *path, int resume, int fresh_csv)
{
    cJSON *now = config_json(cfg);
    char *text = now ? cJSON_Print(now) : NULL;
    if (text == NULL) {
        cJSON_Delete(now);
        cli_error(CMD, "out of memory");
        return CLI_EXIT_INTERNAL;
    }
    int rc = CLI_EXIT_OK;
    if (resume && !fresh_csv) {
        char *old = NULL, why[OTMEC_MESSAGE_LEN] = "";
        otm_read_file(path, &old, why, sizeof why);
        cJSON *was = old ? cJSON_Parse(old) : NULL;
        if (old == NULL)
            rc = (cli_error(CMD, "%s; it records the run that --resume would continue", why), CLI_EXIT_USAGE);
        else if (was == NULL)
            rc = (cli_error(CMD, "%s: not valid JSON; cannot check what run --resume would continue", path),
                  CLI_EXIT_USAGE);
        else if (!same_text(old, text)) {
            cJSON *now_parsed = cJSON_Parse(text);
            rc = now_parsed ? report_difference(path, was, now_parsed)
                            : (cli_error(CMD, "out of memory"), CLI_EXIT_INTERNAL);
            cJSON_Delete(now_parsed);
        }
        cJSON_Delete(was);
        free(old);
    } else {
        /* a write failure here is the output folder's: a usage error */
        if (mc_write_file(CMD, path, text, 1) != CLI_EXIT_OK)
            rc = CLI_EXIT_USAGE;
    }
    free(text);
    cJSON_Delete(now);
    return rc;
}
