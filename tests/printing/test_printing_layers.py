"""Printing is usable without a screen: only the Qt backend may load Qt (the CLI and a headless server print)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_printing_and_form_checks_load_no_qt():
    modules = ["kiosk.printing", "kiosk.printing.cups", "kiosk.printing.folder", "kiosk.printing.record",
               "kiosk.printing.pdfium", "kiosk.printing.ipp", "kiosk.ui.staff.checks"]
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "from kiosk.core.model import ClinicSettings\n"
        "from kiosk.printing import make_backend\n"
        "make_backend(ClinicSettings()); make_backend(ClinicSettings(print_backend='folder'))\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
