// JSON reading and writing of instances and scenarios: exact round trips,
// and for every kind of bad input an error code and a message naming the key.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include <cjson/cJSON.h>

extern "C" {
#include "otmec.h"
}

#include "two_owner_instance.h"

namespace {

struct InstanceDeleter {
    void operator()(otmec_instance *p) const { otmec_instance_free(p); }
};
using Instance = std::unique_ptr<otmec_instance, InstanceDeleter>;

std::string take(char *s)
{
    std::string r = s ? s : "";
    std::free(s);
    return r;
}

bool starts_with(const std::string &s, const std::string &prefix)
{
    return s.rfind(prefix, 0) == 0;
}

otmec_error parse(const std::string &text, Instance *inst, std::string *msg)
{
    otmec_instance *p = nullptr;
    char buf[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_instance_parse_json(text.c_str(), &p, buf, sizeof buf);
    inst->reset(p);
    *msg = buf;
    return err;
}

void expect_same_instance(const otmec_instance *a, const otmec_instance *b)
{
    ASSERT_EQ(otmec_instance_num_owners(a), otmec_instance_num_owners(b));
    size_t n = otmec_instance_num_owners(a);
    EXPECT_EQ(std::memcmp(otmec_instance_params(a), otmec_instance_params(b), sizeof(otmec_params)), 0);
    EXPECT_EQ(std::memcmp(otmec_instance_h(a), otmec_instance_h(b), n * sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(otmec_instance_g(a), otmec_instance_g(b), n * sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(otmec_instance_D(a), otmec_instance_D(b), n * sizeof(double)), 0);
}

TEST(InstanceJson, ParsesTheFormatsExample)
{
    Instance inst;
    std::string msg;
    ASSERT_EQ(parse(kTwoOwnerInstance, &inst, &msg), OTMEC_OK) << msg;
    EXPECT_EQ(otmec_instance_num_owners(inst.get()), 2u);
    const otmec_params *p = otmec_instance_params(inst.get());
    EXPECT_EQ(p->B_Hz, 2e7);
    EXPECT_EQ(p->N0_W_per_Hz, 3.981e-21);
    EXPECT_EQ(p->epochs, 1.0);
    EXPECT_TRUE(std::isinf(p->T_max_s));
    EXPECT_EQ(otmec_instance_h(inst.get())[1], 5e-10);
    EXPECT_EQ(otmec_instance_g(inst.get())[0], 3.4e-12);
    EXPECT_EQ(otmec_instance_D(inst.get())[0], 750.0);
}

TEST(InstanceJson, DeadlineNullAbsentOrNumber)
{
    Instance inst;
    std::string msg;
    ASSERT_EQ(parse(replaced(kTwoOwnerInstance, "\"T_max_s\": null", "\"T_max_s\": 250.5"), &inst, &msg), OTMEC_OK) << msg;
    EXPECT_EQ(otmec_instance_params(inst.get())->T_max_s, 250.5);
    std::string absent = replaced(kTwoOwnerInstance, ",\n    \"T_max_s\": null", "");
    ASSERT_EQ(parse(absent, &inst, &msg), OTMEC_OK) << msg;
    EXPECT_TRUE(std::isinf(otmec_instance_params(inst.get())->T_max_s));
}

TEST(InstanceJson, ReadsExampleP1IgnoringReference)
{
    otmec_instance *p = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_instance_read_json(OTMEC_TEST_DATA_DIR "/examples/p1.json", &p, msg, sizeof msg), OTMEC_OK)
        << msg;
    Instance inst(p);
    EXPECT_EQ(otmec_instance_num_owners(p), 9u);
    EXPECT_EQ(otmec_instance_h(p)[8], 4.044536541106237e-07);
    EXPECT_EQ(otmec_instance_D(p)[2], 607.0);
    // The file's N0 is the default -174 dBm/Hz (written as 1e-3 * 10^(-17.4),
    // one ulp from our 10^(-20.4)).
    otmec_params def;
    otmec_params_default(&def);
    EXPECT_EQ(otmec_instance_params(p)->N0_W_per_Hz, 3.981071705534985e-21);
    EXPECT_DOUBLE_EQ(otmec_instance_params(p)->N0_W_per_Hz, def.N0_W_per_Hz);
}

TEST(InstanceJson, RoundTripIsBitExact)
{
    otmec_scenario s;
    otmec_scenario_default(&s);
    s.N = 40;
    s.params.T_max_s = 1234.5678901234567;
    s.params.phi_min = 1.0 / 3.0;
    s.params.gamma_E = 0.1 + 0.2; // 0.30000000000000004 needs 17 digits
    otmec_instance *g = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_generate(&s, 99, 5, &g, msg, sizeof msg), OTMEC_OK) << msg;
    Instance a(g);
    char *text = nullptr;
    ASSERT_EQ(otmec_instance_to_json(a.get(), &text), OTMEC_OK);
    std::string json = take(text);
    Instance b;
    std::string m;
    ASSERT_EQ(parse(json, &b, &m), OTMEC_OK) << m;
    expect_same_instance(a.get(), b.get());
    // And writing again gives the same text.
    ASSERT_EQ(otmec_instance_to_json(b.get(), &text), OTMEC_OK);
    EXPECT_EQ(take(text), json);
    EXPECT_NE(json.find("\"format\":\t\"otmec-instance-1\""), std::string::npos) << json.substr(0, 80);
}

TEST(InstanceJson, ExtremeValuesRoundTrip)
{
    otmec_params p;
    otmec_params_default(&p);
    double h[] = { 4.9406564584124654e-324, 1.7976931348623157e308, 0.1, 2.2250738585072014e-308 };
    double g[] = { 1e-300, 3.0000000000000004, 1.0 / 7.0, 123456789.123456789 };
    double D[] = { 1, 1e15, 7.5, 9007199254740993.0 };
    otmec_instance *raw = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_instance_create(&p, 4, h, g, D, &raw, msg, sizeof msg), OTMEC_OK) << msg;
    Instance a(raw);
    char *text = nullptr;
    ASSERT_EQ(otmec_instance_to_json(a.get(), &text), OTMEC_OK);
    std::string json = take(text);
    EXPECT_NE(json.find("\"T_max_s\":\tnull"), std::string::npos);
    EXPECT_NE(json.find("0.1,"), std::string::npos) << "shortest exact text expected";
    Instance b;
    std::string m;
    ASSERT_EQ(parse(json, &b, &m), OTMEC_OK) << m;
    expect_same_instance(a.get(), b.get());
}

struct BadCase {
    const char *what;
    std::string text;
    otmec_error err;
    const char *message; // expected prefix
};

TEST(InstanceJson, BadInputNamesTheKey)
{
    const BadCase cases[] = {
        { "missing key", replaced(kTwoOwnerInstance, "\"B_Hz\": 2e7, ", ""), OTMEC_ERR_INVALID_INPUT, "params.B_Hz: missing" },
        { "wrong type", replaced(kTwoOwnerInstance, "\"B_Hz\": 2e7", "\"B_Hz\": \"2e7\""), OTMEC_ERR_INVALID_INPUT,
          "params.B_Hz: expected a number, got a string (\"2e7\")" },
        { "boolean", replaced(kTwoOwnerInstance, "\"zeta\": 20", "\"zeta\": true"), OTMEC_ERR_INVALID_INPUT,
          "params.zeta: expected a number, got a boolean" },
        { "null number", replaced(kTwoOwnerInstance, "\"w_t\": 0.95", "\"w_t\": null"), OTMEC_ERR_INVALID_INPUT,
          "params.w_t: expected a number, got null" },
        { "NaN as a string", replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "[1.2e-9, \"NaN\"]"), OTMEC_ERR_INVALID_INPUT,
          "owners.h[1]: expected a number, got a string (\"NaN\")" },
        { "NaN literal", replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "[1.2e-9, NaN]"), OTMEC_ERR_PARSE,
          "not valid JSON near line 11, column 29: 'NaN]" },
        { "huge number in array", replaced(kTwoOwnerInstance, "[3.4e-12, 1e-11]", "[3.4e-12, 1e999]"), OTMEC_ERR_INVALID_INPUT,
          "owners.g[1]: must be a finite number" },
        { "huge number in params", replaced(kTwoOwnerInstance, "\"kappa_D\": 5e-27", "\"kappa_D\": -1e999"),
          OTMEC_ERR_INVALID_INPUT, "params.kappa_D: must be a finite number" },
        { "huge deadline", replaced(kTwoOwnerInstance, "\"T_max_s\": null", "\"T_max_s\": 1e999"), OTMEC_ERR_INVALID_INPUT,
          "params.T_max_s: must be a finite number" },
        { "deadline string", replaced(kTwoOwnerInstance, "\"T_max_s\": null", "\"T_max_s\": \"none\""), OTMEC_ERR_INVALID_INPUT,
          "params.T_max_s: expected a number or null, got a string" },
        { "zero deadline", replaced(kTwoOwnerInstance, "\"T_max_s\": null", "\"T_max_s\": 0"), OTMEC_ERR_INVALID_INPUT,
          "params.T_max_s: must be > 0" },
        { "negative bandwidth", replaced(kTwoOwnerInstance, "\"B_Hz\": 2e7", "\"B_Hz\": -1"), OTMEC_ERR_INVALID_INPUT,
          "params.B_Hz: must be finite and > 0 (got -1)" },
        { "phi range", replaced(kTwoOwnerInstance, "\"phi_min\": 0.05", "\"phi_min\": 0.7"), OTMEC_ERR_INVALID_INPUT,
          "params.phi_max: must be >= params.phi_min" },
        { "N = 0", replaced(replaced(replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "[]"), "[3.4e-12, 1e-11]", "[]"),
                            "[750, 600]", "[]"),
          OTMEC_ERR_INVALID_INPUT, "owners.h: must hold at least one owner" },
        { "g shorter", replaced(kTwoOwnerInstance, "[3.4e-12, 1e-11]", "[3.4e-12]"), OTMEC_ERR_INVALID_INPUT,
          "owners.g: length 1 differs from owners.h length 2" },
        { "D longer", replaced(kTwoOwnerInstance, "[750, 600]", "[750, 600, 900]"), OTMEC_ERR_INVALID_INPUT,
          "owners.D: length 3 differs from owners.h length 2" },
        { "owner value", replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "[1.2e-9, -5e-10]"), OTMEC_ERR_INVALID_INPUT,
          "owners.h[1]: must be finite and > 0 (got -5e-10)" },
        { "owner D", replaced(kTwoOwnerInstance, "[750, 600]", "[750, 0]"), OTMEC_ERR_INVALID_INPUT,
          "owners.D[1]: must be finite and >= 1 (got 0)" },
        { "array is a number", replaced(kTwoOwnerInstance, "[1.2e-9, 5e-10]", "1.2e-9"), OTMEC_ERR_INVALID_INPUT,
          "owners.h: expected an array of numbers, got a number" },
        { "missing owners", replaced(kTwoOwnerInstance, "\"owners\"", "\"owner\""), OTMEC_ERR_INVALID_INPUT, "owners: missing" },
        { "unbalanced brackets", replaced(kTwoOwnerInstance, "\"params\": {", "\"params\": [{"), OTMEC_ERR_PARSE,
          "not valid JSON" },
        { "missing format", replaced(kTwoOwnerInstance, "\"format\": \"otmec-instance-1\",", ""), OTMEC_ERR_INVALID_INPUT,
          "format: missing" },
        { "other format", replaced(kTwoOwnerInstance, "otmec-instance-1", "otmec-scenario-1"), OTMEC_ERR_PARSE,
          "format: expected \"otmec-instance-1\", got \"otmec-scenario-1\"" },
        { "not JSON at all", "this is not json", OTMEC_ERR_PARSE, "not valid JSON near line 1, column 1: 'this is" },
        { "empty text", "", OTMEC_ERR_PARSE, "not valid JSON near line 1, column 1" },
        { "truncated", kTwoOwnerInstance.substr(0, 200), OTMEC_ERR_PARSE, "not valid JSON near line" },
        { "trailing garbage", kTwoOwnerInstance + " x", OTMEC_ERR_PARSE, "not valid JSON near line 12, column 3: 'x'" },
        { "top-level array", "[1, 2]", OTMEC_ERR_PARSE, "not of the expected format" },
    };
    for (const BadCase &c : cases) {
        Instance inst;
        std::string msg;
        EXPECT_EQ(parse(c.text, &inst, &msg), c.err) << c.what << ": " << msg;
        EXPECT_TRUE(starts_with(msg, c.message)) << c.what << ": got \"" << msg << "\"";
        EXPECT_EQ(inst.get(), nullptr) << c.what;
    }
}

