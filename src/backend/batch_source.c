/* The instances of a batch, drawn from a scenario or given as arrays: what
 * lets both batch entries share one CPU loop and one CUDA driver. */
#include "backend/backend.h"
#include "gen/generator.h"

otm_batch_source otm_batch_source_drawn(const otmec_scenario *sc, uint64_t seed, uint64_t first)
{
    otm_batch_source s = {0};
    s.scenario = sc;
    s.seed = seed;
    s.first = first;
    s.num_owners = sc->N;
    return s;
}

otm_batch_source otm_batch_source_given(size_t num_owners, const double *h, const double *g, const double *D,
                                        const otmec_params *params, int params_per_realization)
{
    otm_batch_source s = {0};
    s.num_owners = num_owners;
    s.h = h;
    s.g = g;
    s.D = D;
    s.params = params;
    s.params_per_realization = params_per_realization;
    return s;
}

otmec_error otm_batch_source_instance(const otm_batch_source *src, size_t r, otmec_instance **out, char *msg,
                                      size_t msg_len)
{
    if (src->scenario)
        return otmec_generate(src->scenario, src->seed, src->first + r, out, msg, msg_len);
    const size_t n = src->num_owners, off = r * n;
    const otmec_params *prm = src->params_per_realization ? &src->params[r] : src->params;
    return otmec_instance_create(prm, n, src->h + off, src->g + off, src->D + off, out, msg, msg_len);
}
