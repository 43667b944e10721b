/* The generator's geometry of a scenario, shared with the CUDA backend,
 * which draws the same owners on the device. */
#ifndef OTMEC_GENERATOR_H
#define OTMEC_GENERATOR_H

#include "otmec.h"
#include "math/owner_draw.h"

otm_gen_geometry otm_scenario_geometry(const otmec_scenario *scenario);

#endif
