// Extreme but valid inputs (issue: numerical robustness). Public API only.
//
// Every solve must return OTMEC_OK with a valid status; no number it reports
// (evaluation, KKT residual, per-owner arrays) may be NaN or infinite; a
// solution with an allocation must pass otmec_check_allocation and evaluate
// to what it reports. Where the answer is known (a single owner whose floor is
// just reachable must be served, a floor just out of reach is infeasible) the
// status is checked too: OPTIMAL (with a KKT point of P0 in joint mode)
// wherever the solver gets there, and each case that may legitimately stop at
// an iteration limit says why where it is allowed.
//
// Each solve prints one line, "EXTREME <case> <method> <status> <active>/<N>
// <milliseconds> ms", the record of what was tried. The 100,000-owner solves
// are in test_extreme_slow.cpp (label `slow`).
#include "extreme_fixture.h"

namespace {

using namespace extreme;

// The owners of a generated default instance (seed 1, stream 0).
struct Owners {
    std::vector<double> h, g, D;
};

Owners default_owners(size_t n)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = n;
    otmec_instance *inst = nullptr;
    char msg[OTMEC_MESSAGE_LEN];
    EXPECT_EQ(otmec_generate(&sc, 1, 0, &inst, msg, sizeof msg), OTMEC_OK) << msg;
    Owners o;
    if (inst == nullptr)
        return o;
    o.h.assign(otmec_instance_h(inst), otmec_instance_h(inst) + n);
    o.g.assign(otmec_instance_g(inst), otmec_instance_g(inst) + n);
    o.D.assign(otmec_instance_D(inst), otmec_instance_D(inst) + n);
    otmec_instance_free(inst);
    return o;
}

// Owners of the default instance with a secrecy rate floor every one of them
// reaches on its own (R(B, p_max) >= R_min); 5 of them.
Owners served_owners()
{
    Owners all = default_owners(20), o;
    otmec_params prm;
    otmec_params_default(&prm);
    for (size_t k = 0; k < all.h.size() && o.h.size() < 5; ++k) {
        if (capacity(prm, all.h[k], all.g[k]) > 4.0 * prm.R_min_bps) {
            o.h.push_back(all.h[k]);
            o.g.push_back(all.g[k]);
            o.D.push_back(all.D[k]);
        }
    }
    EXPECT_EQ(o.h.size(), 5u);
    return o;
}

TEST(Extreme, OneOwner)
{
    otmec_params prm;
    otmec_params_default(&prm);
    Owners o = served_owners();
    for (size_t k = 0; k < o.h.size(); ++k) {
        Instance inst(prm, {o.h[k]}, {o.g[k]}, {o.D[k]});
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(inst.get(), m, "N=1 owner " + std::to_string(k));
            EXPECT_TRUE(r.has_allocation) << r.reason;
            // Paper mode with one owner: AO creeps along the owner's delay
            // bound (T is fixed in SP1) and may run into max_ao.
            expect_optimal(r, m, "N=1 owner " + std::to_string(k), m.algorithm == OTMEC_ALGORITHM_PAPER);
        }
    }
}

TEST(Extreme, OneOwnerInOutage)
{
    otmec_params prm;
    otmec_params_default(&prm);
    Instance inst(prm, {1e-12}, {1e-9}, {750});
    for (Method m : kBothMethods) {
        Outcome r = solve_and_check(inst.get(), m, "N=1 h<g (outage)");
        EXPECT_EQ(r.status, OTMEC_STATUS_INFEASIBLE);
    }
}

TEST(Extreme, OneOwnerEveryBaseline)
{
    otmec_params prm;
    otmec_params_default(&prm);
    Owners o = served_owners();
    Instance inst(prm, {o.h[0]}, {o.g[0]}, {o.D[0]});
    for (Method m : kBaselines) {
        Outcome r = solve_and_check(inst.get(), m, "N=1 baseline");
        EXPECT_TRUE(r.has_allocation) << r.reason;
        expect_optimal(r, m, "N=1 baseline");
    }
}