TEST(InstanceJson, ParamsNotAnObject)
{
    Instance inst;
    std::string msg;
    std::string text = replaced(kTwoOwnerInstance, "\"params\": {", "\"params\": 5, \"x\": {");
    EXPECT_EQ(parse(text, &inst, &msg), OTMEC_ERR_INVALID_INPUT);
    EXPECT_EQ(msg, "params: expected an object, got a number");
}

std::string write_temp(const std::string &name, const std::string &text)
{
    std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

TEST(InstanceJson, ReadFileMessagesNameTheFile)
{
    otmec_instance *p = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_instance_read_json("/nonexistent/x.json", &p, msg, sizeof msg), OTMEC_ERR_IO);
    EXPECT_TRUE(starts_with(msg, "/nonexistent/x.json: cannot open")) << msg;
    EXPECT_EQ(otmec_instance_read_json(OTMEC_TEST_DATA_DIR, &p, msg, sizeof msg), OTMEC_ERR_IO);
    EXPECT_EQ(std::string(msg), std::string(OTMEC_TEST_DATA_DIR) + ": cannot read: Is a directory");
    std::string path = write_temp("otmec_bad_instance.json", replaced(kTwoOwnerInstance, "\"B_Hz\": 2e7", "\"B_Hz\": -1"));
    EXPECT_EQ(otmec_instance_read_json(path.c_str(), &p, msg, sizeof msg), OTMEC_ERR_INVALID_INPUT);
    EXPECT_EQ(std::string(msg), path + ": params.B_Hz: must be finite and > 0 (got -1)");
    path = write_temp("otmec_nul.json", std::string("{\"a\": 1}\0junk", 13));
    EXPECT_EQ(otmec_instance_read_json(path.c_str(), &p, msg, sizeof msg), OTMEC_ERR_PARSE);
    EXPECT_EQ(p, nullptr);
    EXPECT_EQ(otmec_instance_read_json(nullptr, &p, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(otmec_instance_parse_json(kTwoOwnerInstance.c_str(), nullptr, msg, sizeof msg), OTMEC_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(otmec_instance_to_json(nullptr, nullptr), OTMEC_ERR_INVALID_ARGUMENT);
}

TEST(InstanceJson, LargeFile)
{
    // Bigger than the reader's first buffer.
    otmec_scenario s;
    otmec_scenario_default(&s);
    s.N = 5000;
    otmec_instance *g = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_generate(&s, 1, 2, &g, msg, sizeof msg), OTMEC_OK) << msg;
    Instance a(g);
    char *text = nullptr;
    ASSERT_EQ(otmec_instance_to_json(a.get(), &text), OTMEC_OK);
    std::string path = write_temp("otmec_large.json", take(text));
    otmec_instance *b = nullptr;
    ASSERT_EQ(otmec_instance_read_json(path.c_str(), &b, msg, sizeof msg), OTMEC_OK) << msg;
    Instance bb(b);
    expect_same_instance(a.get(), b);
}

// ---- scenarios ---------------------------------------------------------------

void expect_same_scenario(const otmec_scenario &a, const otmec_scenario &b)
{
    EXPECT_EQ(std::memcmp(&a.params, &b.params, sizeof a.params), 0);
    EXPECT_EQ(a.N, b.N);
    EXPECT_EQ(a.radius_m, b.radius_m);
    EXPECT_EQ(a.min_distance_m, b.min_distance_m);
    EXPECT_EQ(a.eve_xy_m[0], b.eve_xy_m[0]);
    EXPECT_EQ(a.eve_xy_m[1], b.eve_xy_m[1]);
    EXPECT_EQ(a.pathloss_a_dB, b.pathloss_a_dB);
    EXPECT_EQ(a.pathloss_b_dB, b.pathloss_b_dB);
    EXPECT_EQ(a.N0_dBm_per_Hz, b.N0_dBm_per_Hz);
    EXPECT_EQ(a.D_min, b.D_min);
    EXPECT_EQ(a.D_max, b.D_max);
}

otmec_error parse_scenario(const std::string &text, otmec_scenario *s, std::string *msg)
{
    char buf[OTMEC_MESSAGE_LEN] = "";
    otmec_error err = otmec_scenario_parse_json(text.c_str(), s, buf, sizeof buf);
    *msg = buf;
    return err;
}

TEST(ScenarioJson, ShippedDefaultMatchesBuiltInDefault)
{
    otmec_scenario def, file;
    otmec_scenario_default(&def);
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_scenario_read_json(OTMEC_TEST_DATA_DIR "/default.json", &file, msg, sizeof msg), OTMEC_OK) << msg;
    expect_same_scenario(def, file);
}

TEST(ScenarioJson, MissingKeysTakeDefaults)
{
    otmec_scenario def, s;
    otmec_scenario_default(&def);
    std::string msg;
    ASSERT_EQ(parse_scenario("{}", &s, &msg), OTMEC_OK) << msg;
    expect_same_scenario(def, s);
    ASSERT_EQ(parse_scenario(R"({"N": 3, "B_Hz": 1e7, "N0_dBm_per_Hz": -170, "T_max_s": 500,
                                 "eve_xy_m": [0, -100], "comment": "ignored"})",
                             &s, &msg),
              OTMEC_OK)
        << msg;
    EXPECT_EQ(s.N, 3u);
    EXPECT_EQ(s.params.B_Hz, 1e7);
    EXPECT_EQ(s.params.T_max_s, 500.0);
    EXPECT_EQ(s.eve_xy_m[1], -100.0);
    EXPECT_DOUBLE_EQ(s.params.N0_W_per_Hz, 1e-20);
    EXPECT_EQ(s.params.p_max_W, def.params.p_max_W);
}

