// The otmec tool as a user runs it: exit codes, messages that name the file,
// key or flag, and deterministic, resumable output.
#include <unistd.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cjson/cJSON.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "otmec.h"
}

#include "cli_runner.h"
#include "two_owner_instance.h"

namespace {

class Cli : public CliRunner {};

TEST_F(Cli, HelpAndVersion)
{
    Result r = run("--help");
    EXPECT_EQ(r.rc, 0);
    EXPECT_TRUE(contains(r.out, "Usage")) << r.out;
    r = run("--version");
    EXPECT_EQ(r.rc, 0);
    // The version, then whether the CUDA backend can run here and why not.
    EXPECT_EQ(r.out.rfind(std::string("otmec ") + OTMEC_VERSION_STRING + "\nCUDA backend: ", 0), 0u) << r.out;
    EXPECT_EQ(count_newlines(r.out), 2u) << r.out;
    for (const char *cmd : { "solve", "generate", "mc" }) {
        r = run(std::string(cmd) + " --help");
        EXPECT_EQ(r.rc, 0) << cmd;
        EXPECT_TRUE(contains(r.out, "Options:") && contains(r.out, "Example:") && contains(r.out, "Default"))
            << r.out;
        EXPECT_EQ(run(std::string("help ") + cmd).out, r.out) << cmd;
    }
    for (const char *cmd : { "sweep", "debug-sp2" }) {
        r = run(std::string(cmd) + " --help");
        EXPECT_EQ(r.rc, 0) << cmd;
        EXPECT_TRUE(contains(r.out, "Usage")) << r.out;
        EXPECT_EQ(run(std::string("help ") + cmd).out, r.out) << cmd;
    }
    // 'otmec help' lists every command, and so does the unknown-command error.
    const std::string overview = run("help").out;
    for (const char *cmd : { "solve", "generate", "mc", "sweep", "debug-sp2" }) {
        EXPECT_TRUE(contains(overview, std::string("  otmec ") + cmd + " ")) << cmd << ": " << overview;
        EXPECT_TRUE(contains(run("frobnicate").err, cmd)) << cmd;
    }
    // The method help comes from the library's table: every baseline with
    // its description.
    const std::string solve_help = run("solve --help").out;
    for (int m = 0; m < OTMEC_METHOD_COUNT; ++m)
        EXPECT_TRUE(contains(solve_help, otmec_method_name((otmec_method)m))) << m;
    r = run("");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "Usage")) << r.err;
    r = run("frobnicate");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "unknown command 'frobnicate'")) << r.err;
}

TEST_F(Cli, SolveBadInputNamesFileAndKey)
{
    const struct {
        const char *what;
        std::string text;
        const char *key;
    } cases[] = {
        { "missing key", replaced(kTwoOwnerInstance, "\"B_Hz\": 2e7, ", ""), "params.B_Hz: missing" },
        { "wrong type", replaced(kTwoOwnerInstance, "\"p_max_W\": 0.2", "\"p_max_W\": [0.2]"),
          "params.p_max_W: expected a number, got an array" },
        { "NaN string", replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "[\"NaN\", 5e-10]"), "owners.h[0]: expected a number" },
        { "NaN literal", replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "[NaN, 5e-10]"), "not valid JSON near line 11" },
        { "huge number", replaced(kTwoOwnerInstance, "\"zeta\": 20", "\"zeta\": 1e999"), "params.zeta: must be a finite number" },
        { "negative bandwidth", replaced(kTwoOwnerInstance, "\"B_Hz\": 2e7", "\"B_Hz\": -1"),
          "params.B_Hz: must be finite and > 0 (got -1)" },
        { "N = 0", replaced(replaced(replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "[]"), "[3.4e-12, 1e-11]", "[]"),
                            "[750, 600]", "[]"),
          "owners.h: must hold at least one owner" },
        { "mismatched lengths", replaced(kTwoOwnerInstance, "[750, 600]", "[750]"),
          "owners.D: length 1 differs from owners.h length 2" },
        { "not JSON", "hello, world", "not valid JSON near line 1, column 1" },
    };
    for (const auto &c : cases) {
        std::string file = path("bad.json");
        spit(file, c.text);
        Result r = run("solve '" + file + "'");
        EXPECT_EQ(r.rc, 2) << c.what << ": " << r.err;
        EXPECT_TRUE(contains(r.err, file + ": " + c.key)) << c.what << ": " << r.err;
        EXPECT_EQ(r.out, "") << c.what;
    }
    Result r = run("solve '" + path("absent.json") + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, path("absent.json") + ": cannot open")) << r.err;
}

