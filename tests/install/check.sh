#!/usr/bin/env bash
# Builds the library shared, installs it into a fresh prefix and checks it as
# a user outside the tree would: a program compiled with pkg-config, a CMake
# project with find_package(otmec), the installed CLI, and the exported
# symbols (only the otmec_* API).
# Usage: tests/install/check.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:?usage: tests/install/check.sh BUILD_DIR}" && pwd)"
prefix="$build/prefix"
work="$build/consumers"
rm -rf "$prefix" "$work"
mkdir -p "$work"

cmake --install "$build" --prefix "$prefix" >/dev/null
lib="$(find "$prefix" -name libotmec.so | head -n 1)"
[ -n "$lib" ] || { echo "install: no libotmec.so under $prefix" >&2; exit 1; }
libdir="$(dirname "$lib")"

echo "== exported symbols of $lib"
others="$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^otmec_' || true)"
if [ -n "$others" ]; then
  echo "install: libotmec.so exports more than otmec_*:" >&2
  echo "$others" >&2
  exit 1
fi
echo "$(nm -D --defined-only "$lib" | wc -l) symbols, all otmec_*"

echo "== pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror "$root/tests/install/consumer.c" -o "$work/consumer-pc" \
  $(pkg-config --cflags --libs otmec) -lm
LD_LIBRARY_PATH="$libdir" "$work/consumer-pc"

echo "== find_package(otmec)"
cmake -S "$root/tests/install" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake/consumer"

echo "== installed CLI"
"$prefix/bin/otmec" --version
"$prefix/bin/otmec" solve "$root/data/examples/p1.json" >/dev/null
echo "install checks passed"
