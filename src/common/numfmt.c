#include "common/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

char *otm_format_double(char buf[OTM_NUMFMT_LEN], double x)
{
    if (!isfinite(x)) {
        snprintf(buf, OTM_NUMFMT_LEN, "%s", isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf"));
        return buf;
    }
    /* Fewer digits first: 0.2 stays "0.2" instead of 0.20000000000000001. */
    for (int digits = 15; digits < 17; ++digits) {
        snprintf(buf, OTM_NUMFMT_LEN, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return buf;
    }
    snprintf(buf, OTM_NUMFMT_LEN, "%.17g", x);
    return buf;
}