TEST_F(Cli, SolveBadFlags)
{
    std::string file = path("ok.json");
    spit(file, kTwoOwnerInstance);
    const struct {
        std::string args;
        std::string message;
    } cases[] = {
        { "solve " + file + " --algorithm fancy", "--algorithm: expected 'paper' or 'joint', got 'fancy'" },
        { "solve " + file + " --backend gpu", "--backend: expected 'cpu' or 'cuda', got 'gpu'" },
        { "solve " + file + " --sp2 newton", "--sp2: expected 'exact' or 'sca'" },
        { "solve " + file + " --admission all", "--admission: expected 'none' or 'greedy'" },
        { "solve " + file + " --fast", "unknown option '--fast'" },
        { "solve " + file + " --algorithm", "option --algorithm needs a value" },
        { "solve", "missing INSTANCE.json" },
        { "solve " + file + " " + file, "one instance file at a time" },
        { "solve " + file + " -o " + path("no/such/dir/sol.json"), "-o " + path("no/such/dir/sol.json") },
    };
    for (const auto &c : cases) {
        Result r = run(c.args);
        EXPECT_EQ(r.rc, 2) << c.args;
        EXPECT_TRUE(contains(r.err, c.message)) << c.args << ": " << r.err;
    }
}

cJSON *parse_json(const std::string &text)
{
    cJSON *j = cJSON_Parse(text.c_str());
    EXPECT_NE(j, nullptr) << text.substr(0, 200);
    return j;
}

std::string json_string(const cJSON *o, const char *key)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(m) ? m->valuestring : "";
}

TEST_F(Cli, SolveExampleP1)
{
    std::string p1 = std::string(OTMEC_TEST_DATA_DIR) + "/examples/p1.json";
    Result r = run("solve '" + p1 + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    cJSON *sol = parse_json(r.out);
    ASSERT_NE(sol, nullptr);
    EXPECT_EQ(json_string(sol, "format"), "otmec-solution-1");
    EXPECT_EQ(json_string(sol, "status"), "OPTIMAL");
    EXPECT_EQ(json_string(sol, "algorithm"), "joint");
    double ratio = cJSON_GetObjectItemCaseSensitive(sol, "ratio")->valuedouble;
    EXPECT_GT(ratio, 0.0986);
    cJSON_Delete(sol);

    // -o FILE, the paper algorithm, and '-' for standard input.
    r = run("solve - --algorithm paper -o '" + path("sol.json") + "' < '" + p1 + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "");
    sol = parse_json(slurp(path("sol.json")));
    ASSERT_NE(sol, nullptr);
    EXPECT_EQ(json_string(sol, "algorithm"), "paper");
    EXPECT_LT(cJSON_GetObjectItemCaseSensitive(sol, "ratio")->valuedouble, ratio);
    cJSON_Delete(sol);
}

TEST_F(Cli, SolveInfeasibleStillWritesAndExitsZero)
{
    std::string text = replaced(replaced(kTwoOwnerInstance, "\"B_Hz\": 2e7", "\"B_Hz\": 3e5"), "[1.2e-9, 5e-10]",
                                "[2e-13, 2e-13]");
    text = replaced(text, "[3.4e-12, 1e-11]", "[1e-15, 1e-15]");
    spit(path("inf.json"), text);
    Result r = run("solve '" + path("inf.json") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    cJSON *sol = parse_json(r.out);
    ASSERT_NE(sol, nullptr);
    EXPECT_EQ(json_string(sol, "status"), "INFEASIBLE");
    EXPECT_FALSE(json_string(sol, "reason").empty());
    cJSON_Delete(sol);
}

TEST_F(Cli, CudaBackendWhenUnavailable)
{
    std::string p1 = std::string(OTMEC_TEST_DATA_DIR) + "/examples/p1.json";
    Result r = run("solve '" + p1 + "' --backend cuda");
    if (r.rc == 0)
        GTEST_SKIP() << "a CUDA device is available";
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "otmec solve: --backend cuda")) << r.err;
    EXPECT_EQ(r.err.find("--backend cuda", r.err.find("--backend cuda") + 1), std::string::npos) << r.err;
}

