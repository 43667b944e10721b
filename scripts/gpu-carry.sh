#!/usr/bin/env bash
# Fills .carry/ (git-ignored) with what scripts/gpu-check.sh needs on a GPU
# machine that has no package registry: GoogleTest's source tree and the
# Random123 headers, copied from this machine's Debian packages. Run it here,
# then send .carry along with the working tree.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f /usr/src/googletest/CMakeLists.txt ] || [ ! -f /usr/include/Random123/philox.h ]; then
    bash scripts/deps.sh
fi
rm -rf .carry
mkdir -p .carry/random123
cp -r /usr/src/googletest .carry/googletest
cp -r /usr/include/Random123 .carry/random123/
du -sh .carry