TEST(ScenarioJson, RoundTripIsExact)
{
    otmec_scenario a;
    otmec_scenario_default(&a);
    a.N = 77;
    a.radius_m = 1.0 / 3.0 * 1000;
    a.eve_xy_m[1] = -0.1;
    a.params.T_max_s = 99.99;
    a.N0_dBm_per_Hz = -173.9;
    a.params.N0_W_per_Hz = std::pow(10.0, (-173.9 - 30) / 10);
    char *text = nullptr;
    ASSERT_EQ(otmec_scenario_to_json(&a, &text), OTMEC_OK);
    std::string json = take(text);
    EXPECT_EQ(json.find("N0_W_per_Hz"), std::string::npos);
    otmec_scenario b;
    std::string msg;
    ASSERT_EQ(parse_scenario(json, &b, &msg), OTMEC_OK) << msg << "\n" << json;
    expect_same_scenario(a, b);
}

TEST(ScenarioJson, BadInputNamesTheKey)
{
    const BadCase cases[] = {
        { "N zero", R"({"N": 0})", OTMEC_ERR_INVALID_INPUT, "N: must be an integer" },
        { "N fractional", R"({"N": 2.5})", OTMEC_ERR_INVALID_INPUT, "N: must be an integer" },
        { "N string", R"({"N": "10"})", OTMEC_ERR_INVALID_INPUT, "N: expected a number, got a string" },
        { "radius", R"({"radius_m": -1})", OTMEC_ERR_INVALID_INPUT, "radius_m: must be finite and > 0 (got -1)" },
        { "annulus", R"({"min_distance_m": 500})", OTMEC_ERR_INVALID_INPUT, "min_distance_m: must be < radius_m" },
        { "eve length", R"({"eve_xy_m": [1]})", OTMEC_ERR_INVALID_INPUT, "eve_xy_m: expected 2 numbers" },
        { "eve NaN", R"({"eve_xy_m": [1, "nan"]})", OTMEC_ERR_INVALID_INPUT, "eve_xy_m[1]: expected a number" },
        { "D order", R"({"D_min": 900, "D_max": 800})", OTMEC_ERR_INVALID_INPUT, "D_max: must be an integer >= D_min" },
        { "bandwidth", R"({"B_Hz": -1})", OTMEC_ERR_INVALID_INPUT, "B_Hz: must be finite and > 0 (got -1)" },
        { "huge", R"({"M_bits": 1e999})", OTMEC_ERR_INVALID_INPUT, "M_bits: must be a finite number" },
        { "linear noise", R"({"N0_W_per_Hz": 4e-21})", OTMEC_ERR_INVALID_INPUT, "N0_W_per_Hz: not a scenario key" },
        { "nested params", R"({"params": {}})", OTMEC_ERR_INVALID_INPUT, "params: not a scenario key" },
        { "instance given", kTwoOwnerInstance, OTMEC_ERR_PARSE, "format: expected \"otmec-scenario-1\"" },
        { "not JSON", "N=10", OTMEC_ERR_PARSE, "not valid JSON near line 1, column 1" },
    };
    for (const BadCase &c : cases) {
        otmec_scenario s;
        otmec_scenario_default(&s);
        s.N = 12345;
        std::string msg;
        EXPECT_EQ(parse_scenario(c.text, &s, &msg), c.err) << c.what << ": " << msg;
        EXPECT_TRUE(starts_with(msg, c.message)) << c.what << ": got \"" << msg << "\"";
        EXPECT_EQ(s.N, 12345u) << "output untouched on failure";
    }
    otmec_scenario s;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_scenario_read_json("/nonexistent/s.json", &s, msg, sizeof msg), OTMEC_ERR_IO);
    EXPECT_TRUE(starts_with(msg, "/nonexistent/s.json: ")) << msg;
}

