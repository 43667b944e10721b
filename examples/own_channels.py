"""Your own channel model through otmec.solve_instances: a Monte Carlo
comparison of the methods under a model none of otmec's scenarios draws.

The model (numpy draws it; otmec only solves): N owners uniform in a ring
around the base station, the path loss of the built-in scenario, and
- to the base station, Rician fading with a line of sight (K-factor K): the
  complex gain is sqrt(K / (K + 1)) e^(j theta) + sqrt(1 / (K + 1)) z, with
  a random phase theta and z ~ CN(0, 1);
- to the eavesdropper, who stands at a fixed point outside the ring,
  Rayleigh fading correlated with the scattered part z of the owner's own
  link: rho z + sqrt(1 - rho^2) w, w ~ CN(0, 1) (Eve sees the same
  scatterers, so an owner whose link fades up leaks more).
h and g are the squared magnitudes times the path gain, [R, N] arrays, and
every realization is solved by every method on every core.

    pip install ".[examples]"
    python examples/own_channels.py --realizations 10000 -o own_channels.png

10,000 realizations of 10 owners, every method: about 1.5 minutes on two
cores (the proposed method 9 s of it).
"""
import argparse
import time

import matplotlib

matplotlib.use("Agg")  # write a file; no display needed
import matplotlib.pyplot as plt
import numpy as np

import otmec


def path_gain(d_m):
    """10^(-PL/10) with PL = 128.1 + 37.6 log10(d / 1 km) dB (the built-in
    scenario's law), d at least 1 m."""
    return 10.0 ** (-(128.1 + 37.6 * np.log10(np.maximum(d_m, 1.0) / 1000.0)) / 10.0)


def cn(rng, shape):
    """Circularly symmetric complex Gaussian samples, unit variance."""
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) / np.sqrt(2.0)


def draw_channels(rng, realizations, owners, k_factor, rho, eve_xy=(250.0, 0.0), radius=200.0, min_dist=10.0):
    """h, g and D, each [realizations, owners]."""
    shape = (realizations, owners)
    r = np.sqrt(rng.uniform(min_dist ** 2, radius ** 2, shape))  # uniform over the ring's area
    theta = rng.uniform(0.0, 2.0 * np.pi, shape)
    x, y = r * np.cos(theta), r * np.sin(theta)
    d_eve = np.hypot(x - eve_xy[0], y - eve_xy[1])

    scatter = cn(rng, shape)
    los = np.exp(1j * rng.uniform(0.0, 2.0 * np.pi, shape))
    bs = np.sqrt(k_factor / (k_factor + 1.0)) * los + np.sqrt(1.0 / (k_factor + 1.0)) * scatter
    eve = rho * scatter + np.sqrt(1.0 - rho ** 2) * cn(rng, shape)

    h = np.abs(bs) ** 2 * path_gain(r)
    g = np.abs(eve) ** 2 * path_gain(d_eve)
    D = rng.integers(500, 1001, shape).astype(float)
    return h, g, D


def mean_ci(values):
    """Mean and the half-width of its 95% confidence interval, over the
    realizations with an allocation (NaN rows left out)."""
    v = values[np.isfinite(values)]
    if len(v) < 2:
        return (v.mean() if len(v) else np.nan), 0.0
    return v.mean(), 1.96 * v.std(ddof=1) / np.sqrt(len(v))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--realizations", type=int, default=10000)
    parser.add_argument("--owners", type=int, default=10)
    parser.add_argument("--k-factor-db", type=float, default=6.0, help="Rician K-factor of the owner-BS links")
    parser.add_argument("--rho", type=float, default=0.7, help="correlation of Eve's fading with the owner's")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads, 0 = every core")
    parser.add_argument("-o", "--output", default="own_channels.png")
    args = parser.parse_args()
    if not 0.0 <= args.rho <= 1.0:
        parser.error("--rho must be in [0, 1]")

    rng = np.random.default_rng(args.seed)
    k = 10.0 ** (args.k_factor_db / 10.0)
    h, g, D = draw_channels(rng, args.realizations, args.owners, k, args.rho)
    # The built-in parameters, with the bandwidth and the base station's GPU
    # grown with the owners as the tests' scaled scenario does (2 MHz, 2 GHz each).
    params = otmec.default_params()
    params["B_Hz"] *= args.owners / 10.0
    params["F_L_Hz"] *= args.owners / 10.0

    methods = otmec.methods()
    stats = {"ratio": [], "energy_J": [], "time_s": []}
    outage = []
    for method in methods:
        start = time.perf_counter()
        runs = otmec.solve_instances(h, g, D, params=params, threads=args.threads, method=method)
        seconds = time.perf_counter() - start
        for key in stats:
            stats[key].append(mean_ci(getattr(runs, key)))
        outage.append((runs.owner_status == 1).mean())
        solved = np.isfinite(runs.ratio).sum()
        print(f"{method:12s} ratio {stats['ratio'][-1][0]:.6g} +- {stats['ratio'][-1][1]:.2g}  "
              f"({solved}/{args.realizations} with an allocation, {seconds:.1f} s)")
    print(f"owners in secrecy outage: {100 * outage[0]:.1f}% (the same channels for every method)")

    titles = {"ratio": "utility / consumption (higher is better)", "energy_J": "energy [J]", "time_s": "delay T [s]"}
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    colors = ["tab:red" if m == "proposed" else "tab:gray" for m in methods]
    for ax, (key, values) in zip(axes, stats.items()):
        means, half = zip(*values)
        ax.bar(methods, means, yerr=half, capsize=4, color=colors)
        ax.set_title(titles[key])
        ax.tick_params(axis="x", rotation=35)
    fig.suptitle(f"{args.realizations} realizations of {args.owners} owners: Rician K = {args.k_factor_db:g} dB "
                 f"to the BS, Eve correlated (rho = {args.rho:g}); the proposed method in red")
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
