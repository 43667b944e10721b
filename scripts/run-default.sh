#!/usr/bin/env bash
# Builds otmec and runs the default Monte Carlo experiment: 100 realizations of
# the default scenario with 10 owners, seed 1, results in mc-default/.
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
build/otmec mc --scenario data/default.json --owners 10 --realizations 100 --seed 1 -o "$out" "${resume[@]}"

echo
echo "results:"
echo "  $PWD/$out/realizations.csv  one row per realization and method"
echo "  $PWD/$out/summary.json      statistics and timings"
if [ -f "$out/methods.png" ]; then
    echo "  $PWD/$out/methods.png       ratio, energy and delay with 95% confidence intervals"
fi
