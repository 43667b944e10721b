/* The "params" keys, shared by instance files (nested under "params") and
 * scenario files (top level, without N0_W_per_Hz). */
#ifndef OTMEC_JSON_PARAMS_H
#define OTMEC_JSON_PARAMS_H

#include "io/json_util.h"

/* Reads the keys of `obj` into *p. `required`: every key but T_max_s must be
 * present (instance); otherwise missing keys keep *p's values (scenario).
 * `with_N0`: N0_W_per_Hz is one of the keys. T_max_s null or absent means no
 * deadline (+inf). Range checks are left to the validators. */
otmec_error otm_json_read_params(const cJSON *obj, const char *prefix, int required, int with_N0, otmec_params *p,
                                 char *msg, size_t msg_len);

/* Adds the keys, in the order of docs/formats.md, to obj; 0 on failure. */
int otm_json_write_params(cJSON *obj, const otmec_params *p, int with_N0);

#endif
