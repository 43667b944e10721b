// Monte Carlo runs split over processes give the files one process writes:
// `mpirun -np K otmec mc|sweep` (K = 1, 2, 3; with batches; resumed after a
// rank was killed, on another K) and `otmec mc --shard I/K` joined by
// `otmec merge`, compared byte for byte (summary.json without its timing,
// which only says how long this invocation took). `otmec merge` refuses
// shards that do not make one complete run, naming the problem. The MPI
// cases are skipped, saying so, in a build without MPI.
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

#include <gtest/gtest.h>

#include <cjson/cJSON.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

extern "C" {
#include "otmec.h"
}

#include "cli_runner.h"

namespace {

const char kRun[] = "mc --owners 5 --realizations 40 --seed 3 --compare proposed,equal,fixed-phi --no-plot";

// summary.json as text, without "timing".
std::string summary_without_timing(const std::string &dir)
{
    cJSON *root = cJSON_Parse(slurp(dir + "/summary.json").c_str());
    if (root == nullptr)
        return "(no summary.json in " + dir + ")";
    cJSON_DeleteItemFromObjectCaseSensitive(root, "timing");
    char *text = cJSON_Print(root);
    std::string out = text ? text : "";
    cJSON_free(text);
    cJSON_Delete(root);
    return out;
}

size_t lines_in(const std::string &path)
{
    return count_newlines(slurp(path));
}

class ScaleOut : public CliRunner {
protected:
    bool have_mpi() const { return std::string(OTMEC_MPIEXEC).size() > 0; }

    // `mpirun -np K otmec ARGS` (ARGS as a shell would split them).
    std::string mpirun(int ranks) const
    {
        return std::string("'") + OTMEC_MPIEXEC + "' --oversubscribe --allow-run-as-root -np " +
               std::to_string(ranks) + " '" + OTMEC_CLI_PATH + "' ";
    }

    Result run_mpi(int ranks, const std::string &args)
    {
        std::string out = path("stdout.txt"), err = path("stderr.txt");
        int st = std::system((mpirun(ranks) + args + " >'" + out + "' 2>'" + err + "'").c_str());
        return Result{ WIFEXITED(st) ? WEXITSTATUS(st) : -1, slurp(out), slurp(err) };
    }

    // One process's run in DIR "one", the reference.
    void reference(const std::string &args)
    {
        Result r = run(args + " -o '" + path("one") + "'");
        ASSERT_EQ(r.rc, 0) << r.err;
    }

