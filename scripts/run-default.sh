#!/usr/bin/env bash
# Builds otmec and runs the default Monte Carlo experiment: the proposed method
# and every baseline on 100 realizations of the default scenario (10 owners),
# seed 1, results in mc-default/: a table of the means on the terminal and the
# figure mc-default/methods.png (ratio, energy and delay per method).
# Running it again continues that run (--resume): completed realizations are
# kept, missing ones are solved, and the summary is rewritten.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh

if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="/usr/local/cuda/bin:$PATH"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=AUTO
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"

out=mc-default
resume=()
if [ -s "$out/realizations.csv" ]; then
    resume=(--resume)
fi
build/otmec mc --scenario data/default.json --realizations 100 --seed 1 --compare all \
    --threads "$(nproc 2>/dev/null || echo 1)" -o "$out" "${resume[@]}"

# Means per method over the realizations with an allocation, from the CSV
# (columns by name, so added columns do not matter).
echo
awk -F, '
NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
{
    m = $col["method"]
    if (!(m in rows)) order[++n] = m
    rows[m]++
    if ($col["ratio"] != "") {
        solved[m]++; ratio[m] += $col["ratio"]; energy[m] += $col["energy_J"]; delay[m] += $col["time_s"]
    }
}
END {
    printf "%-16s %12s %12s %12s %9s\n", "method", "mean U/S", "energy [J]", "delay [s]", "solved"
    for (k = 1; k <= n; ++k) {
        m = order[k]
        if (solved[m] > 0)
            printf "%-16s %12.5f %12.1f %12.1f %4d/%-4d\n", m, ratio[m] / solved[m], energy[m] / solved[m],
                   delay[m] / solved[m], solved[m], rows[m]
        else
            printf "%-16s %12s %12s %12s %4d/%-4d\n", m, "-", "-", "-", 0, rows[m]
    }
}' "$out/realizations.csv"

echo
echo "results:"
echo "  $PWD/$out/realizations.csv  one row per realization and method"
echo "  $PWD/$out/summary.json      statistics and timings"
if [ -f "$out/methods.png" ]; then
    echo "  $PWD/$out/methods.png       the figure: ratio, energy and delay per method, 95% confidence intervals"
else
    echo "  (no figure: gnuplot is not installed; $out/methods.gp holds its data and script)"
fi