// ---- solutions ---------------------------------------------------------------

struct SolutionDeleter {
    void operator()(otmec_solution *p) const { otmec_solution_free(p); }
};
using Solution = std::unique_ptr<otmec_solution, SolutionDeleter>;
struct JsonDeleter {
    void operator()(cJSON *p) const { cJSON_Delete(p); }
};
using Json = std::unique_ptr<cJSON, JsonDeleter>;

Solution solve(const otmec_instance *inst, int max_ipm = 0)
{
    otmec_settings settings;
    otmec_settings_default(&settings);
    if (max_ipm > 0)
        settings.max_ipm = max_ipm;
    otmec_solution *sol = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    EXPECT_EQ(otmec_solve(inst, &settings, &sol, msg, sizeof msg), OTMEC_OK) << msg;
    return Solution(sol);
}

Json solution_json(const otmec_solution *sol)
{
    char *text = nullptr;
    EXPECT_EQ(otmec_solution_to_json(sol, &text), OTMEC_OK);
    Json root(cJSON_Parse(text));
    EXPECT_TRUE(root) << text;
    std::free(text);
    return root;
}

const cJSON *member(const cJSON *o, const char *key)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, key);
    EXPECT_NE(m, nullptr) << key;
    return m;
}

void expect_array_exact(const cJSON *owners, const char *key, const double *x, size_t n)
{
    const cJSON *arr = member(owners, key);
    ASSERT_TRUE(cJSON_IsArray(arr)) << key;
    ASSERT_EQ(static_cast<size_t>(cJSON_GetArraySize(arr)), n) << key;
    for (size_t i = 0; i < n; ++i)
        EXPECT_EQ(cJSON_GetArrayItem(arr, static_cast<int>(i))->valuedouble, x[i]) << key << "[" << i << "]";
}

