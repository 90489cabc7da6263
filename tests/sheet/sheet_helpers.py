"""Helpers for the aftercare sheet's tests: full handouts in both languages, clinic settings, discharge details,
and functions that read a PDF back the way a reader (or a screen reader) gets it.

A module of its own name, not conftest: several test folders have a conftest.py, and `from conftest import …`
would pick whichever was imported first."""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime

from pypdf import PdfReader

from kiosk.core.model import ClinicSettings, DischargeDetails, Handout, Review
from kiosk.sheet import SheetRenderer, render_sheet

NOW = datetime(2025, 3, 4, 14, 5)
PROCEDURE_DAY = date(2025, 3, 4)

SECTIONS_EN = {
    "what_it_is": "A shot of medicine into the joint at the base of your spine.",
    "why": "It can ease pain in your low back and buttock.",
    "prepare": "- Plan for an adult to drive you home.\n- Tell us if you take a blood thinner.",
    "during": "You lie face down. The doctor uses an x-ray to guide a thin needle.",
    "after": (
        "We will watch you for a short time. Then your driver can take you home.\n\n"
        "The spot may be sore for a few days. Use an ice pack for 15 to 20 minutes at a time.\n\n"
        "- The numbness wears off in a few hours.\n- The steroid starts to help in 2 to 7 days."
    ),
    "activity": "Take it easy today. You can go back to your normal activities tomorrow.",
    "call_clinic": (
        "- A fever of 100.4 °F (38 °C) or higher\n"
        "- More pain, redness, swelling or warmth at the site\n"
        "- New numbness or weakness in a leg"
    ),
    "emergency": "- Trouble breathing\n- Chest pain\n- Loss of control of your bladder or bowels",
    "follow_up": "Plan a visit with us about 2 weeks after the shot.",
}
SECTIONS_ES = {
    "what_it_is": "Una inyección de medicina en la articulación de la base de la espalda.",
    "why": "Puede aliviar el dolor de la espalda baja y del glúteo.",
    "prepare": "- Venga con un adulto que pueda manejar.\n- Díganos si toma un anticoagulante.",
    "during": "Usted se acuesta boca abajo. El médico usa rayos X para guiar una aguja fina.",
    "after": (
        "Lo vamos a observar un rato. Luego la persona que vino con usted lo puede llevar a casa.\n\n"
        "La zona puede doler unos días. Póngase hielo de 15 a 20 minutos a la vez."
    ),
    "activity": "Descanse hoy. Mañana puede volver a sus actividades de siempre.",
    "call_clinic": "- Fiebre de 100.4 °F (38 °C) o más\n- Más dolor, enrojecimiento o hinchazón en la zona",
    "emergency": "- Le cuesta respirar\n- Dolor en el pecho",
    "follow_up": "Haga una cita con nosotros unas 2 semanas después.",
}


def make_handout(language: str = "en", **changes) -> Handout:
    en = language == "en"
    handout = Handout(
        slug="sacroiliac-joint-injection",
        language=language,
        title="Sacroiliac joint injection" if en else "Inyección en la articulación sacroilíaca",
        summary="A shot into the joint at the base of your spine." if en else "Una inyección en la espalda.",
        regions=("low_back",),
        keywords=("SI joint", "back shot", "buttock pain"),
        duration="20 minutes",
        sections=dict(SECTIONS_EN if en else SECTIONS_ES),
        review=Review("Tests", "", None, date(2030, 1, 1)),
        do=(
            ("Put ice on the sore spot for 15 to 20 minutes at a time.", "Shower the same day if you like.")
            if en else ("Póngase hielo en la zona de 15 a 20 minutos a la vez.", "Puede ducharse hoy.")
        ),
        dont=(
            ("No heat on the site for the rest of the day.", "No bath, hot tub or pool for 2 days.")
            if en else ("No use calor en la zona el resto del día.", "No use la tina ni la piscina por 2 días.")
        ),
    )
    return handout.with_changes(**changes) if changes else handout


def make_settings(**changes) -> ClinicSettings:
    settings = ClinicSettings(
        name="Riverside Pain Clinic",
        address="200 River Road, Suite 4",
        phone="(555) 010-0100",
        after_hours_phone="(555) 010-0199",
        web_address="https://example.org/aftercare",
    )
    return replace(settings, **changes)


def make_details(**changes) -> DischargeDetails:
    details = DischargeDetails(
        procedure_date=PROCEDURE_DAY,
        patient_name="María José Núñez",
        side="left",
        sites="L4-L5, L5-S1",
        medications=("Local anesthetic (numbing medicine)",),
        follow_up="Tuesday, March 18 at 10:30 AM",
        physician="Dr. Ana Ruiz",
        nurse="Sam Lee",
        notes="Keep the bandage on until tomorrow morning.",
    )
    return replace(details, **changes)


def render(handout=None, settings=None, details=None, version=3, **detail_changes):
    return render_sheet(
        handout or make_handout(),
        version,
        settings or make_settings(),
        details or make_details(**detail_changes),
        now=NOW,
    )


# -- reading the PDF back ------------------------------------------------------------------------------------

def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def squash(text: str) -> str:
    """Text without any whitespace, NFC: what survives line wrapping and extraction for comparison."""
    return unicodedata.normalize("NFC", "".join(text.split()))


def lines(pdf: bytes) -> list[str]:
    return [line.strip() for text in page_texts(pdf) for line in text.split("\n") if line.strip()]


@dataclass(frozen=True)
class Span:
    page: int
    x: float
    y: float
    size: float
    font: str
    text: str


def spans(pdf: bytes) -> list[Span]:
    """Every run of text with its page, position, effective size and font, from the content streams."""
    out: list[Span] = []
    for number, page in enumerate(reader(pdf).pages, start=1):
        def visit(text, cm, tm, font_dict, font_size, number=number):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = font_size * abs(tm[3] * cm[3] or tm[0] * cm[0])
            font = str(font_dict.get("/BaseFont", "")) if font_dict else ""
            out.append(Span(number, round(x, 1), round(y, 1), round(size, 2), font, text))

        page.extract_text(visitor_text=visit)
    return out


def body_bounds(large: bool) -> tuple[float, float, float]:
    """(bottom of the text frame on page 1, on later pages, top of the frame on later pages), for the default
    test sheet (large print has a one-line footer after page 1)."""
    r = SheetRenderer(make_handout(), 3, make_settings(), make_details(large_print=large), now=NOW)
    return (r.bottom_margin + r._footer_height(), r.bottom_margin + r._footer_height(first=False),
            r.pagesize[1] - r.top_margin - r._running_head_height())


def body_spans(pdf: bytes, large: bool) -> list[Span]:
    """The text inside the frame: without the footer and the running header of later pages."""
    first_bottom, bottom, top = body_bounds(large)
    return [s for s in spans(pdf) if s.y > (first_bottom if s.page == 1 else bottom) and (s.page == 1 or s.y < top)]


def body_text(pdf: bytes, large: bool) -> str:
    return "".join(s.text for s in body_spans(pdf, large))