// 100,000 owners of the default scenario: 20 MHz cannot carry their floors,
// which is found in one pass over the owners. (Solving 100,000 owners, with
// resources grown to match, is in test_extreme_slow.cpp.)
TEST(Extreme, HundredThousandOwnersOnTwentyMegahertz)
{
    otmec_scenario sc;
    otmec_scenario_default(&sc);
    sc.N = 100000;
    otmec_instance *raw = nullptr;
    char msg[OTMEC_MESSAGE_LEN] = "";
    ASSERT_EQ(otmec_generate(&sc, 1, 0, &raw, msg, sizeof msg), OTMEC_OK) << msg;
    Instance inst(raw);
    Outcome r = solve_and_check(inst.get(), kBothMethods[0], "N=100000 default scenario");
    EXPECT_EQ(r.status, OTMEC_STATUS_INFEASIBLE);
    EXPECT_NE(r.reason.find("b_min"), std::string::npos) << r.reason;
    Outcome e = solve_and_check(inst.get(), kBaselines[0], "N=100000 default scenario");
    EXPECT_EQ(e.status, OTMEC_STATUS_INFEASIBLE);
}

// h_n just above g_n: a secrecy capacity of a few bit/s or less.
TEST(Extreme, BobJustAboveEve)
{
    Owners o = served_owners();
    for (double rel : { 1e-3, 1e-6, 1e-9, 1e-12 }) {
        char label[64];
        // With the default floor such an owner is in outage; the others are served.
        otmec_params prm;
        otmec_params_default(&prm);
        std::vector<double> h = o.h, g = o.g;
        h[2] = g[2] * (1.0 + rel);
        Instance inst(prm, h, g, o.D);
        std::snprintf(label, sizeof label, "h=g(1+%g) R_min=1e6", rel);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(inst.get(), m, label);
            EXPECT_TRUE(r.has_allocation) << r.reason;
            EXPECT_EQ(r.num_active, 4u);
            expect_optimal(r, m, label);
        }
        // Without a floor it is served, at a very low rate.
        prm.R_min_bps = 0.0;
        Instance open(prm, h, g, o.D);
        std::snprintf(label, sizeof label, "h=g(1+%g) R_min=0", rel);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(open.get(), m, label);
            EXPECT_NE(r.status, OTMEC_STATUS_INFEASIBLE) << r.reason;
            // An owner with a rate rel times a normal one: the residual,
            // relative to the objective's scale, may stop near 1e-2..1e-5
            // (measured at rel = 1e-12: 0.24), which MAX_ITER then says.
            expect_optimal(r, m, label, rel <= 1e-9);
        }
        // A single such owner without a floor.
        Instance one(prm, { h[2] }, { g[2] }, { o.D[2] });
        std::snprintf(label, sizeof label, "N=1 h=g(1+%g) R_min=0", rel);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(one.get(), m, label);
            EXPECT_NE(r.status, OTMEC_STATUS_INFEASIBLE) << r.reason;
            expect_optimal(r, m, label);
        }
    }
}

// R_min just under (and just over) an owner's capacity R(B, p_max).
TEST(Extreme, FloorJustUnderCapacity)
{
    Owners o = served_owners();
    otmec_params prm;
    otmec_params_default(&prm);
    const double cap = capacity(prm, o.h[0], o.g[0]);
    for (double rel : { 1e-2, 1e-4, 1e-6, 1e-9 }) {
        char label[64];
        prm.R_min_bps = cap * (1.0 - rel);
        Instance inst(prm, { o.h[0] }, { o.g[0] }, { o.D[0] });
        std::snprintf(label, sizeof label, "N=1 R_min=cap(1-%g)", rel);
        // b = B, p = p_max meets the floor with room to spare.
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(inst.get(), m, label);
            EXPECT_TRUE(r.has_allocation) << "solver: " << label << " " << m.name << " gives "
                                          << otmec_status_name(r.status) << ": " << r.reason
                                          << " (tests/data/extreme/floor_just_under_capacity.json)";
            // Paper mode, one owner: may creep into max_ao (see OneOwner).
            expect_optimal(r, m, label, m.algorithm == OTMEC_ALGORITHM_PAPER);
        }
        // Every owner's floor then exceeds what B can carry for all of them.
        Instance all(prm, o.h, o.g, o.D);
        std::snprintf(label, sizeof label, "N=5 R_min=cap0(1-%g)", rel);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(all.get(), m, label);
            EXPECT_EQ(r.status, OTMEC_STATUS_INFEASIBLE);
            EXPECT_NE(r.reason.find("b_min"), std::string::npos) << r.reason;
        }
    }
    prm.R_min_bps = cap * (1.0 + 1e-9);
    Instance over(prm, { o.h[0] }, { o.g[0] }, { o.D[0] });
    for (Method m : kBothMethods) {
        Outcome r = solve_and_check(over.get(), m, "N=1 R_min=cap(1+1e-9)");
        EXPECT_EQ(r.status, OTMEC_STATUS_INFEASIBLE);
    }
}

