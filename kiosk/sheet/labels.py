"""Every word the sheet prints that is not from the handout or the nurse, in English and Spanish.

Dates are spelled out here (month and weekday names written by hand) so that the sheet never depends on the
machine's locale, which on a kiosk is usually C or en_US.
"""
from __future__ import annotations

from datetime import date, datetime

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your aftercare: {title}",
        "running_title": "Aftercare: {title}",
        "phone": "Phone: {phone}",
        "after_hours": "After hours: {phone}",
        "patient": "Patient",
        "procedure_date": "Procedure date",
        "side": "Side",
        "sites": "Where",
        "medications": "Medicines you were given",
        "physician": "Doctor",
        "nurse": "Nurse",
        "expect": "What to expect",
        "do": "Do",
        "dont": "Don't",
        "sedation_title": "You had medicine to relax you",
        "sedation_1": "Do not drive or use machines for 24 hours.",
        "sedation_2": "Do not make important decisions or sign legal papers for 24 hours.",
        "sedation_3": "An adult must stay with you for the next 24 hours.",
        "diabetic_title": "Diabetes and the steroid",
        "diabetic_1": "Check your blood sugar more often for the next few days. The steroid can make it go up.",
        "diabetic_2": "Call the doctor who treats your diabetes if your sugar stays high.",
        "thinner_title": "Your blood thinner",
        "thinner_1": "Restart your blood thinner as your nurse wrote here:",
        "steroid_title": "About the steroid medicine",
        "steroid_intro": "For a few days you may notice:",
        "steroid_1": "Your face or chest feels warm or looks red (flushing).",
        "steroid_2": "Trouble sleeping.",
        "steroid_3": "Higher blood sugar.",
        "steroid_end": "These go away on their own.",
        "call_title": "Call us if",
        "call_clinic": "Clinic: {phone}",
        "call_after_hours": "After hours: {phone}",
        "follow_up": "Your follow-up",
        "notes": "Notes from your care team",
        "diary_title": "Pain diary",
        "diary_howto": (
            "At each time, write your pain from 0 (no pain) to 10 (worst pain) and how much better you feel "
            "(for example 50%). Bring this sheet to your follow-up visit."
        ),
        "diary_time": "Time after the injection",
        "diary_clock": "Clock time",
        "diary_pain": "Pain 0–10",
        "diary_better": "% better",
        "diary_before": "Before the injection",
        "diary_rows": "30 minutes|1 hour|2 hours|4 hours|6 hours|8 hours|Next day",
        "qr": "Scan for more",
        "continued": "(continued)",
        "teach_back": "I have read this sheet and my questions were answered.",
        "patient_initials": "Patient's initials",
        "nurse_initials": "Nurse's initials",
        "footer_handout": "{slug} · version {version}",
        "footer_printed": "Printed {when}",
        "footer_page": "Page {page} of {pages}",
        "side_left": "Left",
        "side_right": "Right",
        "side_both": "Both sides",
    },
    "es": {
        "title": "Sus cuidados: {title}",
        "running_title": "Cuidados: {title}",
        "phone": "Teléfono: {phone}",
        "after_hours": "Fuera de horario: {phone}",
        "patient": "Paciente",
        "procedure_date": "Fecha del procedimiento",
        "side": "Lado",
        "sites": "Dónde",
        "medications": "Medicamentos que recibió",
        "physician": "Médico",
        "nurse": "Enfermería",
        "expect": "Qué esperar",
        "do": "Lo que debe hacer",
        "dont": "Lo que no debe hacer",
        "sedation_title": "Recibió medicina para relajarse",
        "sedation_1": "No maneje ni use máquinas durante 24 horas.",
        "sedation_2": "No tome decisiones importantes ni firme papeles legales durante 24 horas.",
        "sedation_3": "Un adulto debe quedarse con usted durante las próximas 24 horas.",
        "diabetic_title": "La diabetes y el esteroide",
        "diabetic_1": "Mida su azúcar en la sangre más seguido durante los próximos días. El esteroide puede subirla.",
        "diabetic_2": "Llame al médico que trata su diabetes si el azúcar sigue alta.",
        "thinner_title": "Su medicina para la sangre (anticoagulante)",
        "thinner_1": "Vuelva a tomar su anticoagulante como le escribió su enfermera aquí:",
        "steroid_title": "Sobre el esteroide",
        "steroid_intro": "Durante unos días puede notar:",
        "steroid_1": "La cara o el pecho se sienten calientes o se ven rojos (sofoco).",
        "steroid_2": "Problemas para dormir.",
        "steroid_3": "El azúcar en la sangre más alta.",
        "steroid_end": "Esto se quita solo.",
        "call_title": "Llámenos si",
        "call_clinic": "Clínica: {phone}",
        "call_after_hours": "Fuera de horario: {phone}",
        "follow_up": "Su próxima cita",
        "notes": "Notas de su equipo de salud",
        "diary_title": "Diario del dolor",
        "diary_howto": (
            "En cada momento, escriba su dolor de 0 (sin dolor) a 10 (el peor dolor) y cuánto mejor se siente "
            "(por ejemplo, 50 %). Traiga esta hoja a su próxima cita."
        ),
        "diary_time": "Tiempo después de la inyección",
        "diary_clock": "Hora",
        "diary_pain": "Dolor 0–10",
        "diary_better": "% de mejoría",
        "diary_before": "Antes de la inyección",
        "diary_rows": "30 minutos|1 hora|2 horas|4 horas|6 horas|8 horas|Al día siguiente",
        "qr": "Escanee para saber más",
        "continued": "(continuación)",
        "teach_back": "Leí esta hoja y respondieron mis preguntas.",
        "patient_initials": "Iniciales del paciente",
        "nurse_initials": "Iniciales de enfermería",
        "footer_handout": "{slug} · versión {version}",
        "footer_printed": "Impreso el {when}",
        "footer_page": "Página {page} de {pages}",
        "side_left": "Izquierdo",
        "side_right": "Derecho",
        "side_both": "Ambos lados",
    },
}

