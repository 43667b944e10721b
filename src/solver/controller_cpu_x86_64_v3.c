/* The controller's solve compiled for x86-64-v3 (the build adds
 * -march=x86-64-v3 -ffp-contract=off to this file alone, solver/
 * controller_cpu.h says why); where the compiler cannot, the baseline's. */
#include "otmec_config.h"
#include "solver/controller_cpu.h"

void otm_solve_prepared_x86_64_v3(otm_work *w, otm_summary *sm, const otm_owner_out *out, int refine)
{
#if OTMEC_HAVE_X86_64_V3
    otm_solve_prepared_out(w, sm, out, refine);
#else
    otm_solve_prepared_baseline(w, sm, out, refine);
#endif
}
