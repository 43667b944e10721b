/* A problem instance: validated parameters plus per-owner data, owned copies. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/numfmt.h"
#include "internal.h"
#include "model/owner_check.h"

/* First owner value that breaks the rule, or n when all are fine. */
static size_t first_bad(const double *x, size_t n, double lo, int strict)
{
    for (size_t i = 0; i < n; ++i)
        if (!(isfinite(x[i]) && (strict ? x[i] > lo : x[i] >= lo)))
            return i;
    return n;
}

otmec_error otm_owner_values_check(size_t count, size_t row_len, const double *h, const double *g, const double *D,
                                   const char *prefix, char *msg, size_t msg_len)
{
    char a[OTM_NUMFMT_LEN];
    /* h <= g is valid input: that owner is simply in secrecy outage. */
    const struct {
        const char *key;
        const double *x;
        double lo;
        int strict;
    } rules[] = { { "h", h, 0.0, 1 }, { "g", g, 0.0, 1 }, { "D", D, 1.0, 0 } };
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; ++r) {
        size_t i = first_bad(rules[r].x, count, rules[r].lo, rules[r].strict);
        if (i == count)
            continue;
        const char *op = rules[r].strict ? ">" : ">=";
        otm_format_double(a, rules[r].x[i]);
        if (row_len == 0)
            otm_set_message(msg, msg_len, "%s%s[%zu]: must be finite and %s %g (got %s)", prefix, rules[r].key, i,
                            op, rules[r].lo, a);
        else
            otm_set_message(msg, msg_len,
                            "%s%s[%zu][%zu]: must be finite and %s %g (got %s): realization %zu, owner %zu", prefix,
                            rules[r].key, i / row_len, i % row_len, op, rules[r].lo, a, i / row_len, i % row_len);
        return OTMEC_ERR_INVALID_INPUT;
    }
    return OTMEC_OK;
}

static double *copy_array(const double *x, size_t n)
{
    double *c = malloc(n * sizeof *c);
    if (c != NULL)
        memcpy(c, x, n * sizeof *c);
    return c;
}

otmec_error otmec_instance_create(const otmec_params *params, size_t num_owners, const double *h, const double *g,
                                  const double *D, otmec_instance **out, char *msg, size_t msg_len)
{
    if (out == NULL || params == NULL || (num_owners > 0 && (h == NULL || g == NULL || D == NULL))) {
        otm_set_message(msg, msg_len, "otmec_instance_create: NULL pointer argument");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    otmec_error err = otmec_params_validate(params, msg, msg_len);
    if (err != OTMEC_OK)
        return err;
    if (num_owners == 0) {
        otm_set_message(msg, msg_len, "owners.h: must hold at least one owner (got 0)");
        return OTMEC_ERR_INVALID_INPUT;
    }
    if (num_owners > SIZE_MAX / sizeof(double)) {
        otm_set_message(msg, msg_len, "owners.h: too many owners (%zu)", num_owners);
        return OTMEC_ERR_INVALID_INPUT;
    }
    err = otm_owner_values_check(num_owners, 0, h, g, D, "owners.", msg, msg_len);
    if (err != OTMEC_OK)
        return err;

    otmec_instance *inst = calloc(1, sizeof *inst);
    if (inst == NULL)
        goto no_memory;
    inst->prm = *params;
    inst->n = num_owners;
    inst->h = copy_array(h, num_owners);
    inst->g = copy_array(g, num_owners);
    inst->D = copy_array(D, num_owners);
    if (inst->h == NULL || inst->g == NULL || inst->D == NULL)
        goto no_memory;
    *out = inst;
    return OTMEC_OK;

no_memory:
    otmec_instance_free(inst);
    otm_set_message(msg, msg_len, "out of memory for %zu owners", num_owners);
    return OTMEC_ERR_NO_MEMORY;
}

void otmec_instance_free(otmec_instance *inst)
{
    if (inst == NULL)
        return;
    free(inst->h);
    free(inst->g);
    free(inst->D);
    free(inst);
}

size_t otmec_instance_num_owners(const otmec_instance *inst)
{
    return inst ? inst->n : 0;
}

const otmec_params *otmec_instance_params(const otmec_instance *inst)
{
    return inst ? &inst->prm : NULL;
}

const double *otmec_instance_h(const otmec_instance *inst)
{
    return inst ? inst->h : NULL;
}

const double *otmec_instance_g(const otmec_instance *inst)
{
    return inst ? inst->g : NULL;
}

const double *otmec_instance_D(const otmec_instance *inst)
{
    return inst ? inst->D : NULL;
}