    void expect_same_run(const std::string &dir, const std::string &what)
    {
        EXPECT_EQ(slurp(dir + "/realizations.csv"), slurp(path("one") + "/realizations.csv")) << what;
        EXPECT_EQ(slurp(dir + "/config.json"), slurp(path("one") + "/config.json")) << what;
        EXPECT_EQ(summary_without_timing(dir), summary_without_timing(path("one"))) << what;
    }
};

TEST_F(ScaleOut, MpiRanksWriteWhatOneProcessWrites)
{
    if (!have_mpi())
        GTEST_SKIP() << "otmec is built without MPI (OTMEC_MPI=OFF or no MPI found)";
    reference(kRun);
    ASSERT_EQ(lines_in(path("one") + "/realizations.csv"), 1u + 3 * 40);
    for (int k = 1; k <= 3; ++k) {
        std::string dir = path("np" + std::to_string(k));
        Result r = run_mpi(k, std::string(kRun) + " -o '" + dir + "'");
        ASSERT_EQ(r.rc, 0) << r.err;
        EXPECT_EQ(r.err, "") << "K = " << k;
        expect_same_run(dir, "K = " + std::to_string(k));
    }
    // batches end at a rank's block: none reaches into another rank's rows
    std::string dir = path("batch");
    Result r = run_mpi(2, std::string(kRun) + " --batch 7 --threads 2 -o '" + dir + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    expect_same_run(dir, "--batch 7 --threads 2, K = 2");
    cJSON *summary = cJSON_Parse(slurp(dir + "/summary.json").c_str());
    ASSERT_NE(summary, nullptr);
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(summary, "timing"),
                                                         "rows_solved");
    EXPECT_EQ(cJSON_IsNumber(rows) ? rows->valuedouble : -1, 3.0 * 40) << "rank 0 counts every rank's rows";
    cJSON_Delete(summary);
}

TEST_F(ScaleOut, MpiSweepWritesWhatOneProcessWrites)
{
    if (!have_mpi())
        GTEST_SKIP() << "otmec is built without MPI (OTMEC_MPI=OFF or no MPI found)";
    const std::string args = "sweep --param B --values 10e6,25e6 --realizations 20 --seed 2 --compare proposed,equal "
                             "--no-plot -o '";
    Result one = run(args + path("one") + "'");
    ASSERT_EQ(one.rc, 0) << one.err;
    Result r = run_mpi(3, args + path("np3") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    for (const char *v : { "B=10e6", "B=25e6" }) {
        std::string a = path("one/") + v, b = path("np3/") + v;
        EXPECT_EQ(lines_in(b + "/realizations.csv"), 1u + 2 * 20) << v;
        EXPECT_EQ(slurp(b + "/realizations.csv"), slurp(a + "/realizations.csv")) << v;
        EXPECT_EQ(summary_without_timing(b), summary_without_timing(a)) << v;
    }
    EXPECT_EQ(slurp(path("np3/sweep.csv")), slurp(path("one/sweep.csv")));
    // the per-value lines come once, from rank 0
    size_t done_lines = 0;
    for (size_t at = r.err.find("done ("); at != std::string::npos; at = r.err.find("done (", at + 1))
        ++done_lines;
    EXPECT_EQ(done_lines, 2u) << r.err;
}

TEST_F(ScaleOut, MpiMessagesComeOnceAndUsageErrorsExitTwo)
{
    if (!have_mpi())
        GTEST_SKIP() << "otmec is built without MPI (OTMEC_MPI=OFF or no MPI found)";
    Result r = run_mpi(3, std::string(kRun) + " --bogus -o '" + path("x") + "'");
    EXPECT_EQ(r.rc, 2);
    size_t first = r.err.find("unknown argument '--bogus'");
    ASSERT_NE(first, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("unknown argument '--bogus'", first + 1), std::string::npos) << "one message, not three";
    r = run_mpi(2, std::string(kRun) + " --shard 0/2 -o '" + path("x") + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "--shard and mpirun both split the run")) << r.err;
    EXPECT_FALSE(exists(path("x")));
    // a backend the ranks lack: every rank checks, rank 0 says it once
    char msg[OTMEC_MESSAGE_LEN] = "";
    if (otmec_backend_available(OTMEC_BACKEND_CUDA, msg, sizeof msg) != OTMEC_OK) {
        r = run_mpi(2, std::string(kRun) + " --backend cuda -o '" + path("x") + "'");
        EXPECT_EQ(r.rc, 2);
        first = r.err.find("--backend cuda: not available");
        ASSERT_NE(first, std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("--backend cuda: not available", first + 1), std::string::npos) << r.err;
        EXPECT_FALSE(exists(path("x")));
    }
    // a resume that does not match the directory's run: refused by rank 0, for all
    reference(kRun);
    r = run_mpi(2, "mc --owners 5 --realizations 40 --seed 4 --compare proposed,equal,fixed-phi --no-plot --resume "
                   "-o '" + path("one") + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "'seed' was \"3\"")) << r.err;
}

// pid of the process whose environment holds both entries, or -1.
pid_t find_process(const std::string &a, const std::string &b)
{
    DIR *d = opendir("/proc");
    pid_t found = -1;
    for (struct dirent *e; d != nullptr && found < 0 && (e = readdir(d)) != nullptr;) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        std::string env = slurp(std::string("/proc/") + e->d_name + "/environ");
        std::vector<std::string> entries;
        for (size_t at = 0, nul; at < env.size(); at = nul + 1) {
            nul = env.find('\0', at);
            if (nul == std::string::npos)
                nul = env.size();
            entries.push_back(env.substr(at, nul - at));
        }
        bool has_a = false, has_b = false;
        for (const auto &x : entries) {
            has_a |= x == a;
            has_b |= x == b;
        }
        if (has_a && has_b)
            found = (pid_t)std::atoi(e->d_name);
    }
    if (d != nullptr)
        closedir(d);
    return found;
}

