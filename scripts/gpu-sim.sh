#!/usr/bin/env bash
# otmec's CUDA kernels on a simulated GPU (GPGPU-Sim), for a machine without
# one: the real nvcc-compiled PTX, run by the simulator's libcudart in place
# of NVIDIA's. What it shows and what it cannot, and how to build the
# simulator: docs/gpu.md, "On a simulated GPU". A developer tool, not a test:
# too slow for CI.
#
# Steps (each skippable, see --help):
#   build       otmec for the simulator in its own build folder: sm_75 SASS +
#               compute_75 PTX (the PTX is what the simulator runs), the CUDA
#               runtime linked shared (so the simulator's replaces it), the
#               library static (so the kernels sit in each executable, where
#               the simulator looks for them); then ptxas -v of
#               cuda/batch_solve.cu for sm_75 and sm_90
#   functional  agreement with the CPU in the simulator's functional mode:
#               test_cuda_owner_eval, one CudaBatch case, and layout_cmp at
#               N = 10 with a thread per realization and a team of 32
#   cycles      one cycle-level launch per layout on one SM of a V100
#               configuration: a thread per realization at N = 10, block
#               teams of 32 at N = 10 and of 128 at N = 100, one realization
#               each (minutes each); with --throughput also launches of many
#               realizations (a warp of threads, an SM of teams)
#   table       one table out of the cycle-level logs, with the ptxas figures
#   profile     (--profile) where each cycle-level run spent its thread
#               instructions and pipeline cycles, by source line and by
#               function (scripts/gpu-sim-profile.py)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
    cat <<'EOF'
usage: scripts/gpu-sim.sh [--no-build] [--no-functional] [--no-cycles] [--throughput] [--only NAME]
                          [--profile [LINES]]

Runs otmec's CUDA kernels on GPGPU-Sim and prints one table: layout, N,
cycles per realization, thread instructions per cycle, active lanes per warp
instruction, achieved occupancy, local memory requests, and the ptxas
figures (registers, spill stores/loads, stack) of solve_kernel for sm_75 and
sm_90. Takes about 15 minutes on 2 cores, most of it the cycle-level runs.

  --no-build        reuse the build folder as it is
  --no-functional   skip the functional agreement runs
  --no-cycles       skip the cycle-level runs (the table then reads the
                    logs of an earlier run, if any)
  --throughput      also the throughput launches (about 90 more minutes
                    on one core): at N = 10, 32, 256 and 512 realizations
                    with a thread each (one warp, 8 warps, the 16 warps
                    that 128 registers leave resident: a full SM), and 16
                    with a team of 32 each (a full SM); their rows give
                    realizations per million SM cycles
  --only NAME       run only this cycle-level layout: thread-n10,
                    team32-n10, team128-n100, thread-n10-x32,
                    thread-n10-x256, thread-n10-x512 or team32-n10-x16
                    (repeatable; several invocations with --only can run
                    side by side)
  --profile [LINES] build with line information (-lineinfo: the same PTX
                    instructions, with .loc directives) and print, for each
                    cycle-level run, the LINES (default 25) source lines and
                    functions with the most pipeline cycles: the simulator's
                    per-instruction statistics (gpgpu_inst_stats.txt),
                    summed through the PTX's .loc lines and function
                    headers

Environment:
  OTMEC_GPGPUSIM    (required) a built GPGPU-Sim tree with the CUDA 13 port
                    and PTX fixes (the folder holding setup_environment), or
                    a folder with such a tree in gpgpu-sim/
  OTMEC_GPGPUSIM_CUDA  the CUDA 13 toolkit the simulator was built against,
                    with a cuobjdump in bin/ (default: OTMEC_GPGPUSIM/cuda13
                    when it exists, else CUDA_HOME, else /usr/local/cuda)
  OTMEC_SIM_BUILD   otmec's build folder for the simulator (default build-sim)
  OTMEC_SIM_RUNS    where the run folders go (default OTMEC_SIM_BUILD/runs)
  JOBS              parallel build jobs (default 2)
EOF
}

DO_BUILD=1 DO_FUNC=1 DO_CYCLES=1 DO_THROUGHPUT=0 ONLY=" " PROFILE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) DO_BUILD=0 ;;
        --no-functional) DO_FUNC=0 ;;
        --no-cycles) DO_CYCLES=0 ;;
        --throughput) DO_THROUGHPUT=1 ;;
        --only) ONLY+="${2:?--only needs a layout name} "; shift ;;
        --profile)
            PROFILE=25
            if [[ "${2:-}" =~ ^[0-9]+$ ]]; then PROFILE=$2; shift; fi
            ;;
        -h | --help) usage; exit 0 ;;
        *) echo "gpu-sim.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