TEST(SolutionJson, OptimalSolutionHasEveryKeyExactly)
{
    otmec_instance *p = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_instance_read_json(OTMEC_TEST_DATA_DIR "/examples/p1.json", &p, msg, sizeof msg), OTMEC_OK);
    Instance inst(p);
    Solution sol = solve(p);
    ASSERT_TRUE(sol);
    ASSERT_TRUE(otmec_solution_has_allocation(sol.get()));
    Json root = solution_json(sol.get());
    ASSERT_TRUE(root);
    EXPECT_STREQ(member(root.get(), "format")->valuestring, "otmec-solution-1");
    EXPECT_STREQ(member(root.get(), "status")->valuestring, otmec_status_name(otmec_solution_status(sol.get())));
    EXPECT_STREQ(member(root.get(), "algorithm")->valuestring, "joint");
    // Numbers are written so that they read back to the same bits.
    otmec_evaluation ev = otmec_solution_evaluation(sol.get());
    EXPECT_EQ(member(root.get(), "ratio")->valuedouble, ev.ratio);
    EXPECT_EQ(member(root.get(), "utility")->valuedouble, ev.utility);
    EXPECT_EQ(member(root.get(), "consumption")->valuedouble, ev.consumption);
    EXPECT_EQ(member(root.get(), "energy_J")->valuedouble, ev.energy_J);
    EXPECT_EQ(member(root.get(), "time_s")->valuedouble, ev.time_s);
    EXPECT_EQ(member(root.get(), "kkt_residual")->valuedouble, otmec_solution_kkt_residual(sol.get()));
    const cJSON *it = member(root.get(), "iterations");
    otmec_iterations iters = otmec_solution_iterations(sol.get());
    EXPECT_EQ(member(it, "dinkelbach")->valueint, iters.dinkelbach);
    EXPECT_EQ(member(it, "ao")->valueint, iters.ao);
    EXPECT_EQ(member(it, "sca")->valueint, iters.sca);
    EXPECT_EQ(member(it, "ipm")->valueint, iters.ipm);
    EXPECT_EQ(member(it, "refine")->valueint, iters.refine);
    EXPECT_EQ(cJSON_GetObjectItemCaseSensitive(root.get(), "reason"), nullptr);

    const cJSON *owners = member(root.get(), "owners");
    const cJSON *status = member(owners, "status");
    ASSERT_EQ(cJSON_GetArraySize(status), 9);
    for (int i = 0; i < 9; ++i)
        EXPECT_STREQ(cJSON_GetArrayItem(status, i)->valuestring,
                     otmec_owner_status_name(otmec_solution_owner_status(sol.get())[i]));
    expect_array_exact(owners, "phi", otmec_solution_phi(sol.get()), 9);
    expect_array_exact(owners, "b_Hz", otmec_solution_b(sol.get()), 9);
    expect_array_exact(owners, "p_W", otmec_solution_p(sol.get()), 9);
    expect_array_exact(owners, "f_Hz", otmec_solution_f(sol.get()), 9);
    expect_array_exact(owners, "fL_Hz", otmec_solution_fL(sol.get()), 9);
    expect_array_exact(owners, "secrecy_rate_bps", otmec_solution_secrecy_rate(sol.get()), 9);
    expect_array_exact(owners, "T_s", otmec_solution_owner_time(sol.get()), 9);
    expect_array_exact(owners, "E_J", otmec_solution_owner_energy(sol.get()), 9);
}

