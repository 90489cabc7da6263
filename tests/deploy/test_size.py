"""The installed runtime stays at most 330 MB (issue 16): PySide6-Essentials without PySide6-Addons, whose 153 MB
were only for QtTextToSpeech (reading aloud now also works through espeak-ng, tests/ui/patient/test_speech_espeak.py).

Measured from the installed distributions' RECORD files (the byte size of every file pip installed), over the
package's runtime requirements and theirs, without extras: what `pip install patient_handout_kiosk-*.whl` puts
into a fresh virtual environment, less pip itself. A fresh install measured with du: 326 MB of site-packages,
301 MB without pip and setuptools (483 and 458 MB with PySide6-Addons)."""
from __future__ import annotations

import csv
import io
from importlib.metadata import PackageNotFoundError, distribution

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LIMIT_MB = 330


def runtime_closure(name: str) -> dict[str, object]:
    todo, seen = [name], {}
    while todo:
        key = canonicalize_name(todo.pop())
        if key in seen:
            continue
        try:
            dist = distribution(key)
        except PackageNotFoundError:
            continue
        seen[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def installed_bytes(dist) -> int:
    record = dist.read_text("RECORD") or ""
    return sum(int(row[2]) for row in csv.reader(io.StringIO(record)) if len(row) >= 3 and row[2].isdigit())


def test_the_runtime_install_is_at_most_330_mb_without_pyside6_addons():
    closure = runtime_closure("patient-handout-kiosk")
    assert "pyside6-essentials" in closure and "reportlab" in closure
    assert "pyside6-addons" not in closure  # only the qt-speech and test extras pull it in
    sizes = {name: installed_bytes(dist) for name, dist in closure.items()}
    total_mb = sum(sizes.values()) / 1e6 + 3  # + the kiosk's own files (the editable install records none)
    assert total_mb <= LIMIT_MB, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    assert total_mb > 250  # it really measured PySide6 (249 MB on its own)
