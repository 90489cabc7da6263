"""Nothing clips or overlaps with QT_SCALE_FACTOR 1.5 and 2 (a 1080p screen seen as 1280 x 720 and
960 x 540 device-independent pixels); each scale runs in its own process, both at once."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("scale_check.py")
ROOT = Path(__file__).resolve().parents[3]


def test_screens_fit_at_scale_factors_1_5_and_2():
    runs = {}
    for scale in ("1.5", "2"):
        env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        runs[scale] = subprocess.Popen([sys.executable, str(SCRIPT)], env=env, cwd=ROOT,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for scale, proc in runs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        report = json.loads(out.strip().splitlines()[-1])
        assert report["ratio"] == float(scale)
        assert report["problems"] == [], f"QT_SCALE_FACTOR={scale}: " + "\n".join(report["problems"])
