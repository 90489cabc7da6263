"""What a clinic logo costs a sheet (issue 13): time and memory of the bench_sheet sheet with no logo, with an
ordinary logo (480 × 160) and with the review's 7000 × 7000 PNG stored before the 1,200 px rule (drawn from a
scaled copy since then), each case in a fresh process so its peak memory (VmHWM) is its own.

    python -m benchmarks.bench_logo

Target: a sheet with a logo costs at most 2× one without, in median build time (CPU) and in peak memory. The
huge logo runs twice: its first start decodes the 7000 × 7000 file once and keeps a 1,200 px copy beside it
(that one-time time and memory are reported, not held to the target); every later start reads the copy.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDERS = 15
TARGET_RATIO = 2.0

_CHILD = r"""
import json, statistics, sys, time
from dataclasses import replace
from benchmarks.bench_sheet import DETAILS, HANDOUT, NOW, SETTINGS
from kiosk.sheet import render_sheet

settings = replace(SETTINGS, logo_path=sys.argv[1])
start = time.process_time()
render_sheet(HANDOUT, 3, settings, DETAILS, now=NOW)  # the first sheet reads (and scales) the logo
first = (time.process_time() - start) * 1000
cpu = []
for _ in range(int(sys.argv[2])):
    start = time.process_time()
    render_sheet(HANDOUT, 3, settings, DETAILS, now=NOW)
    cpu.append((time.process_time() - start) * 1000)
# VmHWM, the peak resident size of this process image (ru_maxrss would carry the parent's peak over execve)
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"first_ms": first, "median_ms": statistics.median(cpu), "maxrss_mb": hwm / 1024}))
"""


def _png(path: Path, w: int, h: int) -> str:
    from PIL import Image

    image = Image.new("RGB", (w, h), "white")
    image.paste((180, 20, 40), (w // 4, h // 4, w // 2, h // 2))
    image.save(path, "PNG", optimize=True)
    return str(path)


def _case(logo: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, logo, str(RENDERS)], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        huge = _png(folder / "huge.png", 7000, 7000)
        cases = {
            "none": _case(""),
            "480x160": _case(_png(folder / "small.png", 480, 160)),
            "7000x7000 first start": _case(huge),  # scales the stored logo once and keeps the copy
            "7000x7000": _case(huge),  # every later start: the kept copy
        }
        huge_bytes = (folder / "huge.png").stat().st_size
    base = cases["none"]
    figures = {}
    for name, case in cases.items():
        figures[f"sheet CPU, logo {name} (median)"] = {"value": case["median_ms"], "unit": "ms"}
        figures[f"peak memory, logo {name}"] = {"value": case["maxrss_mb"], "unit": "MB"}
    for name in ("480x160", "7000x7000"):
        time_ratio = cases[name]["median_ms"] / base["median_ms"]
        mem_ratio = cases[name]["maxrss_mb"] / base["maxrss_mb"]
        figures[f"time with / without, logo {name}"] = {"value": time_ratio, "unit": "×",
                                                        "target": f"≤ {TARGET_RATIO:g}×",
                                                        "ok": time_ratio <= TARGET_RATIO}
        figures[f"memory with / without, logo {name}"] = {"value": mem_ratio, "unit": "×",
                                                          "target": f"≤ {TARGET_RATIO:g}×",
                                                          "ok": mem_ratio <= TARGET_RATIO}
    figures[f"first sheet with a stored 7000x7000 logo ({huge_bytes // 1024} KB), once per logo file"] = {
        "value": cases["7000x7000 first start"]["first_ms"], "unit": "ms CPU"}
    return figures


if __name__ == "__main__":
    for key, figure in run().items():
        print(f"{key}: {figure['value']:.2f} {figure['unit']} {figure.get('target', '')}")
