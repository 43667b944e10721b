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
#include "io/json_params.h"
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
    if (cfg->given_hash[0] != '\0') {
        /* the file's content, not its name: a run continues only on the same
         * instances, wherever the file now is; its parameters exactly */
        cJSON *given = cJSON_AddObjectToObject(root, "instances");
        cJSON_AddStringToObject(given, "hash", cfg->given_hash);
        cJSON *params = cJSON_AddObjectToObject(given, "params");
        if (params == NULL || !otm_json_write_params(params, &cfg->scenario.params, 1)) {
            cJSON_Delete(root);
            free(scenario_text);
            return NULL;
        }
    }
    if (cfg->save_allocations)
        cJSON_AddBoolToObject(root, "save_allocations", 1);
    if (cfg->shard.count > 0) {
        /* the part is fixed with the run: the split depends on R */
        cJSON *shard = cJSON_AddObjectToObject(root, "shard");
        cJSON_AddNumberToObject(shard, "part", (double)cfg->shard.index);
        cJSON_AddNumberToObject(shard, "parts", (double)cfg->shard.count);
        cJSON_AddNumberToObject(shard, "realizations", (double)cfg->realizations);
    }
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
    for (const cJSON *item = was->child; item != NULL; item = item->next)
        if (!cJSON_HasObjectItem(now, item->string)) {
            cli_error(CMD, "%s: that run has '%s' and this invocation does not; --resume continues the same run "
                           "only (use a new -o DIR for a different one)",
                      path, item->string);
            return CLI_EXIT_USAGE;
        }
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

char *mc_config_text(const mc_config *cfg)
{
    cJSON *root = config_json(cfg);
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}

static const char *string_item(const cJSON *root, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int count_item(const cJSON *obj, const char *key, uint64_t *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(item) || !(item->valuedouble >= 0 && item->valuedouble < 9007199254740992.0) ||
        item->valuedouble != (double)(uint64_t)item->valuedouble)
        return 0;
    *out = (uint64_t)item->valuedouble;
    return 1;
}

/* The settings of root into cfg; the name of the first bad key, or NULL. */
static const char *settings_from_json(const cJSON *root, mc_config *cfg, char *why, size_t why_len)
{
    const char *text = string_item(root, "format");
    if (text == NULL || strcmp(text, "otmec-mc-config-1") != 0)
        return "format";
    char *end = NULL;
    text = string_item(root, "seed");
    if (text == NULL || *text < '0' || *text > '9' || (cfg->seed = strtoull(text, &end, 10), *end != '\0'))
        return "seed";
    cfg->num_methods = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(root, "methods"))
    {
        if (cfg->num_methods >= MC_MAX_METHODS || !cJSON_IsString(m) ||
            (cfg->methods[cfg->num_methods++] = cli_method_find(m->valuestring, 1)) == NULL)
            return "methods";
    }
    if (cfg->num_methods == 0)
        return "methods";
    const cJSON *refine = cJSON_GetObjectItemCaseSensitive(root, "refine");
    if (!cJSON_IsBool(refine))
        return "refine";
    cfg->settings.refine = cJSON_IsTrue(refine);
    text = string_item(root, "admission");
    if (text == NULL)
        return "admission";
    if (strcmp(text, cli_admission_name(OTMEC_ADMISSION_GREEDY)) == 0)
        cfg->settings.admission = OTMEC_ADMISSION_GREEDY;
    else if (strcmp(text, cli_admission_name(OTMEC_ADMISSION_NONE)) == 0)
        cfg->settings.admission = OTMEC_ADMISSION_NONE;
    else
        return "admission";
    text = string_item(root, "sp2");
    if (text == NULL)
        return "sp2";
    if (strcmp(text, cli_sp2_name(OTMEC_SP2_SCA)) == 0)
        cfg->settings.sp2_method = OTMEC_SP2_SCA;
    else if (strcmp(text, cli_sp2_name(OTMEC_SP2_EXACT)) == 0)
        cfg->settings.sp2_method = OTMEC_SP2_EXACT;
    else
        return "sp2";
    const cJSON *scenario = cJSON_GetObjectItemCaseSensitive(root, "scenario");
    char *scenario_text = cJSON_IsObject(scenario) ? cJSON_PrintUnformatted(scenario) : NULL;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error e = scenario_text ? otmec_scenario_parse_json(scenario_text, &cfg->scenario, msg, sizeof msg)
                                  : OTMEC_ERR_INVALID_INPUT;
    free(scenario_text);
    if (e != OTMEC_OK) {
        snprintf(why, why_len, "%s", msg);
        return "scenario";
    }
    uint64_t owners;
    if (!count_item(root, "owners", &owners) || owners == 0)
        return "owners";
    const cJSON *given = cJSON_GetObjectItemCaseSensitive(root, "instances");
    cfg->given_hash[0] = '\0';
    if (given != NULL) {
        text = string_item(given, "hash");
        const cJSON *params = cJSON_GetObjectItemCaseSensitive(given, "params");
        if (text == NULL || strlen(text) >= sizeof cfg->given_hash || !cJSON_IsObject(params) ||
            otm_json_read_params(params, "instances.params.", 1, 1, &cfg->scenario.params, why, why_len) !=
                OTMEC_OK)
            return "instances";
        snprintf(cfg->given_hash, sizeof cfg->given_hash, "%s", text);
    }
    const cJSON *save = cJSON_GetObjectItemCaseSensitive(root, "save_allocations");
    if (save != NULL && !cJSON_IsTrue(save))
        return "save_allocations";
    cfg->save_allocations = save != NULL;
    cfg->scenario.N = (size_t)owners;
    memset(&cfg->shard, 0, sizeof cfg->shard);
    const cJSON *shard = cJSON_GetObjectItemCaseSensitive(root, "shard");
    if (shard != NULL) {
        uint64_t part, parts;
        if (!count_item(shard, "part", &part) || !count_item(shard, "parts", &parts) ||
            !count_item(shard, "realizations", &cfg->realizations) || parts == 0 || part >= parts)
            return "shard";
        cfg->shard = mc_part_shard(part, parts, cfg->realizations);
    }
    return NULL;
}

int mc_config_read(const char *path, mc_config *cfg, char *msg, size_t msg_len)
{
    char *text = NULL, why[OTMEC_MESSAGE_LEN] = "";
    if (otm_read_file(path, &text, why, sizeof why) != OTMEC_OK) {
        snprintf(msg, msg_len, "%s", why);
        return CLI_EXIT_USAGE;
    }
    cJSON *root = cJSON_Parse(text);
    const char *bad = root == NULL ? "" : settings_from_json(root, cfg, why, sizeof why);
    cJSON_Delete(root);
    int rc = CLI_EXIT_OK;
    if (bad != NULL) {
        if (*bad == '\0')
            snprintf(msg, msg_len, "%s: not valid JSON", path);
        else
            snprintf(msg, msg_len, "%s: '%s' is not what otmec mc writes%s%s", path, bad, why[0] ? ": " : "", why);
        rc = CLI_EXIT_USAGE;
    } else {
        /* what otmec mc would write for the settings read: nothing was lost */
        char *again = mc_config_text(cfg);
        if (again == NULL)
            rc = (snprintf(msg, msg_len, "out of memory"), CLI_EXIT_INTERNAL);
        else if (!same_text(text, again))
            rc = (snprintf(msg, msg_len, "%s: not written by this version of otmec mc", path), CLI_EXIT_USAGE);
        free(again);
    }
    free(text);
    return rc;
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
