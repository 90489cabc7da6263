"""The shipped handout library (issue 4): 12 procedures × 2 languages, complete and plain."""
from datetime import date

from kiosk import resources
from kiosk.content.check import check_folder, reading_table
from kiosk.content.library import load_folder
from kiosk.content.source import dump
from kiosk.core.model import SECTION_KEYS

PROCEDURES = {
    "trigger-point-injection", "facet-joint-injection", "sacroiliac-joint-injection",
    "lumbar-epidural-steroid-injection", "cervical-epidural-steroid-injection", "medial-branch-block",
    "radiofrequency-ablation", "occipital-nerve-block", "hip-joint-injection", "knee-joint-injection",
    "greater-trochanteric-bursa-injection", "dry-needling",
}


def library():
    result = load_folder(resources.handouts_dir())
    assert result.problems == []
    return result


def test_every_procedure_is_there_in_english_and_spanish():
    found = {(h.slug, h.language) for h in library().handouts}
    assert found == {(slug, lang) for slug in PROCEDURES for lang in ("en", "es")}


def test_every_handout_has_every_section_a_region_and_keywords():
    for h in library().handouts:
        assert all(h.sections[k].strip() for k in SECTION_KEYS), h.slug
        assert h.regions, h.slug
        assert len(h.keywords) >= 3, (h.slug, h.language)
        assert h.do and h.dont, h.slug


def test_review_metadata_is_honest():
    for h in library().handouts:
        assert h.review.written_by
        assert h.review.status == "needs clinical review"  # nobody has signed these off yet


def test_kiosk_check_passes_on_the_shipped_library():
    assert [str(p) for p in check_folder(resources.handouts_dir(), date.today())] == []


def test_files_are_canonical_so_export_is_byte_identical():
    for f in library().files:
        assert dump(f.handout) == f.text, f.path.name


def test_the_readme_table_is_the_one_the_command_writes():
    readme = (resources.handouts_dir() / "README.md").read_text(encoding="utf-8")
    assert reading_table(resources.handouts_dir()) in readme


def test_the_dedicated_diagnostic_block_turns_the_pain_diary_on():
    diagnostic = {h.slug for h in library().handouts if h.diagnostic}
    assert diagnostic == {"medial-branch-block"}
