/* Statistics of a Monte Carlo run, per method: what summary.json, sweep.csv
 * and the figures show. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mc.h"

void mc_acc_add(mc_acc *a, double x)
{
    if (!isfinite(x))
        return;
    if (a->n == 0)
        a->min = a->max = x;
    a->min = x < a->min ? x : a->min;
    a->max = x > a->max ? x : a->max;
    a->n++;
    double d = x - a->mean;
    a->mean += d / (double)a->n;
    a->m2 += d * (x - a->mean);
}

double mc_acc_std(const mc_acc *a)
{
    return a->n > 1 ? sqrt(a->m2 / (double)(a->n - 1)) : NAN;
}

/* Normal approximation: mean +- 1.96 std / sqrt(n). */
double mc_acc_half(const mc_acc *a)
{
    return a->n > 1 ? 1.96 * mc_acc_std(a) / sqrt((double)a->n) : NAN;
}

int mc_reference_method(const mc_config *cfg)
{
    for (int m = 0; m < cfg->num_methods; ++m)
        if (strcmp(cfg->methods[m]->label, "proposed") == 0)
            return m;
    for (int m = 0; m < cfg->num_methods; ++m)
        if (strcmp(cfg->methods[m]->label, "joint") == 0)
            return m;
    return -1;
}

static double rel(double x, double ref)
{
    return x / ref - 1.0;
}

int mc_stats_compute(const mc_config *cfg, const mc_rows *rows, mc_method_stats *out)
{
    const int M = cfg->num_methods;
    memset(out, 0, (size_t)M * sizeof *out);
    uint64_t R = 0;
    for (size_t k = 0; k < rows->count; ++k)
        R = rows->rows[k].realization + 1 > R ? rows->rows[k].realization + 1 : R;
    /* row of (realization, method); a CSV holds each pair at most once */
    /* realizations come from the CSV: a damaged number must not size memory */
    if (R > 2 * (uint64_t)rows->count + cfg->realizations)
        R = 0;
    const mc_row **at = R ? calloc((size_t)R * (size_t)M, sizeof *at) : NULL;
    if (R && at == NULL)
        return 0;
    for (size_t k = 0; k < rows->count; ++k) {
        const mc_row *r = &rows->rows[k];
        if (r->method < 0 || r->method >= M)
            continue;
        if (r->realization < R)
            at[r->realization * (uint64_t)M + (uint64_t)r->method] = r;
        mc_method_stats *s = &out[r->method];
        s->count++;
        if ((unsigned)r->status < 4)
            s->by_status[r->status]++;
        s->outage += r->n_outage;
        s->dropped += r->n_dropped;
        if (!r->has_allocation)
            continue;
        s->leaking += r->n_leaking;
        s->active_in_allocations += r->n_active;
        mc_acc_add(&s->ratio, r->ev.ratio);
        mc_acc_add(&s->utility, r->ev.utility);
        mc_acc_add(&s->consumption, r->ev.consumption);
        mc_acc_add(&s->energy, r->ev.energy_J);
        mc_acc_add(&s->time, r->ev.time_s);
        mc_acc_add(&s->kkt, r->kkt_residual);
    }
    const int ref = mc_reference_method(cfg);
    for (int m = 0; ref >= 0 && m < M; ++m) {
        if (m == ref)
            continue;
        mc_method_stats *s = &out[m];
        s->has_reference = 1;
        for (uint64_t r = 0; r < R; ++r) {
            const mc_row *a = at[r * (uint64_t)M + (uint64_t)m], *b = at[r * (uint64_t)M + (uint64_t)ref];
            if (a == NULL || b == NULL || !a->has_allocation || !b->has_allocation)
                continue;
            mc_acc_add(&s->rel_ratio, rel(a->ev.ratio, b->ev.ratio));
            mc_acc_add(&s->rel_energy, rel(a->ev.energy_J, b->ev.energy_J));
            mc_acc_add(&s->rel_time, rel(a->ev.time_s, b->ev.time_s));
        }
    }
    free(at);
    return 1;
}

double mc_stats_infeasible(const mc_method_stats *s)
{
    return s->count ? (double)s->by_status[OTMEC_STATUS_INFEASIBLE] / (double)s->count : NAN;
}

double mc_stats_outage(const mc_method_stats *s, size_t owners)
{
    double all = (double)s->count * (double)owners;
    return all > 0 ? (double)s->outage / all : NAN;
}

double mc_stats_dropped(const mc_method_stats *s, size_t owners)
{
    double all = (double)s->count * (double)owners;
    return all > 0 ? (double)s->dropped / all : NAN;
}

double mc_stats_leaking(const mc_method_stats *s)
{
    return s->active_in_allocations ? (double)s->leaking / (double)s->active_in_allocations : NAN;
}
