/* A realization's results into its row of an otmec_batch, shared by the
 * CPU and CUDA backends. */
#include <math.h>

#include "backend/backend.h"

/* Row r of the batch from a summary (and, on the CPU, a solution). */
void otm_batch_store_summary(otmec_batch *out, size_t r, const otm_summary *sm)
{
    out->status[r] = sm->status;
    out->ratio[r] = sm->has_allocation ? sm->ratio : NAN;
    if (out->utility)
        out->utility[r] = sm->has_allocation ? sm->utility : NAN;
    if (out->consumption)
        out->consumption[r] = sm->has_allocation ? sm->consumption : NAN;
    if (out->energy_J)
        out->energy_J[r] = sm->has_allocation ? sm->energy : NAN;
    if (out->time_s)
        out->time_s[r] = sm->has_allocation ? sm->T : NAN;
    if (out->kkt_residual)
        out->kkt_residual[r] = sm->has_allocation ? sm->kkt : NAN;
    if (out->ipm_iterations)
        out->ipm_iterations[r] = sm->it.ipm;
    if (out->iterations)
        out->iterations[r] = sm->it;
    if (out->num_active)
        out->num_active[r] = sm->n_active;
}
