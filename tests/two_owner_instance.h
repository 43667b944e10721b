// A small valid instance in the docs/formats.md layout (two owners), and the text
// edit the bad-input tests make to it.
#pragma once

#include <gtest/gtest.h>

#include <string>

const std::string kTwoOwnerInstance = R"({
  "format": "otmec-instance-1",
  "params": {
    "B_Hz": 2e7, "p_max_W": 0.2, "R_min_bps": 1e6, "N0_W_per_Hz": 3.981e-21,
    "f_min_Hz": 3e8, "f_max_Hz": 1.5e9, "kappa_D": 5e-27,
    "F_L_Hz": 2e10, "kappa_L": 1e-27, "c_L": 5e10,
    "c_full": 1e8, "gamma_E": 0.3, "epochs": 1, "M_bits": 1.6e9,
    "phi_min": 0.05, "phi_max": 0.5, "zeta": 20, "w_e": 0.05, "w_t": 0.95,
    "T_max_s": null
  },
  "owners": { "h": [1.2e-9, 5e-10], "g": [3.4e-12, 1e-11], "D": [750, 600] }
})";

// s with the first `from` replaced by `to`; `from` must be there.
inline std::string replaced(std::string s, const std::string &from, const std::string &to)
{
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
        s.replace(at, from.size(), to);
    return s;
}