# Built-in warning signs, used only when a handout's own lists are empty.
DEFAULT_CALL = {
    "en": (
        "You have a fever of 100.4 °F (38 °C) or higher.",
        "Pain, redness, swelling or warmth at the site gets worse.",
        "You have new numbness or weakness.",
    ),
    "es": (
        "Tiene fiebre de 100.4 °F (38 °C) o más.",
        "El dolor, el enrojecimiento, la hinchazón o el calor en la zona empeoran.",
        "Siente entumecimiento o debilidad nuevos.",
    ),
}
DEFAULT_EMERGENCY = {
    "en": (
        "You have trouble breathing or chest pain.",
        "You cannot move your legs or arms, or you lose control of your bladder or bowels.",
    ),
    "es": (
        "Tiene dificultad para respirar o dolor en el pecho.",
        "No puede mover las piernas o los brazos, o no puede controlar la orina o el intestino.",
    ),
}

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}


def language(code: str) -> str:
    return code if code in LABELS else "en"


def labels(code: str) -> dict[str, str]:
    return LABELS[language(code)]


def format_date(value: date, code: str) -> str:
    """'Tuesday, March 4, 2025' / 'martes, 4 de marzo de 2025'."""
    code = language(code)
    weekday = WEEKDAYS[code][value.weekday()]
    month = MONTHS[code][value.month - 1]
    if code == "es":
        return f"{weekday}, {value.day} de {month} de {value.year}"
    return f"{weekday}, {month} {value.day}, {value.year}"


def format_datetime(value: datetime, code: str) -> str:
    """'March 4, 2025, 2:05 PM' / '4 de marzo de 2025, 14:05' (no weekday: it is for the footer)."""
    code = language(code)
    month = MONTHS[code][value.month - 1]
    if code == "es":
        return f"{value.day} de {month} de {value.year}, {value.hour:02d}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    half = "AM" if value.hour < 12 else "PM"
    return f"{month} {value.day}, {value.year}, {hour}:{value.minute:02d} {half}"


def side(value: str, code: str) -> str:
    """The printed side; "na" (not applicable) or anything unknown prints nothing."""
    key = f"side_{(value or '').strip().lower()}"
    return labels(code).get(key, "")
