// otmec mc --instances FILE.h5 and --save-allocations: the rows of given
// instances equal otmec_solve of each instance, allocations.h5 holds every
// owner's allocation of every method, runs resume (also after a kill), a
// resumed run refuses another file, and every bad file exits 2 naming the
// dataset and writing nothing. The files are written here with the HDF5 C
// API, laid out as h5py lays out numpy arrays (and as MATLAB's save -v7.3).
#include <signal.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

extern "C" {
#include "otmec.h"
}

#include "cli_runner.h"
#include "h5_util.h"

namespace {

#if !OTMEC_HAVE_HDF5
TEST(H5CliSkipped, WithoutHdf5)
{
    GTEST_SKIP() << "built without HDF5 (libhdf5-dev not found, or -DOTMEC_HDF5=OFF): --instances and "
                    "--save-allocations are not tested";
}

class H5Cli : public CliRunner {};

// Without HDF5 the options are refused before anything is written.
TEST_F(H5Cli, RefusedWithoutHdf5)
{
    for (const std::string option : { "--instances x.h5", "--realizations 2 --seed 1 --save-allocations" }) {
        Result r = run("mc " + option + " -o '" + path("out") + "'");
        EXPECT_EQ(r.rc, 2) << option;
        EXPECT_TRUE(contains(r.err, "built without HDF5")) << r.err;
        EXPECT_FALSE(exists(path("out"))) << option;
    }
}
#else

constexpr size_t kR = 6, kN = 4;

// Channels of a model no scenario has: generated instances, each owner's gains
// scaled by hand (h by 0.5 .. 2, g by its own factor), D as drawn.
struct Instances {
    size_t R = kR, N = kN;
    std::vector<double> h, g, D; // [R][N]
    otmec_params params;
};

Instances make_instances(size_t R = kR, size_t N = kN)
{
    Instances x;
    x.R = R;
    x.N = N;
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = N;
    for (size_t r = 0; r < R; ++r) {
        otmec_instance *inst = nullptr;
        EXPECT_EQ(otmec_generate(&sc, 77, r, &inst, nullptr, 0), OTMEC_OK);
        for (size_t n = 0; n < N; ++n) {
            x.h.push_back(otmec_instance_h(inst)[n] * (0.5 + 0.3 * (double)((r + n) % 6)));
            x.g.push_back(otmec_instance_g(inst)[n] * (1.5 - 0.2 * (double)(n % 3)));
            x.D.push_back(otmec_instance_D(inst)[n]);
        }
        otmec_instance_free(inst);
    }
    otmec_params_default(&x.params);
    x.params.p_max_W = 0.3; // from the file's attributes
    x.params.R_min_bps = 5e5;
    return x;
}

// h5py's layout: datasets [R, N]; with matlab, MATLAB's: [N, R] and a
// MATLAB_class attribute on each.
void write_file(const std::string &path, const Instances &x, bool matlab = false)
{
    hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const char *names[3] = { "h", "g", "D" };
    const std::vector<double> *arrays[3] = { &x.h, &x.g, &x.D };
    for (int k = 0; k < 3; ++k) {
        std::vector<double> v = *arrays[k];
        std::vector<hsize_t> dims = { x.R, x.N };
        if (matlab) {
            dims = { x.N, x.R };
            for (size_t r = 0; r < x.R; ++r)
                for (size_t n = 0; n < x.N; ++n)
                    v[n * x.R + r] = (*arrays[k])[r * x.N + n];
        }
        ASSERT_TRUE(h5_write(file, names[k], dims, v));
        if (matlab) {
            hid_t set = H5Dopen2(file, names[k], H5P_DEFAULT);
            ASSERT_TRUE(h5_attr(set, "MATLAB_class", 0, "double"));
            H5Dclose(set);
        }
    }
    ASSERT_TRUE(h5_attr(file, "p_max_W", x.params.p_max_W));
    ASSERT_TRUE(h5_attr(file, "R_min_bps", x.params.R_min_bps));
    H5Fclose(file);
}

otmec_solution *solve_one(const Instances &x, size_t r, otmec_method method)
{
    otmec_instance *inst = nullptr;
    EXPECT_EQ(otmec_instance_create(&x.params, x.N, &x.h[r * x.N], &x.g[r * x.N], &x.D[r * x.N], &inst, nullptr, 0),
              OTMEC_OK);
    otmec_settings s;
    otmec_settings_default(&s);
    s.method = method;
    otmec_solution *sol = nullptr;
    EXPECT_EQ(otmec_solve(inst, &s, &sol, nullptr, 0), OTMEC_OK);
    otmec_instance_free(inst);
    return sol;
}

class H5Cli : public CliRunner {
protected:
    // The datasets `names` of two allocations files, bit for bit (NaN where
    // a row has no allocation).
    void expect_same_arrays(const std::string &fa, const std::string &fb, std::initializer_list<const char *> names)
    {
        for (const char *name : names) {
            std::vector<hsize_t> da, db;
            std::vector<double> a = h5_read(fa, name, &da), b = h5_read(fb, name, &db);
            EXPECT_EQ(da, db) << name;
            ASSERT_EQ(a.size(), b.size()) << name;
            EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << name;
        }
    }

