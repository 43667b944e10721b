// Running the otmec tool from a test: a fresh folder per test, `run` through
// the shell with stdout and stderr captured, `spawn_cli` without a shell (for
// tests that kill it), and the file helpers those tests share.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

struct Result {
    int rc;
    std::string out, err;
};

inline std::string slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

inline void spit(const std::string &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary) << text;
}

inline bool exists(const std::string &path)
{
    struct stat sb;
    return stat(path.c_str(), &sb) == 0;
}

inline bool contains(const std::string &s, const std::string &part)
{
    return s.find(part) != std::string::npos;
}

inline size_t count_newlines(const std::string &text)
{
    return (size_t)std::count(text.begin(), text.end(), '\n');
}

inline std::vector<std::string> lines(const std::string &text)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);)
        out.push_back(line);
    return out;
}

// The comma-separated fields of one CSV line (a trailing comma: an empty last field).
inline std::vector<std::string> fields(const std::string &line)
{
    std::vector<std::string> out;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');)
        out.push_back(x);
    if (!line.empty() && line.back() == ',')
        out.push_back("");
    return out;
}

// A CSV file's rows as maps from the header's column names.
inline std::vector<std::map<std::string, std::string>> read_csv(const std::string &path)
{
    std::vector<std::string> ls = lines(slurp(path));
    std::vector<std::map<std::string, std::string>> rows;
    if (ls.empty())
        return rows;
    std::vector<std::string> head = fields(ls[0]);
    for (size_t k = 1; k < ls.size(); ++k) {
        std::vector<std::string> f = fields(ls[k]);
        std::map<std::string, std::string> row;
        for (size_t c = 0; c < head.size() && c < f.size(); ++c)
            row[head[c]] = f[c];
        rows.push_back(row);
    }
    return rows;
}

// Starts `otmec ARGS...` without a shell, stdout into out_path and stderr
// into err_path (one file when they are the same); returns its pid.
inline pid_t spawn_cli(const std::vector<std::string> &args, const std::string &out_path,
                       const std::string &err_path)
{
    std::vector<char *> argv;
    argv.push_back(const_cast<char *>(OTMEC_CLI_PATH));
    for (const auto &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = err_path == out_path ? o : open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(127);
        execv(OTMEC_CLI_PATH, argv.data());
        _exit(127);
    }
    return pid;
}

// A test that runs the tool: skipped when it is not built; path(name) is a
// file in the test's own fresh folder.
class CliRunner : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (std::string(OTMEC_CLI_PATH).empty())
            GTEST_SKIP() << "the otmec tool is not built";
        const ::testing::TestInfo *info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = ::testing::TempDir() + "otmec_" + info->test_suite_name() + "_" + std::to_string(getpid()) + "_" +
               info->name() + "/";
        ASSERT_EQ(std::system(("rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'").c_str()), 0);
    }

    // Runs `ENV otmec ARGS` (ARGS as a shell would split them).
    Result run(const std::string &args, const std::string &env = "")
    {
        std::string out = dir_ + "stdout.txt", err = dir_ + "stderr.txt";
        std::string cmd = env + (env.empty() ? "" : " ") + "'" + OTMEC_CLI_PATH + "' " + args + " >'" + out +
                          "' 2>'" + err + "'";
        int st = std::system(cmd.c_str());
        Result r;
        r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        r.out = slurp(out);
        r.err = slurp(err);
        return r;
    }

    std::string path(const std::string &name) const { return dir_ + name; }

    std::string dir_;
};
