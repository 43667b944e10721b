/* The rules every owner value of an instance obeys (docs/formats.md), shared
 * by otmec_instance_create and the batch of given instances, so that a
 * batch refuses exactly the rows an instance would refuse. */
#ifndef OTMEC_OWNER_CHECK_H
#define OTMEC_OWNER_CHECK_H

#include <stddef.h>

#include "otmec.h"

/* Checks `count` values each of h, g and D (h, g finite and > 0; D finite
 * and >= 1), all of h first, then g, then D. On the first bad value:
 * INVALID_INPUT and a message naming it as prefix + key + index:
 * "owners.h[3]" when row_len == 0, "h[2][5]: realization 2, owner 5" when
 * the arrays are rows of row_len owners. */
otmec_error otm_owner_values_check(size_t count, size_t row_len, const double *h, const double *g, const double *D,
                                   const char *prefix, char *msg, size_t msg_len);

#endif
