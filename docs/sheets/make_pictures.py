"""Render the example aftercare sheets shown in the docs: docs/sheet-standard.png, docs/sheet-large-print.png and
docs/sheet-spanish.png (the first page of each, at 60 dpi), plus the PDFs beside this file.

    .venv/bin/python docs/sheets/make_pictures.py        # needs pdftoppm (poppler-utils)

The patient and clinic are made up; the handout text is the bundled library's.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from kiosk import resources
from kiosk.content.library import load_folder
from kiosk.core.model import ClinicSettings, DischargeDetails
from kiosk.sheet import render_sheet

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent

SETTINGS = ClinicSettings(
    name="Riverside Pain Clinic",
    address="200 River Road, Suite 4",
    phone="(555) 010-0100",
    after_hours_phone="(555) 010-0199",
    web_address="https://example.org/aftercare",
)
NOW = datetime(2025, 3, 4, 14, 5)


def details(language: str, large_print: bool) -> DischargeDetails:
    en = language == "en"
    return DischargeDetails(
        procedure_date=date(2025, 3, 4),
        patient_name="María José Núñez",
        side="left",
        sites="L4-L5, L5-S1",
        medications=("Local anesthetic (numbing medicine)", "Steroid") if en
        else ("Anestesia local (medicina para adormecer)", "Esteroide"),
        sedation=True,
        diabetic=False,
        follow_up="Tuesday, March 18 at 10:30 AM" if en else "Martes 18 de marzo a las 10:30",
        physician="Dr. Ana Ruiz",
        nurse="Sam Lee",
        notes="Keep the bandage on until tomorrow morning." if en else "Deje la venda puesta hasta mañana.",
        language=language,
        large_print=large_print,
    )


EXAMPLES = {
    "sheet-standard": ("sacroiliac-joint-injection", "en", False),
    "sheet-large-print": ("sacroiliac-joint-injection", "en", True),
    "sheet-spanish": ("sacroiliac-joint-injection", "es", False),
}


def main() -> int:
    library = {(h.slug, h.language): h for h in load_folder(resources.handouts_dir()).handouts}
    for name, (slug, language, large) in EXAMPLES.items():
        handout = library[(slug, language)]
        result = render_sheet(handout, 1, SETTINGS, details(language, large), now=NOW)
        pdf = HERE / f"{name}.pdf"
        pdf.write_bytes(result.pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(DOCS / name)], check=True)
        print(f"{name}: {result.pages} pages -> docs/{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
