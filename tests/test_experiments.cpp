// Experiments through the otmec tool: solve --method, mc --compare with its
// statistics, the 1/sqrt(R) confidence interval, resume after SIGKILL,
// sweep, and the figures (or a clear message when gnuplot is missing).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gtest/gtest.h>

#include <cjson/cJSON.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern "C" {
#include "otmec.h"
}

#include "cli_runner.h"

namespace {

cJSON *parse_json(const std::string &text)
{
    return cJSON_Parse(text.c_str());
}

const cJSON *at(const cJSON *o, std::initializer_list<const char *> keys)
{
    for (const char *k : keys)
        o = o ? cJSON_GetObjectItemCaseSensitive(o, k) : nullptr;
    return o;
}

double num(const cJSON *o, std::initializer_list<const char *> keys)
{
    const cJSON *x = at(o, keys);
    return x && cJSON_IsNumber(x) ? x->valuedouble : NAN;
}

bool is_png(const std::string &path)
{
    return slurp(path).rfind("\x89PNG\r\n\x1a\n", 0) == 0;
}

bool have_gnuplot()
{
    return std::system("command -v gnuplot >/dev/null 2>&1") == 0;
}

const char *const kAll[] = { "proposed-paper", "proposed-joint", "proposed",   "equal",
                             "fixed-phi",      "no-secrecy",     "energy-only", "delay-only" };

class Experiments : public CliRunner {};

TEST_F(Experiments, SolveMethodWritesTheMethod)
{
    const std::string p1 = std::string(OTMEC_TEST_DATA_DIR) + "/examples/p1.json";
    const struct {
        const char *label, *method, *algorithm;
    } cases[] = {
        { "proposed", "proposed", "joint" },         { "proposed-paper", "proposed", "paper" },
        { "proposed-joint", "proposed", "joint" },   { "equal", "equal", "joint" },
        { "fixed-phi", "fixed-phi", "joint" },       { "no-secrecy", "no-secrecy", "joint" },
        { "energy-only", "energy-only", "joint" },   { "delay-only", "delay-only", "joint" },
    };
    double proposed_ratio = 0, joint_ratio = 0;
    for (const auto &c : cases) {
        Result r = run("solve '" + p1 + "' --method " + c.label);
        ASSERT_EQ(r.rc, 0) << c.label << ": " << r.err;
        cJSON *sol = parse_json(r.out);
        ASSERT_NE(sol, nullptr) << c.label;
        EXPECT_STREQ(at(sol, { "method" })->valuestring, c.method) << c.label;
        EXPECT_STREQ(at(sol, { "algorithm" })->valuestring, c.algorithm) << c.label;
        EXPECT_STREQ(at(sol, { "format" })->valuestring, "otmec-solution-1");
        const cJSON *leak = at(sol, { "owners_leaking" });
        if (std::string(c.label) == "no-secrecy")
            EXPECT_TRUE(cJSON_IsNumber(leak)) << r.out;
        else
            EXPECT_EQ(leak, nullptr) << c.label;
        if (std::string(c.label) == "proposed")
            proposed_ratio = num(sol, { "ratio" });
        if (std::string(c.label) == "proposed-joint") {
            joint_ratio = num(sol, { "ratio" });
            EXPECT_EQ(num(sol, { "iterations", "refine" }), 0.0);
        }
        cJSON_Delete(sol);
    }
    // the refinement helps on P1 (ratio_best_known 0.09865 vs joint AO 0.098139)
    EXPECT_GT(proposed_ratio, joint_ratio);
    // Same as without --method.
    Result plain = run("solve '" + p1 + "'"), method = run("solve '" + p1 + "' --method proposed");
    EXPECT_EQ(plain.out, method.out);

    Result r = run("solve '" + p1 + "' --method best");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "--method: expected one of proposed-paper")) << r.err;
    r = run("solve '" + p1 + "' --method proposed-paper --algorithm joint");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "drop --algorithm joint")) << r.err;
    r = run("solve --help");
    EXPECT_TRUE(contains(r.out, "--method M")) << r.out;
}