TEST_F(ScaleOut, MpiRankKilledThenResumedGivesTheSameBytes)
{
    if (!have_mpi())
        GTEST_SKIP() << "otmec is built without MPI (OTMEC_MPI=OFF or no MPI found)";
    const std::string args = "mc --owners 6 --realizations 200 --seed 5 --compare proposed,fixed-phi,equal --no-plot";
    reference(args);
    const std::string one = slurp(path("one/realizations.csv"));
    ASSERT_EQ(count_newlines(one), 1u + 3 * 200);

    const std::string cut = path("cut"), tag = "OTMEC_TEST_TAG=" + std::to_string(getpid()) + "-kill";
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        std::string cmd = tag + " " + mpirun(2) + args + " -o '" + cut + "' >'" + path("cut.log") + "' 2>&1";
        execl("/bin/sh", "sh", "-c", cmd.c_str(), (char *)nullptr);
        _exit(127);
    }
    auto t0 = std::chrono::steady_clock::now();
    while (lines_in(cut + "/realizations.csv") < 31 &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60))
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    pid_t rank1 = find_process(tag, "OMPI_COMM_WORLD_RANK=1");
    ASSERT_GT(rank1, 0) << "rank 1 not found";
    ASSERT_EQ(kill(rank1, SIGKILL), 0);
    int st = 0;
    ASSERT_EQ(waitpid(pid, &st, 0), pid);
    std::string left = slurp(cut + "/realizations.csv");
    EXPECT_FALSE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << "the run finished before the kill: " << slurp(path("cut.log"));
    EXPECT_LT(count_newlines(left), 1u + 3 * 200) << "the run finished before the kill";
    EXPECT_TRUE(contains(slurp(path("cut.log")), "rank 1")) << "mpirun names the rank: " << slurp(path("cut.log"));
    EXPECT_EQ(one.compare(0, left.size(), left), 0) << "what the killed run leaves is a prefix of the full CSV";

    // resumed on another number of ranks
    Result r = run_mpi(3, args + " --resume -o '" + cut + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(cut + "/realizations.csv"), one);
    EXPECT_EQ(summary_without_timing(cut), summary_without_timing(path("one")));
}

