"""otmec through its command-line tool, and the instances the validation uses."""
import json
import os
import subprocess
from pathlib import Path


def cli_path():
    path = os.environ.get("OTMEC_CLI")
    if not path or not Path(path).is_file():
        raise RuntimeError("set OTMEC_CLI to the otmec executable (CTest does)")
    return path


def run(*args):
    res = subprocess.run([cli_path(), *map(str, args)], capture_output=True, text=True, timeout=300)
    if res.returncode != 0:
        raise RuntimeError(f"otmec {' '.join(map(str, args))}: exit {res.returncode}: {res.stderr.strip()}")
    return res.stdout


def solve(instance, *options):
    return json.loads(run("solve", instance, *options))


def debug_sp2(instance, seed=None, first=False):
    args = ["debug-sp2", instance] + (["--first"] if first else ["--seed", seed])
    return json.loads(run(*args))


def generate(path, owners, seed, stream=0, **overrides):
    """Writes an instance drawn by otmec generate, with params overridden."""
    d = json.loads(run("generate", "--owners", owners, "--seed", seed, "--stream", stream))
    d["params"].update(overrides)
    Path(path).write_text(json.dumps(d))
    return path


# Parameter variants: the default scenario, a binding deadline (set from the
# unconstrained solution), energy-heavy weights with a higher rate floor, and a
# wide adapter range with a flatter utility.
VARIANTS = {
    "default": {},
    "deadline": {"T_max_s": "binding"},
    "energy": {"w_e": 0.5, "w_t": 0.5, "R_min_bps": 2e6},
    "wide-phi": {"phi_min": 0.1, "phi_max": 0.9, "zeta": 5.0, "M_bits": 8e8},
}


def make_instance(folder, owners, seed, variant, stream=0):
    """One instance file of a variant; None when otmec finds it infeasible
    before the variant's changes (callers check that verdict separately)."""
    folder = Path(folder)
    path = folder / f"n{owners}-s{seed}-r{stream}-{variant}.json"
    over = dict(VARIANTS[variant])
    deadline = over.pop("T_max_s", None)
    generate(path, owners, seed, stream, **over)
    if deadline == "binding":
        sol = solve(path)
        if sol["status"] == "INFEASIBLE":
            return path
        d = json.loads(path.read_text())
        d["params"]["T_max_s"] = 0.8 * sol["time_s"]
        path.write_text(json.dumps(d))
    return path