    // Every row of DIR and every array of DIR/allocations.h5 against
    // otmec_solve of the instance, for methods proposed and equal.
    void check_run(const std::string &dir, const Instances &x)
    {
        auto rows = read_csv(dir + "/realizations.csv");
        ASSERT_EQ(rows.size(), 2 * x.R);
        const std::string alloc = dir + "/allocations.h5";
        for (const char *label : { "proposed", "equal" }) {
            otmec_method method;
            ASSERT_EQ(otmec_method_from_name(label, &method, nullptr, 0), OTMEC_OK);
            std::vector<hsize_t> dims;
            std::map<std::string, std::vector<double>> data;
            for (const char *name : { "phi", "b", "p", "f", "fL", "owner_status" }) {
                data[name] = h5_read(alloc, std::string(label) + "/" + name, &dims);
                ASSERT_EQ(dims, (std::vector<hsize_t>{ x.R, x.N })) << label << "/" << name;
            }
            for (const char *name : { "status", "ratio", "energy_J" }) {
                data[name] = h5_read(alloc, std::string(label) + "/" + name, &dims);
                ASSERT_EQ(dims, (std::vector<hsize_t>{ x.R })) << label << "/" << name;
            }
            size_t active = 0;
            for (size_t r = 0; r < x.R; ++r) {
                otmec_solution *sol = solve_one(x, r, method);
                ASSERT_TRUE(otmec_solution_has_allocation(sol)) << label << " " << r;
                const auto &row = rows[2 * r + (std::string(label) == "proposed" ? 0 : 1)];
                ASSERT_EQ(row.at("method"), label);
                ASSERT_EQ(row.at("realization"), std::to_string(r));
                const otmec_evaluation ev = otmec_solution_evaluation(sol);
                EXPECT_EQ(std::strtod(row.at("ratio").c_str(), nullptr), ev.ratio) << label << " " << r;
                EXPECT_EQ(data["ratio"][r], ev.ratio) << label << " " << r;
                EXPECT_EQ(data["energy_J"][r], ev.energy_J) << label << " " << r;
                EXPECT_EQ(data["status"][r], (double)otmec_solution_status(sol));
                const double *x5[5] = { otmec_solution_phi(sol), otmec_solution_b(sol), otmec_solution_p(sol),
                                        otmec_solution_f(sol), otmec_solution_fL(sol) };
                const char *names[5] = { "phi", "b", "p", "f", "fL" };
                for (size_t n = 0; n < x.N; ++n) {
                    for (int k = 0; k < 5; ++k)
                        EXPECT_EQ(data[names[k]][r * x.N + n], x5[k][n]) << label << "/" << names[k] << " " << r;
                    EXPECT_EQ(data["owner_status"][r * x.N + n], (double)otmec_solution_owner_status(sol)[n]);
                    active += data["fL"][r * x.N + n] > 0;
                }
                otmec_solution_free(sol);
            }
            EXPECT_GT(active, x.R * x.N / 2) << label << ": most owners active, fL > 0";
        }
    }
};

TEST_F(H5Cli, RowsAndAllocationsEqualSolvingEachInstance)
{
    Instances x = make_instances();
    write_file(path("in.h5"), x);
    const std::string args = "mc --instances '" + path("in.h5") + "' --compare proposed,equal --save-allocations "
                             "--no-plot --threads 2";
    Result r = run(args + " -o '" + path("run") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    check_run(path("run"), x);
    // through the batch entry (a block of 4 realizations, then one of 2): the same
    r = run(args + " --batch 4 -o '" + path("batch") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(path("batch/realizations.csv")), slurp(path("run/realizations.csv")));
    check_run(path("batch"), x);
    // MATLAB's save -v7.3 of the same R x N matrices: the same rows
    write_file(path("matlab.h5"), x, true);
    r = run("mc --instances '" + path("matlab.h5") + "' --compare proposed,equal --no-plot -o '" + path("mat") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(path("mat/realizations.csv")), slurp(path("run/realizations.csv")));
    // --scenario gives the parameters instead of the attributes: other rows
    spit(path("sc.json"), "{\"format\": \"otmec-scenario-1\", \"p_max_W\": 0.1}");
    r = run("mc --instances '" + path("in.h5") + "' --scenario '" + path("sc.json") +
            "' --compare proposed,equal --no-plot -o '" + path("sc") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(slurp(path("sc/realizations.csv")), slurp(path("run/realizations.csv")));
    const std::string config = slurp(path("sc/config.json"));
    EXPECT_TRUE(contains(config, "\"p_max_W\":\t0.1,") && contains(config, "\"R_min_bps\":\t1000000,")) << config;
}

TEST_F(H5Cli, SaveAllocationsOfGeneratedInstances)
{
    Result r = run("mc --owners 3 --realizations 4 --seed 9 --compare proposed,equal --save-allocations --no-plot "
                   "-o '" + path("run") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    std::vector<hsize_t> dims;
    std::vector<double> fL = h5_read(path("run/allocations.h5"), "equal/fL", &dims);
    ASSERT_EQ(dims, (std::vector<hsize_t>{ 4, 3 }));
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = 3;
    otmec_settings s;
    otmec_settings_default(&s);
    ASSERT_EQ(otmec_method_from_name("equal", &s.method, nullptr, 0), OTMEC_OK);
    for (size_t k = 0; k < 4; ++k) {
        otmec_instance *inst = nullptr;
        otmec_solution *sol = nullptr;
        ASSERT_EQ(otmec_generate(&sc, 9, k, &inst, nullptr, 0), OTMEC_OK);
        ASSERT_EQ(otmec_solve(inst, &s, &sol, nullptr, 0), OTMEC_OK);
        for (size_t n = 0; n < 3; ++n)
            EXPECT_EQ(fL[k * 3 + n], otmec_solution_fL(sol)[n]) << k << " " << n;
        otmec_solution_free(sol);
        otmec_instance_free(inst);
    }
}

TEST_F(H5Cli, ResumeContinuesRowsAndAllocationsAndRefusesAnotherFile)
{
    Instances x = make_instances();
    write_file(path("in.h5"), x);
    const std::string base = "mc --instances '" + path("in.h5") + "' --compare proposed,equal --save-allocations "
                             "--no-plot -o '" + path("run") + "'";
    Result r = run(base + " --realizations 2");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(read_csv(path("run/realizations.csv")).size(), 4u);
    r = run(base + " --resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    check_run(path("run"), x);

    // Another file (one gain changed) is another run: refused, nothing written.
    Instances y = x;
    y.h[5] *= 1.01;
    write_file(path("other.h5"), y);
    const std::string csv = slurp(path("run/realizations.csv"));
    r = run("mc --instances '" + path("other.h5") + "' --compare proposed,equal --save-allocations --no-plot -o '" +
            path("run") + "' --resume");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "'instances'")) << r.err;
    EXPECT_EQ(slurp(path("run/realizations.csv")), csv);
    // The same content under another name continues the run.
    ASSERT_EQ(std::system(("cp '" + path("in.h5") + "' '" + path("copy.h5") + "'").c_str()), 0);
    r = run("mc --instances '" + path("copy.h5") + "' --compare proposed,equal --save-allocations --no-plot -o '" +
            path("run") + "' --resume");
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(path("run/realizations.csv")), csv);
}

TEST_F(H5Cli, KilledRunResumesToTheSameFiles)
{
    // Rows reach the CSV a flush of allocations.h5 at a time (256
    // realizations here): enough realizations for a kill between flushes.
    Instances x = make_instances(1200, 3);
    write_file(path("in.h5"), x);
    std::vector<std::string> args = { "mc", "--instances", path("in.h5"), "--compare", "proposed,equal",
                                      "--save-allocations", "--no-plot", "-o", path("full") };
    Result r = run("mc --instances '" + path("in.h5") + "' --compare proposed,equal --save-allocations --no-plot "
                   "-o '" + path("full") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    args.back() = path("cut");
    // Killed once rows are on disk (or at the end, on a fast machine).
    pid_t pid = spawn_cli(args, path("out.txt"), path("err.txt"));
    for (int k = 0; k < 20000 && read_csv(path("cut/realizations.csv")).empty(); ++k)
        usleep(1000);
    kill(pid, SIGKILL);
    int st = 0;
    waitpid(pid, &st, 0);
    const size_t kept = read_csv(path("cut/realizations.csv")).size();
    std::printf("killed with %zu of %zu rows on disk\n", kept, 2 * x.R);
    r = run("mc --instances '" + path("in.h5") + "' --compare proposed,equal --save-allocations --no-plot "
            "-o '" + path("cut") + "' --resume");
    ASSERT_EQ(r.rc, 0) << r.err << " (" << kept << " rows before the kill)";
    EXPECT_EQ(slurp(path("cut/realizations.csv")), slurp(path("full/realizations.csv")));
    expect_same_arrays(path("cut/allocations.h5"), path("full/allocations.h5"),
                       { "proposed/fL", "proposed/phi", "equal/b", "equal/ratio", "proposed/status" });
}

// A kill between two flushes must leave what the first one wrote readable.
// A compressed chunk written again (a partial chunk completed by a later
// flush, or by a resumed run) changes size and moves; with HDF5's default
// file space management its old bytes, which the index on disk still
// points at, went to the next allocation and were overwritten before the
// next flush: 14 of 60 runs killed at random moments could not be resumed.
// The file's space now only grows, and the [R] columns are chunked by a
// flush's rows as the [R, N] datasets are (so that chunks are seldom
// written twice and the file stays as small).
TEST_F(H5Cli, AllocationsFileNeverReusesItsSpace)
{
    const std::string args =
        "mc --owners 3 --seed 9 --compare equal --save-allocations --no-plot -o '" + path("run") + "'";
    Result r = run(args + " --realizations 300");
    ASSERT_EQ(r.rc, 0) << r.err;
    r = run(args + " --realizations 700 --resume"); // rows 300.. rewrite the chunk of rows 256..511
    ASSERT_EQ(r.rc, 0) << r.err;
    hid_t file = H5Fopen(path("run/allocations.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    hid_t fcpl = H5Fget_create_plist(file);
    H5F_fspace_strategy_t strategy = H5F_FSPACE_STRATEGY_FSM_AGGR;
    hbool_t persist = 0;
    hsize_t threshold = 0;
    ASSERT_GE(H5Pget_file_space_strategy(fcpl, &strategy, &persist, &threshold), 0);
    EXPECT_EQ(strategy, H5F_FSPACE_STRATEGY_NONE);
    H5Pclose(fcpl);
    for (const char *name : { "equal/fL", "equal/ratio", "equal/status" }) {
        hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
        ASSERT_GE(set, 0) << name;
        hid_t dcpl = H5Dget_create_plist(set);
        hsize_t chunk[2] = { 0, 0 };
        EXPECT_GE(H5Pget_chunk(dcpl, 2, chunk), 1) << name;
        EXPECT_EQ(chunk[0], 256u) << name;
        H5Pclose(dcpl);
        H5Dclose(set);
    }
    H5Fclose(file);
    // and the rows are those of one run of 700
    r = run("mc --owners 3 --seed 9 --compare equal --save-allocations --no-plot --realizations 700 -o '" +
            path("whole") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(path("run/realizations.csv")), slurp(path("whole/realizations.csv")));
    expect_same_arrays(path("run/allocations.h5"), path("whole/allocations.h5"),
                       { "equal/fL", "equal/ratio", "equal/status" });
}

TEST_F(H5Cli, ShardsMergeIntoTheAllocationsOfOneRun)
{
    Instances x = make_instances(7, 3);
    write_file(path("in.h5"), x);
    const std::string base = "mc --instances '" + path("in.h5") + "' --compare proposed,equal --save-allocations "
                             "--no-plot";
    Result r = run(base + " -o '" + path("one") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    for (int k = 0; k < 3; ++k) {
        r = run(base + " --shard " + std::to_string(k) + "/3 -o '" + path("part" + std::to_string(k)) + "'");
        ASSERT_EQ(r.rc, 0) << r.err;
    }
    // a shard's file holds its own rows only: status -1 elsewhere
    std::vector<hsize_t> dims;
    std::vector<double> status = h5_read(path("part1/allocations.h5"), "equal/status", &dims);
    ASSERT_EQ(status.size(), 7u);
    EXPECT_EQ(status[0], -1);
    EXPECT_GE(status[3], 0);
    EXPECT_EQ(status[6], -1);
    const std::string parts = " '" + path("part0") + "' '" + path("part1") + "' '" + path("part2") + "'";
    r = run("merge --no-plot -o '" + path("merged") + "'" + parts);
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(slurp(path("merged/realizations.csv")), slurp(path("one/realizations.csv")));
    EXPECT_EQ(slurp(path("merged/config.json")), slurp(path("one/config.json")));
    for (const char *label : { "proposed", "equal" })
        for (const char *name : { "phi", "b", "p", "f", "fL", "owner_status", "status", "ratio", "utility",
                                  "consumption", "energy_J", "time_s", "kkt_residual" }) {
            const std::string set = std::string(label) + "/" + name;
            std::vector<hsize_t> da, db;
            std::vector<double> a = h5_read(path("merged/allocations.h5"), set, &da),
                                b = h5_read(path("one/allocations.h5"), set, &db);
            EXPECT_EQ(da, db) << set;
            ASSERT_EQ(a.size(), b.size()) << set;
            EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << set;
        }
    // a shard without its allocations.h5: refused, nothing written
    ASSERT_EQ(std::remove(path("part2/allocations.h5").c_str()), 0);
    r = run("merge --no-plot -o '" + path("merged2") + "'" + parts);
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, path("part2") + "/allocations.h5")) << r.err;
    EXPECT_FALSE(exists(path("merged2/realizations.csv")));
    EXPECT_FALSE(exists(path("merged2/allocations.h5")));
}

TEST_F(H5Cli, MpiRanksSolveTheFileAsOneProcess)
{
    if (std::string(OTMEC_MPIEXEC).empty())
        GTEST_SKIP() << "otmec is built without MPI (OTMEC_MPI=OFF or no MPI found)";
    Instances x = make_instances(40, 3);
    write_file(path("in.h5"), x);
    const std::string args = "mc --instances '" + path("in.h5") + "' --compare proposed,equal --no-plot";
    Result r = run(args + " -o '" + path("one") + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    const std::string mpirun = std::string("'") + OTMEC_MPIEXEC + "' --oversubscribe --allow-run-as-root -np 2 '" +
                               OTMEC_CLI_PATH + "' ";
    const std::string err = path("mpi.err");
    // every rank reads the file and solves its blocks, batches included
    int st = std::system((mpirun + args + " --batch 7 -o '" + path("np2") + "' 2>'" + err + "'").c_str());
    ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << slurp(err);
    EXPECT_EQ(slurp(path("np2/realizations.csv")), slurp(path("one/realizations.csv")));
    EXPECT_EQ(slurp(path("np2/config.json")), slurp(path("one/config.json")));
    // rank 0 gets no owner arrays from the others: refused, once, nothing written
    st = std::system((mpirun + args + " --save-allocations -o '" + path("no") + "' 2>'" + err + "'").c_str());
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 2) << slurp(err);
    const std::string text = slurp(err);
    const size_t first = text.find("--save-allocations under mpirun");
    ASSERT_NE(first, std::string::npos) << text;
    EXPECT_EQ(text.find("--save-allocations under mpirun", first + 1), std::string::npos) << text;
    EXPECT_FALSE(exists(path("no")));
}

// One bad file: exit status 2, the message names the file and `what`, and
// the output folder is not even created.
struct BadFile {
    const char *case_name;
    const char *expect; // in the message
    void (*spoil)(hid_t file, Instances &x);
};

void write_spoiled(const std::string &path, const BadFile &bad)
{
    Instances x = make_instances(3, 2);
    hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    bad.spoil(file, x);
    H5Fclose(file);
}

void write_three(hid_t file, const Instances &x, const char *skip = "")
{
    const char *names[3] = { "h", "g", "D" };
    const std::vector<double> *arrays[3] = { &x.h, &x.g, &x.D };
    for (int k = 0; k < 3; ++k)
        if (std::strcmp(names[k], skip) != 0)
            h5_write(file, names[k], { x.R, x.N }, *arrays[k]);
}

TEST_F(H5Cli, BadFilesExit2NamingTheDatasetAndWriteNothing)
{
    const BadFile cases[] = {
        { "missing", "dataset 'g' is missing", [](hid_t f, Instances &x) { write_three(f, x, "g"); } },
        { "shapes", "dataset 'D' has 3 realizations of 3 owners",
          [](hid_t f, Instances &x) {
              write_three(f, x, "D");
              h5_write(f, "D", { 3, 3 }, std::vector<double>(9, 100.0));
          } },
        { "type", "dataset 'h' must hold numbers",
          [](hid_t f, Instances &x) {
              write_three(f, x, "h");
              h5_write_strings(f, "h", 3, 2);
          } },
        { "rank", "dataset 'h' has 1 dimensions",
          [](hid_t f, Instances &x) {
              write_three(f, x, "h");
              h5_write(f, "h", { 6 }, x.h);
          } },
        { "nan", "dataset 'g', realization 2, owner 1 (g[2][1]) is nan",
          [](hid_t f, Instances &x) {
              x.g[2 * 2 + 1] = NAN;
              write_three(f, x);
          } },
        { "negative", "dataset 'h', realization 1, owner 0 (h[1][0]) is -",
          [](hid_t f, Instances &x) {
              x.h[2] = -x.h[2];
              write_three(f, x);
          } },
        { "D", "dataset 'D', realization 0, owner 1 (D[0][1]) is 0",
          [](hid_t f, Instances &x) {
              x.D[1] = 0;
              write_three(f, x);
          } },
        { "attribute", "attribute 'B_Hz' must be one number",
          [](hid_t f, Instances &x) {
              write_three(f, x);
              h5_attr(f, "B_Hz", 0, "20 MHz");
          } },
        { "parameter", "p_max_W",
          [](hid_t f, Instances &x) {
              write_three(f, x);
              h5_attr(f, "p_max_W", -1.0);
          } },
    };
    for (const BadFile &bad : cases) {
        const std::string file = path(std::string(bad.case_name) + ".h5"), out = path(std::string("out-") + bad.case_name);
        write_spoiled(file, bad);
        Result r = run("mc --instances '" + file + "' --save-allocations --no-plot -o '" + out + "'");
        EXPECT_EQ(r.rc, 2) << bad.case_name << ": " << r.err;
        EXPECT_TRUE(contains(r.err, file)) << bad.case_name << ": " << r.err;
        EXPECT_TRUE(contains(r.err, bad.expect)) << bad.case_name << ": " << r.err;
        EXPECT_FALSE(exists(out)) << bad.case_name << ": wrote " << out;
    }
    // Not a file, not HDF5.
    Result r = run("mc --instances '" + path("none.h5") + "' -o '" + path("o1") + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, path("none.h5"))) << r.err;
    spit(path("text.h5"), "not hdf5\n");
    r = run("mc --instances '" + path("text.h5") + "' -o '" + path("o2") + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "not an HDF5 file")) << r.err;
    EXPECT_FALSE(exists(path("o1")) || exists(path("o2")));
}

TEST_F(H5Cli, OptionsThatContradictTheFile)
{
    Instances x = make_instances();
    write_file(path("in.h5"), x);
    const std::string in = "mc --instances '" + path("in.h5") + "' -o '" + path("o") + "'";
    Result r = run(in + " --seed 1");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "--seed")) << r.err;
    r = run(in + " --owners 3");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "--owners")) << r.err;
    r = run(in + " --realizations 7");
    EXPECT_EQ(r.rc, 2);
    EXPECT_TRUE(contains(r.err, "holds 6 realizations")) << r.err;
    EXPECT_FALSE(exists(path("o")));
    EXPECT_TRUE(contains(run("mc --help").out, "--instances FILE"));
    EXPECT_TRUE(contains(run("mc --help").out, "--save-allocations"));
}
#endif

} // namespace
