// Shared helpers of the model and solver tests: P1 and small hand-made
// instances, and a prepared solver work area.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

extern "C" {
#include "internal.h"
#include "otmec.h"
#include "solver/controller.h"
}

inline otmec_instance *load_p1()
{
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    std::string path = std::string(OTMEC_TEST_DATA_DIR) + "/examples/p1.json";
    EXPECT_EQ(otmec_instance_read_json(path.c_str(), &inst, msg, sizeof msg), OTMEC_OK) << msg;
    return inst;
}

inline otmec_instance *make_instance(const otmec_params &prm, const std::vector<double> &h,
                                     const std::vector<double> &g, const std::vector<double> &D)
{
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_instance_create(&prm, h.size(), h.data(), g.data(), D.data(), &inst, msg, sizeof msg),
              OTMEC_OK)
        << msg;
    return inst;
}

// A solver work area at the initial point of an instance.
struct PreparedWork {
    otm_work w{};
    otmec_settings set{};
    otmec_solution *sol = nullptr;
    int state = -1;
    PreparedWork(const otmec_instance *inst, otmec_algorithm alg = OTMEC_ALGORITHM_JOINT)
    {
        otmec_settings_default(&set);
        set.algorithm = alg;
        sol = otm_solution_alloc(otmec_instance_num_owners(inst));
        state = otm_work_prepare(&w, inst, &set, sol);
    }
    ~PreparedWork()
    {
        otm_work_release(&w);
        otmec_solution_free(sol);
    }
    double lambda() const
    {
        double U, S;
        otm_work_value(&w, &U, &S);
        return U / S;
    }
};

inline double reference_value(const char *key)
{
    // P1's reference numbers (shared/data/p1.json "reference").
    std::string k = key;
    if (k == "ratio_paper")
        return 0.068962;
    if (k == "ratio_joint_ao")
        return 0.098139;
    return 0.09865; // ratio_best_known
}
