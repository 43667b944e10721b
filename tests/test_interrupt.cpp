// Interrupted Monte Carlo runs: `otmec mc` killed with SIGKILL at random
// points and resumed with --resume ends with the same realizations.csv, byte
// for byte, as a run that was never interrupted; after every kill the CSV is
// a prefix of that file (rows in order, at most the last one cut off, which
// --resume repairs), and config.json and summary.json are whole.
//
// The kill points come from a random seed printed by the test; set
// OTMEC_INTERRUPT_SEED to replay one.
//
// Also: realizations the solver cannot solve are recorded as
// NUMERICAL_ERROR rows and the run goes on to the end.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cjson/cJSON.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"

namespace {

using Clock = std::chrono::steady_clock;

bool parses_as_object(const std::string &text)
{
    cJSON *root = cJSON_Parse(text.c_str());
    bool ok = root != nullptr && cJSON_IsObject(root);
    cJSON_Delete(root);
    return ok;
}

uint64_t interrupt_seed()
{
    const char *env = std::getenv("OTMEC_INTERRUPT_SEED");
    if (env != nullptr && *env != '\0')
        return std::strtoull(env, nullptr, 10);
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

class Interrupt : public CliRunner {
protected:
    void TearDown() override
    {
        if (!dir_.empty() && !HasFailure())
            std::system(("rm -rf '" + dir_ + "'").c_str());
    }

    // Starts `otmec ARGS...`, output to files in the test's folder.
    pid_t start(const std::vector<std::string> &args)
    {
        return spawn_cli(args, dir_ + "stdout.txt", dir_ + "stderr.txt");
    }

    // Exit status, or -signal when killed.
    static int wait_for(pid_t pid)
    {
        int st = 0;
        while (waitpid(pid, &st, 0) < 0) {
        }
        return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : -1000;
    }

    int run(const std::vector<std::string> &args) { return wait_for(start(args)); }

    std::string err() const { return slurp(dir_ + "stderr.txt"); }

    // What a kill may leave: a CSV that is a prefix of the finished file,
    // and whole JSON files.
    void check_after_kill(const std::string &out, const std::string &reference, const std::string &what,
                          bool *mid_row, size_t *rows)
    {
        *mid_row = false;
        *rows = 0;
        const std::string csv_path = out + "/realizations.csv";
        if (exists(csv_path)) {
            std::string csv = slurp(csv_path);
            EXPECT_LE(csv.size(), reference.size()) << what;
            EXPECT_EQ(csv, reference.substr(0, csv.size()))
                << what << ": the CSV left by the kill is not a prefix of the uninterrupted run's";
            *mid_row = !csv.empty() && csv.back() != '\n';
            size_t lines = count_newlines(csv);
            *rows = lines > 0 ? lines - 1 : 0;
            // Rows are written only once config.json is complete.
            if (*rows > 0) {
                EXPECT_TRUE(parses_as_object(slurp(out + "/config.json"))) << what << ": config.json is not whole";
            }
        }
        if (exists(out + "/summary.json")) {
            EXPECT_TRUE(parses_as_object(slurp(out + "/summary.json"))) << what << ": summary.json is not whole";
        }
    }
};

const std::vector<std::string> kRun = { "mc", "--owners", "5", "--realizations", "40", "--seed", "11",
                                        "--algorithm", "paper,joint" };

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string> &more)
{
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

TEST_F(Interrupt, KilledAtRandomPointsAndResumedGivesTheSameCsv)
{
    const std::string ref = dir_ + "reference";
    auto t0 = Clock::now();
    ASSERT_EQ(run(with(kRun, { "-o", ref })), 0) << err();
    const double ref_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const std::string reference = slurp(ref + "/realizations.csv");
    ASSERT_EQ(count_newlines(reference), 81u);

    const uint64_t seed = interrupt_seed();
    std::printf("INTERRUPT seed %llu (OTMEC_INTERRUPT_SEED=%llu replays it); uninterrupted run %.0f ms\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed), 1e3 * ref_s);
    std::mt19937_64 rng(seed);
    // A kill lands anywhere from the start to a little after the time the
    // remaining rows take (the run may also finish first); the first of
    // each trial in the first half for trial 0, so that some kill lands
    // whatever the draws (seed 1761396314287859379 drew five past the end).
    std::uniform_real_distribution<double> unit(0.0, 1.1), early(0.0, 0.5);
    const double total_rows = 80.0;

    int kills = 0, mid_rows = 0;
    for (int trial = 0; trial < 5; ++trial) {
        const std::string out = dir_ + "cut" + std::to_string(trial);
        const std::string threads = trial % 2 == 0 ? "1" : "3";
        // Up to three kills in a row, each resumed; then a resume to the end.
        size_t rows = 0;
        for (int round = 0; round < 3; ++round) {
            std::vector<std::string> args = with(kRun, { "-o", out, "--threads", threads });
            if (round > 0)
                args.push_back("--resume");
            double left = std::max(0.1, (total_rows - static_cast<double>(rows)) / total_rows);
            double draw = trial == 0 && round == 0 ? early(rng) : unit(rng);
            double delay = draw * std::max(ref_s, 0.05) * left;
            pid_t pid = start(args);
            std::this_thread::sleep_for(std::chrono::duration<double>(delay));
            kill(pid, SIGKILL);
            int rc = wait_for(pid);
            char what[128];
            std::snprintf(what, sizeof what, "trial %d (threads %s), kill %d after %.0f ms", trial, threads.c_str(),
                          round + 1, 1e3 * delay);
            if (rc != -SIGKILL) {
                EXPECT_EQ(rc, 0) << what << ": " << err();
                std::printf("INTERRUPT %s: the run had finished\n", what);
                break;
            }
            ++kills;
            bool mid_row = false;
            check_after_kill(out, reference, what, &mid_row, &rows);
            mid_rows += mid_row;
            std::printf("INTERRUPT %s: %zu complete rows%s\n", what, rows, mid_row ? ", last row cut off" : "");
        }
        ASSERT_EQ(run(with(kRun, { "-o", out, "--threads", threads, "--resume" })), 0) << err();
        EXPECT_EQ(slurp(out + "/realizations.csv"), reference) << "trial " << trial << " (seed " << seed << ")";
        EXPECT_TRUE(parses_as_object(slurp(out + "/summary.json"))) << "trial " << trial;
    }
    std::printf("INTERRUPT %d kills, %d left a row cut off\n", kills, mid_rows);
    EXPECT_GT(kills, 0) << "no kill landed inside a run";
}

// A kill can cut the file at any byte (inside the header, inside a number,
// right before or after a newline): resuming from any of those gives the
// uninterrupted file.
TEST_F(Interrupt, CsvCutAtAnyByteIsRepairedByResume)
{
    const std::vector<std::string> small = { "mc", "--owners", "4", "--realizations", "6", "--seed", "5",
                                             "--algorithm", "paper,joint" };
    const std::string ref = dir_ + "reference";
    ASSERT_EQ(run(with(small, { "-o", ref })), 0) << err();
    const std::string reference = slurp(ref + "/realizations.csv");
    const std::string config = slurp(ref + "/config.json");
    ASSERT_GT(reference.size(), 100u);

    std::vector<size_t> cuts = { 0, 1, reference.find('\n'), reference.find('\n') + 1, reference.size() - 1 };
    const size_t row2 = reference.find('\n', reference.find('\n') + 1);
    cuts.push_back(row2);
    cuts.push_back(row2 + 1);
    cuts.push_back(row2 + 2);
    std::mt19937_64 rng(interrupt_seed());
    std::uniform_int_distribution<size_t> any(0, reference.size() - 1);
    for (int k = 0; k < 6; ++k)
        cuts.push_back(any(rng));

    for (size_t cut : cuts) {
        const std::string out = dir_ + "cut" + std::to_string(cut);
        ASSERT_EQ(std::system(("mkdir -p '" + out + "'").c_str()), 0);
        spit(out + "/config.json", config);
        spit(out + "/realizations.csv", reference.substr(0, cut));
        int rc = run(with(small, { "-o", out, "--resume" }));
        EXPECT_EQ(rc, 0) << "cut at byte " << cut << ": " << err();
        EXPECT_EQ(slurp(out + "/realizations.csv"), reference) << "cut at byte " << cut;
    }
}

// w_t = 0 without a deadline has no optimum: every realization ends in
// NUMERICAL_ERROR. Each is a row, the run goes to the end, the summary counts
// them, and the run exits 0 (its outputs are written).
TEST_F(Interrupt, NumericalErrorRowsAreRecordedAndTheRunGoesOn)
{
    spit(dir_ + "w_t_zero.json", "{\"w_t\": 0}");
    const std::string out = dir_ + "run";
    int rc = run({ "mc", "--scenario", dir_ + "w_t_zero.json", "--owners", "4", "--realizations", "5", "--seed", "2",
                   "--algorithm", "paper,joint", "-o", out });
    std::string csv = slurp(out + "/realizations.csv");
    EXPECT_EQ(count_newlines(csv), 11u) << csv;
    size_t failed = 0;
    for (size_t at = csv.find(",NUMERICAL_ERROR,"); at != std::string::npos; at = csv.find(",NUMERICAL_ERROR,", at + 1))
        ++failed;
    EXPECT_EQ(failed, 10u) << csv;
    cJSON *summary = cJSON_Parse(slurp(out + "/summary.json").c_str());
    ASSERT_NE(summary, nullptr);
    cJSON *methods = cJSON_GetObjectItemCaseSensitive(summary, "methods");
    for (const char *m : { "paper", "joint" }) {
        cJSON *fraction = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(methods, m),
                                                           "numerical_error_fraction");
        ASSERT_TRUE(cJSON_IsNumber(fraction)) << m;
        EXPECT_EQ(fraction->valuedouble, 1.0) << m;
    }
    cJSON_Delete(summary);
    EXPECT_EQ(rc, 0) << "cli: " << err();
}

} // namespace