// The weakest of 5 owners sets R_min just under its capacity; the others
// have room to spare, B is split so that it just suffices.
TEST(Extreme, FloorJustUnderWeakestCapacity)
{
    Owners o = served_owners();
    otmec_params prm;
    otmec_params_default(&prm);
    double weakest = INFINITY;
    for (size_t k = 0; k < o.h.size(); ++k)
        weakest = std::min(weakest, capacity(prm, o.h[k], o.g[k]));
    prm.R_min_bps = weakest * (1.0 - 1e-6);
    // Give B room for everyone: the weakest needs all of the old B.
    prm.B_Hz *= 5.0;
    Instance inst(prm, o.h, o.g, o.D);
    for (Method m : kBothMethods) {
        Outcome r = solve_and_check(inst.get(), m, "N=5 R_min=weakest cap(1-1e-6), B x5");
        expect_optimal(r, m, "N=5 R_min=weakest cap(1-1e-6), B x5");
    }
}

// T_max at the smallest deadline the solver admits, found by bisection on
// the INFEASIBLE verdict, and a little above it.
TEST(Extreme, DeadlineThatOnlyJustAdmits)
{
    Owners o = served_owners();
    otmec_params prm;
    otmec_params_default(&prm);
    double lo = 1e-3, hi = 1e6; // INFEASIBLE at lo, served at hi
    auto served = [&](double T_max) {
        prm.T_max_s = T_max;
        Instance inst(prm, o.h, o.g, o.D);
        otmec_settings s;
        otmec_settings_default(&s);
        s.algorithm = OTMEC_ALGORITHM_PAPER;
        s.refine = 0;
        otmec_solution *sol = nullptr;
        EXPECT_EQ(otmec_solve(inst.get(), &s, &sol, nullptr, 0), OTMEC_OK);
        bool ok = sol != nullptr && otmec_solution_status(sol) != OTMEC_STATUS_INFEASIBLE;
        otmec_solution_free(sol);
        return ok;
    };
    ASSERT_FALSE(served(lo));
    ASSERT_TRUE(served(hi));
    for (int it = 0; it < 80 && hi - lo > 1e-12 * hi; ++it) {
        double mid = std::sqrt(lo * hi) > 0.0 && hi / lo > 4.0 ? std::sqrt(lo * hi) : 0.5 * (lo + hi);
        (served(mid) ? hi : lo) = mid;
    }
    std::printf("EXTREME threshold: smallest admitted T_max %.17g s (largest refused %.17g s)\n", hi, lo);
    for (double rel : { 0.0, 1e-12, 1e-9, 1e-6, 1e-3 }) {
        char label[64];
        prm.T_max_s = hi * (1.0 + rel);
        Instance inst(prm, o.h, o.g, o.D);
        std::snprintf(label, sizeof label, "N=5 T_max=T*(1+%g)", rel);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(inst.get(), m, label);
            // The feasibility search has found a point with max_n T_n <= T*
            // <= T_max: a solution exists and the solver holds one.
            if (rel >= 1e-9) {
                EXPECT_TRUE(r.has_allocation) << "solver: " << label << " " << m.name << " gives "
                                              << otmec_status_name(r.status) << ": " << r.reason
                                              << " (tests/data/extreme/deadline_just_admits.json)";
            }
            // Within 1e-9 of the smallest feasible deadline the interior-
            // point solves have almost no strictly feasible room: they may
            // stop above their KKT tolerance (MAX_ITER, a feasible point).
            if (r.has_allocation)
                expect_optimal(r, m, label, rel <= 1e-9);
        }
    }
    prm.T_max_s = lo * (1.0 - 1e-6);
    Instance below(prm, o.h, o.g, o.D);
    for (Method m : kBothMethods) {
        Outcome r = solve_and_check(below.get(), m, "N=5 T_max=T*(1-1e-6)");
        EXPECT_EQ(r.status, OTMEC_STATUS_INFEASIBLE);
        EXPECT_NE(r.reason.find("T_max"), std::string::npos) << r.reason;
    }
}

