#!/usr/bin/env bash
# Regenerates the default figure set in docs/figures/ (see its README.md):
#   methods.png             every method on the default scenario (N = 10,
#                           200 realizations, seed 1): ratio, energy, delay
#   <param>-ratio.png, <param>-energy.png, <param>-delay.png, <param>-sweep.csv
#                           sweeps over N, B, R_min, Eve's distance, w_e, F_L
#                           and p_max, every method, R realizations per point
# The runs themselves (every realization of every method) stay in
# figures-runs/. Running the script again continues interrupted runs
# (--resume) and redraws the figures.
#
# Environment: R (realizations per sweep point, default 100), THREADS
# (default: all cores), RUNS (run directory, default figures-runs), BUILD
# (build directory, default build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh
if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="/usr/local/cuda/bin:$PATH"
fi
BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=AUTO -DOTMEC_BUILD_CLI=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc 2>/dev/null || echo 2)" --target otmec_cli >/dev/null

R=${R:-100}
THREADS=${THREADS:-$(nproc 2>/dev/null || echo 2)}
RUNS=${RUNS:-figures-runs}
out=docs/figures
otmec=$BUILD/otmec
mkdir -p "$out" "$RUNS"
start=$(date +%s)

echo "== mc: every method, N = 10, 200 realizations =="
"$otmec" mc --owners 10 --realizations 200 --seed 1 --compare all --threads "$THREADS" -o "$RUNS/mc" --resume
cp "$RUNS/mc/methods.png" "$out/methods.png"
cp "$RUNS/mc/summary.json" "$out/methods-summary.json"

sweep() {
    local param=$1 values=$2
    echo "== sweep $param: $values ($R realizations per value) =="
    "$otmec" sweep --param "$param" --values "$values" --realizations "$R" --seed 1 --compare all \
        --threads "$THREADS" -o "$RUNS/$param" --resume
    for fig in ratio energy delay; do
        cp "$RUNS/$param/$fig.png" "$out/$param-$fig.png"
    done
    cp "$RUNS/$param/sweep.csv" "$out/$param-sweep.csv"
}

sweep N 4,6,8,10,12
sweep B 10e6,15e6,20e6,30e6,40e6
sweep R_min 0.5e6,1e6,2e6,3e6
sweep eve_x 150,200,250,350,500
sweep w_e 0.01,0.05,0.1,0.2,0.5
sweep F_L 5e9,10e9,20e9,40e9
sweep p_max 0.05,0.1,0.2,0.4

echo
echo "figures.sh: $out/ written in $(( $(date +%s) - start )) s (runs in $RUNS/)"
