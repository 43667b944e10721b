#!/usr/bin/env bash
# Mutation test: do the tests notice a wrong program?
#
# Each mutant of scripts/mutants.txt (one line: file | exact text |
# replacement | why) is applied alone to a scratch copy of the tree, and the
# stage that builds and tests the mutated file runs on it, rebuilt
# incrementally (each stage has its own build folder under DIR):
#   cpu     the fast suite of a Release build without CUDA
#           (ctest -LE "validation|slow"): every file but those below
#   emu     the CUDA emulation suite (OTMEC_CUDA_EMULATION=ON, target
#           cuda_emulation_tests, ctest -L cuda-emulation): the files of
#           cuda/ but cuda/stub.c (built only without CUDA: cpu)
#   python  the Python package (pip install of the tree into a virtual
#           environment, no CUDA) and its pytest tests, which compare with
#           the cpu stage's otmec tool: the files of python/
# Only the stages of the mutants selected are set up; each first builds and
# passes unmutated. Verdicts:
#   KILLED     a test failed: the tests noticed
#   TIMEOUT    the stage's tests ran past the per-mutant limit (a hang):
#              killed too
#   SURVIVED   every test passed: either a gap in the tests or, when the why
#              field starts with "EQUIVALENT:", a mutant that cannot change
#              any result (the reason follows)
#   INVALID    the mutant does not compile (warnings are errors): it tests
#              the compiler, not the tests; fix the mutant (never counted as
#              killed)
#   STALE      the exact text is not in the file, or is there more than once:
#              the code moved on and the list needs updating (never counted
#              as killed)
# Score = (KILLED + TIMEOUT) / (mutants run - equivalent survivors).
#
# Usage: scripts/mutate.sh [options]
#   --list FILE     mutant list (default scripts/mutants.txt)
#   --rev REV       mutate the tree of git revision REV instead of the
#                   working tree (e.g. to score older tests on today's list)
#   --work DIR      scratch folder (default /tmp/otmec-mutate); its build
#                   folders (build, build-emu, python-build) and the Python
#                   environment (python-venv, made from PyPI on its first
#                   run) are kept, so a second run rebuilds little
#   --only N[,N..]  run only these mutant numbers (1-based, as in the report)
#   --timeout S     per-mutant limit for a stage's tests in seconds (default
#                   300); the emu stage gets twice as long (its suite takes
#                   about 3 minutes on 2 busy cores, the cpu one under 1)
#   --jobs N        build and test parallelism (default 2)
#   --report FILE   where the report goes (default DIR/report.txt); the
#                   tests' output for mutant N is kept in DIR/logs/N.log
#   --check         build nothing: only list the mutants that are STALE
# Exit status: 0 when every non-equivalent mutant was killed and none is
# stale or invalid, 1 otherwise,
# 2 on bad usage or when the unmutated tree does not build or pass.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
list="$root/scripts/mutants.txt"
rev=""
work=/tmp/otmec-mutate
only=""
limit=300
jobs=2
report=""
check=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "mutate.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
    --list) list=$(realpath "${2:?--list needs a file}"); shift 2 ;;
    --rev) rev="${2:?--rev needs a revision}"; shift 2 ;;
    --work) work="${2:?--work needs a folder}"; shift 2 ;;
    --only) only="${2:?--only needs numbers}"; shift 2 ;;
    --timeout) limit="${2:?--timeout needs seconds}"; shift 2 ;;
    --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
    --report) report="${2:?--report needs a file}"; shift 2 ;;
    --check) check=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
    esac
done
[ -f "$list" ] || die "--list: no file '$list'"
[[ "$limit" =~ ^[0-9]+$ ]] || die "--timeout: '$limit' is not a number of seconds"
[[ "$jobs" =~ ^[0-9]+$ ]] || die "--jobs: '$jobs' is not a number"
[ -n "$report" ] || report="$work/report.txt"

# occurrences FILE TEXT: how often TEXT occurs in FILE.
occurrences() {
    python3 -c 'import sys; print(open(sys.argv[1], encoding="utf-8").read().count(sys.argv[2]))' "$1" "$2"
}

