/* What the generator reads from a scenario, shared with the CUDA backend,
 * which draws the same owners on the device. */
#ifndef OTMEC_GENERATOR_H
#define OTMEC_GENERATOR_H

#include "otmec.h"
#include "math/owner_draw.h"

otm_gen_geometry otm_scenario_geometry(const otmec_scenario *scenario);

/* The instances' parameters: the scenario's, N0 converted from dBm/Hz. */
otmec_params otm_scenario_params(const otmec_scenario *scenario);

/* The scenario is valid and its owners can be drawn (N fits the 32-bit
 * owner counter); else the error and a message naming the key. */
otmec_error otm_scenario_check_drawable(const otmec_scenario *scenario, char *msg, size_t msg_len);

#endif
