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

} // namespace
