/* Fuzzes the instance reader, otmec_instance_parse_json.
 *
 * Properties: a rejected text yields no instance, a PARSE or INVALID_INPUT
 * error and a printable message, also into a message buffer too short for it;
 * an accepted text yields an instance that passes the validators, and writing
 * it out and reading it back gives the same parameters and owners, bit for
 * bit, and the same text again. */
#include <math.h>

#include "fuzz_common.h"
#include "otmec.h"

static void check_instance(const otmec_instance *inst)
{
    FUZZ_REQUIRE(otmec_params_validate(otmec_instance_params(inst), NULL, 0) == OTMEC_OK);
    size_t n = otmec_instance_num_owners(inst);
    FUZZ_REQUIRE(n >= 1);
    const double *h = otmec_instance_h(inst), *g = otmec_instance_g(inst), *D = otmec_instance_D(inst);
    for (size_t i = 0; i < n; ++i) {
        FUZZ_REQUIRE(isfinite(h[i]) && h[i] > 0.0);
        FUZZ_REQUIRE(isfinite(g[i]) && g[i] > 0.0);
        FUZZ_REQUIRE(isfinite(D[i]) && D[i] >= 1.0);
    }
}

static int same_instance(const otmec_instance *a, const otmec_instance *b)
{
    size_t n = otmec_instance_num_owners(a);
    return n == otmec_instance_num_owners(b) &&
           memcmp(otmec_instance_params(a), otmec_instance_params(b), sizeof(otmec_params)) == 0 &&
           memcmp(otmec_instance_h(a), otmec_instance_h(b), n * sizeof(double)) == 0 &&
           memcmp(otmec_instance_g(a), otmec_instance_g(b), n * sizeof(double)) == 0 &&
           memcmp(otmec_instance_D(a), otmec_instance_D(b), n * sizeof(double)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (text == NULL)
        return 0;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = (otmec_instance *)&msg; /* must be reset to NULL on failure */
    otmec_error err = otmec_instance_parse_json(text, &inst, msg, sizeof msg);
    if (err != OTMEC_OK) {
        FUZZ_REQUIRE(inst == NULL);
        FUZZ_REQUIRE(err == OTMEC_ERR_PARSE || err == OTMEC_ERR_INVALID_INPUT || err == OTMEC_ERR_NO_MEMORY);
        FUZZ_REQUIRE(fuzz_message_ok(msg, sizeof msg));
        /* The same failure into buffers too small for the message, and none. */
        char small[9];
        memset(small, 'x', sizeof small);
        FUZZ_REQUIRE(otmec_instance_parse_json(text, &inst, small, 8) == err);
        FUZZ_REQUIRE(inst == NULL && fuzz_strnlen(small, 8) < 8 && small[8] == 'x');
        FUZZ_REQUIRE(otmec_instance_parse_json(text, &inst, NULL, 0) == err);
        FUZZ_REQUIRE(inst == NULL);
        free(text);
        return 0;
    }
    free(text);
    FUZZ_REQUIRE(inst != NULL);
    check_instance(inst);

    char *json = NULL;
    FUZZ_REQUIRE(otmec_instance_to_json(inst, &json) == OTMEC_OK && json != NULL);
    otmec_instance *again = NULL;
    err = otmec_instance_parse_json(json, &again, msg, sizeof msg);
    if (err != OTMEC_OK)
        fprintf(stderr, "written instance does not read back: %s\n", msg);
    FUZZ_REQUIRE(err == OTMEC_OK);
    FUZZ_REQUIRE(same_instance(inst, again));
    char *json2 = NULL;
    FUZZ_REQUIRE(otmec_instance_to_json(again, &json2) == OTMEC_OK && json2 != NULL);
    FUZZ_REQUIRE(strcmp(json, json2) == 0);
    free(json);
    free(json2);
    otmec_instance_free(again);
    otmec_instance_free(inst);
    return 0;
}
