"""Save as PDF without a file dialog (issue 13): only into folders an admin chose, under a generated name that
holds no patient data, never overwriting anything (the database least of all). Real folders and files."""
from __future__ import annotations

import os
import stat
from datetime import datetime

import pytest

from kiosk.printing.save import NO_FOLDER, SaveError, folder_problems, save_as, save_sheet

PDF = b"%PDF-1.4\n% a sheet\n"
WHEN = datetime(2026, 11, 30, 9, 5, 7)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "kiosk.sqlite3").write_bytes(b"SQLite format 3\x00 the library, staff and audit log")
    return folder


def test_a_sheet_lands_in_the_admins_folder_under_a_generated_name(tmp_path, data):
    stick = tmp_path / "usb"
    stick.mkdir()
    path = save_sheet([str(stick)], PDF, "facet-joint-injection", data_folder=data, when=WHEN)
    assert path == stick / "aftercare-facet-joint-injection-20261130-090507.pdf"
    assert path.read_bytes() == PDF
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_the_same_second_gives_2_then_3_and_never_overwrites(tmp_path, data):
    stick = tmp_path / "usb"
    stick.mkdir()
    first = stick / "aftercare-knee-20261130-090507.pdf"
    first.write_bytes(b"someone else's file")
    names = [save_sheet([str(stick)], PDF, "knee", data, WHEN).name for _ in range(2)]
    assert names == ["aftercare-knee-20261130-090507-2.pdf", "aftercare-knee-20261130-090507-3.pdf"]
    assert first.read_bytes() == b"someone else's file"


def test_no_folder_set_is_one_sentence_for_the_nurse(data):
    with pytest.raises(SaveError) as caught:
        save_sheet([], PDF, "knee", data)
    assert str(caught.value) == NO_FOLDER == "No folder for PDFs is set: an admin must choose one in Settings."


def test_a_missing_stick_is_not_recreated_and_the_next_folder_is_used(tmp_path, data):
    gone, share = tmp_path / "media" / "STICK", tmp_path / "share"
    share.mkdir()
    path = save_sheet([str(gone), str(share)], PDF, "knee", data, WHEN)
    assert path.parent == share and not gone.exists()
    with pytest.raises(SaveError, match="does not exist"):
        save_sheet([str(gone)], PDF, "knee", data, WHEN)
    assert not gone.exists()


@pytest.mark.parametrize("slug", ["../../etc/passwd", "knee/../../x", "Quentin Marlowe-Zyx", "", "ñandú"])
def test_the_name_is_made_from_the_slug_only_and_stays_in_the_folder(tmp_path, data, slug):
    stick = tmp_path / "usb"
    stick.mkdir()
    path = save_sheet([str(stick)], PDF, slug, data, WHEN)
    assert path.parent == stick and path.name.startswith("aftercare-") and path.name.endswith("-20261130-090507.pdf")
    assert "/" not in path.name[len("aftercare-"):] and " " not in path.name


def test_settings_refuse_relative_missing_and_data_folders(tmp_path, data):
    share = tmp_path / "share"
    share.mkdir()
    assert folder_problems([str(share)], data) == []
    (data / "printed-sheets").mkdir()
    found = folder_problems(["sheets", str(tmp_path / "nope"), str(data), str(data / "printed-sheets")], data)
    assert found == [
        "The PDF folder 'sheets' must be a full path, starting with /.",
        f"The PDF folder '{tmp_path / 'nope'}' does not exist (is the stick or share connected?).",
        f"The PDF folder '{data}' is the kiosk's own data folder; choose another one.",
        f"The PDF folder '{data / 'printed-sheets'}' is the kiosk's own data folder; choose another one.",
    ]
    with pytest.raises(SaveError, match="own data folder"):
        save_sheet([str(data)], PDF, "knee", data, WHEN)  # even if a bad value got into the settings
    # a stick chosen before and unplugged now does not block saving the other settings; a new one must exist
    gone = str(tmp_path / "media" / "STICK")
    assert folder_problems([gone], data, known=(gone,)) == []
    assert folder_problems([gone], data, known=()) != []
    assert folder_problems([str(data)], data, known=(str(data),)) != []  # the data folder never


def test_an_admins_save_as_goes_anywhere_but_never_over_the_database(tmp_path, data):
    target = save_as(tmp_path / "my sheet", PDF, data)
    assert target.name == "my sheet.pdf" and target.read_bytes() == PDF
    db = data / "kiosk.sqlite3"
    before = db.read_bytes()
    for path in (db, data / "x.pdf"):
        with pytest.raises(SaveError, match="own data folder"):
            save_as(path, PDF, data)
    assert db.read_bytes() == before