// A deadline a little above the delay a solve without deadline reached is
// met: that solution itself meets it.
TEST(Extreme, DeadlineAboveAnAchievedDelayIsMet)
{
    Owners o = served_owners();
    std::vector<double> close = o.h;
    close[2] = o.g[2] * (1.0 + 1e-9);
    otmec_params dflt, open, flat;
    otmec_params_default(&dflt);
    open = dflt;
    open.R_min_bps = 0.0;
    flat = dflt;
    flat.zeta = 1e-9;
    const struct {
        const char *label;
        otmec_params prm;
        std::vector<double> h, D;
    } cases[] = {
        { "default", dflt, o.h, o.D },
        { "h=g(1+1e-9) R_min=0", open, close, o.D },
        { "D from 1 to 1e12", dflt, o.h, { 1, 1e12, 1, 1e9, 750 } },
        { "zeta=1e-9", flat, o.h, o.D },
    };
    for (const auto &c : cases) {
        for (Method m : kBothMethods) {
            Instance free_inst(c.prm, c.h, o.g, c.D);
            Outcome r = solve_and_check(free_inst.get(), m, std::string(c.label) + " no T_max");
            ASSERT_TRUE(r.has_allocation) << r.reason;
            otmec_params prm = c.prm;
            prm.T_max_s = r.time_s * (1.0 + 1e-3);
            Instance inst(prm, c.h, o.g, c.D);
            char label[96];
            std::snprintf(label, sizeof label, "%s T_max=%.6g s (achieved + 0.1%%)", c.label, prm.T_max_s);
            Outcome d = solve_and_check(inst.get(), m, label);
            EXPECT_TRUE(d.has_allocation) << "solver: " << label << " " << m.name << " gives "
                                          << otmec_status_name(d.status) << ": " << d.reason
                                          << " (tests/data/extreme/five_bob_just_above_eve_1e-9_deadline.json)";
            // h = g(1 + 1e-9) with R_min = 0: see BobJustAboveEve.
            const bool degenerate = c.prm.R_min_bps == 0.0;
            expect_optimal(r, m, std::string(c.label) + " no T_max", degenerate);
            expect_optimal(d, m, label, degenerate);
        }
    }
}

// Data set sizes far apart: one huge owner among ordinary ones, all tiny,
// all huge.
TEST(Extreme, HugeAndTinyDataSets)
{
    Owners o = served_owners();
    otmec_params prm;
    otmec_params_default(&prm);
    const struct {
        const char *label;
        std::vector<double> D;
    } cases[] = {
        { "D=1 (all)", { 1, 1, 1, 1, 1 } },
        { "D=1e12 (one)", { 750, 1e12, 600, 900, 800 } },
        { "D=1 and 1e9", { 1, 1e9, 1, 1e9, 1 } },
        { "D=1e9 (all)", { 1e9, 1e9, 1e9, 1e9, 1e9 } },
        { "D=1e15 (all)", { 1e15, 1e15, 1e15, 1e15, 1e15 } },
    };
    for (const auto &c : cases) {
        Instance inst(prm, o.h, o.g, c.D);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(inst.get(), m, c.label);
            EXPECT_TRUE(r.has_allocation) << r.reason;
            expect_optimal(r, m, c.label);
        }
    }
}

TEST(Extreme, UtilityShapeNearZero)
{
    Owners o = served_owners();
    otmec_params prm;
    otmec_params_default(&prm);
    for (double zeta : { 1e-3, 1e-6, 1e-9, 1e-12 }) {
        char label[64];
        prm.zeta = zeta;
        Instance inst(prm, o.h, o.g, o.D);
        std::snprintf(label, sizeof label, "zeta=%g", zeta);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(inst.get(), m, label);
            EXPECT_TRUE(r.has_allocation) << r.reason;
            expect_optimal(r, m, label);
        }
    }
}

