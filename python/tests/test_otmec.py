"""The Python package against the command-line tool: the same library behind
both, so the same numbers (and the same JSON) for the same arguments."""
import csv
import json
import subprocess
import threading
import time

import numpy as np
import pytest

import otmec


def run(cli, *args):
    done = subprocess.run([cli, *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def mc_ratios(cli, tmp_path, *args):
    out = tmp_path / "mc"
    run(cli, "mc", *args, "--no-plot", "-o", out)
    with open(out / "realizations.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return np.array([float(r["ratio"]) if r["ratio"] else np.nan for r in rows]), [r["status"] for r in rows]


def test_solve_matches_cli_ratio_and_json(cli, root):
    path = root / "data" / "examples" / "p1.json"
    want = json.loads(run(cli, "solve", path))
    sol = otmec.solve(path)
    assert sol.status == want["status"] == "OPTIMAL"
    assert abs(sol.ratio - want["ratio"]) <= 1e-12 * want["ratio"]
    assert sol.to_dict() == want
    # the per-owner arrays are the solution's, ratio is utility / consumption
    np.testing.assert_array_equal(sol.phi, want["owners"]["phi"])
    np.testing.assert_array_equal(sol.b, want["owners"]["b_Hz"])
    assert sol.ratio == pytest.approx(sol.utility / sol.consumption, rel=1e-12)


@pytest.mark.parametrize("method", ["equal", "no-secrecy"])
def test_baselines_match_cli(cli, root, method):
    path = root / "data" / "examples" / "p1.json"
    want = json.loads(run(cli, "solve", path, "--method", method))
    sol = otmec.solve(otmec.Instance.from_file(path), method=method)
    assert sol.method == method
    assert sol.to_dict() == want


def test_solve_accepts_a_dict_and_settings(cli, root):
    data = json.loads((root / "data" / "examples" / "p1.json").read_text())
    want = json.loads(run(cli, "solve", root / "data" / "examples" / "p1.json", "--algorithm", "paper"))
    sol = otmec.solve(data, algorithm="paper", refine=False)
    assert sol.algorithm == "paper"
    assert sol.ratio == want["ratio"]


def test_solve_batch_matches_mc(cli, root, tmp_path):
    scenario = root / "data" / "default.json"
    ratios, statuses = mc_ratios(cli, tmp_path, "--scenario", scenario, "--realizations", 6, "--seed", 4)
    runs = otmec.solve_batch(scenario, seed=4, count=6)
    assert runs.ratio.shape == (6,)
    assert runs.phi.shape == (6, runs.num_owners)
    assert list(runs.status) == statuses
    np.testing.assert_array_equal(runs.ratio, ratios)


def test_solve_batch_first_and_threads(root):
    scenario = json.loads((root / "data" / "default.json").read_text())
    scenario["N"] = 4
    whole = otmec.solve_batch(scenario, seed=9, count=5, threads=1)
    tail = otmec.solve_batch(scenario, seed=9, count=2, first=3, threads=2)
    np.testing.assert_array_equal(tail.ratio, whole.ratio[3:])
    np.testing.assert_array_equal(tail.fL, whole.fL[3:])
    # realization r alone is the generated instance solved by solve()
    one = otmec.solve(otmec.generate(scenario, seed=9, stream=4))
    assert one.ratio == whole.ratio[4]
    np.testing.assert_array_equal(one.p, whole.p[4])


def test_solve_threads_split_one_instance_with_the_same_bits(root):
    scenario = json.loads((root / "data" / "default.json").read_text())
    n = 2100  # three blocks of owners; B and F_L per owner as in the default
    scale = n / scenario["N"]
    scenario["N"] = n
    scenario["B_Hz"] *= scale
    scenario["F_L_Hz"] *= scale
    inst = otmec.generate(scenario, seed=1)
    one = otmec.solve(inst, threads=1)
    three = otmec.solve(inst, threads=3)
    assert one.status == "OPTIMAL"
    assert three.ratio == one.ratio
    for name in ("phi", "b", "p", "f", "fL"):
        np.testing.assert_array_equal(getattr(three, name), getattr(one, name))


def test_generate_matches_cli(cli):
    want = json.loads(run(cli, "generate", "--seed", 5, "--stream", 2))
    inst = otmec.generate(seed=5, stream=2)
    assert inst.to_dict() == want
    np.testing.assert_array_equal(inst.h, want["owners"]["h"])
    np.testing.assert_array_equal(inst.D, want["owners"]["D"])
    assert inst.num_owners == len(want["owners"]["D"])


def test_errors_carry_the_library_message(root, tmp_path):
    with pytest.raises(otmec.Error, match="format"):
        otmec.solve({"format": "otmec-instance-0"})
    missing = tmp_path / "missing.json"
    with pytest.raises(otmec.Error, match="missing.json"):
        otmec.solve(missing)
    with pytest.raises(otmec.Error, match="min_distance_m"):
        otmec.solve_batch({"radius_m": 5, "min_distance_m": 10}, seed=1, count=1)
    with pytest.raises(ValueError, match="method: expected one of proposed, equal"):
        otmec.solve(root / "data" / "examples" / "p1.json", method="best")
    with pytest.raises(TypeError, match="unknown setting 'tolerance'"):
        otmec.solve(root / "data" / "examples" / "p1.json", tolerance=1e-3)
    if not otmec.backend_available("cuda"):
        with pytest.raises(otmec.Error, match="CUDA"):
            otmec.solve(root / "data" / "examples" / "p1.json", backend="cuda")


def generated_rows(scenario, seed, count):
    """h, g, D [count, N] of the generated realizations 0 .. count - 1."""
    insts = [otmec.generate(scenario, seed=seed, stream=r) for r in range(count)]
    return (np.array([i.h for i in insts]), np.array([i.g for i in insts]), np.array([i.D for i in insts]))


def batch_count(scenario, seconds=0.4):
    """Realizations of the scenario that take about `seconds` to solve on
    this machine, at least 600: a batch much shorter could not show a
    thread standing still, and a fixed count grows shorter as otmec gets
    faster."""
    start = time.perf_counter()
    otmec.solve_batch(scenario, seed=1, count=100, threads=1)
    per = (time.perf_counter() - start) / 100
    return max(600, int(seconds / per))


@pytest.mark.parametrize("entry", ["solve_batch", "solve_instances"])
def test_solves_release_the_gil(root, entry):
    """While a batch solves in another thread, this one keeps running Python.
    With the GIL held for the whole solve, this thread would stand still
    from the moment the solve began to its end: one gap as long as the solve."""
    took = []
    scenario = root / "data" / "default.json"
    count = batch_count(scenario)
    rows = generated_rows(scenario, 1, count) if entry == "solve_instances" else None

    def worker():
        start = time.perf_counter()
        if rows is None:
            otmec.solve_batch(scenario, seed=1, count=count, threads=1)
        else:
            otmec.solve_instances(*rows, threads=1)
        took.append(time.perf_counter() - start)

    thread = threading.Thread(target=worker)
    last, longest_gap = time.perf_counter(), 0.0
    thread.start()
    while thread.is_alive():
        now = time.perf_counter()
        longest_gap, last = max(longest_gap, now - last), now
    thread.join()
    assert took[0] > 0.1, "the batch is too short to tell"
    assert longest_gap < 0.5 * took[0]


def hand_scaled(count=24, n=5):
    """Generated owners with channels scaled by hand, differently in each
    realization (some owners in secrecy outage), and parameters changed per
    realization: instances no scenario draws."""
    h, g, D = generated_rows({"N": n}, 13, count)
    r = np.arange(count)[:, None]
    h = h * (0.25 + 0.125 * (r % 7))
    g = g * (0.5 + 0.5 * (r % 5))
    g[(r + np.arange(n)[None, :]) % 9 == 4] = 2 * h[(r + np.arange(n)[None, :]) % 9 == 4]
    params = []
    for k in range(count):
        p = otmec.default_params()
        p["B_Hz"] *= 0.8 + 0.05 * (k % 6)
        p["w_e"] = 0.02 * (1 + k % 4)
        p["w_t"] = 1 - p["w_e"]
        params.append(p)
    return h, g, D, params


def solve_row(h, g, D, params, r, **settings):
    inst = {"format": "otmec-instance-1", "params": params,
            "owners": {"h": h[r].tolist(), "g": g[r].tolist(), "D": D[r].tolist()}}
    return otmec.solve(inst, **settings)


def expect_row_is_solution(runs, r, sol):
    """Realization r of a batch is sol, bit for bit in every array."""
    assert runs.status[r] == sol.status
    for key in ("ratio", "utility", "consumption", "energy_J", "time_s", "kkt_residual"):
        want = getattr(sol, key) if sol.has_allocation else np.nan
        np.testing.assert_array_equal(getattr(runs, key)[r], want, err_msg=f"realization {r} {key}")
    assert runs.num_active[r] == sol.num_active
    names = ["ACTIVE", "OUTAGE", "DROPPED"]
    assert [names[s] for s in runs.owner_status[r]] == sol.owner_status
    for key in ("phi", "b", "p", "f", "fL"):
        np.testing.assert_array_equal(getattr(runs, key)[r], getattr(sol, key), err_msg=f"realization {r} {key}")


def test_solve_instances_is_solve_of_each_row():
    h, g, D, params = hand_scaled()
    runs = otmec.solve_instances(h, g, D, params=params, threads=2)
    assert runs.count == 24 and runs.num_owners == 5 and runs.first == 0
    assert runs.phi.shape == (24, 5)
    assert (runs.status == "OPTIMAL").sum() >= 20
    assert (runs.owner_status == 1).sum() > 0, "some owners in outage"
    for r in range(24):
        expect_row_is_solution(runs, r, solve_row(h, g, D, params[r], r))
    # one set of parameters for all (the defaults), and settings
    shared = otmec.solve_instances(h, g, D, threads=1, method="equal")
    for r in (0, 7, 23):
        expect_row_is_solution(shared, r, solve_row(h, g, D, otmec.default_params(), r, method="equal"))


def test_solve_instances_takes_any_order_and_real_dtype():
    h, g, D, params = hand_scaled(6, 4)
    want = otmec.solve_instances(h, g, D, params=params[0])
    fortran = otmec.solve_instances(np.asfortranarray(h), np.asfortranarray(g), np.asfortranarray(D),
                                    params=params[0])
    np.testing.assert_array_equal(fortran.ratio, want.ratio)
    np.testing.assert_array_equal(fortran.fL, want.fL)
    # float32 input is solved as its float64 values; D as integers
    h32, g32 = np.asfortranarray(h.astype(np.float32)), g.astype(np.float32)
    low = otmec.solve_instances(h32, g32, D.astype(np.int64), params=params[0])
    ref = otmec.solve_instances(h32.astype(np.float64), g32.astype(np.float64), D, params=params[0])
    np.testing.assert_array_equal(low.ratio, ref.ratio)
    np.testing.assert_array_equal(low.p, ref.p)
    # an Instance's parameters
    inst = otmec.Instance.from_dict({"format": "otmec-instance-1", "params": params[0],
                                     "owners": {"h": [1.0], "g": [1.0], "D": [1.0]}})
    np.testing.assert_array_equal(otmec.solve_instances(h, g, D, params=inst).ratio, want.ratio)


def test_solve_instances_refuses_bad_arrays():
    h, g, D, params = hand_scaled(4, 3)

    def refused(match, **changes):
        args = dict(h=h.copy(), g=g.copy(), D=D.copy(), params=params)
        args.update(changes)
        with pytest.raises(ValueError, match=match):
            otmec.solve_instances(**args)

    bad = h.copy()
    bad[2, 1] = np.nan
    refused(r"h\[2\]\[1\]: must be finite and > 0 \(got nan\): realization 2, owner 1", h=bad)
    bad = g.copy()
    bad[1, 2] = -1e-12
    bad[3, 0] = -1.0
    refused(r"g\[1\]\[2\]: must be finite and > 0", g=bad)
    bad = D.copy()
    bad[0, 2] = 0
    refused(r"D\[0\]\[2\]: must be finite and >= 1", D=bad)
    bad = h.copy()
    bad[3, 2] = np.inf
    refused(r"h\[3\]\[2\]", h=bad)
    refused(r"g: shape \(4, 2\) differs from h's \(4, 3\)", g=g[:, :2])
    refused(r"D: shape \(3, 3\) differs", D=D[:3])
    refused(r"h: expected a 2-D array", h=h[0])
    refused(r"h: expected real numbers", h=h.astype(complex))
    refused(r"params: 3 sets for 4 realizations", params=params[:3])
    refused(r"params\[1\]: params.B_Hz", params=[params[0], dict(params[1], B_Hz=-1.0)] + params[2:])
    refused(r"params: params.phi_max", params=dict(params[0], phi_max=2.0))
    with pytest.raises(TypeError, match="unknown setting"):
        otmec.solve_instances(h, g, D, tolerance=1.0)


def test_h5py_file_through_mc_equals_solve_instances(cli, tmp_path):
    """otmec mc --instances with a file h5py wrote: the rows and the
    allocations of --save-allocations are solve_instances' of the arrays."""
    h5py = pytest.importorskip("h5py", reason="h5py is not installed")
    rng = np.random.default_rng(22)
    R, N = 8, 4
    h = 10.0 ** rng.uniform(-10, -8, (R, N))
    g = h * rng.uniform(0.001, 0.2, (R, N))
    D = rng.integers(200, 1000, (R, N))
    path = tmp_path / "channels.h5"
    with h5py.File(path, "w") as f:
        f["h"] = h
        f["g"] = np.asfortranarray(g)  # h5py writes the logical [R, N] either way
        f["D"] = D                     # integers are numbers too
        f.attrs["p_max_W"] = 0.3
    out = tmp_path / "mc"
    done = subprocess.run([cli, "mc", "--instances", str(path), "--compare", "proposed,equal", "--save-allocations",
                           "--no-plot", "-o", str(out)], capture_output=True, text=True)
    if done.returncode == 2 and "without HDF5" in done.stderr:
        pytest.skip("otmec is built without HDF5")
    assert done.returncode == 0, done.stderr
    with open(out / "realizations.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    params = otmec.default_params()
    params["p_max_W"] = 0.3
    with h5py.File(out / "allocations.h5", "r") as f:
        for k, method in enumerate(("proposed", "equal")):
            want = otmec.solve_instances(h, g, D.astype(float), params=params, method=method, threads=1)
            got = np.array([float(r["ratio"]) if r["ratio"] else np.nan for r in rows[k::2]])
            assert [r["method"] for r in rows[k::2]] == [method] * R
            assert np.isfinite(want.ratio).sum() >= R // 2, "most realizations have an allocation"
            np.testing.assert_array_equal(got, want.ratio)
            np.testing.assert_array_equal(f[method]["ratio"][:], want.ratio)
            for name in ("phi", "b", "p", "f", "fL"):
                np.testing.assert_array_equal(f[method][name][:], getattr(want, name), err_msg=f"{method}/{name}")
            np.testing.assert_array_equal(f[method]["owner_status"][:], want.owner_status)
