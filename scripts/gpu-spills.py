#!/usr/bin/env python3
"""Where solve_kernel spills: ptxas's spill and refill instructions, function
by function, and those inside loops, by source line.

`ptxas -v` gives one byte count per function; it does not say whether a
spill sits on a path taken once per call or once per owner and iteration.
nvdisasm marks each spill or refill instruction of the SASS "SpillRefill";
this script compiles cuda/batch_solve.cu to a cubin with line information,
disassembles it and counts them: per device function, in all, the stores
among them, and those between a backward branch's target and the branch
(inside a loop). With --lines it lists the in-loop ones by source line, so
that a loop over the owners can be told from a team reduction's rounds or
the interior-point loop (docs/gpu.md, "Where the spills are"). The
"top register" column is the highest register the function's SASS names:
ptxas allocates over the call graph, so a value a caller keeps in a
register across a call must sit above everything the callee (and its
callees) use; where every function reaches the cap, whatever is live
across a call is spilled.

Needs nvcc and nvdisasm (PyPI: nvidia-cuda-nvdisasm; or NVDISASM=path).
A developer tool, not a test.

With --leaves it prints instead what the per-owner functions at the
bottom of the deepest call chains need on their own: each compiled alone
in a kernel of its own, without a register cap. A chain spills nothing
only if its leaf's need plus the values every caller above keeps across
its call fit under the kernel's cap (docs/gpu.md, "Why not none").

Usage: scripts/gpu-spills.py --build DIR [--arch 90] [--lines | --leaves]
       (DIR: a configured build folder, for its generated/ headers)
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_nvdisasm():
    exe = os.environ.get("NVDISASM") or shutil.which("nvdisasm")
    if exe:
        return exe
    try:  # the PyPI wheel puts it beside its package
        import nvidia.cu13
        path = os.path.join(list(nvidia.cu13.__path__)[0], "bin", "nvdisasm")
        if os.access(path, os.X_OK):
            return path
    except ImportError:
        pass
    sys.exit("gpu-spills.py: no nvdisasm (pip install nvidia-cuda-nvdisasm, or set NVDISASM)")


def nvcc_and_includes(build):
    nvcc = os.environ.get("NVCC") or shutil.which("nvcc") or "/usr/local/cuda/bin/nvcc"
    generated = os.path.join(build, "generated")
    if not os.path.isfile(os.path.join(generated, "otmec_config.h")):
        sys.exit(f"gpu-spills.py: {generated}/otmec_config.h not found (configure the build first)")
    return nvcc, ["-I", os.path.join(ROOT, "include"), "-I", os.path.join(ROOT, "src"), "-I", ROOT, "-I", generated]


# One kernel per leaf, its arguments from global memory: the registers
# ptxas reports for it are the leaf's own need.
LEAVES = r"""
#include "solver/controller.h"
__global__ void owner_evaluation(const otm_ipm_ctx *c, const otm_owner_data *od, otm_ipm_owner *o,
                                 otm_owner_hessians *H)
{ otm_ipm_owner_eval(c, od, o + threadIdx.x, H + threadIdx.x); }
__global__ void block_solve_arrowhead(const otm_ipm_ctx *c, const otm_ipm_owner *o, const otm_owner_hessians *H,
                                      double *v, int *negative)
{ double *b = v + 42 * threadIdx.x;
  otm_ipm_owner_solve_arrow(c, o, H, b, b + 6, b + 12, b + 18, b + 24, b + 30, b + 36, 1, negative); }
__global__ void block_solve_dense(const otm_ipm_ctx *c, const otm_ipm_owner *o, const otm_owner_hessians *H,
                                  double *v)
{ double *b = v + 48 * threadIdx.x;
  otm_ipm_owner_solve_dense(c, o, H, 1, b, b + 6, b + 12, b + 18, b + 24, b + 30, b + 36, b + 42); }
