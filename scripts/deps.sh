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
    pkg-config       # the install check compiles a program with pkg-config
    python3-dev      # the Python package (pip install .) and its headers
    python3-venv     # fresh virtual environments for the Python tests
    gnuplot-nox      # the PNG figures of otmec mc and otmec sweep (without it the
                     # CSVs and the gnuplot scripts are still written)
    libopenmpi-dev   # mpirun -np K otmec mc|sweep (the build without MPI still works)
    openmpi-bin      # mpirun, for the tests of runs over several processes
    libhdf5-dev      # otmec mc --instances FILE.h5 and --save-allocations (optional at build
                     # time: -DOTMEC_HDF5=AUTO|ON|OFF; test.sh requires it)
    octave           # the MEX files' tests (tests/matlab, label octave)
    liboctave-dev    # mkoctfile, which builds the MEX files for Octave (-DOTMEC_MATLAB=ON)
)

# Wanted, not needed: installed when the distribution has them; test.sh skips
# the fuzz smoke without them.
optional=(
    clang            # the libFuzzer harnesses (scripts/fuzz.sh)
    libclang-rt-dev  # libFuzzer and the sanitizer runtimes for clang
    ccache           # scripts/mutate.sh: a put-back file is a cache hit, not a rebuild
    fonts-freefont-otf # the font Octave draws figures with (examples/own_channels.m)
)

if ! command -v dpkg >/dev/null 2>&1; then
    echo "deps.sh: no dpkg (not Debian or Ubuntu); install by hand: ${packages[*]} (optional: ${optional[*]})" >&2
    exit 0
fi

installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}
missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done
missing_optional=()
for p in "${optional[@]}"; do
    installed "$p" || missing_optional+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
elif [ ${#missing[@]} -eq 0 ]; then
    echo "deps.sh: optional ${missing_optional[*]} not installed (not root and no sudo)" >&2
    exit 0
else
    echo "deps.sh: missing ${missing[*]}, and not root and no sudo to install them" >&2
    exit 1
fi

run_apt() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}
run_apt update -q
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps.sh: installing ${missing[*]}"
    run_apt install -y -q --no-install-recommends "${missing[@]}"
fi
if [ ${#missing_optional[@]} -gt 0 ]; then
    echo "deps.sh: installing the optional ${missing_optional[*]}"
    run_apt install -y -q --no-install-recommends "${missing_optional[@]}" ||
        echo "deps.sh: optional ${missing_optional[*]} could not be installed; going on without" >&2
fi
