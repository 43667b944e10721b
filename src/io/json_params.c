#include "io/json_params.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

typedef struct param_key {
    const char *key;
    size_t offset;
} param_key;

#define KEY(field) { #field, offsetof(otmec_params, field) }

/* docs/formats.md order; T_max_s is handled apart (null means no deadline). */
static const param_key keys[] = {
    KEY(B_Hz),     KEY(p_max_W), KEY(R_min_bps), KEY(N0_W_per_Hz), KEY(f_min_Hz), KEY(f_max_Hz), KEY(kappa_D),
    KEY(F_L_Hz),   KEY(kappa_L), KEY(c_L),       KEY(c_full),      KEY(gamma_E),  KEY(epochs),   KEY(M_bits),
    KEY(phi_min),  KEY(phi_max), KEY(zeta),      KEY(w_e),         KEY(w_t),
};

static double *field(otmec_params *p, size_t offset)
{
    return (double *)((char *)p + offset);
}

static double value(const otmec_params *p, size_t offset)
{
    return *(const double *)((const char *)p + offset);
}

static int is_N0(const param_key *k)
{
    return strcmp(k->key, "N0_W_per_Hz") == 0;
}

otmec_error otm_json_read_params(const cJSON *obj, const char *prefix, int required, int with_N0, otmec_params *p,
                                 char *msg, size_t msg_len)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; ++i) {
        if (!with_N0 && is_N0(&keys[i]))
            continue;
        otmec_error err =
            otm_json_number(obj, prefix, keys[i].key, required, 0, field(p, keys[i].offset), NULL, msg, msg_len);
        if (err != OTMEC_OK)
            return err;
    }
    int was_null = 0;
    const int present = cJSON_GetObjectItemCaseSensitive(obj, "T_max_s") != NULL;
    otmec_error err = otm_json_number(obj, prefix, "T_max_s", 0, 1, &p->T_max_s, &was_null, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    /* Absent in an instance, or null anywhere: no deadline. */
    if (was_null || (required && !present))
        p->T_max_s = INFINITY;
    return OTMEC_OK;
}

int otm_json_write_params(cJSON *obj, const otmec_params *p, int with_N0)
{
    int ok = 1;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; ++i) {
        if (!with_N0 && is_N0(&keys[i]))
            continue;
        ok = ok && otm_json_add(obj, keys[i].key, otm_json_number_item(value(p, keys[i].offset)));
    }
    /* +inf (no deadline) prints as null. */
    return ok && otm_json_add(obj, "T_max_s", otm_json_number_item(p->T_max_s));
}
