/* The controller's solve for the baseline CPU, and the choice between it and
 * the x86-64-v3 copy (controller_cpu_x86_64_v3.c). */
#include "otmec_config.h"
#include "solver/controller_cpu.h"

static otm_cpu_isa selected = OTM_CPU_ISA_BEST;

void otm_solve_prepared_baseline(otm_work *w, otm_summary *sm, const otm_owner_out *out, int refine)
{
    otm_solve_prepared_out(w, sm, out, refine);
}

int otm_cpu_has_x86_64_v3(void)
{
#if OTMEC_HAVE_X86_64_V3
    /* GCC and clang initialise the CPU model before main; a library loaded
     * later (dlopen) may come first, where the call below is needed */
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v3") != 0;
#else
    return 0;
#endif
}

otm_cpu_isa otm_cpu_isa_select(otm_cpu_isa isa)
{
    otm_cpu_isa before = selected;
    selected = isa;
    return before;
}

otm_cpu_isa otm_cpu_isa_in_use(void)
{
    return selected != OTM_CPU_ISA_BASELINE && otm_cpu_has_x86_64_v3() ? OTM_CPU_ISA_X86_64_V3
                                                                       : OTM_CPU_ISA_BASELINE;
}

void otm_solve_prepared_cpu(otm_work *w, otm_summary *sm, const otm_owner_out *out, int refine)
{
    if (otm_cpu_isa_in_use() == OTM_CPU_ISA_X86_64_V3)
        otm_solve_prepared_x86_64_v3(w, sm, out, refine);
    else
        otm_solve_prepared_baseline(w, sm, out, refine);
}
