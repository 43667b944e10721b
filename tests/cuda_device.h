// The CUDA tests' guard: without a device a case skips itself, except in a
// build that promises one (the emulation, OTMEC_CUDA_TESTS_MUST_RUN=1),
// where a missing device is a failure, so that no case skips unnoticed.
#pragma once

#include <gtest/gtest.h>

extern "C" {
#include "otmec.h"
}

#ifndef OTMEC_CUDA_TESTS_MUST_RUN
#define OTMEC_CUDA_TESTS_MUST_RUN 0
#endif

#define OTMEC_REQUIRE_CUDA_DEVICE()                                                                  \
    do {                                                                                             \
        char why_[OTMEC_MESSAGE_LEN] = "";                                                           \
        if (otmec_backend_available(OTMEC_BACKEND_CUDA, why_, sizeof why_) != OTMEC_OK) {            \
            if (OTMEC_CUDA_TESTS_MUST_RUN)                                                           \
                FAIL() << "this build must run the CUDA tests: " << why_;                            \
            else                                                                                     \
                GTEST_SKIP() << why_;                                                                \
        }                                                                                            \
    } while (0)
