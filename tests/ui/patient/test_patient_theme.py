"""Themes as data: contrast computed from the theme colours for every text/background pair the style
sheets use; the QSS files joined in name order with every variable filled."""
from __future__ import annotations

import re

import pytest

from kiosk import resources
from kiosk.ui import theme

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}", re.S)
_COLOR = re.compile(r"(?<![-\w])color:\s*\$<(\w+)>")
_BACKGROUND = re.compile(r"(?<![-\w])background(?:-color)?:\s*\$<(\w+)>")
_ON = re.compile(r"on:\s*(\w+)")
PATIENT_QSS = [f for f in theme.qss_files() if f.name[:2] < "30"]


def text_pairs_in_qss() -> set[tuple[str, str]]:
    """(text colour, background) for every patient rule that sets a text colour."""
    pairs = set()
    for f in PATIENT_QSS:
        text = re.sub(r"\$\{(\w+)\}", r"$<\1>", f.read_text(encoding="utf-8"))  # braces of variables
        for _selector, body in _RULE.findall(text):
            for fg in _COLOR.findall(body):
                backgrounds = _BACKGROUND.findall(body) or _ON.findall(body) or ["bg", "surface", "surface_alt"]
                pairs.update((fg, bg) for bg in backgrounds)
    return pairs


@pytest.mark.parametrize("name", theme.THEMES)
def test_every_text_colour_meets_the_themes_contrast(name):
    colors = theme.theme_colors(name)
    need = theme.min_contrast(name)
    assert need == (7.0 if name == "high_contrast" else 4.5)
    declared = set(theme.theme_pairs(name))
    used = text_pairs_in_qss()
    assert used, "the parser found no text colours"
    assert used <= declared, f"text drawn on backgrounds the theme does not vouch for: {used - declared}"
    low = {(fg, bg): round(theme.contrast_ratio(colors[fg], colors[bg]), 2) for fg, bg in declared
           if theme.contrast_ratio(colors[fg], colors[bg]) < need}
    assert low == {}


def test_contrast_ratio_matches_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_patient_qss_uses_theme_colours_only():
    for f in PATIENT_QSS:
        text = re.sub(r"/\*.*?\*/", "", f.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"#[0-9A-Fa-f]{3,8}\b|rgba?\(", text), f"{f.name} hard-codes a colour"


@pytest.mark.parametrize("name", theme.THEMES)
@pytest.mark.parametrize("size", theme.TEXT_SIZES)
def test_stylesheet_is_fully_filled_and_joins_every_file_in_order(name, size):
    qss = theme.stylesheet(name, size)
    assert "${" not in qss
    names = re.findall(r"/\* (\d\d_\w+\.qss) \*/", qss)
    assert names == sorted(names) and names == [f.name for f in theme.qss_files()]
    assert f"font-size: {theme.text_size_points(size)['body_pt']}pt" in qss


def test_text_sizes_meet_the_issue():
    assert theme.text_size_points(0)["body_pt"] >= 18
    assert theme.text_size_points(2)["body_pt"] >= 28
    assert all(theme.text_size_points(s)["small_pt"] >= 18 for s in theme.TEXT_SIZES)


def test_an_unknown_variable_names_the_file_and_line():
    with pytest.raises(theme.ThemeError, match=r"x\.qss:2: unknown style variable \$\{nope\}"):
        theme.fill("QLabel {\n color: ${nope}; }", {}, "x.qss")


def test_apply_theme_styles_a_widget_and_records_the_choice(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel("Hello")
    qtbot.addWidget(label)
    qss = theme.apply_theme(label, "high_contrast", 1)
    assert label.styleSheet() == qss
    assert theme.current() == ("high_contrast", 1)
    assert theme.color("bg") == "#000000"
    theme.apply_theme(label, "default", 0)


def test_body_map_svg_is_a_template_with_every_region():
    from kiosk.core.model import REGIONS

    svg = resources.text("bodymap", "body.svg")
    for region in REGIONS:
        assert f'id="region-{region}-1"' in svg and "${region_" + region + "}" in svg
