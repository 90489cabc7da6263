"""Procedure drawings and pictograms as data: every handout has one, in both languages, and `kiosk check` (so every
import door) refuses a broken one."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from kiosk import resources
from kiosk.content import drawings
from kiosk.content.check import check_folder
from kiosk.content.library import load_folder
from kiosk.sheet import fonts
from kiosk.services import ContentError, import_folder

LIBRARY = load_folder(resources.handouts_dir()).handouts
PICTOGRAMS = ("ice", "no_heat", "no_bath", "shower", "no_driving", "call_clinic", "call_911", "pain_scale")


def test_the_library_has_twelve_procedures_in_two_languages():
    assert len({h.slug for h in LIBRARY}) == 12
    assert {h.language for h in LIBRARY} == {"en", "es"}


@pytest.mark.parametrize("handout", LIBRARY, ids=lambda h: f"{h.slug}.{h.language}")
def test_every_handout_has_a_drawing_with_alt_text_and_labels_in_its_language(handout):
    picture = drawings.for_handout(handout.slug)
    assert picture is not None
    assert picture.path.is_file() and picture.path.suffix == ".svg"
    alt = picture.alt_text(handout.language)
    assert len(alt.split()) >= 12 and alt.endswith(".")
    assert picture.alt[handout.language] == alt  # its own language, not the English fallback
    assert picture.labels and all(label.text.get(handout.language, "").strip() for label in picture.labels)
    assert b"<text" not in picture.path.read_bytes()  # words come from the data file, never the SVG


def test_each_procedure_has_its_own_drawing_and_alt_text():
    pictures = [drawings.for_handout(slug) for slug in {h.slug for h in LIBRARY}]
    assert len({p.file for p in pictures}) == len(pictures)
    assert len({p.alt["en"] for p in pictures}) == len(pictures)
    assert len({p.alt["es"] for p in pictures}) == len(pictures)


@pytest.mark.parametrize("name", PICTOGRAMS)
def test_every_pictogram_has_its_file_and_alt_text_in_both_languages(name):
    picture = drawings.pictogram(name)
    assert picture is not None and picture.path.is_file()
    assert picture.alt["en"].strip() and picture.alt["es"].strip()
    assert b"<text" not in picture.path.read_bytes()


def _all_pictures():
    return [*drawings.drawings().values(), *drawings.pictograms().values()]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_label_fits_inside_its_drawing(language):
    """The labels are placed by hand; a translation that runs off the edge fails here, not on paper."""
    fonts.register()
    for picture in _all_pictures():
        for label in picture.labels:
            x, y = label.at
            for line in label.lines(language):
                w = stringWidth(line, fonts.REGULAR, picture.label_size)
                left = {"start": x, "middle": x - w / 2, "end": x - w}[label.anchor]
                assert left >= 0 and left + w <= 400, (picture.key, line)
                assert 0 <= y - picture.label_size / 2 and y + picture.label_size / 2 <= 300, (picture.key, line)


@pytest.mark.parametrize(
    ("line", "list_name", "language", "expected"),
    [
        ("Put ice on your knee for 15 to 20 minutes at a time", "do", "en", "ice"),
        ("Shower as usual", "do", "en", "shower"),
        ("No heat on your knee for the rest of the day", "dont", "en", "no_heat"),
        ("No bath, hot tub, or pool for 1 to 2 days", "dont", "en", "no_bath"),
        ("Do not drive today if you had sedation", "dont", "en", "no_driving"),
        ("Póngase hielo en la zona de 15 a 20 minutos a la vez.", "do", "es", "ice"),
        ("Dúchese como siempre.", "do", "es", "shower"),
        ("No use la tina, el jacuzzi ni la piscina por 1 a 2 días. Ducharse está bien.", "dont", "es", "no_bath"),
        ("No maneje hoy si le dieron sedación", "dont", "es", "no_driving"),
        ("No se ponga calor en la zona por 2 días.", "dont", "es", "no_heat"),
        # no pictogram: no word of its own, a word of the other list, or part of a longer word
        ("Do not stop any medicine unless your doctor says so", "dont", "en", None),
        ("Shower as usual", "dont", "en", None),
        ("No heat on the spot", "do", "en", None),
        ("Stay in the shade, avoid preheated cars", "dont", "en", None),
        ("Put ice on your knee", "do", "es", None),
    ],
)
def test_a_pictogram_stands_beside_the_lines_whose_words_call_it(line, list_name, language, expected):
    found = drawings.pictogram_for(line, list_name, language)
    assert (found.key if found else None) == expected


# -- `kiosk check` and the import doors ----------------------------------------------------------------------

SLUG = "knee-joint-injection"


def _copy(folder: Path, slug: str = SLUG) -> Path:
    folder.mkdir()
    for lang in ("en", "es"):
        shutil.copy(resources.handouts_dir() / f"{slug}.{lang}.toml", folder)
    return folder


def _data(tmp_path: Path, monkeypatch, entry: str) -> None:
    data = tmp_path / "drawings.toml"
    data.write_text(f"label_size = 18\n[{SLUG}]\n{entry}\n", encoding="utf-8")
    monkeypatch.setattr(resources, "drawings_data", lambda: data)


def test_the_bundled_library_passes_the_drawing_checks():
    found = [p for p in check_folder(resources.handouts_dir(), date.today()) if "drawing" in p.message]
    assert found == []


@pytest.mark.parametrize(
    ("entry", "words", "languages"),
    [
        (f'file = "{SLUG}.svg"\nalt.en = "A knee."', "no alt text in 'es'", {"es"}),
        (f'file = "{SLUG}.svg"\nalt.es = "Una rodilla."', "no alt text in 'en'", {"en"}),
        (f'file = "{SLUG}.svg"\nalt.en = "A knee."\nalt.es = "   "', "no alt text in 'es'", {"es"}),
        ('file = "gone.svg"\nalt.en = "A knee."\nalt.es = "Una rodilla."', "gone.svg is missing", {"en", "es"}),
        ('file = "drawings.toml"\nalt.en = "A knee."\nalt.es = "Una rodilla."', "cannot be read", {"en", "es"}),
        (f'file = "{SLUG}.svg"\nalt.en = "A knee."\nalt.es = "Una rodilla."\n'
         'labels = [{ en = "Knee", at = [1, 1] }]', "a label of the drawing has no text in 'es'", {"es"}),
    ],
    ids=["no-spanish-alt", "no-english-alt", "blank-alt", "file-missing", "not-svg", "label-untranslated"],
)
def test_kiosk_check_refuses_a_broken_drawing_entry(tmp_path, monkeypatch, entry, words, languages):
    folder = _copy(tmp_path / "pack")
    _data(tmp_path, monkeypatch, entry)
    if "drawings.toml" in entry:  # a file that is there but is not an SVG: point the entry at the data file
        monkeypatch.setattr(resources, "picture", lambda _folder, name: tmp_path / name)
    found = [p for p in check_folder(folder, date.today()) if p.message.startswith("drawing:")]
    assert {Path(p.file).name.split(".")[1] for p in found} == languages
    assert all(words in p.message for p in found)


def test_an_import_with_a_broken_drawing_is_refused_and_changes_nothing(tmp_path, monkeypatch, store):
    folder = _copy(tmp_path / "pack")
    _data(tmp_path, monkeypatch, 'file = "gone.svg"\nalt.en = "A knee."\nalt.es = "Una rodilla."')
    before = store.handouts.get_published(SLUG, "en")
    with pytest.raises(ContentError) as refused:
        import_folder(store, folder, "test")
    assert [str(p).endswith("drawing: the drawing file resources/drawings/gone.svg is missing")
            for p in refused.value.problems] == [True, True]
    after = store.handouts.get_published(SLUG, "en")
    assert (before.version if before else None) == (after.version if after else None)


def test_a_procedure_with_no_drawing_is_reported_but_can_still_be_imported(tmp_path, monkeypatch, store):
    """A clinic's own procedure may come without a drawing: `kiosk check` lists it (and so fails), the import
    plan warns, and the import goes ahead."""
    folder = _copy(tmp_path / "pack")
    data = tmp_path / "drawings.toml"
    data.write_text("label_size = 18\n", encoding="utf-8")
    monkeypatch.setattr(resources, "drawings_data", lambda: data)
    found = check_folder(folder, date.today())
    assert [p.message for p in found if "drawing" in p.message] == [
        f"drawing: no drawing for '{SLUG}' in resources/drawings/drawings.toml"] * 2
    plan = import_folder(store, folder, "test")
    assert sum("no drawing" in w for w in plan.warnings) == 2


def test_a_malformed_data_file_is_one_clear_error_per_file(tmp_path, monkeypatch):
    folder = _copy(tmp_path / "pack")
    data = tmp_path / "drawings.toml"
    data.write_text(f"[{SLUG}]\nfile = 3\n", encoding="utf-8")
    monkeypatch.setattr(resources, "drawings_data", lambda: data)
    found = [p.message for p in check_folder(folder, date.today()) if "drawing" in p.message]
    assert len(found) == 2 and all("file is missing" in m for m in found)
    broken = tmp_path / "broken.toml"
    broken.write_text("[broken\n", encoding="utf-8")
    monkeypatch.setattr(resources, "drawings_data", lambda: broken)
    found = [p.message for p in check_folder(folder, date.today()) if "drawing" in p.message]
    assert len(found) == 2 and all("cannot be read" in m for m in found)
