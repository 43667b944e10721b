/* Solution files (docs/formats.md "otmec-solution-1"), written through the public
 * accessors only. Arrays follow the instance's owner order; excluded owners
 * hold 0. INFEASIBLE and NUMERICAL_ERROR carry a reason and no allocation. */
#include "internal.h"
#include "io/json_util.h"

#define SOLUTION_FORMAT "otmec-solution-1"

static cJSON *iterations_item(otmec_iterations it)
{
    cJSON *o = cJSON_CreateObject();
    int ok = otm_json_add(o, "dinkelbach", cJSON_CreateNumber(it.dinkelbach));
    ok = ok && otm_json_add(o, "ao", cJSON_CreateNumber(it.ao));
    ok = ok && otm_json_add(o, "sca", cJSON_CreateNumber(it.sca));
    ok = ok && otm_json_add(o, "ipm", cJSON_CreateNumber(it.ipm));
    ok = ok && otm_json_add(o, "refine", cJSON_CreateNumber(it.refine));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *owner_status_item(const otmec_solution *sol)
{
    const otmec_owner_status *st = otmec_solution_owner_status(sol);
    size_t n = otmec_solution_num_owners(sol);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr != NULL && i < n; ++i) {
        cJSON *s = cJSON_CreateString(otmec_owner_status_name(st[i]));
        if (s == NULL || !cJSON_AddItemToArray(arr, s)) {
            cJSON_Delete(s);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

static int add_allocation(cJSON *owners, const otmec_solution *sol)
{
    size_t n = otmec_solution_num_owners(sol);
    const struct {
        const char *key;
        const double *x;
    } arrays[] = {
        { "phi", otmec_solution_phi(sol) },
        { "b_Hz", otmec_solution_b(sol) },
        { "p_W", otmec_solution_p(sol) },
        { "f_Hz", otmec_solution_f(sol) },
        { "fL_Hz", otmec_solution_fL(sol) },
        { "secrecy_rate_bps", otmec_solution_secrecy_rate(sol) },
        { "T_s", otmec_solution_owner_time(sol) },
        { "E_J", otmec_solution_owner_energy(sol) },
    };
    int ok = 1;
    for (size_t k = 0; ok && k < sizeof arrays / sizeof arrays[0]; ++k)
        ok = arrays[k].x != NULL && otm_json_add(owners, arrays[k].key, otm_json_number_array_item(arrays[k].x, n));
    return ok;
}

otmec_error otmec_solution_to_json(const otmec_solution *sol, char **out)
{
    if (sol == NULL || out == NULL)
        return OTMEC_ERR_INVALID_ARGUMENT;
    *out = NULL;
    const int has = otmec_solution_has_allocation(sol);
    const char *reason = otmec_solution_reason(sol);
    cJSON *root = cJSON_CreateObject();
    cJSON *owners = cJSON_CreateObject();
    int ok = otm_json_add(root, "format", cJSON_CreateString(SOLUTION_FORMAT));
    ok = ok && otm_json_add(root, "status", cJSON_CreateString(otmec_status_name(otmec_solution_status(sol))));
    ok = ok && otm_json_add(root, "algorithm", cJSON_CreateString(otmec_algorithm_name(otmec_solution_algorithm(sol))));
    ok = ok && otm_json_add(root, "method", cJSON_CreateString(otmec_method_name(otmec_solution_method(sol))));
    if (ok && ((reason != NULL && reason[0] != '\0') || !has))
        ok = otm_json_add(root, "reason", cJSON_CreateString(reason != NULL ? reason : ""));
    if (ok && has) {
        otmec_evaluation ev = otmec_solution_evaluation(sol);
        ok = otm_json_add(root, "ratio", otm_json_number_item(ev.ratio));
        ok = ok && otm_json_add(root, "utility", otm_json_number_item(ev.utility));
        ok = ok && otm_json_add(root, "consumption", otm_json_number_item(ev.consumption));
        ok = ok && otm_json_add(root, "energy_J", otm_json_number_item(ev.energy_J));
        ok = ok && otm_json_add(root, "time_s", otm_json_number_item(ev.time_s));
        ok = ok && otm_json_add(root, "kkt_residual", otm_json_number_item(otmec_solution_kkt_residual(sol)));
        /* no-secrecy ignores Eve: how many served owners leak at its allocation */
        if (ok && otmec_solution_method(sol) == OTMEC_METHOD_NO_SECRECY)
            ok = otm_json_add(root, "owners_leaking", cJSON_CreateNumber((double)otmec_solution_num_leaking(sol)));
    }
    ok = ok && otm_json_add(root, "iterations", iterations_item(otmec_solution_iterations(sol)));
    /* Owner status is known even without an allocation (who is in outage). */
    if (ok && otmec_solution_owner_status(sol) != NULL)
        ok = otm_json_add(owners, "status", owner_status_item(sol));
    if (ok && has)
        ok = add_allocation(owners, sol);
    ok = otm_json_add(root, "owners", owners) && ok;
    return otm_json_finish(root, ok, out);
}
