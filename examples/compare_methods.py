"""Monte Carlo comparison of the proposed method with the baselines, drawn
with matplotlib: mean ratio (utility / consumption), energy and delay per
method with 95% confidence intervals.

    pip install . matplotlib
    python examples/compare_methods.py --count 50 --seed 1 -o methods.png
"""
import argparse

import matplotlib

matplotlib.use("Agg")  # write a file; no display needed
import matplotlib.pyplot as plt
import numpy as np

import otmec


def mean_ci(values):
    """Mean and the half-width of its 95% confidence interval (NaN rows, i.e.
    realizations without an allocation, left out)."""
    v = values[np.isfinite(values)]
    if len(v) < 2:
        return (v.mean() if len(v) else np.nan), 0.0
    return v.mean(), 1.96 * v.std(ddof=1) / np.sqrt(len(v))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", help="scenario file (default: the built-in scenario)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=50, help="realizations per method")
    parser.add_argument("-o", "--output", default="methods.png")
    args = parser.parse_args()

    methods = otmec.methods()
    figures = {"ratio": [], "energy_J": [], "time_s": []}
    for method in methods:
        runs = otmec.solve_batch(args.scenario, seed=args.seed, count=args.count, method=method)
        for key in figures:
            figures[key].append(mean_ci(getattr(runs, key)))
        solved = np.isfinite(runs.ratio).sum()
        print(f"{method:12s} ratio {figures['ratio'][-1][0]:.6g}  ({solved}/{args.count} with an allocation)")

    titles = {"ratio": "utility / consumption (higher is better)", "energy_J": "energy [J]",
              "time_s": "delay T [s]"}
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    colors = ["tab:red" if m == "proposed" else "tab:gray" for m in methods]
    for ax, (key, stats) in zip(axes, figures.items()):
        means, half = zip(*stats)
        ax.bar(methods, means, yerr=half, capsize=4, color=colors)
        ax.set_title(titles[key])
        ax.tick_params(axis="x", rotation=35)
    fig.suptitle(f"{args.count} realizations, seed {args.seed}: the proposed method (red) and the baselines")
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