TEST_F(Cli, McCudaBackendWhenUnavailableWritesNothing)
{
    // a folder of this process: an emulation build's run of this test
    // (where the backend works) fills the folder of its own name
    std::string dir = ::testing::TempDir() + "otmec_mc_cuda_unavailable_" + std::to_string(getpid());
    std::remove((dir + "/config.json").c_str());
    std::remove(dir.c_str());
    Result r = run("mc --owners 5 --realizations 3 --seed 1 --backend cuda --no-plot -o '" + dir + "'");
    if (r.rc == 0)
        GTEST_SKIP() << "a CUDA device is available";
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_TRUE(contains(r.err, "otmec mc: --backend cuda")) << r.err;
    struct stat sb;
    EXPECT_NE(stat(dir.c_str(), &sb), 0) << dir << " was created";
}

TEST_F(Cli, GenerateIsDeterministicAndMatchesTheLibrary)
{
    Result a = run("generate --seed 12345 --stream 6 --owners 7");
    Result b = run("generate --owners=7 --stream=6 --seed=12345");
    ASSERT_EQ(a.rc, 0) << a.err;
    EXPECT_EQ(a.out, b.out);
    EXPECT_NE(a.out, run("generate --seed 12345 --stream 7 --owners 7").out);
    EXPECT_NE(a.out, run("generate --seed 12346 --stream 6 --owners 7").out);

    otmec_scenario s;
    otmec_scenario_default(&s);
    s.N = 7;
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    ASSERT_EQ(otmec_generate(&s, 12345, 6, &inst, msg, sizeof msg), OTMEC_OK);
    char *text = nullptr;
    ASSERT_EQ(otmec_instance_to_json(inst, &text), OTMEC_OK);
    EXPECT_EQ(a.out, std::string(text) + "\n");
    std::free(text);
    otmec_instance_free(inst);

    // Default stream is 0; the default scenario has 10 owners; -o writes a file.
    Result c = run("generate --seed 5 -o '" + path("inst.json") + "'");
    ASSERT_EQ(c.rc, 0) << c.err;
    EXPECT_EQ(slurp(path("inst.json")), run("generate --seed 5 --stream 0").out);
    cJSON *j = parse_json(slurp(path("inst.json")));
    ASSERT_NE(j, nullptr);
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "owners"), "h");
    EXPECT_EQ(cJSON_GetArraySize(h), 10);
    cJSON_Delete(j);
    // The instance solves.
    Result d = run("solve '" + path("inst.json") + "'");
    EXPECT_EQ(d.rc, 0) << d.err;
}

TEST_F(Cli, GenerateWithScenarioFile)
{
    spit(path("s.json"), R"({"N": 4, "radius_m": 100, "D_min": 10, "D_max": 10})");
    Result r = run("generate --scenario '" + path("s.json") + "' --seed 1");
    ASSERT_EQ(r.rc, 0) << r.err;
    cJSON *j = parse_json(r.out);
    ASSERT_NE(j, nullptr);
    const cJSON *D = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "owners"), "D");
    ASSERT_EQ(cJSON_GetArraySize(D), 4);
    EXPECT_EQ(cJSON_GetArrayItem(D, 3)->valuedouble, 10.0);
    cJSON_Delete(j);
    // The shipped default scenario is the built-in one.
    EXPECT_EQ(run("generate --seed 3 --scenario '" + std::string(OTMEC_TEST_DATA_DIR) + "/default.json'").out,
              run("generate --seed 3").out);
}

