/* Scenario files (docs/formats.md "otmec-scenario-1"): one flat object holding the
 * generator's own keys and the params keys except N0_W_per_Hz. Missing keys
 * take the defaults of docs/model.md section 7; unknown keys are ignored. */
#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "io/json_params.h"
#include "model/params_check.h"

#define SCENARIO_FORMAT "otmec-scenario-1"

/* Keys whose presence means the file was written for something else; a
 * silently ignored typo of that kind would change every result. */
static otmec_error reject_misplaced(const cJSON *root, char *msg, size_t msg_len)
{
    if (cJSON_GetObjectItemCaseSensitive(root, "N0_W_per_Hz") != NULL) {
        otm_set_message(msg, msg_len, "N0_W_per_Hz: not a scenario key; give the noise as N0_dBm_per_Hz");
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "params") != NULL) {
        otm_set_message(msg, msg_len,
                        "params: not a scenario key; scenario files hold the params keys at the top level");
        return OTMEC_ERR_INVALID_INPUT;
    }
    return OTMEC_OK;
}

static otmec_error read_N(const cJSON *root, size_t *N, char *msg, size_t msg_len)
{
    double x = (double)*N;
    otmec_error err = otm_json_number(root, "", "N", 0, 0, &x, NULL, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    if (!(x >= 1.0 && x <= 4294967295.0 && floor(x) == x)) {
        otm_set_message(msg, msg_len, "N: must be an integer from 1 to 4294967295 (got %.17g)", x);
        return OTMEC_ERR_INVALID_INPUT;
    }
    *N = (size_t)x;
    return OTMEC_OK;
}

static otmec_error read_eve(const cJSON *root, double xy[2], char *msg, size_t msg_len)
{
    if (cJSON_GetObjectItemCaseSensitive(root, "eve_xy_m") == NULL)
        return OTMEC_OK;
    double *v = NULL;
    size_t n = 0;
    otmec_error err = otm_json_number_array(root, "", "eve_xy_m", &v, &n, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    if (n != 2) {
        otm_set_message(msg, msg_len, "eve_xy_m: expected 2 numbers [x, y] in m, got %zu", n);
        free(v);
        return OTMEC_ERR_INVALID_INPUT;
    }
    xy[0] = v[0];
    xy[1] = v[1];
    free(v);
    return OTMEC_OK;
}

static otmec_error from_json(const cJSON *root, otmec_scenario *s, char *msg, size_t msg_len)
{
    otmec_error err = otm_json_check_format(root, SCENARIO_FORMAT, 0, msg, msg_len);
    if (err == OTMEC_OK)
        err = reject_misplaced(root, msg, msg_len);
    if (err == OTMEC_OK)
        err = read_N(root, &s->N, msg, msg_len);
    if (err == OTMEC_OK)
        err = read_eve(root, s->eve_xy_m, msg, msg_len);
    const struct {
        const char *key;
        double *x;
    } plain[] = {
        { "radius_m", &s->radius_m },           { "min_distance_m", &s->min_distance_m },
        { "pathloss_a_dB", &s->pathloss_a_dB }, { "pathloss_b_dB", &s->pathloss_b_dB },
        { "N0_dBm_per_Hz", &s->N0_dBm_per_Hz }, { "D_min", &s->D_min },
        { "D_max", &s->D_max },
    };
    for (size_t i = 0; err == OTMEC_OK && i < sizeof plain / sizeof plain[0]; ++i)
        err = otm_json_number(root, "", plain[i].key, 0, 0, plain[i].x, NULL, msg, msg_len);
    if (err == OTMEC_OK)
        err = otm_json_read_params(root, "", 0, 0, &s->params, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    s->params.N0_W_per_Hz = otm_dbm_to_watt(s->N0_dBm_per_Hz);
    return otmec_scenario_validate(s, msg, msg_len);
}

otmec_error otmec_scenario_parse_json(const char *text, otmec_scenario *out, char *msg, size_t msg_len)
{
    if (text == NULL || out == NULL) {
        otm_set_message(msg, msg_len, "otmec_scenario_parse_json: NULL pointer argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    cJSON *root = NULL;
    otmec_error err = otm_json_parse(text, &root, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    /* Fill a copy so that *out is untouched on failure. */
    otmec_scenario s;
    otmec_scenario_default(&s);
    err = from_json(root, &s, msg, msg_len);
    cJSON_Delete(root);
    if (err == OTMEC_OK)
        *out = s;
    return err;
}

static otmec_error parse_scenario(const char *text, void *out, char *msg, size_t msg_len)
{
    return otmec_scenario_parse_json(text, (otmec_scenario *)out, msg, msg_len);
}

otmec_error otmec_scenario_read_json(const char *path, otmec_scenario *out, char *msg, size_t msg_len)
{
    if (path == NULL || out == NULL) {
        otm_set_message(msg, msg_len, "otmec_scenario_read_json: NULL pointer argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    return otm_read_and_parse(path, parse_scenario, out, msg, msg_len);
}

otmec_error otmec_scenario_to_json(const otmec_scenario *s, char **out)
{
    if (s == NULL || out == NULL)
        return OTMEC_ERR_INVALID_ARGUMENT;
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    int ok = otm_json_add(root, "format", cJSON_CreateString(SCENARIO_FORMAT));
    ok = ok && otm_json_add(root, "N", otm_json_number_item((double)s->N));
    ok = ok && otm_json_add(root, "radius_m", otm_json_number_item(s->radius_m));
    ok = ok && otm_json_add(root, "min_distance_m", otm_json_number_item(s->min_distance_m));
    ok = ok && otm_json_add(root, "eve_xy_m", otm_json_number_array_item(s->eve_xy_m, 2));
    ok = ok && otm_json_add(root, "pathloss_a_dB", otm_json_number_item(s->pathloss_a_dB));
    ok = ok && otm_json_add(root, "pathloss_b_dB", otm_json_number_item(s->pathloss_b_dB));
    ok = ok && otm_json_add(root, "N0_dBm_per_Hz", otm_json_number_item(s->N0_dBm_per_Hz));
    ok = ok && otm_json_add(root, "D_min", otm_json_number_item(s->D_min));
    ok = ok && otm_json_add(root, "D_max", otm_json_number_item(s->D_max));
    ok = ok && otm_json_write_params(root, &s->params, 0);
    return otm_json_finish(root, ok, out);
}
