#!/usr/bin/env bash
# otmec against the same algorithm in CVXPY (bench/compare_cvxpy.py): builds
# otmec (Release, build/), creates or reuses the Python environment of the
# validation (build/validation-venv, from PyPI), then runs the comparison.
# Arguments go to compare_cvxpy.py (--sizes, --instances, --seed, -o DIR);
# results land in bench/results/ by default. Takes a few minutes; not a test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target otmec_cli >/dev/null
bash tests/validation/setup_venv.sh build/validation-venv
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
exec build/validation-venv/bin/python -W ignore bench/compare_cvxpy.py --otmec build/otmec "$@"
