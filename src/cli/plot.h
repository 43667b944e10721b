/* Helpers for the gnuplot scripts otmec writes (plot.c). */
#ifndef OTMEC_CLI_PLOT_H
#define OTMEC_CLI_PLOT_H

#include <stdio.h>

/* A fixed colour per method label (0xRRGGBB), the same in every figure. */
unsigned plot_method_color(const char *label);

/* " %.10g", or " NaN" (gnuplot's missing value) for a non-finite x. */
void plot_number(FILE *f, double x);

/* Terminal (pngcairo when there, else png), grid and tics. */
void plot_preamble(FILE *f, int width, int height);

/* Writes text to DIR/SCRIPT and runs gnuplot on it. A missing gnuplot is
 * reported and is not an error; a failing one is (exit status 1). */
int plot_write_and_run(const char *cmd, const char *dir, const char *script, char *text, const char *what);

#endif