// The baselines and greedy admission on some of the instances above.
TEST(Extreme, BaselinesAndAdmission)
{
    Owners o = served_owners();
    otmec_params prm;
    otmec_params_default(&prm);
    const double cap = capacity(prm, o.h[0], o.g[0]);

    otmec_params open = prm;
    open.R_min_bps = 0.0;
    std::vector<double> h = o.h;
    h[2] = o.g[2] * (1.0 + 1e-9);
    otmec_params tight = prm;
    tight.R_min_bps = cap * (1.0 - 1e-9);
    otmec_params flat = prm;
    flat.zeta = 1e-12;
    Instance cases[] = {
        Instance(open, h, o.g, o.D),
        Instance(tight, { o.h[0] }, { o.g[0] }, { o.D[0] }),
        Instance(flat, o.h, o.g, { 1, 1e12, 1, 1e9, 750 }),
    };
    const char *labels[] = { "h=g(1+1e-9) R_min=0", "N=1 R_min=cap(1-1e-9)", "zeta=1e-12, D from 1 to 1e12" };
    // No deadline: every baseline has a point (energy-only takes the
    // proposed method's delay as its deadline, which that point meets).
    for (size_t i = 0; i < 3; ++i) {
        for (Method m : kBaselines) {
            Outcome r = solve_and_check(cases[i].get(), m, labels[i]);
            EXPECT_TRUE(r.has_allocation) << "solver: " << labels[i] << " " << m.name << " gives "
                                          << otmec_status_name(r.status) << ": " << r.reason;
            expect_optimal(r, m, labels[i]);
        }
    }

    // Every floor just under owner 0's capacity: B cannot carry all five;
    // greedy admission drops owners until it can.
    otmec_settings s;
    otmec_settings_default(&s);
    s.admission = OTMEC_ADMISSION_GREEDY;
    tight.R_min_bps = cap * (1.0 - 1e-6);
    Instance all(tight, o.h, o.g, o.D);
    for (Method m : kBothMethods) {
        Outcome r = solve_and_check(all.get(), m, "N=5 R_min=cap0(1-1e-6) greedy admission", &s);
        EXPECT_TRUE(r.has_allocation) << r.reason;
        expect_optimal(r, m, "N=5 R_min=cap0(1-1e-6) greedy admission");
    }
}

// One weight zero (docs/formats.md allows either, not both). With w_t = 0 and no
// deadline the consumption has no minimum (energy falls as fL -> 0 and
// T -> inf): only the contract is checked there. With a deadline it has one.
TEST(Extreme, OneWeightZero)
{
    Owners o = served_owners();
    const struct {
        const char *label;
        double w_e, w_t, T_max;
        bool solvable;
    } cases[] = {
        { "w_e=0", 0.0, 0.95, INFINITY, true },
        { "w_t=0", 0.05, 0.0, INFINITY, false },
        { "w_t=0 T_max=100", 0.05, 0.0, 100.0, true },
        { "w_e=0 T_max=100", 0.0, 0.95, 100.0, true },
    };
    for (const auto &c : cases) {
        otmec_params prm;
        otmec_params_default(&prm);
        prm.w_e = c.w_e;
        prm.w_t = c.w_t;
        prm.T_max_s = c.T_max;
        Instance inst(prm, o.h, o.g, o.D);
        for (Method m : kBothMethods) {
            Outcome r = solve_and_check(inst.get(), m, c.label);
            if (c.solvable) {
                EXPECT_TRUE(r.has_allocation) << "solver: " << c.label << " " << m.name << ": " << r.reason;
                expect_optimal(r, m, c.label);
            } else {
                EXPECT_EQ(r.status, OTMEC_STATUS_NUMERICAL_ERROR) << r.reason;
                EXPECT_NE(r.reason.find("no optimum"), std::string::npos) << r.reason;
            }
        }
    }
}

// The settings of the fuzz_solve inputs below: SCA, greedy admission, no
// refinement, short limits (tests/fuzz/fuzz_solve.c).
otmec_settings fuzzed_settings()
{
    otmec_settings s;
    otmec_settings_default(&s);
    s.sp2_method = OTMEC_SP2_SCA;
    s.admission = OTMEC_ADMISSION_GREEDY;
    s.refine = 0;
    s.max_dinkelbach = 5;
    s.max_ao = 20;
    s.max_sca = 10;
    s.max_ipm = 100;
    return s;
}

