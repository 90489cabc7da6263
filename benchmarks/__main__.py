"""`make bench`: run every benchmarks/bench_*.py and print one table of figures against their targets.

Each module exposes `run() -> dict` mapping a figure's name to {"value", "unit", "target", "ok"} (or plain
numbers). The run's table is also written to benchmarks/results.md so the latest figures travel with the code.
"""
from __future__ import annotations

import importlib
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _row(module: str, name: str, figure) -> str:
    if isinstance(figure, dict):
        value = figure.get("value")
        unit = figure.get("unit", "")
        target = figure.get("target", "")
        ok = figure.get("ok")
        verdict = "" if ok is None else ("meets target" if ok else "MISSES target")
    else:
        value, unit, target, verdict = figure, "", "", ""
    shown = f"{value:.3f}" if isinstance(value, float) else str(value)
    return f"| {module} | {name} | {shown} {unit} | {target} | {verdict} |"


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    rows = ["| suite | figure | measured | target | |", "| --- | --- | --- | --- | --- |"]
    failed = 0
    load_at_start = os.getloadavg()
    for name in modules:
        if wanted and name not in wanted:
            continue
        print(f"running {name} …", flush=True)
        started = time.perf_counter()
        try:
            figures = importlib.import_module(f"benchmarks.{name}").run()
        except Exception:
            traceback.print_exc()
            rows.append(f"| {name} | (failed to run) | | | |")
            failed += 1
            continue
        for key, figure in figures.items():
            rows.append(_row(name, key, figure))
        print(f"  {name} took {time.perf_counter() - started:.1f} s", flush=True)
    load_at_end = os.getloadavg()
    header = (f"Benchmarks run {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, "
              f"Python {platform.python_version()}, {os.cpu_count()} cores. Load average (1 / 5 / 15 min) "
              f"{'/'.join(f'{x:.1f}' for x in load_at_start)} at the start and "
              f"{'/'.join(f'{x:.1f}' for x in load_at_end)} at the end: on a machine shared with other work, "
              "wall-clock figures count the time spent waiting for a core (the CPU-time rows do not).\n\n")
    table = "\n".join(rows)
    print()
    print(table)
    (HERE / "results.md").write_text("# Latest benchmark figures\n\n" + header + table + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
