// The HDF5 instance reader over generated files: valid files in every layout
// it accepts (float64, float32, integer D, MATLAB's transposed [N, R], with
// and without parameter attributes) read back value for value, and each
// kind of damage (a dataset missing, another shape or rank, not numbers,
// empty, NaN, infinite, a gain <= 0, D < 1, a bad attribute) is refused with
// a message naming the file, the dataset or attribute and, for a value, the
// realization and owner; nothing is left allocated. The kinds and places of
// the damage are drawn at random from a seed the test prints (set
// OTMEC_H5_SEED to repeat one).
#include <unistd.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include "h5/instances_h5.h"
#include "otmec.h"
}

#include "h5_util.h"

namespace {

#if !OTMEC_HAVE_HDF5
TEST(H5Instances, SkippedWithoutHdf5)
{
    GTEST_SKIP() << "built without HDF5 (libhdf5-dev not found, or -DOTMEC_HDF5=OFF): the reader is not tested";
}
#else

enum Damage {
    NONE, FLOAT32, INTEGER_D, MATLAB, PARAM, // valid
    MISSING, SHAPE, STRINGS, RANK, EMPTY, VALUE, BAD_ATTRIBUTE,
    NUM_DAMAGE
};

struct Case {
    size_t R, N;
    std::vector<double> x[3]; // h, g, D as meant, [R][N]
    Damage damage;
    int which;     // the dataset damaged
    size_t r, n;   // VALUE: where
    double bad;    // VALUE: what
    double param;  // PARAM: p_max_W
};

const char *const kNames[3] = { "h", "g", "D" };

Case draw(std::mt19937_64 &rng)
{
    Case c;
    c.R = 1 + rng() % 4;
    c.N = 1 + rng() % 4;
    std::uniform_real_distribution<double> gain(1e-12, 1e-8);
    for (size_t k = 0; k < c.R * c.N; ++k) {
        c.x[0].push_back(gain(rng));
        c.x[1].push_back(gain(rng));
        c.x[2].push_back((double)(1 + rng() % 1000));
    }
    c.damage = (Damage)(rng() % NUM_DAMAGE);
    c.which = (int)(rng() % 3);
    c.r = rng() % c.R;
    c.n = rng() % c.N;
    const double bad_values[4] = { NAN, INFINITY, -1e-9, 0.0 };
    c.bad = bad_values[rng() % 4];
    if (c.which == 2 && c.bad == -1e-9)
        c.bad = 0.5; // D below 1
    c.param = 0.01 + 0.01 * (double)(rng() % 50);
    return c;
}

void write(const std::string &path, const Case &c)
{
    hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    for (int k = 0; k < 3; ++k) {
        std::vector<double> v = c.x[k];
        std::vector<hsize_t> dims = { c.R, c.N };
        hid_t type = H5T_IEEE_F64LE;
        const bool hit = k == c.which;
        if (c.damage == MISSING && hit)
            continue;
        if (c.damage == FLOAT32)
            type = H5T_IEEE_F32LE;
        if (c.damage == INTEGER_D && k == 2)
            type = H5T_STD_I64LE;
        if (c.damage == MATLAB) {
            dims = { c.N, c.R };
            for (size_t r = 0; r < c.R; ++r)
                for (size_t n = 0; n < c.N; ++n)
                    v[n * c.R + r] = c.x[k][r * c.N + n];
        }
        if (c.damage == SHAPE && hit) {
            dims[1] += 1;
            v.resize(dims[0] * dims[1], 1.0);
        }
        if (c.damage == RANK && hit) {
            dims = c.R % 2 ? std::vector<hsize_t>{ c.R * c.N } : std::vector<hsize_t>{ c.R, c.N, 1 };
        }
        if (c.damage == EMPTY && hit) {
            dims = { 0, c.N };
            v.clear();
        }
        if (c.damage == VALUE && hit)
            v[c.r * c.N + c.n] = c.bad;
        if (c.damage == STRINGS && hit) {
            ASSERT_TRUE(h5_write_strings(file, kNames[k], c.R, c.N));
        } else {
            ASSERT_TRUE(h5_write(file, kNames[k], dims, v.empty() ? std::vector<double>(1) : v, type));
        }
        if (c.damage == MATLAB) {
            hid_t set = H5Dopen2(file, kNames[k], H5P_DEFAULT);
            ASSERT_TRUE(h5_attr(set, "MATLAB_class", 0, "double"));
            H5Dclose(set);
        }
    }
    if (c.damage == PARAM) {
        ASSERT_TRUE(h5_attr(file, "p_max_W", c.param));
    }
    if (c.damage == BAD_ATTRIBUTE) {
        ASSERT_TRUE(h5_attr(file, "zeta", 0, "twenty"));
    }
    H5Fclose(file);
}

// What the message must hold for a damaged file.
std::string expected_words(const Case &c)
{
    const std::string name = std::string("'") + kNames[c.which] + "'";
    switch (c.damage) {
    case MISSING: return "dataset " + name + " is missing";
    case SHAPE: return "dataset " + name + " has";
    case STRINGS: return "dataset " + name + " must hold numbers";
    case RANK: return "dataset " + name + " has " + (c.R % 2 ? "1" : "3") + " dimensions";
    case EMPTY: return "dataset " + name + " is empty";
    case VALUE:
        return "dataset " + name + ", realization " + std::to_string(c.r) + ", owner " + std::to_string(c.n);
    case BAD_ATTRIBUTE: return "attribute 'zeta' must be one number";
    default: return "";
    }
}

TEST(H5Instances, GeneratedFilesReadBackOrRefusedByName)
{
    unsigned long long seed = std::random_device{}();
    if (const char *s = std::getenv("OTMEC_H5_SEED"))
        seed = std::strtoull(s, nullptr, 10);
    std::printf("OTMEC_H5_SEED=%llu\n", seed);
    std::mt19937_64 rng(seed);
    const std::string path = ::testing::TempDir() + "otmec_h5_instances_" + std::to_string(getpid()) + ".h5";
    int counts[NUM_DAMAGE] = { 0 };
    for (int iter = 0; iter < 300; ++iter) {
        Case c = draw(rng);
        counts[c.damage]++;
        write(path, c);
        otm_h5_instances in;
        char msg[1024] = "";
        otmec_error e = otm_h5_instances_read(path.c_str(), &in, msg, sizeof msg);
        SCOPED_TRACE("case " + std::to_string(iter) + ", damage " + std::to_string(c.damage) + ", dataset " +
                     kNames[c.which] + ": " + msg);
        if (c.damage <= PARAM) {
            ASSERT_EQ(e, OTMEC_OK);
            ASSERT_EQ(in.R, c.R);
            ASSERT_EQ(in.N, c.N);
            EXPECT_EQ(in.matlab, c.damage == MATLAB);
            const double *got[3] = { in.h, in.g, in.D };
            for (int k = 0; k < 3; ++k)
                for (size_t i = 0; i < c.R * c.N; ++i) {
                    double want = c.damage == FLOAT32 ? (double)(float)c.x[k][i] : c.x[k][i];
                    ASSERT_EQ(got[k][i], want) << kNames[k] << "[" << i << "]";
                }
            otmec_params def;
            otmec_params_default(&def);
            EXPECT_EQ(in.params.p_max_W, c.damage == PARAM ? c.param : def.p_max_W);
            EXPECT_EQ(in.num_params, c.damage == PARAM ? 1 : 0);
            // The hash is of the content: the same values written as plain
            // float64 [R, N] give the same hash whatever the layout was.
            if (c.damage == MATLAB || c.damage == INTEGER_D || c.damage == PARAM) {
                Case plain = c;
                plain.damage = NONE;
                write(path, plain);
                otm_h5_instances again;
                ASSERT_EQ(otm_h5_instances_read(path.c_str(), &again, msg, sizeof msg), OTMEC_OK);
                EXPECT_EQ(again.hash, in.hash);
                otm_h5_instances_free(&again);
            }
            otm_h5_instances_free(&in);
        } else {
            EXPECT_NE(e, OTMEC_OK);
            EXPECT_EQ(in.h, nullptr);
            EXPECT_EQ(in.D, nullptr);
            EXPECT_TRUE(std::strstr(msg, path.c_str()) != nullptr);
            EXPECT_TRUE(std::strstr(msg, expected_words(c).c_str()) != nullptr) << "expected: " << expected_words(c);
        }
    }
    // one value changed: another hash
    Case c = draw(rng);
    c.damage = NONE;
    write(path, c);
    otm_h5_instances a, b;
    char msg[1024] = "";
    ASSERT_EQ(otm_h5_instances_read(path.c_str(), &a, msg, sizeof msg), OTMEC_OK) << msg;
    c.x[2][c.R * c.N - 1] += 1;
    write(path, c);
    ASSERT_EQ(otm_h5_instances_read(path.c_str(), &b, msg, sizeof msg), OTMEC_OK) << msg;
    EXPECT_NE(a.hash, b.hash);
    otm_h5_instances_free(&a);
    otm_h5_instances_free(&b);
    std::remove(path.c_str());
    for (int d = 0; d < NUM_DAMAGE; ++d)
        EXPECT_GT(counts[d], 0) << "damage " << d << " never drawn";
}

TEST(H5Instances, NotAFileOrNotHdf5)
{
    otm_h5_instances in;
    char msg[512] = "";
    EXPECT_NE(otm_h5_instances_read("/nonexistent/x.h5", &in, msg, sizeof msg), OTMEC_OK);
    EXPECT_TRUE(std::strstr(msg, "/nonexistent/x.h5") != nullptr) << msg;
    const std::string path = ::testing::TempDir() + "otmec_h5_text_" + std::to_string(getpid()) + ".h5";
    FILE *f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("{\"h\": [1]}\n", f);
    std::fclose(f);
    EXPECT_EQ(otm_h5_instances_read(path.c_str(), &in, msg, sizeof msg), OTMEC_ERR_PARSE);
    EXPECT_TRUE(std::strstr(msg, "not an HDF5 file") != nullptr) << msg;
    std::remove(path.c_str());
}
#endif

} // namespace
