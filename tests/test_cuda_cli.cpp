// The tool on the CUDA backend: `otmec solve` and `otmec mc` with --backend
// cuda give what --backend cpu gives (status, owners admitted, ratio within
// 1e-9). The cases skip without a device (and fail in the emulation build).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <cjson/cJSON.h>

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

double rel(double a, double b)
{
    double s = std::max(std::fabs(a), std::fabs(b));
    return s > 0.0 ? std::fabs(a - b) / s : 0.0;
}

std::vector<std::vector<std::string>> csv_rows(const std::string &text)
{
    std::vector<std::vector<std::string>> rows;
    std::stringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream l(line);
        std::string cell;
        while (std::getline(l, cell, ','))
            cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

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
    EXPECT_LE(rel(rb, ra), 1e-9) << rb << " vs " << ra;
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
    auto a = csv_rows(slurp(path("cpu") + "/realizations.csv"));
    auto b = csv_rows(slurp(path("gpu") + "/realizations.csv"));
    ASSERT_EQ(a.size(), 13u);
    ASSERT_EQ(b.size(), a.size());
    ASSERT_EQ(b[0], a[0]); // the same columns
    size_t status = 0, active = 0, ratio = 0;
    for (size_t k = 0; k < a[0].size(); ++k) {
        status = a[0][k] == "status" ? k : status;
        active = a[0][k] == "n_active" ? k : active;
        ratio = a[0][k] == "ratio" ? k : ratio;
    }
    ASSERT_TRUE(status && active && ratio);
    for (size_t r = 1; r < a.size(); ++r) {
        EXPECT_EQ(b[r][0], a[r][0]);
        EXPECT_EQ(b[r][status], a[r][status]) << "row " << r;
        EXPECT_EQ(b[r][active], a[r][active]) << "row " << r;
        EXPECT_LE(rel(std::stod(b[r][ratio]), std::stod(a[r][ratio])), 1e-9) << "row " << r;
    }
}

} // namespace
