"""Every word the patient screens show. Handout content comes from the store.

The words are English msgids in the gettext catalogues (kiosk.core.i18n, resources/locale/, docs/translations.md);
this table names them for the screens. `tr(key, lang, **values)`; a text the catalogue does not translate shows in
English (tests/core/test_translations.py fails on one).
"""
from __future__ import annotations

from kiosk.core.i18n import C_, N_, ByLanguage, format_number, language_name, next_language, translate

MESSAGES: dict[str, str] = {
    "touch_to_start": N_("Touch to start"),
    "welcome_subtitle": N_("Information about your procedure"),
    "rotating_1": N_("Read about your procedure in plain words."),
    "rotating_2": N_("Touch where it hurts to find your procedure."),
    "rotating_3": N_("Make the words bigger any time."),
    "rotating_4": N_("Have it read aloud to you."),
    # Written in the language the language button switches to, naming it: see `tr`.
    "rotating_5": C_("invitation, in the language it names", "Information in English: touch “{name}”."),
    "switch_language": "",  # the next language's own name (kiosk.core.i18n.LANGUAGE_NAMES)
    "home_title": N_("Choose your procedure"),
    "region_title": N_("Procedures for: {region}"),
    "show_all": N_("Show all"),
    "bodymap_title": N_("Where does it hurt?"),
    "bodymap_hint": N_("Touch the body, or a word below."),
    "front": N_("Front"),
    "back_side": C_("body side", "Back"),
    "search": N_("Search"),
    "search_placeholder": N_("Type a word, like knee"),
    "search_hint": N_("Type a word, or choose your procedure below."),
    "found_one": N_("1 procedure found"),
    "found_many": N_("{n} procedures found"),
    "no_results": N_("Nothing found for “{query}”."),
    "no_results_hint": N_("Try another word, or find it on the body map."),
    "use_bodymap": N_("Use the body map"),
    "search_results": N_("Search results"),
    "finished": N_("I'm done"),
    "key_space": N_("Space"),
    "key_delete": N_("Delete"),
    "key_clear": N_("Clear"),
    "back": C_("navigation", "Back"),
    "drawing_hint": N_("Tap the picture to see it bigger."),
    "drawing_spoken": N_("The picture: {alt}"),
    "list_do": N_("Do"),
    "list_dont": N_("Don't"),
    "home": N_("Home"),
    "display": C_("button", "Text size"),
    "display_title": N_("Text and colours"),
    "text_size": C_("heading", "Text size"),
    "size_0": N_("Standard text"),
    "size_1": N_("Large text"),
    "size_2": N_("Largest text"),
    "colours": N_("Colours"),
    "standard_colours": N_("Standard"),
    "high_contrast": N_("High contrast"),
    "done": N_("Done"),
    "listen": N_("Listen"),
    "stop": N_("Stop"),
    "speech_starting": N_("Getting ready…"),
    "speech_broken": N_("Reading aloud is not working"),
    "speech_broken_notice": N_("Reading aloud is not working on this screen right now. The words are all here to read."),
    "sections": N_("Sections"),
    "duration": N_("How long it takes: {duration}"),
    # Shown when a handout is missing in the patient's language and the English one is shown instead.
    "english_only": N_("This page is not in your language yet, so it is shown in English."),
    "idle_title": N_("Are you still there?"),
    "idle_body": N_("To keep your visit private, this screen will start over soon."),
    "idle_seconds": N_("{n} seconds"),
    "still_here": N_("I'm still here"),
}

ROTATING = ("rotating_1", "rotating_2", "rotating_3", "rotating_4", "rotating_5")


def _text(key: str, lang: str) -> str:
    if key == "switch_language":
        return language_name(next_language(lang))
    if key == "rotating_5":
        other = next_language(lang)
        return translate(MESSAGES[key], other).replace("{name}", language_name(other))
    return translate(MESSAGES[key], lang)


# {lang: {key: text}} for every configured language (for the screens' tests and tools).
STRINGS = ByLanguage(MESSAGES, _text)


def tr(key: str, lang: str = "en", **values) -> str:
    """The text of KEY in LANG with VALUES filled in ({n} as a number in LANG). KeyError for an unknown key.

    "switch_language" is the name of the language the language button switches to (`next_language`), and
    "rotating_5" invites, in that language, a patient who reads it."""
    text = _text(key, lang)
    if "n" in values and isinstance(values["n"], int):
        values["n"] = format_number(values["n"], lang)
    return text.format(**values) if values else text
