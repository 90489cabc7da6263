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
        # The facts of the sedation, diabetes and blood-thinner boxes and their sources: docs/content-quality.md.
        # One driving rule after sedation (24 hours), the same in the box and the key points.
        "sedation_title": "You had medicine to relax you",
        "sedation_1": "For 24 hours, do not drive or use machines.",
        "sedation_2": "For 24 hours, do not drink alcohol. Do not take sleeping pills or other medicines that make you sleepy unless your doctor says to.",
        "sedation_3": "For 24 hours, do not make big decisions or sign legal papers.",
        "sedation_4": "For 24 hours, do not care for children or other people on your own.",
        "sedation_5": "An adult must stay with you for the next 24 hours.",
        "diabetic_title": "Diabetes and the steroid",
        "diabetic_1": "The steroid can raise your blood sugar for up to 2 weeks.",
        "diabetic_2": "Check your blood sugar at least 2 times a day for 2 weeks, or as often as your diabetes team tells you.",
        "diabetic_3": "Is your blood sugar over {limit} mg/dL? Call the doctor who treats your diabetes. If you cannot reach them, call us.",
        "thinner_title": "Your blood thinner",
        "thinner_1": "Restart your blood thinner as your nurse wrote here:",
        "thinner_ask": "Ask the doctor who prescribed your blood thinner when to restart it. Do this before your next dose is due.",
        "thinner_watch": "Call us if the shot site keeps bleeding or a bruise there keeps growing.",
        "steroid_title": "About the steroid medicine",
        "steroid_intro": "For a few days you may notice:",
        "steroid_1": "Your face or chest feels warm or looks red (flushing).",
        "steroid_2": "Trouble sleeping.",
        "steroid_3": "Feeling restless or moody.",
        "steroid_end": "These go away on their own.",
        "steroid_sugar": "If you have diabetes: the steroid can raise your blood sugar for up to 2 weeks. Check it more often.",
        "steroid_sugar_box": "Your blood sugar can stay high for up to 2 weeks: follow the box about diabetes.",
        "key_title": "Key points",
        "key_call": "Questions or a problem? Call us: {phone}",
        "key_call_short": "Call us: {phone}",
        "key_after_hours": "After hours: {phone}",
        "key_no_phone": "Clinic phone: ____________________ (ask us to write it here)",
        "key_911": "Call 911 for: {signs}. See all the signs in the red box.",
        "key_sedation": "No driving, alcohol or sleeping pills for 24 hours.",
        "key_sugar": "Check your blood sugar at least 2 times a day for 2 weeks.",
        "key_thinner": "Blood thinner: see the box below for when to restart it.",
        "activity": "Activity",
        "about": "What you had",
        "questions": "Questions to ask",
        # Large print leaves out "What you had" and "Questions to ask"; this line says where they are (the patient screen
        # shows no questions, so it names only the standard sheet).
        "large_moved": "What the procedure is and the questions to ask are on the standard-print sheet. Ask us for one.",
        "no_phone_call": "Clinic phone: ____________________",
        "call_title": "Call us if",
        "call_clinic": "Clinic: {phone}",
        "call_after_hours": "After hours: {phone}",
        "follow_up": "Your follow-up",
        "notes": "Notes from your care team",
        "diary_title": "Pain diary",
        "diary_howto": (
            "At each time, write your pain from 0 (no pain) to 10 (worst pain), how much better you feel, and what "
            "you tried. Better: 0% is no change, 50% is half the pain, 100% is no pain. Bring this sheet to your "
            "follow-up visit."
        ),
        "diary_time": "Time after the injection",
        "diary_clock": "Clock time",
        "diary_pain": "Pain 0–10",
        "diary_better": "% better",
        "diary_activity": "Activity I tried",
        "diary_injected": "Injection time: {time}",
        "diary_injected_blank": "Injection time: ________",
        "log_title": "Pain log: 14 days",
        "log_howto": "Each evening, write the date and your pain from 0 (no pain) to 10 (worst pain). Bring this sheet to your follow-up visit.",
        "log_day": "Day",
        "log_date": "Date",
        "log_pain": "Pain 0–10",
        "diary_before": "Before the injection",
        "diary_rows": "30 minutes|1 hour|2 hours|4 hours|6 hours|8 hours|Next day",
        "qr": "Scan for more",
        "drawing_caption": "Where the needle goes",
        "continued": "(continued)",
        "teach_back_ask": "Before you go, tell your nurse in your own words: when to call us, when to call 911, and what not to do today.",
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
        "sedation_1": "Durante 24 horas, no maneje ni use máquinas.",
        "sedation_2": "Durante 24 horas, no tome alcohol. No tome pastillas para dormir ni otras medicinas que den sueño, salvo si su médico se lo indica.",
        "sedation_3": "Durante 24 horas, no tome decisiones importantes. No firme papeles legales.",
        "sedation_4": "Durante 24 horas, no cuide a niños ni a otras personas sin otro adulto.",
        "sedation_5": "Un adulto debe quedarse con usted durante las próximas 24 horas.",
        "diabetic_title": "La diabetes y el esteroide",
        "diabetic_1": "El esteroide puede subir su azúcar en la sangre hasta por 2 semanas.",
        "diabetic_2": "Mida su azúcar en la sangre al menos 2 veces al día durante 2 semanas, o tan seguido como le diga su equipo de diabetes.",
        "diabetic_3": "¿Tiene el azúcar en más de {limit} mg/dL? Llame al médico que trata su diabetes. Si no lo puede localizar, llámenos.",
        "thinner_title": "Su anticoagulante (medicina para diluir la sangre)",
        "thinner_1": "Vuelva a tomar su anticoagulante como se lo anotamos aquí:",
        "thinner_ask": "Pregunte al médico que le recetó el anticoagulante cuándo volver a tomarlo. Hágalo antes de su próxima dosis.",
        "thinner_watch": "Llámenos si la zona de la inyección sigue sangrando o si un moretón ahí sigue creciendo.",
        "steroid_title": "Sobre el esteroide",
        "steroid_intro": "Durante unos días puede notar:",
        "steroid_1": "La cara o el pecho se sienten calientes o se ven rojos (enrojecimiento).",
        "steroid_2": "Problemas para dormir.",
        "steroid_3": "Inquietud o cambios de humor.",
        "steroid_end": "Esto se quita solo.",
        "steroid_sugar": "Si tiene diabetes: el esteroide puede subir su azúcar hasta por 2 semanas. Mídala más seguido.",
        "steroid_sugar_box": "Su azúcar puede seguir alta hasta por 2 semanas: siga el cuadro sobre la diabetes.",
        "key_title": "Lo más importante",
        "key_call": "¿Preguntas o algún problema? Llámenos: {phone}",
        "key_call_short": "Llámenos: {phone}",
        "key_after_hours": "Fuera de horario: {phone}",
        "key_no_phone": "Teléfono de la clínica: ____________________ (pida que se lo anotemos)",
        "key_911": "Llame al 911 si tiene: {signs}. Vea todas las señales en el cuadro rojo.",
        "key_sedation": "Nada de manejar, alcohol ni pastillas para dormir durante 24 horas.",
        "key_sugar": "Mida su azúcar al menos 2 veces al día durante 2 semanas.",
        "key_thinner": "Anticoagulante: vea en el cuadro de abajo cuándo volver a tomarlo.",
        "activity": "Actividad",
        "about": "Lo que le hicieron",
        "questions": "Preguntas para hacer",
        "large_moved": "La explicación del procedimiento y las preguntas están en la hoja de letra normal. Pídanos una.",
        "no_phone_call": "Teléfono de la clínica: ____________________",
        "call_title": "Llámenos si",
        "call_clinic": "Clínica: {phone}",
        "call_after_hours": "Fuera de horario: {phone}",
        "follow_up": "Su próxima cita",
        "notes": "Notas de su equipo de salud",
        "diary_title": "Diario del dolor",
        "diary_howto": (
            "En cada momento, escriba su dolor de 0 (sin dolor) a 10 (el peor dolor), cuánto mejor se siente y "
            "qué actividad probó. Mejoría: 0 % es igual que antes, 50 % es la mitad del dolor, 100 % es sin dolor. "
            "Traiga esta hoja a su próxima cita."
        ),
        "diary_time": "Tiempo después de la inyección",
        "diary_clock": "Hora",
        "diary_pain": "Dolor 0–10",
        "diary_better": "% de mejoría",
        "diary_activity": "Actividad que probé",
        "diary_injected": "Hora de la inyección: {time}",
        "diary_injected_blank": "Hora de la inyección: ________",
        "log_title": "Registro del dolor: 14 días",
        "log_howto": "Cada noche, escriba la fecha y su dolor de 0 (sin dolor) a 10 (el peor dolor). Traiga esta hoja a su próxima cita.",
        "log_day": "Día",
        "log_date": "Fecha",
        "log_pain": "Dolor 0–10",
        "diary_before": "Antes de la inyección",
        "diary_rows": "30 minutos|1 hora|2 horas|4 horas|6 horas|8 horas|Al día siguiente",
        "qr": "Escanee para saber más",
        "drawing_caption": "Dónde entra la aguja",
        "continued": "(continuación)",
        "teach_back_ask": "Antes de irse, díganos con sus propias palabras: cuándo llamarnos, cuándo llamar al 911 y qué no debe hacer hoy.",
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