// Threads that share one realization's owners change no byte of the output:
// otmec solve --threads, and otmec mc with fewer realizations than threads.
TEST_F(Cli, ThreadsShareOwnersWithTheSameBytes)
{
    // 2,100 owners (three blocks), B and F_L per owner as in the default
    spit(path("s.json"), R"({"N": 2100, "B_Hz": 4.2e9, "F_L_Hz": 4.2e12})");
    ASSERT_EQ(run("generate --scenario '" + path("s.json") + "' --seed 1 -o '" + path("i.json") + "'").rc, 0);
    Result one = run("solve '" + path("i.json") + "' --threads 1");
    Result three = run("solve '" + path("i.json") + "' --threads 3");
    ASSERT_EQ(one.rc, 0) << one.err;
    ASSERT_EQ(three.rc, 0) << three.err;
    EXPECT_TRUE(contains(one.out, "\"status\":\t\"OPTIMAL\""));
    EXPECT_EQ(three.out, one.out);
    Result bad = run("solve '" + path("i.json") + "' --threads x");
    EXPECT_EQ(bad.rc, 2);
    EXPECT_TRUE(contains(bad.err, "--threads")) << bad.err;

    std::string common = "mc --scenario '" + path("s.json") + "' --realizations 1 --seed 1 --no-plot -o '";
    ASSERT_EQ(run(common + path("mc1") + "' --threads 1").rc, 0);
    ASSERT_EQ(run(common + path("mc3") + "' --threads 3").rc, 0);
    std::string rows = slurp(path("mc1") + "/realizations.csv");
    EXPECT_EQ(count_newlines(rows), 2u);
    EXPECT_EQ(slurp(path("mc3") + "/realizations.csv"), rows);
}

// --timing adds one line on stderr with the solve's own seconds and leaves
// the solution's bytes as they are.
TEST_F(Cli, SolveTimingOnStderrOnly)
{
    ASSERT_EQ(run("generate --owners 10 --seed 1 -o '" + path("i.json") + "'").rc, 0);
    Result plain = run("solve '" + path("i.json") + "'");
    Result timed = run("solve '" + path("i.json") + "' --timing");
    ASSERT_EQ(plain.rc, 0) << plain.err;
    ASSERT_EQ(timed.rc, 0) << timed.err;
    EXPECT_EQ(timed.out, plain.out);
    EXPECT_EQ(plain.err, "");
    double cpu = -1.0, wall = -1.0;
    ASSERT_EQ(std::sscanf(timed.err.c_str(), "otmec solve: timing: solve_cpu_s %lf solve_wall_s %lf", &cpu, &wall), 2)
        << timed.err;
    EXPECT_GT(cpu, 0.0);
    EXPECT_GT(wall, 0.0);
    EXPECT_LT(wall, 60.0);
    EXPECT_EQ(count_newlines(timed.err), 1u);
}

TEST_F(Cli, GenerateBadInput)
{
    spit(path("bad.json"), R"({"N": 4, "B_Hz": -5})");
    const struct {
        std::string args;
        std::string message;
    } cases[] = {
        { "generate", "missing --seed" },
        { "generate --seed -3", "--seed: expected a non-negative integer" },
        { "generate --seed 12abc", "--seed: expected a non-negative integer" },
        { "generate --seed 18446744073709551616", "--seed: expected a non-negative integer below 2^64" },
        { "generate --seed 1 --stream x", "--stream: expected" },
        { "generate --seed 1 --owners 0", "--owners: must be from 1" },
        { "generate --seed 1 --scenario '" + path("bad.json") + "'", path("bad.json") + ": B_Hz: must be" },
        { "generate --seed 1 --scenario '" + path("nope.json") + "'", path("nope.json") + ": cannot open" },
        { "generate --seed 1 --colour red", "unknown argument '--colour'" },
    };
    for (const auto &c : cases) {
        Result r = run(c.args);
        EXPECT_EQ(r.rc, 2) << c.args;
        EXPECT_TRUE(contains(r.err, c.message)) << c.args << ": " << r.err;
    }
    EXPECT_EQ(run("generate --seed 18446744073709551615").rc, 0);
}

