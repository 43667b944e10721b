/* Shared helpers of the libFuzzer harnesses. A harness is a plain C file
 * defining LLVMFuzzerTestOneInput; it is linked either with libFuzzer
 * (OTMEC_FUZZ=ON, clang) or with replay_main.c, which runs it on the files of
 * the seed corpus as an ordinary test. A property that does not hold aborts
 * with a message, which both treat as a failure. */
#ifndef OTMEC_FUZZ_COMMON_H
#define OTMEC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_REQUIRE(cond)                                                                                    \
    do {                                                                                                      \
        if (!(cond)) {                                                                                        \
            fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                                          \
        }                                                                                                     \
    } while (0)

/* The input read as a stream of choices: one byte at a time, 0 once it is
 * used up. */
typedef struct fuzz_reader {
    const uint8_t *p;
    size_t n;
} fuzz_reader;

static inline uint8_t fuzz_next_byte(fuzz_reader *r)
{
    if (r->n == 0)
        return 0;
    --r->n;
    return *r->p++;
}

/* A NUL-terminated copy of the input (the readers take C strings; bytes after
 * an embedded NUL are simply not seen). NULL when out of memory. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text != NULL) {
        if (size > 0)
            memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

/* strlen bounded by len (strnlen is POSIX, not C11). */
static inline size_t fuzz_strnlen(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && s[n] != '\0')
        ++n;
    return n;
}

/* A failure message is non-empty, NUL-terminated within the buffer, and
 * printable (it is shown to the user as is). */
static inline int fuzz_message_ok(const char *msg, size_t len)
{
    size_t n = fuzz_strnlen(msg, len);
    int ok = n > 0 && n < len;
    for (size_t i = 0; ok && i < n; ++i)
        if (((unsigned char)msg[i] < 32 && msg[i] != '\t') || msg[i] == 127)
            ok = 0;
    if (!ok)
        fprintf(stderr, "bad message: \"%.*s\"\n", (int)n, msg);
    return ok;
}

#endif
