// The tool on the CUDA backend: `otmec solve` and `otmec mc` with --backend
// cuda give what --backend cpu gives (status, owners admitted, ratio within
// 1e-9). The cases skip without a device (and fail in the emulation build).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <cjson/cJSON.h>

#include "batch_util.h"
#include "cli_runner.h"
#include "cuda_device.h"
#include "h5_util.h"

namespace {

class CudaCli : public CliRunner {
protected:
    void SetUp() override
    {
        CliRunner::SetUp();
        if (IsSkipped())
            return;
        OTMEC_REQUIRE_CUDA_DEVICE();
    }
};

TEST_F(CudaCli, SolveMatchesCpu)
{
    std::string p1 = std::string(OTMEC_TEST_DATA_DIR) + "/examples/p1.json";
    Result cpu = run("solve '" + p1 + "'");
    Result gpu = run("solve '" + p1 + "' --backend cuda");
    ASSERT_EQ(cpu.rc, 0) << cpu.err;
    ASSERT_EQ(gpu.rc, 0) << gpu.err;
    cJSON *a = cJSON_Parse(cpu.out.c_str()), *b = cJSON_Parse(gpu.out.c_str());
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_STREQ(cJSON_GetObjectItem(b, "status")->valuestring, cJSON_GetObjectItem(a, "status")->valuestring);
    double ra = cJSON_GetObjectItem(a, "ratio")->valuedouble, rb = cJSON_GetObjectItem(b, "ratio")->valuedouble;
    EXPECT_LE(rel_diff(rb, ra), 1e-9) << rb << " vs " << ra;
    cJSON_Delete(a);
    cJSON_Delete(b);
}

TEST_F(CudaCli, MonteCarloMatchesCpu)
{
    const std::string args = "mc --owners 5 --realizations 12 --seed 3 --no-plot ";
    Result cpu = run(args + "-o '" + path("cpu") + "'");
    Result gpu = run(args + "--backend cuda -o '" + path("gpu") + "'");
    ASSERT_EQ(cpu.rc, 0) << cpu.err;
    ASSERT_EQ(gpu.rc, 0) << gpu.err;
    auto a = read_csv(path("cpu") + "/realizations.csv");
    auto b = read_csv(path("gpu") + "/realizations.csv");
    ASSERT_EQ(a.size(), 12u);
    ASSERT_EQ(b.size(), a.size());
    EXPECT_EQ(lines(slurp(path("gpu") + "/realizations.csv"))[0], lines(slurp(path("cpu") + "/realizations.csv"))[0])
        << "the same columns";
    for (size_t r = 0; r < a.size(); ++r) {
        for (const char *col : {"realization", "status", "n_active"})
            EXPECT_EQ(b[r][col], a[r][col]) << "row " << r << " " << col;
        EXPECT_LE(rel_diff(std::stod(b[r]["ratio"]), std::stod(a[r]["ratio"])), 1e-9) << "row " << r;
    }
}

// Given instances (an HDF5 file of the generated ones, gains scaled) on the
// GPU: otmec_solve_instances behind --instances, and their allocations.
TEST_F(CudaCli, MonteCarloGivenInstancesMatchesCpu)
{
#if !OTMEC_HAVE_HDF5
    GTEST_SKIP() << "built without HDF5: --instances is not tested";
#else
    const size_t R = 12, N = 5;
    std::vector<double> h, g, D;
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = N;
    for (size_t r = 0; r < R; ++r) {
        otmec_instance *inst = nullptr;
        ASSERT_EQ(otmec_generate(&sc, 3, r, &inst, nullptr, 0), OTMEC_OK);
        for (size_t n = 0; n < N; ++n) {
            h.push_back(otmec_instance_h(inst)[n] * (0.6 + 0.1 * (double)n));
            g.push_back(otmec_instance_g(inst)[n]);
            D.push_back(otmec_instance_D(inst)[n]);
        }
        otmec_instance_free(inst);
    }
    hid_t file = H5Fcreate(path("in.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    ASSERT_TRUE(h5_write(file, "h", { R, N }, h) && h5_write(file, "g", { R, N }, g) && h5_write(file, "D", { R, N }, D));
    H5Fclose(file);
    const std::string args = "mc --instances '" + path("in.h5") + "' --no-plot --save-allocations ";
    Result cpu = run(args + "-o '" + path("cpu") + "'");
    Result gpu = run(args + "--backend cuda --batch 5 -o '" + path("gpu") + "'");
    ASSERT_EQ(cpu.rc, 0) << cpu.err;
    ASSERT_EQ(gpu.rc, 0) << gpu.err;
    auto a = read_csv(path("cpu") + "/realizations.csv");
    auto b = read_csv(path("gpu") + "/realizations.csv");
    ASSERT_EQ(a.size(), R);
    ASSERT_EQ(b.size(), a.size());
    for (size_t r = 0; r < a.size(); ++r) {
        for (const char *col : { "realization", "status", "n_active" })
            EXPECT_EQ(b[r][col], a[r][col]) << "row " << r << " " << col;
        EXPECT_LE(rel_diff(std::stod(b[r]["ratio"]), std::stod(a[r]["ratio"])), 1e-9) << "row " << r;
    }
    std::vector<hsize_t> da, db;
    std::vector<double> fa = h5_read(path("cpu/allocations.h5"), "joint/fL", &da),
                        fb = h5_read(path("gpu/allocations.h5"), "joint/fL", &db);
    ASSERT_EQ(da, (std::vector<hsize_t>{ R, N }));
    ASSERT_EQ(db, da);
    // the GPU's allocation may differ where the optimum is not unique: each
    // fL within its bounds, and the file's ratios those of the CSV
    otmec_params prm;
    otmec_params_default(&prm);
    for (size_t k = 0; k < fb.size(); ++k)
        EXPECT_TRUE(fb[k] >= 0 && fb[k] <= prm.F_L_Hz) << "fL[" << k / N << "][" << k % N << "] = " << fb[k];
    std::vector<double> ratio = h5_read(path("gpu/allocations.h5"), "joint/ratio", &db);
    ASSERT_EQ(ratio.size(), R);
    for (size_t r = 0; r < R; ++r)
        EXPECT_EQ(ratio[r], std::stod(b[r]["ratio"])) << "row " << r;
#endif
}

} // namespace