TEST(SolutionJson, OutageOwnerHoldsZeros)
{
    otmec_params prm;
    otmec_params_default(&prm);
    // Owner 1 hears the BS worse than Eve hears it: secrecy outage.
    double h[] = { 1e-9, 1e-12, 5e-10 }, g[] = { 1e-12, 1e-10, 2e-12 }, D[] = { 700, 800, 900 };
    otmec_instance *p = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_instance_create(&prm, 3, h, g, D, &p, msg, sizeof msg), OTMEC_OK) << msg;
    Instance inst(p);
    Solution sol = solve(p);
    ASSERT_TRUE(sol);
    Json root = solution_json(sol.get());
    ASSERT_TRUE(root);
    const cJSON *owners = member(root.get(), "owners");
    EXPECT_STREQ(cJSON_GetArrayItem(member(owners, "status"), 1)->valuestring, "OUTAGE");
    for (const char *key : { "phi", "b_Hz", "p_W", "f_Hz", "fL_Hz", "secrecy_rate_bps", "T_s", "E_J" })
        EXPECT_EQ(cJSON_GetArrayItem(member(owners, key), 1)->valuedouble, 0.0) << key;
}

TEST(SolutionJson, InfeasibleHasReasonAndNoAllocation)
{
    otmec_params prm;
    otmec_params_default(&prm);
    // Each owner alone reaches R_min within B, both together need more than B.
    prm.B_Hz = 3e5;
    double h[] = { 2e-13, 2e-13 }, g[] = { 1e-15, 1e-15 }, D[] = { 700, 800 };
    otmec_instance *p = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_instance_create(&prm, 2, h, g, D, &p, msg, sizeof msg), OTMEC_OK) << msg;
    Instance inst(p);
    Solution sol = solve(p);
    ASSERT_TRUE(sol);
    Json root = solution_json(sol.get());
    ASSERT_TRUE(root);
    EXPECT_STREQ(member(root.get(), "status")->valuestring, "INFEASIBLE");
    const cJSON *reason = member(root.get(), "reason");
    ASSERT_TRUE(cJSON_IsString(reason));
    EXPECT_GT(std::strlen(reason->valuestring), 0u);
    for (const char *key : { "ratio", "utility", "consumption", "energy_J", "time_s", "kkt_residual" })
        EXPECT_EQ(cJSON_GetObjectItemCaseSensitive(root.get(), key), nullptr) << key;
    const cJSON *owners = cJSON_GetObjectItemCaseSensitive(root.get(), "owners");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(owners, "status");
    ASSERT_EQ(cJSON_GetArraySize(status), 2);
    EXPECT_STREQ(cJSON_GetArrayItem(status, 0)->valuestring, "ACTIVE");
    for (const char *key : { "phi", "b_Hz", "p_W", "f_Hz", "fL_Hz", "secrecy_rate_bps", "T_s", "E_J" })
        EXPECT_EQ(cJSON_GetObjectItemCaseSensitive(owners, key), nullptr) << key;
    EXPECT_EQ(otmec_solution_to_json(nullptr, nullptr), OTMEC_ERR_INVALID_ARGUMENT);
}

// A solve cut short (interior-point solves limited to a few steps) keeps its
// point, and the file says why it is not OPTIMAL.
TEST(SolutionJson, MaxIterHasReasonAndAllocation)
{
    otmec_instance *p = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_instance_read_json(OTMEC_TEST_DATA_DIR "/examples/p1.json", &p, msg, sizeof msg), OTMEC_OK);
    Instance inst(p);
    Solution sol = solve(p, 5);
    ASSERT_TRUE(sol);
    ASSERT_EQ(otmec_solution_status(sol.get()), OTMEC_STATUS_MAX_ITER) << otmec_solution_reason(sol.get());
    ASSERT_GT(std::strlen(otmec_solution_reason(sol.get())), 0u);
    Json root = solution_json(sol.get());
    ASSERT_TRUE(root);
    EXPECT_STREQ(member(root.get(), "status")->valuestring, "MAX_ITER");
    EXPECT_STREQ(member(root.get(), "reason")->valuestring, otmec_solution_reason(sol.get()));
    EXPECT_EQ(member(root.get(), "ratio")->valuedouble, otmec_solution_evaluation(sol.get()).ratio);
    expect_array_exact(member(root.get(), "owners"), "phi", otmec_solution_phi(sol.get()), 9);
}

} // namespace