TEST_F(Experiments, CompareAllRowsSummaryAndSolveAgree)
{
    std::string out = path("run");
    Result r = run("mc --owners 5 --realizations 4 --seed 2 --compare all --no-plot -o '" + out + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_FALSE(exists(out + "/methods.gp"));
    auto rows = read_csv(out + "/realizations.csv");
    ASSERT_EQ(rows.size(), 32u);
    for (size_t k = 0; k < rows.size(); ++k) {
        EXPECT_EQ(rows[k]["realization"], std::to_string(k / 8));
        EXPECT_EQ(rows[k]["method"], kAll[k % 8]);
        EXPECT_FALSE(rows[k]["n_leaking"].empty());
    }
    std::vector<std::string> cfg_methods;
    cJSON *config = parse_json(slurp(out + "/config.json"));
    ASSERT_NE(config, nullptr);
    const cJSON *m;
    cJSON_ArrayForEach(m, at(config, { "methods" })) cfg_methods.push_back(m->valuestring);
    cJSON_Delete(config);
    EXPECT_EQ(cfg_methods, std::vector<std::string>(std::begin(kAll), std::end(kAll)));

    // Each row is what solve --method gives for the generated instance.
    for (int real = 0; real < 4; ++real) {
        std::string inst = path("i" + std::to_string(real) + ".json");
        ASSERT_EQ(run("generate --owners 5 --seed 2 --stream " + std::to_string(real) + " -o '" + inst + "'").rc, 0);
        for (int k = 0; k < 8; ++k) {
            auto &row = rows[(size_t)(real * 8 + k)];
            Result s = run("solve '" + inst + "' --method " + kAll[k]);
            ASSERT_EQ(s.rc, 0) << s.err;
            cJSON *sol = parse_json(s.out);
            ASSERT_NE(sol, nullptr);
            EXPECT_EQ(row["status"], at(sol, { "status" })->valuestring) << kAll[k];
            if (!row["ratio"].empty()) {
                EXPECT_EQ(std::strtod(row["ratio"].c_str(), nullptr), num(sol, { "ratio" })) << kAll[k];
                EXPECT_EQ(std::strtod(row["time_s"].c_str(), nullptr), num(sol, { "time_s" })) << kAll[k];
            }
            if (std::string(kAll[k]) == "no-secrecy" && at(sol, { "owners_leaking" }) != nullptr) {
                EXPECT_EQ(std::strtod(row["n_leaking"].c_str(), nullptr), num(sol, { "owners_leaking" }));
            }
            cJSON_Delete(sol);
        }
    }

    // summary.json: every statistic of every method, recomputed from the CSV.
    cJSON *summary = parse_json(slurp(out + "/summary.json"));
    ASSERT_NE(summary, nullptr);
    EXPECT_STREQ(at(summary, { "reference" })->valuestring, "proposed");
    std::map<std::string, double> prop_ratio;
    for (auto &row : rows)
        if (row["method"] == "proposed" && !row["ratio"].empty())
            prop_ratio[row["realization"]] = std::strtod(row["ratio"].c_str(), nullptr);
    for (const char *label : kAll) {
        const cJSON *s = at(summary, { "methods", label });
        ASSERT_NE(s, nullptr) << label;
        std::vector<double> x, rel;
        double outage = 0, dropped = 0, leaking = 0, active = 0, infeasible = 0, count = 0;
        for (auto &row : rows) {
            if (row["method"] != label)
                continue;
            ++count;
            outage += std::strtod(row["n_outage"].c_str(), nullptr);
            dropped += std::strtod(row["n_dropped"].c_str(), nullptr);
            infeasible += row["status"] == "INFEASIBLE";
            if (row["ratio"].empty())
                continue;
            x.push_back(std::strtod(row["ratio"].c_str(), nullptr));
            leaking += std::strtod(row["n_leaking"].c_str(), nullptr);
            active += std::strtod(row["n_active"].c_str(), nullptr);
            if (prop_ratio.count(row["realization"]))
                rel.push_back(x.back() / prop_ratio[row["realization"]] - 1);
        }
        EXPECT_EQ(num(s, { "count" }), count) << label;
        EXPECT_DOUBLE_EQ(num(s, { "infeasible_fraction" }), infeasible / count) << label;
        EXPECT_DOUBLE_EQ(num(s, { "secrecy_outage_probability" }), outage / (5 * count)) << label;
        EXPECT_DOUBLE_EQ(num(s, { "dropped_fraction" }), dropped / (5 * count)) << label;
        if (active > 0) {
            EXPECT_DOUBLE_EQ(num(s, { "leaking_fraction" }), leaking / active) << label;
        }
        double mean = 0, var = 0;
        for (double v : x)
            mean += v / (double)x.size();
        for (double v : x)
            var += (v - mean) * (v - mean) / (double)(x.size() - 1);
        ASSERT_GE(x.size(), 2u) << label;
        EXPECT_NEAR(num(s, { "ratio", "mean" }), mean, 1e-14) << label;
        EXPECT_NEAR(num(s, { "ratio", "std" }), std::sqrt(var), 1e-12) << label;
        double half = 1.96 * std::sqrt(var / (double)x.size());
        EXPECT_NEAR(num(s, { "ratio", "ci95_half_width" }), half, 1e-12) << label;
        const cJSON *ci = at(s, { "ratio", "ci95" });
        ASSERT_EQ(cJSON_GetArraySize(ci), 2);
        EXPECT_NEAR(cJSON_GetArrayItem(ci, 0)->valuedouble, mean - half, 1e-12);
        EXPECT_NEAR(cJSON_GetArrayItem(ci, 1)->valuedouble, mean + half, 1e-12);
        for (const char *q : { "utility", "consumption", "energy_J", "time_s" })
            EXPECT_TRUE(cJSON_IsNumber(at(s, { q, "ci95_half_width" }))) << label << " " << q;
        if (std::string(label) == "proposed") {
            EXPECT_EQ(at(s, { "relative_to_reference" }), nullptr);
        } else {
            double rm = 0;
            for (double v : rel)
                rm += v / (double)rel.size();
            EXPECT_NEAR(num(s, { "relative_to_reference", "ratio", "mean" }), rm, 1e-12) << label;
            EXPECT_EQ(num(s, { "relative_to_reference", "ratio", "n" }), (double)rel.size()) << label;
        }
    }
    cJSON_Delete(summary);
}

// 95% CI half-width = 1.96 std / sqrt(n): four times the realizations halve
// it. The sample std changes a little between 50 and 200 rows, so the ratio
// is near 2, far from 1 (no sqrt(n)) and 4 (1/n).
TEST_F(Experiments, ConfidenceIntervalShrinksLikeOneOverSqrtR)
{
    std::string out = path("run");
    const std::string args = "mc --owners 6 --seed 11 --compare proposed-paper --no-plot -o '" + out + "'";
    ASSERT_EQ(run(args + " --realizations 50").rc, 0);
    cJSON *s50 = parse_json(slurp(out + "/summary.json"));
    Result r = run(args + " --realizations 200 --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    cJSON *s200 = parse_json(slurp(out + "/summary.json"));
    ASSERT_NE(s50, nullptr);
    ASSERT_NE(s200, nullptr);
    for (const char *q : { "ratio", "energy_J", "time_s" }) {
        double n50 = num(s50, { "methods", "proposed-paper", q, "n" }),
               n200 = num(s200, { "methods", "proposed-paper", q, "n" });
        double h50 = num(s50, { "methods", "proposed-paper", q, "ci95_half_width" }),
               h200 = num(s200, { "methods", "proposed-paper", q, "ci95_half_width" });
        double sd50 = num(s50, { "methods", "proposed-paper", q, "std" }),
               sd200 = num(s200, { "methods", "proposed-paper", q, "std" });
        EXPECT_GE(n50, 48);
        EXPECT_GE(n200, 4 * n50 - 8);
        EXPECT_NEAR(h50, 1.96 * sd50 / std::sqrt(n50), 1e-12 * h50);
        EXPECT_NEAR(h200, 1.96 * sd200 / std::sqrt(n200), 1e-12 * h200);
        double ratio = h50 / h200;
        EXPECT_GT(ratio, 1.6) << q;
        EXPECT_LT(ratio, 2.5) << q;
        // and the part that is not sampling noise is exactly sqrt(n200/n50)
        EXPECT_NEAR(ratio * sd200 / sd50, std::sqrt(n200 / n50), 1e-9) << q;
    }
    cJSON_Delete(s50);
    cJSON_Delete(s200);
}

size_t count_lines(const std::string &path)
{
    return count_newlines(slurp(path));
}

// The batch path (what --backend cuda runs, here on the CPU backend) writes
// the rows the per-realization workers write, byte for byte, also when a
// resumed run starts in the middle of a batch.
TEST_F(Experiments, BatchesGiveTheSameRows)
{
    const std::string common = "mc --owners 6 --realizations 30 --seed 8 --compare proposed,proposed-paper,equal "
                               "--no-plot -o '";
    Result r = run(common + path("plain") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    r = run(common + path("batch") + "' --batch 7 --threads 2");
    ASSERT_EQ(r.rc, 0) << r.err;
    std::string reference = slurp(path("plain") + "/realizations.csv");
    EXPECT_EQ(count_lines(path("plain") + "/realizations.csv"), 1u + 3 * 30);
    EXPECT_EQ(slurp(path("batch") + "/realizations.csv"), reference);

    // resume with batches from a run cut after 11 realizations
    r = run("mc --owners 6 --realizations 11 --seed 8 --compare proposed,proposed-paper,equal --no-plot -o '" +
            path("resumed") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    r = run(common + path("resumed") + "' --batch 4 --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(path("resumed") + "/realizations.csv"), reference);

    r = run(common + path("bad") + "' --batch 0");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "--batch")) << r.err;
}

TEST_F(Experiments, ResumeAfterSigkillGivesTheSameCsv)
{
    const std::vector<std::string> base = { "mc",        "--owners", "6",   "--realizations", "120", "--seed", "5",
                                            "--compare", "proposed,fixed-phi,equal", "--no-plot" };
    // uninterrupted
    std::string full = path("full"), cut = path("cut");
    {
        std::vector<std::string> a = base;
        a.insert(a.end(), { "-o", full });
        pid_t pid = spawn_cli(a, path("full.log"), path("full.log"));
        int st = 0;
        ASSERT_EQ(waitpid(pid, &st, 0), pid);
        ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << slurp(path("full.log"));
    }
    std::string reference = slurp(full + "/realizations.csv");
    ASSERT_EQ(count_lines(full + "/realizations.csv"), 1u + 3 * 120);

    // killed part way (two threads, so rows wait in the reorder window too)
    std::vector<std::string> a = base;
    a.insert(a.end(), { "--threads", "2", "-o", cut });
    pid_t pid = spawn_cli(a, path("cut.log"), path("cut.log"));
    auto t0 = std::chrono::steady_clock::now();
    while (count_lines(cut + "/realizations.csv") < 40 &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60))
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int st = 0;
    ASSERT_EQ(waitpid(pid, &st, 0), pid);
    size_t kept = count_lines(cut + "/realizations.csv");
    EXPECT_TRUE(WIFSIGNALED(st)) << "the run finished before the kill";
    EXPECT_LT(kept, 1u + 3 * 120) << "the run finished before the kill";
    EXPECT_EQ(reference.compare(0, slurp(cut + "/realizations.csv").size(), slurp(cut + "/realizations.csv")), 0)
        << "what a killed run leaves is a prefix of the full CSV";

    Result r = run("mc --owners 6 --realizations 120 --seed 5 --compare proposed,fixed-phi,equal --no-plot -o '" +
                   cut + "' --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(cut + "/realizations.csv"), reference);
    cJSON *summary = parse_json(slurp(cut + "/summary.json"));
    ASSERT_NE(summary, nullptr);
    EXPECT_EQ(num(summary, { "rows" }), 360.0);
    EXPECT_LT(num(summary, { "timing", "rows_solved" }), 360.0) << "resume redid completed rows";
    cJSON_Delete(summary);
}

TEST_F(Experiments, SweepWritesOneRunPerValueTheCsvAndTheFigures)
{
    std::string out = path("sweep");
    const std::string args = "sweep --param B --values 1e7,2e7,3e7 --realizations 4 --seed 3 --compare "
                             "proposed,equal,no-secrecy -o '" + out + "'";
    Result r = run(args);
    ASSERT_EQ(r.rc, 0) << r.err;
    auto rows = read_csv(out + "/sweep.csv");
    ASSERT_EQ(rows.size(), 9u);
    const char *values[] = { "1e7", "2e7", "3e7" };
    const char *methods[] = { "proposed", "equal", "no-secrecy" };
    for (int v = 0; v < 3; ++v) {
        std::string sub = out + "/B=" + values[v];
        ASSERT_TRUE(exists(sub + "/realizations.csv")) << sub;
        cJSON *config = parse_json(slurp(sub + "/config.json"));
        ASSERT_NE(config, nullptr);
        EXPECT_EQ(num(config, { "scenario", "B_Hz" }), std::strtod(values[v], nullptr));
        cJSON_Delete(config);
        cJSON *summary = parse_json(slurp(sub + "/summary.json"));
        ASSERT_NE(summary, nullptr);
        for (int m = 0; m < 3; ++m) {
            auto &row = rows[(size_t)(3 * v + m)];
            EXPECT_EQ(row["param"], "B");
            EXPECT_EQ(row["value"], values[v]);
            EXPECT_EQ(row["method"], methods[m]);
            EXPECT_EQ(row["count"], "4");
            double mean = num(summary, { "methods", methods[m], "ratio", "mean" });
            double half = num(summary, { "methods", methods[m], "ratio", "ci95_half_width" });
            if (std::isfinite(mean)) {
                EXPECT_NEAR(std::strtod(row["ratio_mean"].c_str(), nullptr), mean, 1e-9 * mean);
                EXPECT_NEAR(std::strtod(row["ratio_ci95_half"].c_str(), nullptr), half, 1e-9 * half);
            }
            EXPECT_NEAR(std::strtod(row["time_s_mean"].c_str(), nullptr),
                        num(summary, { "methods", methods[m], "time_s", "mean" }), 1e-6);
            if (m > 0) {
                EXPECT_FALSE(row["ratio_rel_mean"].empty()) << row["method"];
            }
        }
        cJSON_Delete(summary);
    }
    EXPECT_TRUE(exists(out + "/plot.gp"));
    if (have_gnuplot()) {
        for (const char *png : { "ratio.png", "energy.png", "delay.png" })
            EXPECT_TRUE(is_png(out + "/" + png)) << png << ": " << r.err << slurp(out + "/plot.gp.log");
    } else {
        EXPECT_TRUE(contains(r.err, "gnuplot not found")) << r.err;
    }
    std::string gp = slurp(out + "/plot.gp");
    EXPECT_TRUE(contains(gp, "set xlabel \"total uplink bandwidth B [MHz]\"")) << gp;
    EXPECT_TRUE(contains(gp, "title \"no-secrecy\"")) << gp;
    EXPECT_TRUE(contains(gp, "yerrorlines")) << gp;

    // Not overwritten without --resume; resumed, nothing changes.
    std::string before = slurp(out + "/sweep.csv");
    r = run(args);
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "--resume")) << r.err;
    r = run(args + " --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(out + "/sweep.csv"), before);
    // A longer sweep continues: the finished values are kept.
    std::string rows_1e7 = slurp(out + "/B=1e7/realizations.csv");
    r = run("sweep --param B --values 1e7,2e7,3e7,4e7 --realizations 4 --seed 3 --compare "
            "proposed,equal,no-secrecy --no-plot --resume -o '" + out + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(read_csv(out + "/sweep.csv").size(), 12u);
    EXPECT_EQ(slurp(out + "/B=1e7/realizations.csv"), rows_1e7);
}

TEST_F(Experiments, SweepParametersReachTheScenario)
{
    const struct {
        const char *param, *value, *key;
        double want;
        int index;
    } cases[] = {
        { "N", "3", "owners", 3, -1 },
        { "p_max", "0.1", "p_max_W", 0.1, -1 },
        { "R_min", "5e5", "R_min_bps", 5e5, -1 },
        { "w_e", "0.25", "w_e", 0.25, -1 },
        { "w_e", "0.25", "w_t", 0.75, -1 },
        { "eve_x", "400", "eve_xy_m", 400, 0 },
        { "F_L", "1e10", "F_L_Hz", 1e10, -1 },
    };
    for (const auto &c : cases) {
        std::string out = path(std::string("s_") + c.param + "_" + c.key);
        Result r = run(std::string("sweep --param ") + c.param + " --values " + c.value +
                       " --realizations 2 --seed 1 --no-plot -o '" + out + "'");
        ASSERT_EQ(r.rc, 0) << c.param << ": " << r.err;
        cJSON *config = parse_json(slurp(out + "/" + c.param + "=" + c.value + "/config.json"));
        ASSERT_NE(config, nullptr) << c.param;
        const cJSON *x = std::string(c.key) == "owners" ? at(config, { "owners" }) : at(config, { "scenario", c.key });
        if (c.index >= 0)
            x = cJSON_GetArrayItem(x, c.index);
        ASSERT_NE(x, nullptr) << c.param;
        EXPECT_EQ(x->valuedouble, c.want) << c.param << " " << c.key;
        cJSON_Delete(config);
    }
}

TEST_F(Experiments, SweepBadUsage)
{
    const struct {
        std::string args, message;
    } cases[] = {
        { "sweep --values 1,2 --realizations 2 --seed 1", "missing --param NAME" },
        { "sweep --param B --realizations 2 --seed 1", "missing --values" },
        { "sweep --param Q --values 1 --realizations 2 --seed 1", "--param: unknown parameter 'Q'" },
        { "sweep --param B --values 1e7,x --realizations 2 --seed 1", "--values: 'x' is not a number" },
        { "sweep --param B --values 1e7,1e7 --realizations 2 --seed 1", "listed twice" },
        { "sweep --param B --values -5 --realizations 2 --seed 1", "--values: B=-5: " },
        { "sweep --param N --values 2.5 --realizations 2 --seed 1", "expected a whole number" },
        { "sweep --param N --values 2 --owners 3 --realizations 2 --seed 1", "give one" },
        { "sweep --param w_e --values 1.5 --realizations 2 --seed 1", "w_e=1.5: must be in [0, 1]" },
        { "sweep --param B --values 1e7 --seed 1", "missing --realizations R" },
        { "sweep --param B --values 1e7 --realizations 2 --seed 1 --compare proposed,bogus", "unknown method 'bogus'" },
        { "mc --owners 2 --realizations 2 --seed 1 --compare all --algorithm joint", "give one" },
        { "mc --owners 2 --realizations 2 --seed 1 --compare proposed,proposed", "'proposed' listed twice" },
    };
    for (const auto &c : cases) {
        Result r = run(c.args + " -o '" + path("out") + "'");
        EXPECT_EQ(r.rc, 2) << c.args;
        EXPECT_TRUE(contains(r.err, c.message)) << c.args << ": " << r.err;
    }
    Result r = run("sweep --help");
    EXPECT_EQ(r.rc, 0);
    EXPECT_TRUE(contains(r.out, "Options:") && contains(r.out, "Example:") && contains(r.out, "Default")) << r.out;
    EXPECT_EQ(run("help sweep").out, r.out);
}

TEST_F(Experiments, McDrawsTheMethodsFigureOrSaysGnuplotIsMissing)
{
    std::string out = path("run");
    Result r = run("mc --owners 4 --realizations 3 --seed 1 --compare proposed,equal,delay-only -o '" + out + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    std::string gp = slurp(out + "/methods.gp");
    EXPECT_TRUE(contains(gp, "\"delay-only\"")) << gp;
    EXPECT_TRUE(contains(gp, "delay T  [s]")) << gp;
    if (have_gnuplot()) {
        EXPECT_TRUE(is_png(out + "/methods.png")) << r.err << slurp(out + "/methods.gp.log");
    }

    // Without gnuplot: the CSV, the summary and the script, and a clear note.
    std::string out2 = path("run2");
    r = run("mc --owners 4 --realizations 3 --seed 1 --compare proposed,equal -o '" + out2 + "'",
            "OTMEC_GNUPLOT=/nonexistent/gnuplot");
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "gnuplot not found")) << r.err;
    EXPECT_TRUE(contains(r.err, "gnuplot-nox")) << r.err;
    EXPECT_TRUE(exists(out2 + "/methods.gp"));
    EXPECT_FALSE(exists(out2 + "/methods.png"));
    EXPECT_EQ(read_csv(out2 + "/realizations.csv").size(), 6u);
    EXPECT_TRUE(exists(out2 + "/summary.json"));

    // A gnuplot that fails is an error that points at its log.
    std::string out3 = path("run3");
    r = run("mc --owners 4 --realizations 2 --seed 1 -o '" + out3 + "'", "OTMEC_GNUPLOT=/bin/false");
    EXPECT_EQ(r.rc, 1);
    EXPECT_TRUE(contains(r.err, "methods.gp.log")) << r.err;
}

} // namespace
