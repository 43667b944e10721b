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


def test_solves_release_the_gil(root):
    """While a batch solves in another thread, this one keeps running Python.
    With the GIL held for the whole solve, this thread would stand still
    from the moment the solve began to its end: one gap as long as the solve."""
    took = []

    def worker():
        start = time.perf_counter()
        otmec.solve_batch(root / "data" / "default.json", seed=1, count=600, threads=1)
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
