/* Fuzzes the scenario reader, otmec_scenario_parse_json, and the generator
 * on what it accepts.
 *
 * Properties: a rejected text leaves the output untouched and gives a PARSE or
 * INVALID_INPUT error with a printable message; an accepted scenario passes
 * otmec_scenario_validate, reads back bit for bit from its own JSON, and (for
 * up to 64 owners) otmec_generate either draws a valid instance from it or
 * says why not. */
#include <math.h>

#include "fuzz_common.h"
#include "otmec.h"

/* Field by field: the struct may hold padding. */
static int same_scenario(const otmec_scenario *a, const otmec_scenario *b)
{
    return memcmp(&a->params, &b->params, sizeof a->params) == 0 && a->N == b->N &&
           memcmp(&a->radius_m, &b->radius_m, sizeof(double)) == 0 &&
           memcmp(&a->min_distance_m, &b->min_distance_m, sizeof(double)) == 0 &&
           memcmp(a->eve_xy_m, b->eve_xy_m, sizeof a->eve_xy_m) == 0 &&
           memcmp(&a->pathloss_a_dB, &b->pathloss_a_dB, sizeof(double)) == 0 &&
           memcmp(&a->pathloss_b_dB, &b->pathloss_b_dB, sizeof(double)) == 0 &&
           memcmp(&a->N0_dBm_per_Hz, &b->N0_dBm_per_Hz, sizeof(double)) == 0 &&
           memcmp(&a->D_min, &b->D_min, sizeof(double)) == 0 && memcmp(&a->D_max, &b->D_max, sizeof(double)) == 0;
}

static void check_generated(const otmec_scenario *s, const uint8_t *data, size_t size)
{
    uint64_t seed = 0;
    memcpy(&seed, data, size < sizeof seed ? size : sizeof seed);
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_instance *inst = NULL;
    otmec_error err = otmec_generate(s, seed, seed >> 7, &inst, msg, sizeof msg);
    if (err != OTMEC_OK) {
        FUZZ_REQUIRE(inst == NULL);
        FUZZ_REQUIRE(err == OTMEC_ERR_INVALID_INPUT);
        FUZZ_REQUIRE(fuzz_message_ok(msg, sizeof msg));
        return;
    }
    FUZZ_REQUIRE(inst != NULL && otmec_instance_num_owners(inst) == s->N);
    const double *h = otmec_instance_h(inst), *g = otmec_instance_g(inst), *D = otmec_instance_D(inst);
    for (size_t i = 0; i < s->N; ++i) {
        FUZZ_REQUIRE(isfinite(h[i]) && h[i] > 0.0 && isfinite(g[i]) && g[i] > 0.0);
        FUZZ_REQUIRE(D[i] >= s->D_min && D[i] <= s->D_max && floor(D[i]) == D[i]);
    }
    otmec_instance_free(inst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (text == NULL)
        return 0;
    otmec_scenario s, before;
    memset(&s, 0x5a, sizeof s);
    before = s;
    char msg[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_scenario_parse_json(text, &s, msg, sizeof msg);
    if (err != OTMEC_OK) {
        FUZZ_REQUIRE(memcmp(&s, &before, sizeof s) == 0);
        FUZZ_REQUIRE(err == OTMEC_ERR_PARSE || err == OTMEC_ERR_INVALID_INPUT || err == OTMEC_ERR_NO_MEMORY);
        FUZZ_REQUIRE(fuzz_message_ok(msg, sizeof msg));
        char small[9];
        memset(small, 'x', sizeof small);
        FUZZ_REQUIRE(otmec_scenario_parse_json(text, &s, small, 8) == err);
        FUZZ_REQUIRE(fuzz_strnlen(small, 8) < 8 && small[8] == 'x');
        FUZZ_REQUIRE(otmec_scenario_parse_json(text, &s, NULL, 0) == err);
        FUZZ_REQUIRE(memcmp(&s, &before, sizeof s) == 0);
        free(text);
        return 0;
    }
    free(text);
    FUZZ_REQUIRE(otmec_scenario_validate(&s, NULL, 0) == OTMEC_OK);

    char *json = NULL;
    FUZZ_REQUIRE(otmec_scenario_to_json(&s, &json) == OTMEC_OK && json != NULL);
    otmec_scenario again;
    otmec_scenario_default(&again);
    err = otmec_scenario_parse_json(json, &again, msg, sizeof msg);
    if (err != OTMEC_OK)
        fprintf(stderr, "written scenario does not read back: %s\n", msg);
    FUZZ_REQUIRE(err == OTMEC_OK);
    FUZZ_REQUIRE(same_scenario(&s, &again));
    free(json);

    if (s.N <= 64)
        check_generated(&s, data, size);
    return 0;
}