die() { echo "gpu-sim.sh: $*" >&2; exit 1; }

: "${OTMEC_GPGPUSIM:?set OTMEC_GPGPUSIM to a built GPGPU-Sim (see --help and docs/gpu.md)}"
SIM=$(cd "$OTMEC_GPGPUSIM" && pwd)
[ -f "$SIM/setup_environment" ] || SIM=$SIM/gpgpu-sim
[ -f "$SIM/setup_environment" ] || die "no setup_environment in $OTMEC_GPGPUSIM or its gpgpu-sim/"
if [ -n "${OTMEC_GPGPUSIM_CUDA:-}" ]; then
    SIM_CUDA=$OTMEC_GPGPUSIM_CUDA
elif [ -d "$OTMEC_GPGPUSIM/cuda13" ]; then
    SIM_CUDA=$OTMEC_GPGPUSIM/cuda13
else
    SIM_CUDA=${CUDA_HOME:-/usr/local/cuda}
fi
SIM_CUDA=$(cd "$SIM_CUDA" && pwd)
NVCC=$SIM_CUDA/bin/nvcc
[ -x "$NVCC" ] || die "no nvcc in $SIM_CUDA/bin"
# The simulator extracts the PTX with cuobjdump; some toolkits ship none.
[ -x "$SIM_CUDA/bin/cuobjdump" ] || die "no cuobjdump in $SIM_CUDA/bin (see docs/gpu.md)"
BUILD=${OTMEC_SIM_BUILD:-build-sim}
RUNS=${OTMEC_SIM_RUNS:-$BUILD/runs}
JOBS=${JOBS:-2}
mkdir -p "$BUILD" "$RUNS"
BUILD=$(cd "$BUILD" && pwd) RUNS=$(cd "$RUNS" && pwd)

# ---- build -----------------------------------------------------------------
if [ "$DO_BUILD" = 1 ]; then
    echo "== build ($BUILD)"
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=ON -DCMAKE_CUDA_COMPILER="$NVCC" \
        -DCMAKE_CUDA_ARCHITECTURES=75 -DCMAKE_CUDA_RUNTIME_LIBRARY=Shared -DBUILD_SHARED_LIBS=OFF \
        -DOTMEC_MPI=OFF -DCMAKE_CUDA_FLAGS="$([ "$PROFILE" = 0 ] || echo -lineinfo)" >"$BUILD/configure.log" || { tail -20 "$BUILD/configure.log"; exit 1; }
    cmake --build "$BUILD" -j"$JOBS" --target test_cuda_owner_eval test_cuda_batch layout_cmp \
        >"$BUILD/build.log" 2>&1 || { tail -30 "$BUILD/build.log"; exit 1; }
    # ptxas's view of the kernels: the simulator runs PTX with unlimited
    # registers, so registers, spills and stack come from here only. sm_75 is
    # what the simulator's occupancy model reads; sm_90 is the H200.
    for arch in 75 90; do
        "$NVCC" -O3 -DNDEBUG -std=c++17 --generate-code=arch=compute_$arch,code=sm_$arch -Xptxas -v \
            --options-file "$BUILD/CMakeFiles/otmec_cuda.dir/includes_CUDA.rsp" \
            -c cuda/batch_solve.cu -o /dev/null 2>"$BUILD/ptxas_sm$arch.txt"
    done
fi

# The line information of nvcc 13 names the inlined function and its call
# site on each .loc line, a form the simulator's PTX parser rejects: with
# --profile the simulator sees the toolkit through a folder whose cuobjdump
# cuts .loc lines to file, line and column after extracting the PTX.
RUN_CUDA=$SIM_CUDA
if [ "$PROFILE" != 0 ]; then
    RUN_CUDA=$BUILD/cuda-for-profile
    rm -rf "$RUN_CUDA" && mkdir -p "$RUN_CUDA/bin"
    for f in "$SIM_CUDA"/*; do [ "$(basename "$f")" = bin ] || ln -s "$f" "$RUN_CUDA/"; done
    for f in "$SIM_CUDA"/bin/*; do [ "$(basename "$f")" = cuobjdump ] || ln -s "$f" "$RUN_CUDA/bin/"; done
    cat >"$RUN_CUDA/bin/cuobjdump" <<WRAPPER
#!/usr/bin/env bash
# -xptx NAME BINARY writes NAME here; its .loc lines lose the inlining part
"$SIM_CUDA/bin/cuobjdump" "\$@" || exit
if [ "\$1" = -xptx ] && [ -f "\$2" ]; then
    sed -i -E 's/^([[:space:]]*\.loc[[:space:]]+[0-9]+ [0-9]+ [0-9]+),.*/\1/' "\$2"