"""


def leaves(build, arch):
    nvcc, includes = nvcc_and_includes(build)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "leaves.cu")
        with open(src, "w") as f:
            f.write(LEAVES)
        out = subprocess.run([nvcc, "-O3", "-DNDEBUG", "-std=c++17", "-cubin", f"-arch=sm_{arch}", "-Xptxas", "-v",
                              *includes, src, "-o", os.path.join(tmp, "leaves.cubin")],
                             check=True, capture_output=True, text=True).stderr
    print(f"{'leaf, alone and uncapped':30s} {'registers':>9s}")
    entry = None
    for ln in out.splitlines():
        m = re.search(r"Compiling entry function '_Z\d+(\w+?)P", ln)
        if m:
            entry = m.group(1)
        m = re.search(r"Used (\d+) registers", ln)
        if m and entry:
            print(f"{entry:30s} {int(m.group(1)):9d}")
            entry = None
    return 0


def disassemble(build, arch):
    nvcc, includes = nvcc_and_includes(build)
    with tempfile.TemporaryDirectory() as tmp:
        cubin = os.path.join(tmp, "batch_solve.cubin")
        subprocess.run([nvcc, "-O3", "-DNDEBUG", "-std=c++17", "-lineinfo", "-cubin", f"-arch=sm_{arch}", *includes,
                        os.path.join(ROOT, "cuda", "batch_solve.cu"), "-o", cubin], check=True)
        return subprocess.run([find_nvdisasm(), "-g", cubin], check=True, capture_output=True,
                              text=True).stdout.splitlines()


def short_name(label):
    """The device function's own name out of nvdisasm's label: the last
    $-separated part, _ZN<len><namespace><len><name>E... demangled that far."""
    name = label.split("$")[-1] or label
    m = re.match(r"_ZN(\d+)", name)
    if not m:
        return name
    rest = name[m.end() + int(m.group(1)):]
    m = re.match(r"(\d+)", rest)
    return rest[m.end():m.end() + int(m.group(1))] if m else name


def parse(lines):
    funcs = collections.OrderedDict()
    labels, pending, func, loc, top = {}, [], None, "?", {}
    for ln in lines:
        m = re.search(r"\.type\s+\$?(\S+),@function", ln)
        if m:
            func = short_name(m.group(1))
            funcs.setdefault(func, [])
            continue
        m = re.match(r"^(\.L_x_\d+):", ln)
        if m:
            pending.append(m.group(1))
            continue
        m = re.search(r'//## File "([^"]+)", line (\d+)', ln)
        if m:
            loc = os.path.relpath(m.group(1), ROOT) + ":" + m.group(2)
            continue
        m = re.match(r"\s*/\*([0-9a-f]{4,})\*/\s+(.*?);", ln)
        if m and func:
            addr = int(m.group(1), 16)
            for p in pending:
                labels[p] = addr
            pending = []
            funcs[func].append((addr, " ".join(m.group(2).split()), "SpillRefill" in ln, loc))
            regs = [int(r) for r in re.findall(r"\bR(\d+)\b", m.group(2))]
            if regs:
                top[func] = max(top.get(func, -1), max(regs))
    return funcs, labels, top


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="configured build folder (its generated/ headers)")
    ap.add_argument("--arch", default="90", help="SM architecture (default 90)")
    ap.add_argument("--lines", action="store_true", help="list the in-loop spills by source line")
    ap.add_argument("--leaves", action="store_true", help="the chains' leaves' own register need, uncapped")
    args = ap.parse_args()
    if args.leaves:
        return leaves(args.build, args.arch)
    funcs, labels, top = parse(disassemble(args.build, args.arch))
    print(f"{'function':40s} {'spill+refill':>12s} {'stores':>7s} {'in loops':>9s} {'top register':>13s}")
    total = [0, 0, 0]
    by_line = collections.Counter()
    for name, ins in funcs.items():
        loops = []
        for addr, text, _, _ in ins:
            m = re.search(r"BRA\s.*`\((\.L_x_\d+)\)", text)
            if m and m.group(1) in labels and labels[m.group(1)] <= addr:
                loops.append((labels[m.group(1)], addr))
        spills = [(a, t, l) for a, t, s, l in ins if s]
        if not spills:
            continue
        stores = sum(1 for _, t, _ in spills if re.match(r"(@!?P\d+ )?STL", t))
        inside = [(a, t, l) for a, t, l in spills if any(lo <= a <= hi for lo, hi in loops)]
        for _, _, l in inside:
            by_line[(name, l)] += 1
        print(f"{name[:40]:40s} {len(spills):12d} {stores:7d} {len(inside):9d} {'R' + str(top.get(name, 0)):>13s}")
        total = [total[0] + len(spills), total[1] + stores, total[2] + len(inside)]
    print(f"{'all functions':40s} {total[0]:12d} {total[1]:7d} {total[2]:9d}")
    if args.lines:
        print("\nin loops, by function and source line:")
        for (name, loc), count in sorted(by_line.items(), key=lambda kv: (kv[0][0], -kv[1])):
            print(f"  {name[:36]:36s} {loc:36s} {count:4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
