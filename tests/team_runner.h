// Runs the shared controller (solver/controller.h) on one instance with a
// team of host threads. Strided (the default), as the CUDA backend runs it
// with a thread block: same dealing of owners, same tree reductions,
// barriers in place of __syncthreads. Blocked, as the CPU backend runs it
// (solver/team.h). A team of one is always the CPU backend's.
#pragma once

#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

extern "C" {
#include "internal.h"
#include "solver/controller.h"
#include "solver/solve_host.h"
}

struct TeamResult {
    std::vector<otm_summary> summary; // one per member: all must agree
    std::vector<unsigned char> owner_status;
    std::vector<double> phi, b, p, f, fL;
};

namespace team_detail {
inline void barrier(void *ctx)
{
    pthread_barrier_wait(static_cast<pthread_barrier_t *>(ctx));
}
} // namespace team_detail

// member(rank) for every rank of a team of `size`: rank 0 on this thread,
// the others on threads of their own; returns when all have.
template <class Member> void run_team_members(int size, Member member)
{
    std::vector<std::thread> threads;
    for (int r = 1; r < size; ++r)
        threads.emplace_back(member, r);
    member(0);
    for (auto &th : threads)
        th.join();
}

inline TeamResult solve_with_team(const otmec_instance *inst, const otmec_settings &set, int size,
                                  bool blocked = false)
{
    const size_t n = inst->n;
    TeamResult res;
    res.summary.resize(size);
    res.owner_status.assign(n, 255);
    res.phi.assign(n, 0.0);
    res.b.assign(n, 0.0);
    res.p.assign(n, 0.0);
    res.f.assign(n, 0.0);
    res.fL.assign(n, 0.0);
    otm_owner_arrays a;
    if (otm_owner_arrays_alloc(&a, n) != 0)
        return res;
    // blocked: two copies; strided: columns and the segments' partial results
    std::vector<double> buf(std::max(2 * (size_t)size * OTM_TEAM_WIDTH, otm_team_buf_doubles(size)));
    std::vector<double> block_buf(2 * otm_owner_blocks(n) * OTM_TEAM_WIDTH);
    pthread_barrier_t bar;
    pthread_barrier_init(&bar, nullptr, (unsigned)size);
    otm_params q = otm_params_flat(&inst->prm);
    otmec_settings s = set;
    s.trace = nullptr;
    auto member = [&](int rank) {
        otm_team t;
        t.rank = rank;
        t.size = size;
        t.blocked = blocked || size == 1;
        t.buf = buf.data();
        t.block_buf = block_buf.data();
        unsigned rounds[2] = {0, 0};
        t.rounds = rounds;
        t.host_barrier = team_detail::barrier;
        t.host_ctx = &bar;
        otm_work w;
        otm_work_init(&w, &a, t, &q, &s);
        otm_instance_view v = {n, inst->h, inst->g, inst->D};
        otm_owner_out out = {res.owner_status.data(), res.phi.data(), res.b.data(), res.p.data(), res.f.data(),
                             res.fL.data(), nullptr, nullptr, nullptr};
        otm_solve_realization(&w, &v, &res.summary[rank], &out);
    };
    run_team_members(size, member);
    pthread_barrier_destroy(&bar);
    otm_owner_arrays_free(&a);
    return res;
}