# parse LINE: sets file, text, repl and why; fields are separated by " | "
# (so "||" inside code is fine).
trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
parse() {
    local rest="$1"
    file=$(trim "${rest%% | *}"); rest="${rest#* | }"
    text=$(trim "${rest%% | *}"); rest="${rest#* | }"
    repl=$(trim "${rest%% | *}"); rest="${rest#* | }"
    why=$(trim "$rest")
    if [ -z "$file" ] || [ -z "$text" ] || [ "$why" = "$(trim "$1")" ] || [[ "$why" == *" | "* ]]; then
        die "$list: mutant $number is not 'file | exact text | replacement | why': $1"
    fi
    [ "$repl" != '""' ] || repl=""
}

if [ "$check" -eq 1 ]; then
    number=0 bad=0
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in '' | '#'*) continue ;; esac
        number=$((number + 1))
        parse "$line"
        n=0
        [ ! -f "$root/$file" ] || n=$(occurrences "$root/$file" "$text")
        if [ "$n" -ne 1 ]; then
            echo "#$number STALE: '$text' occurs $n times in $file"
            bad=$((bad + 1))
        fi
    done <"$list"
    echo "mutate.sh: $number mutants, $bad stale"
    [ "$bad" -eq 0 ]
    exit
fi

# stage_of FILE: the stage that builds and tests FILE (see the top).
stage_of() {
    case "$1" in
    cuda/stub.c) echo cpu ;;
    cuda/*) echo emu ;;
    python/*) echo python ;;
    *) echo cpu ;;
    esac
}
wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

# The stages the selected mutants need: only those are set up.
need_cpu=0 need_emu=0 need_python=0 number=0
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    number=$((number + 1))
    wanted "$number" || continue
    parse "$line"
    case $(stage_of "$file") in
    cpu) need_cpu=1 ;;
    emu) need_emu=1 ;;
    python) need_python=1 ;;
    esac
done <"$list"
stages=""
[ "$need_cpu" -eq 0 ] || stages+=" cpu"
[ "$need_emu" -eq 0 ] || stages+=" emu"
[ "$need_python" -eq 0 ] || stages+=" python"
[ -n "$stages" ] || die "no mutant selected (--only '$only')"
stages=${stages# }

orig="$work/orig"
src="$work/src"
build="$work/build"         # cpu; its otmec tool also serves the python stage
build_emu="$work/build-emu" # emu
venv="$work/python-venv"    # python: the environment and the extension's build
py_build="$work/python-build"
mkdir -p "$work"

# ---- the scratch copy: tracked and untracked, not ignored, files -------------
# orig/ is the pristine tree mutants are restored from; src/ is mutated.
echo "mutate.sh: copying the tree to $src"
rm -rf "$orig" "$src"
mkdir -p "$orig"
if [ -n "$rev" ]; then
    git -C "$root" archive "$rev" | tar -x -C "$orig"
else
    (cd "$root" && git ls-files -z --cached --others --exclude-standard |
        tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -x -C "$orig"
fi
cp -r "$orig" "$src"
# The build folder keeps its objects between runs; files copied afresh are
# newer than them, so the first build recompiles, later ones only what a
# mutant touches.

# With ccache, putting a mutated file back costs a cache hit, not a rebuild of
# everything that includes it (scripts/deps.sh installs it).
launcher=()
if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
py_launcher=()
for d in "${launcher[@]}"; do py_launcher+=(-C "cmake.define.${d#-D}"); done

# build_stage STAGE: the incremental build of a stage, into build.log. The
# python stage first brings the cpu stage's otmec tool up to date: a mutant
# put back since it was last built must not linger in it.
build_stage() {
    case "$1" in
    cpu) cmake --build "$build" -j"$jobs" ;;
    emu) cmake --build "$build_emu" -j"$jobs" --target cuda_emulation_tests ;;
    python)
        cmake --build "$build" -j"$jobs" --target otmec_cli &&
            CMAKE_BUILD_PARALLEL_LEVEL="$jobs" "$venv/bin/python" -m pip install --disable-pip-version-check \
                --no-build-isolation --no-deps --force-reinstall -C build-dir="$py_build" \
                -C cmake.define.OTMEC_CUDA=OFF "${py_launcher[@]}" "$src"
        ;;
    esac >"$work/build.log" 2>&1
}
# run_stage STAGE: its tests, into test.log; ctest stops a hung test after
# 120 s (reported as Timeout), the outer limit catches anything else.
run_stage() {
    case "$1" in
    cpu)
        timeout --kill-after=10 "$limit" ctest --test-dir "$build" -LE "validation|slow" -j"$jobs" \
            --stop-on-failure --output-on-failure --timeout 120
        ;;
    emu)
        timeout --kill-after=10 $((2 * limit)) ctest --test-dir "$build_emu" -L cuda-emulation -j"$jobs" \
            --stop-on-failure --output-on-failure --timeout 120
        ;;
    python)
        # from python/tests, as scripts/test.sh runs them: `import otmec` is
        # the installed package, not the source folder
        (cd "$src/python/tests" &&
            OTMEC_CLI="$build/otmec" timeout --kill-after=10 "$limit" "$venv/bin/python" -m pytest -q -x)
        ;;
    esac >"$work/test.log" 2>&1
}

# The stages' set-up: configure, build and pass unmutated.
if [ "$need_cpu" -eq 1 ] || [ "$need_python" -eq 1 ]; then
    echo "mutate.sh: configuring the unmutated copy in $build (cpu)"
    cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=OFF -DOTMEC_SANITIZE=OFF "${launcher[@]}" \
        >"$work/configure.log" 2>&1 || die "configure failed (see $work/configure.log)"
fi
if [ "$need_emu" -eq 1 ]; then
    echo "mutate.sh: configuring the unmutated copy in $build_emu (emu)"
    cmake -S "$src" -B "$build_emu" -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA_EMULATION=ON -DOTMEC_MPI=OFF \
        -DOTMEC_BUILD_BENCH=OFF -DOTMEC_SANITIZE=OFF "${launcher[@]}" >"$work/configure-emu.log" 2>&1 ||
        die "configure of the emulation build failed (see $work/configure-emu.log)"
fi
if [ "$need_python" -eq 1 ] && [ ! -f "$venv/.otmec-deps" ]; then
    # The build requirements, the package's dependencies and its test extra,
    # as pyproject.toml lists them (pip cannot build without isolation
    # otherwise, and isolation would fetch them again for every mutant).
    echo "mutate.sh: creating $venv (from PyPI)"
    deps=$(python3 - "$src/pyproject.toml" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    t = tomllib.load(f)
p = t["project"]
print("\n".join(t["build-system"]["requires"] + p.get("dependencies", []) + p["optional-dependencies"]["test"]))
EOF
    ) || die "cannot read the Python requirements of pyproject.toml (python3 >= 3.11 has tomllib)"
    rm -rf "$venv"
    python3 -m venv "$venv" >"$work/venv.log" 2>&1 || die "python3 -m venv failed (see $work/venv.log)"
    mapfile -t reqs <<<"$deps"
    "$venv/bin/python" -m pip install --disable-pip-version-check "${reqs[@]}" >>"$work/venv.log" 2>&1 ||
        die "installing the Python requirements failed (see $work/venv.log)"
    touch "$venv/.otmec-deps"
fi
for stage in $stages; do
    echo "mutate.sh: building and testing the unmutated copy ($stage)"
    build_stage "$stage" || die "the unmutated tree does not build for the $stage stage (see $work/build.log)"
    run_stage "$stage" || die "the unmutated tree fails the $stage stage (see $work/test.log)"
done

# ---- the mutants ---------------------------------------------------------------
# apply FILE TEXT REPLACEMENT: prints "ok", "missing" or "many"; writes only on ok.
apply() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
path, text, repl = sys.argv[1:4]
with open(path, encoding="utf-8") as f:
    body = f.read()
n = body.count(text)
if n != 1:
    print("missing" if n == 0 else "many")
    sys.exit(0)
with open(path, "w", encoding="utf-8") as f:
    f.write(body.replace(text, repl, 1))
print("ok")
EOF
}

start=$(date +%s)
rm -rf "$work/logs"
mkdir -p "$work/logs"
killed=0 survived=0 equivalent=0 stale=0 invalid=0 run=0 number=0
: >"$report.tmp"
survivors=""
restore=""
# The list comes in on fd 3: the build and the suite must not read it from
# standard input (ctest's tests would swallow the remaining lines).
while IFS= read -r line <&3 || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    number=$((number + 1))
    wanted "$number" || continue
    parse "$line"
    stage=$(stage_of "$file")
    # Put back the previous mutant's file (a fresh mtime: it is rebuilt).
    [ -z "$restore" ] || cp "$orig/$restore" "$src/$restore"
    restore=""
    t0=$(date +%s)
    if [ ! -f "$src/$file" ]; then
        verdict=STALE; note="no file $file"
    else
        case $(apply "$src/$file" "$text" "$repl") in
        ok)
            restore="$file"
            if ! build_stage "$stage"; then
                verdict=INVALID; note="does not compile: $(grep -m1 -oE 'error: .*' "$work/build.log" | cut -c1-100 || true)"
            elif run_stage "$stage"; then
                verdict=SURVIVED; note=""
            else
                rc=$?
                if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
                    verdict=TIMEOUT; note="$stage stage ran past its limit"
                else
                    verdict=KILLED
                    grep -q '(Timeout)' "$work/test.log" && verdict=TIMEOUT
                    note=$(grep -m1 -oE '[0-9]+ - [A-Za-z0-9_./:]+ \((Failed|Timeout|SEGFAULT|Subprocess aborted|Child aborted|Exception)\)' "$work/test.log" | sed 's/^[0-9]* - //' || true)
                    # pytest's summary line: FAILED file::test - reason
                    [ -n "$note" ] || note=$(grep -m1 -oE '^(FAILED|ERROR) [^ ]+' "$work/test.log" || true)
                fi
            fi
            ;;
        missing) verdict=STALE; note="exact text not found" ;;
        *) verdict=STALE; note="exact text found more than once" ;;
        esac
    fi
    secs=$(($(date +%s) - t0))
    # What the suite said, for a second look at a kill (or a flaky test).
    case "$verdict" in
    STALE) ;;
    INVALID) cp "$work/build.log" "$work/logs/$number.log" ;;
    *) cp "$work/test.log" "$work/logs/$number.log" ;;
    esac
    case "$verdict" in
    KILLED | TIMEOUT) killed=$((killed + 1)); run=$((run + 1)) ;;
    SURVIVED)
        run=$((run + 1))
        if [[ "$why" == EQUIVALENT:* ]]; then
            equivalent=$((equivalent + 1)); verdict="SURVIVED (equivalent)"
        else
            survived=$((survived + 1))
            survivors+="  #$number $file: '$text' -> '$repl' ($why)"$'\n'
        fi
        ;;
    STALE) stale=$((stale + 1)) ;;
    INVALID) invalid=$((invalid + 1)) ;;
    esac
    printf '#%-3d %-22s %4ds  %-6s  %s: %s -> %s  [%s]%s\n' "$number" "$verdict" "$secs" "$stage" "$file" "$text" "$repl" \
        "$why" "${note:+  ($note)}" | tee -a "$report.tmp"
done 3<"$list"
[ -z "$restore" ] || cp "$orig/$restore" "$src/$restore"

elapsed=$(($(date +%s) - start))
scored=$((run - equivalent))
score=$(awk -v k="$killed" -v n="$scored" 'BEGIN { if (n > 0) printf "%.1f", 100 * k / n; else print "n/a" }')
{
    echo "otmec mutation test: $(date -u '+%Y-%m-%d %H:%M UTC'), tree ${rev:-working tree} of $(git -C "$root" rev-parse --short HEAD)"
    echo "list: $list; stages: $stages"
    echo "mutants run: $run; killed: $killed; survived: $survived; equivalent survivors: $equivalent; stale: $stale; invalid: $invalid"
    echo "score: $killed / $scored = $score% killed; run time ${elapsed} s"
    if [ -n "$survivors" ]; then
        echo "survivors (not marked equivalent):"
        printf '%s' "$survivors"
    fi
    echo
    cat "$report.tmp"
} >"$report"
rm -f "$report.tmp"
echo
sed -n '1,/^$/p' "$report"
echo "mutate.sh: report in $report"
[ "$survived" -eq 0 ] && [ "$stale" -eq 0 ] && [ "$invalid" -eq 0 ]
