/* The CPU's copies of the controller's solve from a prepared point
 * (otm_solve_prepared_out, solver/controller.h). It is compiled twice: for
 * the x86-64 baseline every such CPU runs, and where the compiler can, for
 * x86-64-v3 (AVX2, BMI2) with floating-point contraction off, so that no
 * fused multiply-add rounds differently: both give the same bits, and the
 * CPU picks the second where it has the instructions (about 15% fewer
 * instructions, docs/performance.md). */
#ifndef OTMEC_CONTROLLER_CPU_H
#define OTMEC_CONTROLLER_CPU_H

#include "solver/controller.h"

typedef enum otm_cpu_isa {
    OTM_CPU_ISA_BEST = 0,   /* the best copy this CPU runs */
    OTM_CPU_ISA_BASELINE,   /* x86-64 (or whatever the build targets) */
    OTM_CPU_ISA_X86_64_V3
} otm_cpu_isa;

/* Solves as otm_solve_prepared_out with the copy for this CPU. */
void otm_solve_prepared_cpu(otm_work *w, otm_summary *sm, const otm_owner_out *out, int refine);

/* Whether the x86-64-v3 copy was built and this CPU runs it. */
int otm_cpu_has_x86_64_v3(void);

/* Which copy otm_solve_prepared_cpu takes from now on (tests and benchmarks
 * compare them; one that is not there falls back to the baseline); returns
 * the one before. Not thread-safe: set it before solving. */
otm_cpu_isa otm_cpu_isa_select(otm_cpu_isa isa);

/* The copy otm_solve_prepared_cpu takes now (never OTM_CPU_ISA_BEST). */
otm_cpu_isa otm_cpu_isa_in_use(void);

/* The copies themselves. */
void otm_solve_prepared_baseline(otm_work *w, otm_summary *sm, const otm_owner_out *out, int refine);
void otm_solve_prepared_x86_64_v3(otm_work *w, otm_summary *sm, const otm_owner_out *out, int refine);

#endif
