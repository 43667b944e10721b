/* The table of methods and the public name lookups built on it. */
#include <string.h>

#include "internal.h"
#include "solver/method_table.h"

static const otm_method_row rows[OTMEC_METHOD_COUNT] = {
    { OTMEC_METHOD_PROPOSED, "proposed",
      "Dinkelbach + alternating optimization of every variable (the proposed method)",
      OTM_OPTIMIZER_AO, 0, 0, 0, 1 },
    { OTMEC_METHOD_EQUAL, "equal",
      "B and F_L split equally, p = p_max, f = f_max; phi and T optimized",
      OTM_OPTIMIZER_EQUAL_SPLIT, 0, 0, 0, 0 },
    { OTMEC_METHOD_FIXED_PHI, "fixed-phi",
      "phi = (phi_min + phi_max)/2; resources and T optimized",
      OTM_OPTIMIZER_FIXED_PHI, 0, 0, 0, 0 },
    { OTMEC_METHOD_NO_SECRECY, "no-secrecy",
      "optimized as if g = 0 and R_min = 0, evaluated at the true secrecy rates",
      OTM_OPTIMIZER_AO, 0, 0, 1, 0 },
    { OTMEC_METHOD_ENERGY_ONLY, "energy-only",
      "optimized with w_t = 0, evaluated under the true weights",
      OTM_OPTIMIZER_AO, 1, 0, 0, 0 },
    { OTMEC_METHOD_DELAY_ONLY, "delay-only",
      "optimized with w_e = 0, evaluated under the true weights",
      OTM_OPTIMIZER_AO, 0, 1, 0, 0 },
};

const otm_method_row *otm_method_row_of(otmec_method m)
{
    /* The enum's values are the table's indices. */
    return (int)m >= 0 && (int)m < OTMEC_METHOD_COUNT ? &rows[m] : NULL;
}

const char *otmec_method_name(otmec_method m)
{
    const otm_method_row *row = otm_method_row_of(m);
    return row ? row->name : "unknown";
}

const char *otmec_method_description(otmec_method m)
{
    const otm_method_row *row = otm_method_row_of(m);
    return row ? row->description : "";
}

otmec_error otmec_method_from_name(const char *name, otmec_method *out, char *msg, size_t msg_len)
{
    if (!name || !out) {
        otm_set_message(msg, msg_len, "otmec_method_from_name: name and out must not be NULL");
        return OTMEC_ERR_INVALID_ARGUMENT;
    }
    for (int k = 0; k < OTMEC_METHOD_COUNT; ++k)
        if (strcmp(name, rows[k].name) == 0) {
            *out = rows[k].method;
            return OTMEC_OK;
        }
    char names[128] = "";
    for (int k = 0; k < OTMEC_METHOD_COUNT; ++k) {
        strncat(names, k ? ", " : "", sizeof names - strlen(names) - 1);
        strncat(names, rows[k].name, sizeof names - strlen(names) - 1);
    }
    otm_set_message(msg, msg_len, "unknown method '%s' (methods: %s)", name, names);
    return OTMEC_ERR_INVALID_ARGUMENT;
}

int otmec_method_runs_on(otmec_method m, otmec_backend backend)
{
    const otm_method_row *row = otm_method_row_of(m);
    if (!row)
        return 0;
    return backend == OTMEC_BACKEND_CPU || (backend == OTMEC_BACKEND_CUDA && row->on_cuda);
}

otmec_error otm_method_backend_check(otmec_method method, otmec_backend backend, char *msg, size_t msg_len)
{
    if (otmec_method_runs_on(method, backend))
        return OTMEC_OK;
    otm_set_message(msg, msg_len, "the %s backend does not run the %s method; it runs on the CPU backend",
                    backend == OTMEC_BACKEND_CUDA ? "CUDA" : "unknown", otmec_method_name(method));
    return OTMEC_ERR_INVALID_ARGUMENT;
}