TEST_F(ScaleOut, ShardsMergedAreWhatOneProcessWrites)
{
    reference(kRun);
    // 40 realizations in 3 parts: 0-13, 14-27, 28-39
    std::vector<std::string> dirs;
    for (int i = 0; i < 3; ++i) {
        dirs.push_back(path("part" + std::to_string(i)));
        Result r = run(std::string(kRun) + " --shard " + std::to_string(i) + "/3 -o '" + dirs.back() + "'");
        ASSERT_EQ(r.rc, 0) << r.err;
    }
    EXPECT_EQ(lines_in(dirs[0] + "/realizations.csv"), 1u + 3 * 14);
    EXPECT_EQ(lines_in(dirs[2] + "/realizations.csv"), 1u + 3 * 12);
    EXPECT_TRUE(contains(slurp(dirs[2] + "/realizations.csv"), "\n28,proposed,"));
    // a part cut short and resumed
    std::string part1 = slurp(dirs[1] + "/realizations.csv");
    spit(dirs[1] + "/realizations.csv", part1.substr(0, part1.size() / 2));
    Result r = run(std::string(kRun) + " --shard 1/3 --resume -o '" + dirs[1] + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(dirs[1] + "/realizations.csv"), part1);

    // in any order
    r = run("merge --no-plot -o '" + path("merged") + "' '" + dirs[2] + "' '" + dirs[0] + "' '" + dirs[1] + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    expect_same_run(path("merged"), "merged");

    // the merged run is an ordinary one: --resume extends it
    r = run("mc --owners 5 --realizations 45 --seed 3 --compare proposed,equal,fixed-phi --no-plot --resume -o '" +
            path("merged") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    r = run("mc --owners 5 --realizations 45 --seed 3 --compare proposed,equal,fixed-phi --no-plot --resume -o '" +
            path("one") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    expect_same_run(path("merged"), "merged, then extended");
}

TEST_F(ScaleOut, MergeRefusesWhatIsNotOneCompleteRun)
{
    std::vector<std::string> dirs;
    for (int i = 0; i < 3; ++i) {
        dirs.push_back(path("part" + std::to_string(i)));
        Result r = run(std::string(kRun) + " --shard " + std::to_string(i) + "/3 -o '" + dirs.back() + "'");
        ASSERT_EQ(r.rc, 0) << r.err;
    }
    auto merge = [&](const std::vector<std::string> &parts) {
        std::string args = "merge --no-plot -o '" + path("out") + "'";
        for (const auto &p : parts)
            args += " '" + p + "'";
        return run(args);
    };
    auto expect_refused = [&](const Result &r, const std::string &message, const std::string &what) {
        EXPECT_EQ(r.rc, 2) << what << ": " << r.err;
        EXPECT_TRUE(contains(r.err, message)) << what << ": " << r.err;
        EXPECT_FALSE(exists(path("out"))) << what << ": nothing is written";
    };
    expect_refused(merge({ dirs[0], dirs[2] }), "part 1/3 is missing", "a part missing");
    expect_refused(merge({ dirs[0], dirs[1], dirs[1], dirs[2] }), dirs[1] + " both hold part 1/3", "a part twice");

    // another seed; another K
    std::string other = path("other");
    ASSERT_EQ(run("mc --owners 5 --realizations 40 --seed 4 --compare proposed,equal,fixed-phi --no-plot --shard "
                  "1/3 -o '" + other + "'").rc, 0);
    expect_refused(merge({ dirs[0], other, dirs[2] }), "differ in 'seed'", "another seed");
    std::string k2 = path("k2");
    ASSERT_EQ(run(std::string(kRun) + " --shard 1/2 -o '" + k2 + "'").rc, 0);
    expect_refused(merge({ dirs[0], k2, dirs[2] }), "differ in 'shard'", "another K");
    std::string r50 = path("r50");
    ASSERT_EQ(run("mc --owners 5 --realizations 50 --seed 3 --compare proposed,equal,fixed-phi --no-plot --shard "
                  "1/3 -o '" + r50 + "'").rc, 0);
    expect_refused(merge({ dirs[0], r50, dirs[2] }), "differ in 'shard'", "another R");
    ASSERT_EQ(run(std::string(kRun) + " -o '" + path("whole") + "'").rc, 0);
    expect_refused(merge({ path("whole") }), "not a shard", "a run without --shard");

    // unfinished: a half-written last row, then whole rows missing
    std::string csv = slurp(dirs[1] + "/realizations.csv");
    spit(dirs[1] + "/realizations.csv", csv.substr(0, csv.size() - 5));
    expect_refused(merge(dirs), dirs[1] + "/realizations.csv: ends in a half-written row", "a half-written row");
    spit(dirs[1] + "/realizations.csv", csv.substr(0, csv.rfind('\n', csv.size() - 2) + 1));
    expect_refused(merge(dirs), dirs[1] + ": realization 27 (method fixed-phi) is missing", "a row missing");
    spit(dirs[1] + "/realizations.csv", csv);

    // a row of another part
    std::string part2 = slurp(dirs[2] + "/realizations.csv");
    std::string row28 = part2.substr(part2.find('\n') + 1, part2.find('\n', part2.find('\n') + 1) - part2.find('\n'));
    spit(dirs[1] + "/realizations.csv", csv + row28);
    expect_refused(merge(dirs), "realization 28 is not in part 1/3", "a row of another part");
    spit(dirs[1] + "/realizations.csv", csv);

    // a directory with rows already
    ASSERT_EQ(merge(dirs).rc, 0);
    Result again = merge(dirs);
    EXPECT_EQ(again.rc, 2);
    EXPECT_TRUE(contains(again.err, "exists and is not empty")) << again.err;

    Result r = run("merge '" + dirs[0] + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "missing -o DIR")) << r.err;
    r = run("merge --help");
    EXPECT_EQ(r.rc, 0);
    EXPECT_TRUE(contains(r.out, "SHARD_DIR")) << r.out;
    EXPECT_EQ(run("help merge").out, r.out);
}

TEST_F(ScaleOut, ShardOptionIsChecked)
{
    const std::string dir = " -o '" + path("s") + "'";
    for (const char *bad : { "3/3", "1", "a/2", "0/0", "1/-2" }) {
        Result r = run(std::string(kRun) + " --shard " + bad + dir);
        EXPECT_EQ(r.rc, 2) << bad;
        EXPECT_TRUE(contains(r.err, "--shard")) << bad << ": " << r.err;
    }
    Result r = run(std::string(kRun) + " --shard 0/41" + dir);
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "more parts than the 40 realizations")) << r.err;
    EXPECT_FALSE(exists(path("s")));
    // a shard is a fixed part of a fixed run: another R, or no --shard, is refused
    ASSERT_EQ(run(std::string(kRun) + " --shard 1/2" + dir).rc, 0);
    r = run("mc --owners 5 --realizations 50 --seed 3 --compare proposed,equal,fixed-phi --no-plot --shard 1/2 "
            "--resume" + dir);
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "'shard' was")) << r.err;
    r = run(std::string(kRun) + " --resume" + dir);
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "that run has 'shard'")) << r.err;
}

} // namespace
