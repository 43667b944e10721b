#define _POSIX_C_SOURCE 200809L /* clock_gettime, fileno, isatty */
/* A progress line on stderr, only when stderr is a terminal: logs and test
 * output stay clean. An MPI run (a batch job, its stderr a log file) writes
 * a plain line every half minute instead, from rank 0. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/dist.h"
#include "cli/mc.h"

double mc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void mc_progress_init(mc_progress *p, uint64_t total, uint64_t done_before)
{
    /* under MPI, rank 0 speaks for the run */
    p->enabled = isatty(fileno(stderr)) && mc_dist_rank() == 0;
    p->log = !p->enabled && mc_dist_rank() == 0 && mc_dist_size() > 1;
    p->total = total;
    p->done_before = p->done = done_before;
    p->start = mc_now();
    p->last_draw = 0.0;
    p->label[0] = '\0';
}

void mc_progress_skip(mc_progress *p, uint64_t n)
{
    p->done += n;
    p->done_before += n;
}

static void format_duration(char *buf, size_t len, double s)
{
    if (!(s < 1e9))
        snprintf(buf, len, "?");
    else if (s >= 3600)
        snprintf(buf, len, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
    else if (s >= 60)
        snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)s % 60);
    else
        snprintf(buf, len, "%.0fs", s);
}

static void draw(mc_progress *p, double now)
{
    enum { MAX_WIDTH = 30 };
    const int width = p->label[0] ? 20 : MAX_WIDTH; /* a labelled line stays within 80 columns */
    char bar[MAX_WIDTH + 1], eta[32];
    int filled = p->total ? (int)((double)width * (double)p->done / (double)p->total) : width;
    for (int k = 0; k < width; ++k)
        bar[k] = k < filled ? '#' : '.';
    bar[width] = '\0';
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? (double)(p->done - p->done_before) / elapsed : 0.0;
    format_duration(eta, sizeof eta, rate > 0 ? (double)(p->total - p->done) / rate : 1e300);
    fprintf(stderr, "%s[%s] %s%s%llu/%llu realizations  %.1f/s  ETA %s%s", p->log ? "" : "\r", bar, p->label,
            p->label[0] ? "  " : "", (unsigned long long)p->done, (unsigned long long)p->total, rate, eta,
            p->log ? "\n" : "   ");
    fflush(stderr);
    p->last_draw = now;
}

void mc_progress_update(mc_progress *p, uint64_t done)
{
    p->done = done;
    if (!p->enabled && !p->log)
        return;
    double now = mc_now();
    if (p->log ? now - p->start >= 30 && now - p->last_draw >= 30 : now - p->last_draw >= 0.1 || done == p->total)
        draw(p, now);
}

void mc_progress_finish(mc_progress *p)
{
    if (p->log && p->last_draw > 0)
        draw(p, mc_now());
    if (!p->enabled)
        return;
    draw(p, mc_now());
    fputc('\n', stderr);
}
