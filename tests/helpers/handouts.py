"""Handout objects for tests, in plain language that passes the lint."""
from datetime import date

from kiosk.core.model import SECTION_KEYS, Handout, Review

TEXT = {
    "en": "You rest on a bed. We clean the skin. It takes a short time.",
    "es": "Usted se acuesta en la cama. Limpiamos la piel. Dura poco tiempo.",
}
LIST = {
    "en": "Call us if you have:\n- a fever of 100.4 °F (38 °C) or higher\n- more pain or redness",
    "es": "Llámenos si tiene:\n- fiebre de 100.4 °F (38 °C) o más\n- más dolor o piel roja",
}
# The allergic-reaction set, which every handout carries word for word (resources/content/warning_sets.toml).
ALLERGY = {
    "en": "\n- Trouble breathing\n- Swelling of your face, lips, tongue or throat\n- Hives all over your body",
    "es": "\n- Le cuesta respirar\n- Hinchazón de la cara, los labios, la lengua o la garganta\n- Ronchas en todo el cuerpo",
}


def sample_handout(slug="test-injection", language="en", title=None, **changes) -> Handout:
    sections = {k: TEXT[language] for k in SECTION_KEYS}
    sections["call_clinic"] = LIST[language]
    sections["emergency"] = LIST[language] + ALLERGY[language]
    h = Handout(
        slug=slug,
        language=language,
        title=title or ("Test injection" if language == "en" else "Inyección de prueba"),
        summary=TEXT[language],
        regions=("low_back",),
        keywords=("test", "shot", "back"),
        duration="10 minutes",
        sections=sections,
        review=Review("Tests", "", None, date(2030, 1, 1)),
        do=("Use ice",),
        dont=("No heat",),
    )
    return h.with_changes(**changes) if changes else h