fi
WRAPPER
    chmod +x "$RUN_CUDA/bin/cuobjdump"
fi

# ---- running a program on the simulator ------------------------------------
# The simulator reads gpgpusim.config from the working directory and leaves
# its PTX and ptxas files there, so each run gets a fresh folder. The
# configuration is the tested SM7_QV100 (V100) with the PTX capability raised
# to 75: CUDA 13 cannot emit compute_70.
make_config() { # MODE DIR
    local src=$SIM/configs/tested-cfgs/SM7_QV100
    cp "$src"/* "$2"/
    sed -i 's/^-gpgpu_ptx_force_max_capability 70/-gpgpu_ptx_force_max_capability 75/' "$2/gpgpusim.config"
    case "$1" in
        func) sed -i 's/^-gpgpu_ptx_sim_mode 0/-gpgpu_ptx_sim_mode 1/' "$2/gpgpusim.config" ;;
        cycles)
            # One SM and four memory channels: the same per-SM behaviour,
            # many times faster to simulate than 80 SMs (idle SMs still cost
            # time every cycle). The channel hash needs 16 channels or more.
            sed -i 's/^-gpgpu_n_clusters 80/-gpgpu_n_clusters 1/; s/^-gpgpu_n_mem 32/-gpgpu_n_mem 4/;
                    s/^-gpgpu_memory_partition_indexing 2/-gpgpu_memory_partition_indexing 0/' \
                "$2/gpgpusim.config"
            ;;
    esac
}

sim_run() { # MODE NAME PROGRAM ARGS...: 0 when the program exits 0
    local mode=$1 name=$2 dir=$RUNS/$2 prog=$3
    shift 3
    rm -rf "$dir" && mkdir -p "$dir"
    make_config "$mode" "$dir"
    local t0=$SECONDS rc=0
    (
        cd "$dir"
        export CUDA_INSTALL_PATH=$RUN_CUDA
        export LIBC_FATAL_STDERR_=1 # glibc's abort messages into the log, not the terminal
        set +eu # setup_environment reads unset variables
        # shellcheck disable=SC1091
        source "$SIM/setup_environment" release >/dev/null
        exec "$prog" "$@"
    ) >"$dir/run.log" 2>&1 || rc=$?
    printf '%-28s %s  %4d s  (%s)\n' "$name" "$([ $rc = 0 ] && echo pass || echo "FAIL rc=$rc")" $((SECONDS - t0)) \
        "$dir/run.log"
    return $rc
}

failed=0
if [ "$DO_FUNC" = 1 ]; then
    echo "== functional agreement with the CPU (simulator's functional mode)"
    sim_run func owner-eval "$BUILD/tests/test_cuda_owner_eval" || failed=1
    sim_run func batch-matches-cpu "$BUILD/tests/test_cuda_batch" \
        --gtest_filter=CudaBatch.SolveBackendCudaMatchesCpu || failed=1
    sim_run func cmp-n10-thread "$BUILD/layout_cmp" 10 4 1 1 both || failed=1
    sim_run func cmp-n10-team32 "$BUILD/layout_cmp" 10 4 1 32 both || failed=1
fi

# Layouts of the cycle-level runs: name, N, threads a realization,
# realizations a launch. The first three measure one realization's latency;
# the throughput ones fill a warp with threads, or an SM with teams.
LAYOUTS=("thread-n10 10 1 1" "team32-n10 10 32 1" "team128-n100 100 128 1")
THROUGHPUT_LAYOUTS=("thread-n10-x32 10 1 32" "thread-n10-x256 10 1 256" "thread-n10-x512 10 1 512"
    "team32-n10-x16 10 32 16")
if [ "$DO_THROUGHPUT" = 1 ] || [[ "$ONLY" == *-x* ]]; then
    LAYOUTS+=("${THROUGHPUT_LAYOUTS[@]}")
fi
if [ "$DO_CYCLES" = 1 ]; then
    echo "== cycle level, one SM (minutes each)"
    for l in "${LAYOUTS[@]}"; do
        read -r name n team count <<<"$l"
        [ "$ONLY" = " " ] || [[ "$ONLY" == *" $name "* ]] || continue
        # both: the CPU's answer is printed beside the device's
        sim_run cycles "$name" "$BUILD/layout_cmp" "$n" "$count" 1 "$team" both || failed=1
    done
fi

# ---- the table ---------------------------------------------------------------
# The statistics block printed after the last launch is solve_kernel's (the
# draw kernel runs first). gpu_sim_cycle, gpu_sim_insn, gpu_ipc and
# gpu_occupancy are per launch; the instruction and local memory counters
# are running totals, hence the difference to the launch before.
launch_stats() { # LOG: cycles insn ipc occupancy lanes local_rd local_wr
    awk '
        /^kernel_name = / { kernel = $3 }
        /^gpu_sim_cycle = / { cyc = $3 }
        /^gpu_sim_insn = / { ins = $3 }
        /^gpu_ipc = / { ipc = $3 }
        /^gpu_occupancy = / { occ = $3 }
        /^gpgpu_n_tot_thrd_icount = / { pt = tt; tt = $3 }
        /^gpgpu_n_tot_w_icount = / { pw = tw; tw = $3 }
        /^gpgpu_n_mem_read_local = / { prl = rl; rl = $3 }
        /^gpgpu_n_mem_write_local = / { pwl = wl; wl = $3 }
        END {
            if (kernel !~ /solve_kernel/) exit 1 # the solver did not finish
            printf "%s %s %s %s %.1f %d %d\n", cyc, ins, ipc, occ, (tw > pw ? (tt - pt) / (tw - pw) : 0),
                rl - prl, wl - pwl
        }' "$1"
}

ptxas_row() { # FILE: registers, spill stores/loads and stack of solve_kernel
    awk '
        # each entry and device function gets a "Function properties" block;
        # only the kernel'"'"'s own counts
        /Compiling entry function|Function properties for/ { on = /solve_kernel/ }
        on && /stack frame/ { stack = $1; st = $5; ld = $9 }
        on && /Used [0-9]+ registers/ { for (i = 1; i <= NF; ++i) if ($(i + 1) ~ /^registers/) reg = $i; on = 0 }
        END { if (reg != "") printf "%s registers, %s B spill stores, %s B spill loads, %s B stack", reg, st, ld, stack }
    ' "$1"
}

echo
echo "== solve_kernel on GPGPU-Sim (SM7_QV100, one SM, sm_75 PTX)"
echo
echo "| layout | N | realizations a launch | cycles | realizations / 10^6 cycles | thread insn / cycle | active lanes / warp insn | achieved occupancy | local mem requests (rd / wr) | CPU agrees |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for l in "${LAYOUTS[@]}"; do
    read -r name n team count <<<"$l"
    log=$RUNS/$name/run.log
    what=$([ "$team" = 1 ] && echo "a thread per realization" || echo "block team of $team")
    if [ -f "$log" ] && s=$(launch_stats "$log"); then
        read -r cyc _ ipc occ lanes rd wr <<<"$s"
        agree=$(grep -q "^summary: .* 0 disagree" "$log" && echo yes || echo NO)
        rate=$(awk -v c="$count" -v cy="$cyc" 'BEGIN { printf "%.3f", c / cy * 1e6 }')
        printf '| %s | %s | %s | %s | %s | %s | %s of 32 | %s | %s / %s | %s |\n' "$what" "$n" "$count" \
            "$cyc" "$rate" "$ipc" "$lanes" "$occ" "$rd" "$wr" "$agree"
    else
        printf '| %s | %s | %s | (no finished run) | | | | | | |\n' "$what" "$n" "$count"
    fi
done
echo
for arch in 75 90; do
    f=$BUILD/ptxas_sm$arch.txt
    [ -s "$f" ] && echo "ptxas sm_$arch solve_kernel: $(ptxas_row "$f")"
done
if [ "$PROFILE" != 0 ]; then
    for l in "${LAYOUTS[@]}"; do
        read -r name _ <<<"$l"
        [ -f "$RUNS/$name/gpgpu_inst_stats.txt" ] || continue
        echo
        echo "== profile of $name (solve and draw kernels together)"
        python3 scripts/gpu-sim-profile.py --top "$PROFILE" "$RUNS/$name" || failed=1
    done
fi
exit $failed
