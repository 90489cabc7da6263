"""`kiosk render`: the sheet from the command line, from the store or from a folder of handout files."""
from __future__ import annotations

import pytest
from sheet_helpers import pdf_text, reader, squash

from kiosk import resources
from kiosk.cli import main

HANDOUTS = resources.handouts_dir()
needs_handouts = pytest.mark.skipif(not any(HANDOUTS.glob("sacroiliac-joint-injection.*.toml")),
                                    reason="the bundled handouts/ are not there")


@needs_handouts
def test_render_from_the_store_with_every_option(tmp_path, capsys):
    out = tmp_path / "sheet.pdf"
    notes = tmp_path / "notes.txt"
    notes.write_text("First line\nBP <140 & pain >7\n", encoding="utf-8")
    code = main([
        "--db", str(tmp_path / "kiosk.sqlite3"), "render", "sacroiliac-joint-injection", "-o", str(out),
        "--patient", "Ana López", "--date", "2025-03-04", "--side", "right", "--site", "L5-S1",
        "--medication", "Local anesthetic", "--medication", "Steroid", "--sedation", "--diabetic",
        "--blood-thinner", "Eliquis: restart tomorrow", "--follow-up", "Call to book in 2 weeks",
        "--physician", "Dr. Ruiz", "--nurse", "Sam", "--notes-file", str(notes), "--pain-diary", "--large-print",
    ])
    assert code == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    text = pdf_text(out.read_bytes())
    assert "First line\nBP <140 & pain >7" in text  # the notes file's lines, as typed
    for expected in ("Ana López", "Tuesday, March 4, 2025", "Side: Right", "L5-S1", "Local anesthetic, Steroid",
                     "You had medicine to relax you", "Diabetes and the steroid", "Eliquis: restart tomorrow",
                     "Call to book in 2 weeks", "Dr. Ruiz", "Sam", "Pain diary"):
        assert squash(expected) in squash(text), expected


@needs_handouts
def test_render_spanish_on_a4_from_the_folder(tmp_path):
    out = tmp_path / "hoja.pdf"
    code = main(["render", "sacroiliac-joint-injection", "--handouts", str(HANDOUTS), "--lang", "es",
                 "--paper", "a4", "--no-pain-diary", "-o", str(out)])
    assert code == 0
    pdf = reader(out.read_bytes())
    assert round(float(pdf.pages[0].mediabox.width)) == 595
    text = pdf_text(out.read_bytes())
    assert "Sus cuidados:" in text and "versión 1" in text and "Diario del dolor" not in text


def test_unknown_handout_is_one_clear_sentence(tmp_path, capsys):
    code = main(["--db", str(tmp_path / "k.sqlite3"), "render", "no-such-procedure", "-o", str(tmp_path / "x.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "no handout 'no-such-procedure'" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


@needs_handouts
@pytest.mark.parametrize("content, reason", [(b"\xff\xfe bad", "not UTF-8"), (None, "No such file")])
def test_bad_notes_file_is_refused_before_anything_is_written(tmp_path, capsys, content, reason):
    notes = tmp_path / "notes.txt"
    if content is not None:
        notes.write_bytes(content)
    out = tmp_path / "sheet.pdf"
    code = main(["render", "sacroiliac-joint-injection", "--handouts", str(HANDOUTS), "--notes-file", str(notes),
                 "-o", str(out)])
    assert code == 2
    assert reason in capsys.readouterr().err
    assert not out.exists()


def test_bad_date_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["render", "x", "--date", "2025-02-30", "-o", str(tmp_path / "x.pdf")])
    assert exit_.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def _render(tmp_path, *options):
    out = tmp_path / "sheet.pdf"
    code = main(["render", "sacroiliac-joint-injection", "--handouts", str(HANDOUTS), "-o", str(out), *options])
    return code, out


@needs_handouts
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("medicine", ["Kenalog 40 mg (triamcinolone)", "Depo-Medrol", "Dexamethasone", "Celestone",
                                      "Dexametasona", "Corticoide"])
def test_render_prints_both_steroid_boxes_for_every_steroid_name(tmp_path, medicine, lang):
    from kiosk.sheet import labels as lb

    code, out = _render(tmp_path, "--medication", medicine, "--diabetic", "--lang", lang)
    assert code == 0
    text = squash(pdf_text(out.read_bytes()))
    L = lb.LABELS[lang]
    assert squash(L["steroid_title"]) in text and squash(L["diabetic_title"]) in text


@needs_handouts
def test_render_refuses_an_unknown_medicine_until_told_whether_it_is_a_steroid(tmp_path, capsys):
    code, out = _render(tmp_path, "--medication", "Zorbex 5 mg", "--diabetic")
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.count("\n") == 1 and "'Zorbex 5 mg'" in err and "--steroid yes or --steroid no" in err
    assert _render(tmp_path, "--medication", "Zorbex 5 mg", "--diabetic", "--steroid", "yes")[0] == 0
    assert "Diabetes and the steroid" in pdf_text(out.read_bytes())
    assert _render(tmp_path, "--medication", "Zorbex 5 mg", "--diabetic", "--steroid", "no")[0] == 0
    assert "Diabetes and the steroid" not in pdf_text(out.read_bytes())


@needs_handouts
@pytest.mark.parametrize("typed", ["None", "n/a", "-", "ninguno", "nada", "no"])
def test_render_refuses_none_as_a_restart_line_by_the_same_rule(tmp_path, capsys, typed):
    code, out = _render(tmp_path, "--blood-thinner", typed)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists() and "says there is none" in err and err.count("\n") == 1


@needs_handouts
def test_render_with_the_tick_alone_says_to_ask_the_prescriber_and_notes_the_missing_phone(tmp_path, capsys):
    from kiosk.sheet import labels as lb

    code, out = _render(tmp_path, "--takes-blood-thinner", "--injection-time", "10:30")
    assert code == 0
    assert squash(lb.LABELS["en"]["thinner_ask"]) in squash(pdf_text(out.read_bytes()))
    # --handouts uses default clinic settings, which have no phone: the sheet says so, on paper and here
    assert "phone number is not set" in capsys.readouterr().err
    assert _render(tmp_path, "--injection-time", "25:99")[0] == 2


def test_print_goes_through_the_same_rules(store, db_path, tmp_path, capsys, monkeypatch):
    import io

    store.staff.add("Nora Nurse", "nurse", "735146", actor="Ana Admin")
    monkeypatch.setattr("sys.stdin", io.StringIO("735146\n" * 10))  # `kiosk print --as` reads the PIN here
    store.settings.update("test", print_backend="folder", print_folder=str(tmp_path / "sheets"))

    def main(argv):
        from kiosk.cli import main as kiosk_main

        return kiosk_main([*argv, "--as", "Nora Nurse"])

    base = ["--db", str(db_path), "print", "facet-joint-injection"]
    assert main([*base, "--medication", "Zorbex"]) == 2
    assert "--steroid yes or --steroid no" in capsys.readouterr().err
    assert main([*base, "--blood-thinner", "None"]) == 2
    assert "says there is none" in capsys.readouterr().err
    assert not (tmp_path / "sheets").exists() or not list((tmp_path / "sheets").glob("*.pdf"))
    assert main([*base, "--medication", "Kenalog 40 mg", "--diabetic"]) == 0
    assert "phone number is not set" in capsys.readouterr().err  # printed, with a line to write it in, not silent
    (saved,) = (tmp_path / "sheets").glob("*.pdf")
    assert "Diabetes and the steroid" in pdf_text(saved.read_bytes())
