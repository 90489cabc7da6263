"""An admin's own procedure drawing: the editor shows the drawing and replaces it with a PNG or SVG under the
logo's rule (kiosk.core.pictures); the draft and the published version carry it; a content pack carries the
file; hostile files are refused in one sentence at every door (editor, Content packs, `kiosk import`)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from kiosk.app import as_app
from kiosk.content import drawings
from kiosk.content.check import check_folder

ROOT = Path(__file__).resolve().parents[3]
SLUG = "knee-joint-injection"
OWN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
           '<rect x="20" y="20" width="360" height="260" fill="#e9f0f2" stroke="#1c5a70" stroke-width="6"/>'
           '<circle cx="200" cy="150" r="60" fill="#1c5a70"/></svg>')


def own_png(path: Path, size=(600, 450)) -> Path:
    image = Image.new("RGB", size, "white")
    image.paste((28, 90, 112), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    image.save(path, "PNG")
    return path


def hostile(folder: Path) -> dict[str, tuple[Path, str]]:
    """Files no door may take, each with the words its one-sentence refusal must hold."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}

    def put(name, data, words):
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        out[name.split(".")[0]] = (path, words)

    put("fake.png", "this is not a picture", "is not a readable PNG image")
    put("text.svg", "hello, no markup here", "is not an SVG image")
    put("huge.svg", OWN_SVG[:-6] + "<!--" + "x" * 2_100_000 + "--></svg>", "keep it under 2,000,000")
    put("script.svg", OWN_SVG.replace("</svg>", "<script>alert(1)</script></svg>"), "holds a script")
    put("onload.svg", OWN_SVG.replace("<rect", '<rect onload="alert(1)"'), "holds a script")
    put("outside.svg", OWN_SVG.replace("</svg>", '<image href="http://example.org/x.png" width="9" height="9"/>'
                                       "</svg>"), "links to something outside the file")
    put("xlink.svg", OWN_SVG.replace('<svg ', '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ')
        .replace("</svg>", '<use xlink:href="file:///etc/passwd#x"/></svg>'), "links to something outside the file")
    put("cssurl.svg", OWN_SVG.replace("</svg>", "<style>rect { fill: url(http://example.org/a) }</style></svg>"),
        "links to something outside the file")
    put("laughs.svg", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', "DOCTYPE or entities")
    put("word.doc", "a document", "must be a PNG or SVG file")
    bomb = folder / "bomb.png"
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")  # 10 kB on disk, 100 million pixels decoded
    out["bomb"] = (bomb, "is not a readable PNG image")
    return out


def one_sentence(text: str) -> bool:
    return text.endswith(".") and ". " not in text.rstrip(".") and "Traceback" not in text


def open_editor(console, language="en"):
    assert console.open_handout(SLUG, language)
    return console.editor


# ---- the editor door -------------------------------------------------------------------------------------------
def test_the_editor_shows_the_projects_drawing_with_its_alt_text(console):
    field = open_editor(console).form.drawing
    bundled = drawings.for_handout(SLUG)
    assert field.view is not None and field.view.picture.key == SLUG and not field.view.picture.own
    assert field.alt.text() == bundled.alt["en"] and field.alt.isReadOnly()
    assert not field.bundled_btn.isEnabled()
    assert field.view.grab().toImage().pixelColor(field.view.width() // 2, field.view.height() // 2).isValid()


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_replace_save_publish_and_the_patient_sees_the_admins_drawing(console, store, qtbot, tmp_path, keep, kind):
    editor = open_editor(console)
    chosen = tmp_path / "usb" / f"my knee.{kind}"
    chosen.parent.mkdir()
    if kind == "svg":
        chosen.write_text(OWN_SVG, encoding="utf-8")
    else:
        own_png(chosen)
    console.ctx.open_file = lambda title, filters: str(chosen)
    field = editor.form.drawing
    field.replace_btn.setFocus()
    qtbot.keyClick(field.replace_btn, Qt.Key.Key_Space)  # the keyboard path
    assert field.view.picture.own and field.bundled_btn.isEnabled() and not field.alt.isReadOnly()
    assert field.alt.text() == "" and field.alt.hasFocus()  # the old words would describe the wrong picture
    editor.run_checks()
    assert "the drawing has no alt text in 'en'" in field.problem.text()
    editor.form.ensureWidgetVisible(field)
    qtbot.waitUntil(lambda: field.view.isVisible() and field.view.width() > 200)
    image = field.view.grab().toImage()
    seen = {image.pixelColor(x, y).name() for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    assert "#1c5a70" in seen, (field.view.size(), seen)  # the admin's drawing, not the project's, is on screen
    field.alt.setText("A drawing of a knee with a dark circle where the needle goes.")
    assert editor.dirty
    chosen.unlink()  # the USB stick is pulled out: the draft holds the bytes, not the path
    assert editor.save_draft()
    draft = store.handouts.latest(SLUG, "en").handout
    assert draft.drawing.alt == "A drawing of a knee with a dark circle where the needle goes."
    assert draft.drawing.file.endswith("." + kind) and draft.drawing.file.startswith(f"{SLUG}-drawing-")
    assert store.handouts.get_published(SLUG, "en").handout.drawing is None  # patients still see the old one
    assert editor.form.drawing.view.picture.own  # reopened from the draft

    assert editor.publish()
    assert store.handouts.get_published(SLUG, "en").handout.drawing == draft.drawing
    from kiosk.ui.patient.reader import ReaderScreen
    from kiosk.ui.patient.session import PatientSession

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIOSK_TTS_ENGINE", "none")
        reader = keep(ReaderScreen(store, PatientSession(store.settings.get())))
    assert reader.load(SLUG)
    card = reader.card("what_it_is")
    assert card.drawing.picture.own and card.drawing.picture.data == draft.drawing.data
    assert card.drawing.accessibleDescription() == draft.drawing.alt
    assert draft.drawing.alt in " ".join(card.spoken())  # Listen reads the admin's alt text


def test_use_the_projects_drawing_again(console, store, tmp_path):
    editor = open_editor(console)
    svg = tmp_path / "own.svg"
    svg.write_text(OWN_SVG, encoding="utf-8")
    console.ctx.open_file = lambda title, filters: str(svg)
    assert editor.replace_drawing() and editor.save_draft()
    field = editor.form.drawing
    field.bundled_btn.click()
    assert not field.view.picture.own and field.alt.isReadOnly()
    assert editor.save_draft()
    assert store.handouts.latest(SLUG, "en").handout.drawing is None


def test_an_own_drawing_without_alt_text_cannot_be_published(console, store, tmp_path):
    editor = open_editor(console)
    svg = tmp_path / "own.svg"
    svg.write_text(OWN_SVG, encoding="utf-8")
    console.ctx.open_file = lambda title, filters: str(svg)
    assert editor.replace_drawing()
    editor.form.drawing.alt.setText("   ")
    editor.run_checks()
    assert "has no alt text in 'en'" in editor.form.drawing.problem.text()
    assert re.search(r"\b1 stops? publishing", editor.checks.text())
    before = store.handouts.get_published(SLUG, "en").version
    assert not editor.publish()
    assert "drawing: the drawing has no alt text in 'en'" in console.banner.text()
    assert store.handouts.get_published(SLUG, "en").version == before


def test_hostile_files_are_refused_in_one_sentence_by_the_editor(console, store, tmp_path):
    editor = open_editor(console)
    for name, (path, words) in hostile(tmp_path / "usb").items():
        console.ctx.open_file = lambda title, filters, p=path: str(p)
        assert not editor.replace_drawing(), name
        shown = console.banner.text()
        assert words in shown and one_sentence(shown), (name, shown)
        assert not editor.form.drawing.view.picture.own and not editor.dirty, name
    assert store.handouts.latest(SLUG, "en").handout.drawing is None


def test_the_logo_door_refuses_the_same_hostile_svgs(console, tmp_path):
    """The logo and the drawing share one rule: the logo, too, now refuses scripts and outside links."""
    page = console.settings_page
    for name, (path, words) in hostile(tmp_path / "usb").items():
        console.ctx.open_file = lambda title, filters, p=path: str(p)
        page.choose_logo()
        assert words in page.problem.text() and one_sentence(page.problem.text()), name
        assert page._logo_path == ""


def test_the_core_refuses_a_hostile_drawing_even_in_a_draft(store):
    """A door that skipped the file check still cannot store a hostile drawing: save_draft checks the bytes."""
    from kiosk.app import StoreError
    from kiosk.core.model import OwnDrawing

    app = as_app(store)
    store.staff.add("Ana Admin", "admin", "482913")
    ana = store.staff.verify("Ana Admin", "482913")
    handout = store.handouts.latest(SLUG, "en").handout
    evil = OwnDrawing("x.svg", "A knee.", OWN_SVG.replace("</svg>", "<script>1</script></svg>").encode())
    with pytest.raises(StoreError, match=r"^x\.svg holds a script\.$"):
        app.handouts.save_draft(ana, handout.with_changes(drawing=evil))
    assert store.handouts.latest(SLUG, "en").handout.drawing is None


# ---- content packs ---------------------------------------------------------------------------------------------
def _publish_own(store, tmp_path, kind="svg"):
    app = as_app(store)
    store.staff.add("Ana Admin", "admin", "482913")
    ana = store.staff.verify("Ana Admin", "482913")
    chosen = tmp_path / f"own.{kind}"
    chosen.write_text(OWN_SVG, encoding="utf-8") if kind == "svg" else own_png(chosen, (2400, 1800))
    for language, alt in (("en", "A knee with the needle's place marked."),
                          ("es", "Una rodilla con el lugar de la aguja marcado.")):
        current = store.handouts.latest(SLUG, language)
        handout = app.handouts.own_drawing(ana, chosen, current.handout)
        handout = handout.with_changes(drawing=handout.drawing.__class__(handout.drawing.file, alt,
                                                                         handout.drawing.data))
        app.handouts.publish(ana, handout)
    return app, ana


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_a_pack_carries_the_drawing_and_an_imported_pack_shows_it(store, tmp_path, kind, keep, db_path):
    app, ana = _publish_own(store, tmp_path, kind)
    published = store.handouts.get_published(SLUG, "en").handout.drawing
    if kind == "png":  # a 2400 px PNG was scaled down to 1,200 px once, when it was chosen
        import io

        assert Image.open(io.BytesIO(published.data)).size == (1200, 900)
    pack = tmp_path / "pack"
    app.content.export(ana, pack, {SLUG})
    files = sorted(p.name for p in pack.iterdir())
    assert files == sorted([f"{SLUG}.en.toml", f"{SLUG}.es.toml", published.file])  # one file for both languages
    assert f'file = "{published.file}"' in (pack / f"{SLUG}.en.toml").read_text(encoding="utf-8")
    assert (pack / published.file).read_bytes() == published.data
    assert not [p for p in check_folder(pack) if p.message.startswith("drawing:")]

    from kiosk.services import open_store

    other = open_store(tmp_path / "other" / "kiosk.sqlite3")
    try:
        other.staff.add("Bo Admin", "admin", "482913")
        bo = other.staff.verify("Bo Admin", "482913")
        as_app(other).content.apply_import(bo, pack)
        got = other.handouts.get_published(SLUG, "es").handout.drawing
        assert got.data == published.data and got.alt == "Una rodilla con el lugar de la aguja marcado."
        from kiosk.ui.patient.reader import ReaderScreen
        from kiosk.ui.patient.session import PatientSession

        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("KIOSK_TTS_ENGINE", "none")
            reader = keep(ReaderScreen(other, PatientSession(other.settings.get())))
        assert reader.load(SLUG)
        assert reader.card("during").drawing.picture.data == published.data
    finally:
        other.close()


def _pack_with(tmp_path, drawing_file: Path | None, alt='alt = "A knee."', name="own.svg") -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    for language in ("en", "es"):
        text = (ROOT / "handouts" / f"{SLUG}.{language}.toml").read_text(encoding="utf-8")
        text = text.replace("[sections]", f'[drawing]\nfile = "{name}"\n{alt}\n\n[sections]', 1)
        (pack / f"{SLUG}.{language}.toml").write_text(text, encoding="utf-8")
    if drawing_file is not None:
        shutil.copy(drawing_file, pack / name)
    return pack


@pytest.mark.parametrize(("alt", "present", "words"), [
    ('alt = ""', True, "'[drawing] alt' is empty"),
    ("", True, "missing '[drawing] alt'"),
    ('alt = "A knee."', False, "drawing: the drawing file own.svg is missing"),
], ids=["empty-alt", "no-alt", "file-missing"])
def test_kiosk_check_fails_a_pack_drawing_without_alt_text_or_file(tmp_path, alt, present, words):
    svg = tmp_path / "good.svg"
    svg.write_text(OWN_SVG, encoding="utf-8")
    pack = _pack_with(tmp_path, svg if present else None, alt)
    found = [str(p) for p in check_folder(pack)]
    assert sum(words in p for p in found) == 2, found


def test_hostile_pack_drawings_are_refused_at_content_packs_and_kiosk_import(console, store, tmp_path, qtbot):
    """The same files, as a pack's drawing: Content packs → Check refuses with FILE:LINE and one sentence, and so
    does `kiosk import` (a real subprocess); nothing is imported."""
    files = hostile(tmp_path / "files")
    db = tmp_path / "cli.sqlite3"
    env = {"KIOSK_DB": str(db), "KIOSK_PIN_ITERATIONS": "2000"}
    import os

    run = lambda *args: subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, input="482913\n",  # noqa: E731
                                       capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert run("staff", "add", "Ann", "--role", "admin").returncode == 0
    before = store.handouts.get_published(SLUG, "en").version
    for name, (path, words) in files.items():
        if name == "word":
            continue  # the file name rule refuses it first (a plain .svg or .png name); tested below
        case = tmp_path / name
        case.mkdir()
        pack = _pack_with(case, path, name=path.name)
        console.show_page("Packs & backup")
        page = console.packs_page
        console.ctx.pick_folder = lambda title, p=pack: str(p)
        qtbot.mouseClick(page.check_btn, Qt.MouseButton.LeftButton)
        shown = [page.import_list.item(i).text() for i in range(page.import_list.count())]
        lines = {lang: (pack / f"{SLUG}.{lang}.toml").read_text(encoding="utf-8").split("\n")
                 .index(f'file = "{path.name}"') + 1 for lang in ("en", "es")}
        hits = [p for p in shown if words in p]
        assert len(hits) == 2 and not page.apply_btn.isEnabled(), (name, shown)
        for p in hits:  # FILE:LINE at the drawing's line, then one sentence
            where, sentence = p.split(": drawing: ", 1)
            assert where.endswith((f".en.toml:{lines['en']}", f".es.toml:{lines['es']}")) and "\n" not in sentence and "Traceback" not in sentence, p
        r = run("import", str(pack), "--as", "Ann")
        assert r.returncode != 0 and words in r.stdout + r.stderr and "Traceback" not in r.stderr, (name, r.stderr)
    assert store.handouts.get_published(SLUG, "en").version == before
    (tmp_path / "word").mkdir()
    word = _pack_with(tmp_path / "word", files["word"][0], name="word.doc")
    assert any("must be a plain .svg or .png file name" in str(p) for p in check_folder(word))