TEST_F(Cli, MonteCarloRowsAreGenerateThenSolve)
{
    std::string out = path("run");
    Result r = run("mc --owners 6 --realizations 3 --seed 9 --algorithm paper,joint --no-plot -o '" + out + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.err, "") << "no progress output when stderr is not a terminal";
    std::vector<std::string> csv = lines(slurp(out + "/realizations.csv"));
    ASSERT_EQ(csv.size(), 7u);
    EXPECT_EQ(csv[0], "realization,method,status,n_active,n_outage,ratio,utility,consumption,energy_J,time_s,"
                      "kkt_residual,dinkelbach_iter,ao_iter,sca_iter,n_dropped,ipm_iter,refine_iter,n_leaking");
    EXPECT_EQ(csv[1].rfind("0,paper,", 0), 0u) << csv[1];
    EXPECT_EQ(csv[2].rfind("0,joint,", 0), 0u) << csv[2];
    EXPECT_EQ(csv[6].rfind("2,joint,", 0), 0u) << csv[6];

    // Row "2,joint" is what generate --stream 2 and solve give.
    ASSERT_EQ(run("generate --owners 6 --seed 9 --stream 2 -o '" + path("i2.json") + "'").rc, 0);
    Result s = run("solve '" + path("i2.json") + "'");
    ASSERT_EQ(s.rc, 0) << s.err;
    cJSON *sol = parse_json(s.out);
    ASSERT_NE(sol, nullptr);
    std::vector<std::string> f = fields(csv[6]);
    ASSERT_GE(f.size(), 11u);
    EXPECT_EQ(f[2], json_string(sol, "status"));
    EXPECT_EQ(std::strtod(f[5].c_str(), nullptr), cJSON_GetObjectItemCaseSensitive(sol, "ratio")->valuedouble);
    EXPECT_EQ(std::strtod(f[8].c_str(), nullptr), cJSON_GetObjectItemCaseSensitive(sol, "energy_J")->valuedouble);
    cJSON_Delete(sol);

    cJSON *summary = parse_json(slurp(out + "/summary.json"));
    ASSERT_NE(summary, nullptr);
    const cJSON *joint = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(summary, "methods"), "joint");
    ASSERT_NE(joint, nullptr);
    EXPECT_EQ(cJSON_GetObjectItemCaseSensitive(joint, "count")->valuedouble, 3.0);
    const cJSON *ratio = cJSON_GetObjectItemCaseSensitive(joint, "ratio");
    ASSERT_NE(ratio, nullptr);
    EXPECT_TRUE(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(ratio, "mean")));
    EXPECT_EQ(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(ratio, "ci95")), 2);
    EXPECT_NE(cJSON_GetObjectItemCaseSensitive(joint, "outage_fraction"), nullptr);
    EXPECT_NE(cJSON_GetObjectItemCaseSensitive(joint, "infeasible_fraction"), nullptr);
    const cJSON *timing = cJSON_GetObjectItemCaseSensitive(summary, "timing");
    EXPECT_NE(cJSON_GetObjectItemCaseSensitive(timing, "wall_time_s"), nullptr);
    EXPECT_NE(cJSON_GetObjectItemCaseSensitive(timing, "owner_solves_per_s"), nullptr);
    cJSON_Delete(summary);
}

