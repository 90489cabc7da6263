"""Render the three sheets scored on PEMAT-P in docs/content-quality.md, as PDFs and 60 dpi PNGs of every page.

    .venv/bin/python docs/sheets/pemat_sheets.py OUTDIR        # needs pdftoppm (poppler-utils)

A: English trigger point injection with sedation; B: Spanish facet joint injection, diabetes and a blood
thinner; C: English medial branch block with the pain diary. The patient and clinic are made up.
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from kiosk import resources
from kiosk.content.library import load_folder
from kiosk.core.model import ClinicSettings, DischargeDetails
from kiosk.sheet import render_sheet

SETTINGS = ClinicSettings(name="Riverside Pain Clinic", address="200 River Road, Suite 4", phone="(555) 010-0100",
                          after_hours_phone="(555) 010-0199", web_address="https://example.org/aftercare")
BASE = DischargeDetails(procedure_date=date(2025, 3, 4), patient_name="María José Núñez", side="left",
                        physician="Dr. Ana Ruiz", nurse="Sam Lee", follow_up="Tuesday, March 18 at 10:30 AM")
SHEETS = {
    "A-trigger-point-en-sedation": ("trigger-point-injection", "en", dict(
        sites="Upper back", medications=("Lidocaine 1%", "Midazolam 2 mg"), sedation=True)),
    "B-facet-es-diabetes-thinner": ("facet-joint-injection", "es", dict(
        sites="L4-L5", medications=("Lidocaine 1%", "Kenalog 40 mg (triamcinolone)"), diabetic=True,
        takes_blood_thinner=True, blood_thinner="Vuelva a tomar Eliquis mañana por la mañana",
        follow_up="Martes 18 de marzo a las 10:30")),
    "C-medial-branch-en-diary": ("medial-branch-block", "en", dict(
        sites="L3-L4, L4-L5", medications=("Bupivacaine 0.5%",), pain_diary=True, injection_time="10:30")),
}


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    library = {(h.slug, h.language): h for h in load_folder(resources.handouts_dir()).handouts}
    for name, (slug, lang, changes) in SHEETS.items():
        details = replace(BASE, language=lang, **changes)
        result = render_sheet(library[(slug, lang)], 1, SETTINGS, details, now=datetime(2025, 3, 4, 14, 5))
        pdf = out / f"{name}.pdf"
        pdf.write_bytes(result.pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / name)], check=True)
        print(f"{name}: {result.pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "pemat-sheets")))
