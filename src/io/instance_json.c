/* Instance files (docs/formats.md "otmec-instance-1"). Structure is checked here
 * (keys, types, lengths); ranges by otmec_instance_create. Unknown keys, such
 * as the "reference" object of the example files, are ignored. */
#include <stdlib.h>

#include "internal.h"
#include "io/json_params.h"

#define INSTANCE_FORMAT "otmec-instance-1"

static otmec_error read_owners(const cJSON *owners, double *arr[3], size_t *n, char *msg, size_t msg_len)
{
    static const char *names[3] = { "h", "g", "D" };
    size_t len[3];
    for (int k = 0; k < 3; ++k) {
        otmec_error err = otm_json_number_array(owners, "owners.", names[k], &arr[k], &len[k], msg, msg_len);
        if (err != OTMEC_OK)
            return err;
        if (len[k] != len[0]) {
            otm_set_message(msg, msg_len, "owners.%s: length %zu differs from owners.h length %zu", names[k], len[k],
                            len[0]);
            return OTMEC_ERR_INVALID_INPUT;
        }
    }
    if (len[0] == 0) {
        otm_set_message(msg, msg_len, "owners.h: must hold at least one owner (got an empty array)");
        return OTMEC_ERR_INVALID_INPUT;
    }
    *n = len[0];
    return OTMEC_OK;
}

static otmec_error from_json(const cJSON *root, otmec_instance **out, char *msg, size_t msg_len)
{
    otmec_error err = otm_json_check_format(root, INSTANCE_FORMAT, 1, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "params");
    const cJSON *owners = cJSON_GetObjectItemCaseSensitive(root, "owners");
    const char *missing = params == NULL ? "params" : owners == NULL ? "owners" : NULL;
    if (missing != NULL) {
        otm_set_message(msg, msg_len, "%s: missing", missing);
        return OTMEC_ERR_INVALID_INPUT;
    }
    const cJSON *objects[2] = { params, owners };
    for (int k = 0; k < 2; ++k) {
        if (!cJSON_IsObject(objects[k])) {
            otm_set_message(msg, msg_len, "%s: expected an object, got %s", k == 0 ? "params" : "owners",
                            otm_json_type_name(objects[k]));
            return OTMEC_ERR_INVALID_INPUT;
        }
    }
    otmec_params p;
    otmec_params_default(&p);
    err = otm_json_read_params(params, "params.", 1, 1, &p, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    double *arr[3] = { NULL, NULL, NULL };
    size_t n = 0;
    err = read_owners(owners, arr, &n, msg, msg_len);
    if (err == OTMEC_OK)
        err = otmec_instance_create(&p, n, arr[0], arr[1], arr[2], out, msg, msg_len);
    for (int k = 0; k < 3; ++k)
        free(arr[k]);
    return err;
}

otmec_error otmec_instance_parse_json(const char *text, otmec_instance **out, char *msg, size_t msg_len)
{
    if (text == NULL || out == NULL) {
        otm_set_message(msg, msg_len, "otmec_instance_parse_json: NULL pointer argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    cJSON *root = NULL;
    otmec_error err = otm_json_parse(text, &root, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    err = from_json(root, out, msg, msg_len);
    cJSON_Delete(root);
    return err;
}

static otmec_error parse_instance(const char *text, void *out, char *msg, size_t msg_len)
{
    return otmec_instance_parse_json(text, (otmec_instance **)out, msg, msg_len);
}

otmec_error otmec_instance_read_json(const char *path, otmec_instance **out, char *msg, size_t msg_len)
{
    if (path == NULL || out == NULL) {
        otm_set_message(msg, msg_len, "otmec_instance_read_json: NULL pointer argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    return otm_read_and_parse(path, parse_instance, out, msg, msg_len);
}

otmec_error otmec_instance_to_json(const otmec_instance *inst, char **out)
{
    if (inst == NULL || out == NULL)
        return OTMEC_ERR_INVALID_ARGUMENT;
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *params = cJSON_CreateObject();
    cJSON *owners = cJSON_CreateObject();
    int ok = otm_json_add(root, "format", cJSON_CreateString(INSTANCE_FORMAT));
    ok = ok && otm_json_write_params(params, &inst->prm, 1);
    ok = ok && otm_json_add(owners, "h", otm_json_number_array_item(inst->h, inst->n));
    ok = ok && otm_json_add(owners, "g", otm_json_number_array_item(inst->g, inst->n));
    ok = ok && otm_json_add(owners, "D", otm_json_number_array_item(inst->D, inst->n));
    /* Attach last so that every object is freed exactly once on failure. */
    ok = otm_json_add(root, "params", params) && ok;
    ok = otm_json_add(root, "owners", owners) && ok;
    return otm_json_finish(root, ok, out);
}
