#!/usr/bin/env bash
# Installs the Debian packages otmec needs to build and test, and only those
# that are missing. Non-interactive; runs as root, or through sudo otherwise.
# nvcc is not installed here: the CUDA backend is built only where a CUDA
# toolkit already is.
set -euo pipefail

packages=(
    build-essential  # C11 and C++17 compilers, make
    cmake
    libcjson-dev     # JSON I/O and the command-line tool
    libgtest-dev     # the test suite
    librandom123-dev # reference Philox for the generator's known-answer tests
    gnuplot-nox      # the PNG figures of otmec mc and otmec sweep (without it the
                     # CSVs and the gnuplot scripts are still written)
)

if ! command -v dpkg >/dev/null 2>&1; then
    echo "deps.sh: no dpkg (not Debian or Ubuntu); install by hand: ${packages[*]}" >&2
    exit 0
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed$'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "deps.sh: missing ${missing[*]}, and not root and no sudo to install them" >&2
    exit 1
fi

echo "deps.sh: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