// A fuzzed instance (tests/data/extreme/bob_one_ulp_above_eve_sca.json):
// owner 2 has h one ulp above g, so its rate is 1e-18 of the others' and
// its delay 3e22 s sets T. SCA's surrogate rate, formed as Bob's term less
// Eve's tangent, was rounding noise there (1.6x the true rate), and the
// short SCA solve returned MAX_ITER with T 1.57x below owner 2's delay.
TEST(Extreme, BobOneUlpAboveEveWithSca)
{
    otmec_params prm;
    otmec_params_default(&prm);
    prm.p_max_W = 0.16817928305074292;
    prm.R_min_bps = 0.0;
    prm.N0_W_per_Hz = 1.5885737815898914e-13;
    prm.f_min_Hz = 3e-10;
    prm.f_max_Hz = 2121320343.5596428;
    prm.kappa_D = 5e-27;
    prm.F_L_Hz = 1.9999999999999998e-10;
    prm.kappa_L = 1e-27;
    prm.c_L = 0.0;
    prm.c_full = 1e15;
    prm.epochs = 77935.87748881833;
    prm.M_bits = 1.6e9;
    prm.zeta = 2e-18;
    prm.w_e = 0.0;
    prm.w_t = 9.5e-21;
    Instance inst(prm, { 1e-9, 1e-9, std::nextafter(1e-11, 1.0) }, { 1e-11, 1e-11, 1e-11 }, { 750, 1536000, 750 });
    otmec_settings fuzz = fuzzed_settings();
    Outcome r = solve_and_check(inst.get(), kBothMethods[0], "h=g+1ulp SCA fuzz limits", &fuzz);
    EXPECT_TRUE(r.has_allocation) << r.reason;
    // Both SP2 methods with the default limits.
    for (otmec_sp2_method sp2 : { OTMEC_SP2_EXACT, OTMEC_SP2_SCA }) {
        otmec_settings s;
        otmec_settings_default(&s);
        s.sp2_method = sp2;
        for (Method m : kBothMethods) {
            std::string label = std::string("h=g+1ulp ") + (sp2 == OTMEC_SP2_SCA ? "SCA" : "exact");
            Outcome d = solve_and_check(inst.get(), m, label, &s);
            EXPECT_TRUE(d.has_allocation) << d.reason;
            expect_optimal(d, m, label, m.algorithm == OTMEC_ALGORITHM_PAPER);
        }
    }
}

// Equal shares of a budget: F_L/3 three times adds up to one ulp above
// F_L = 28284271247.461903 Hz. A fuzzed instance returned its initial point
// (its first AO step lost value and was undone), which the checker rejected
// for C5 by 1.35e-16; the equal baseline split F_L the same way. The shares
// are now of the budget less the rounding of their sum.
TEST(Extreme, EqualSharesWithinTheBudgets)
{
    otmec_params prm;
    otmec_params_default(&prm);
    prm.R_min_bps = 0.0;
    prm.N0_W_per_Hz = 5.630085598747366e-21;
    prm.f_min_Hz = 424264068.71192855;
    prm.kappa_D = 7.071067811865476e-27;
    prm.F_L_Hz = 28284271247.461903;
    prm.kappa_L = 2.3170475005920793e-23;
    prm.c_L = 0.0;
    prm.c_full = 1995158463713749.2;
    prm.epochs = 1.0;
    prm.zeta = 2e13;
    prm.w_e = 0.0;
    prm.w_t = 428880184.08705276;
    Instance fuzzed(prm, { 8.408964152537145e-10, 1.4142135623730953e-09, 1.4142135623730953e-09 },
                    { 1e-11, 1.414213562373095e-11, 1.414213562373095e-11 }, { 1061, 1061, 1061 });
    otmec_settings fuzz = fuzzed_settings();
    Outcome r = solve_and_check(fuzzed.get(), kBothMethods[0], "F_L/3 shares, fuzz limits", &fuzz);
    EXPECT_TRUE(r.has_allocation) << r.reason;
    // The equal baseline on 1 to 12 owners of the default scenario with
    // that F_L (and a B whose thirds round up as well).
    Owners o = default_owners(12);
    otmec_params eq;
    otmec_params_default(&eq);
    eq.F_L_Hz = prm.F_L_Hz;
    eq.R_min_bps = 0.0;
    for (size_t n = 1; n <= o.h.size(); ++n) {
        Instance inst(eq, std::vector<double>(o.h.begin(), o.h.begin() + n),
                      std::vector<double>(o.g.begin(), o.g.begin() + n), std::vector<double>(o.D.begin(), o.D.begin() + n));
        Outcome e = solve_and_check(inst.get(), kBaselines[0], "equal shares N=" + std::to_string(n));
        EXPECT_TRUE(e.has_allocation) << e.reason;
    }
}

} // namespace