TEST_F(Cli, MonteCarloResume)
{
    const std::string args = "mc --owners 5 --realizations 6 --seed 4 --algorithm paper,joint";
    std::string full = path("full"), cut = path("cut");
    ASSERT_EQ(run(args + " -o '" + full + "'").rc, 0);
    std::string reference = slurp(full + "/realizations.csv");

    // Same rows with several threads.
    ASSERT_EQ(run(args + " --threads 3 -o '" + path("threaded") + "'").rc, 0);
    EXPECT_EQ(slurp(path("threaded") + "/realizations.csv"), reference);

    // An existing run is not overwritten without --resume.
    Result r = run(args + " -o '" + full + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "use --resume")) << r.err;
    EXPECT_EQ(slurp(full + "/realizations.csv"), reference);

    // Interrupted in the middle of a line: the half row is redone.
    ASSERT_EQ(run(args + " --realizations 6 -o '" + cut + "'").rc, 0);
    size_t half = reference.find('\n', reference.size() / 2) + 15;
    spit(cut + "/realizations.csv", reference.substr(0, half));
    r = run(args + " -o '" + cut + "' --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(cut + "/realizations.csv"), reference);

    // Resuming a complete run solves nothing and keeps every row.
    r = run(args + " -o '" + cut + "' --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(cut + "/realizations.csv"), reference);

    // More realizations extend the run.
    r = run("mc --owners 5 --realizations 8 --seed 4 --algorithm paper,joint -o '" + cut + "' --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    std::vector<std::string> csv = lines(slurp(cut + "/realizations.csv"));
    ASSERT_EQ(csv.size(), 17u);
    EXPECT_EQ(slurp(cut + "/realizations.csv").substr(0, reference.size()), reference);

    // A different run is refused, naming what differs.
    r = run("mc --owners 5 --realizations 8 --seed 5 --algorithm paper,joint -o '" + cut + "' --resume");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "'seed'")) << r.err;
    r = run("mc --owners 6 --realizations 8 --seed 4 --algorithm paper,joint -o '" + cut + "' --resume");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "'owners'")) << r.err;

    // A damaged row in the middle is reported, not silently dropped.
    std::string damaged = reference;
    damaged.replace(reference.find('\n') + 1, 1, "x");
    spit(cut + "/realizations.csv", damaged);
    r = run(args + " -o '" + cut + "' --resume");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "line 2")) << r.err;
}

// Without --owners, mc takes N from the scenario: its rows are those of the
// same run with --owners N.
TEST_F(Cli, MonteCarloOwnersFromScenario)
{
    spit(path("three.json"), R"({"format": "otmec-scenario-1", "N": 3})");
    Result r = run("mc --scenario '" + path("three.json") + "' --realizations 2 --seed 7 --no-plot -o '" +
                   path("from-scenario") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    r = run("mc --scenario '" + path("three.json") + "' --owners 3 --realizations 2 --seed 7 --no-plot -o '" +
            path("explicit") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    std::string rows = slurp(path("from-scenario") + "/realizations.csv");
    EXPECT_EQ(rows, slurp(path("explicit") + "/realizations.csv"));
    EXPECT_EQ(lines(rows).size(), 3u); // header and two realizations
    cJSON *config = parse_json(slurp(path("from-scenario") + "/config.json"));
    EXPECT_EQ(cJSON_GetObjectItem(config, "owners")->valuedouble, 3.0);
    cJSON_Delete(config);
}

TEST_F(Cli, MonteCarloBadUsage)
{
    spit(path("bad.json"), R"({"radius_m": 5, "min_distance_m": 10})");
    const struct {
        std::string args;
        std::string message;
    } cases[] = {
        { "mc --owners 2 --seed 1", "missing --realizations R" },
        { "mc --owners 2 --realizations 2", "missing --seed S" },
        { "mc --owners 2 --realizations 0 --seed 1", "--realizations: must be from 1" },
        { "mc --owners 2 --realizations 2 --seed 1 --algorithm joint,joint", "listed twice" },
        { "mc --owners 2 --realizations 2 --seed 1 --algorithm best", "--algorithm: expected" },
        { "mc --owners 2 --realizations 2 --seed 1 --threads 0", "--threads: must be from 1" },
        { "mc --owners 2 --realizations 2 --seed 1 --scenario '" + path("bad.json") + "'",
          path("bad.json") + ": min_distance_m: must be < radius_m" },
    };
    for (const auto &c : cases) {
        Result r = run(c.args + " -o '" + path("out") + "'");
        EXPECT_EQ(r.rc, 2) << c.args;
        EXPECT_TRUE(contains(r.err, c.message)) << c.args << ": " << r.err;
    }
}

} // namespace
