/* Shortest decimal text of a double that reads back to the same double. */
#ifndef OTMEC_NUMFMT_H
#define OTMEC_NUMFMT_H

#include <stddef.h>

/* Enough for "-1.2345678901234567e-308" and a terminator. */
#define OTM_NUMFMT_LEN 32

/* Writes the shortest of %.15g, %.16g, %.17g that strtod() reads back
 * exactly (17 significant digits always do), so a file written and read again
 * holds bit-identical values. Non-finite values print as "nan", "inf", "-inf";
 * JSON writers handle those before calling. Returns buf. */
char *otm_format_double(char buf[OTM_NUMFMT_LEN], double x);

#endif
