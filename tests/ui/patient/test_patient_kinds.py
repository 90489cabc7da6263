"""Each defect found on the real kiosk (issue 17), fixed as a kind and tested across its shape: every
change a patient can make while a screen is on show, every screen size, every button role."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from a11y_audit import audit
from kiosk.ui import theme
from kiosk.ui.patient import speech
from kiosk.ui.patient.strings import tr
from test_patient_a11y import settled_problems

SIZES = [(1920, 1080), (1280, 800), (1080, 1920), (800, 480)]
AUDITED = [(1920, 1080), (1280, 800), (1080, 1920)]  # the screen audit's sizes (800 x 480: own checks)


def click(qtbot, widget, pos=None):
    if pos is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


# ---- layouts measure again on any change, on the screen that is on show --------------------------------
CHANGES = {
    "Spanish": lambda s: s.set_language("es"),
    "largest text": lambda s: s.set_text_size(2),
    "high contrast": lambda s: s.set_theme("high_contrast"),
    "Spanish, largest text, high contrast": lambda s: (s.set_language("es"), s.set_display("high_contrast", 2)),
}


def _chips_fit(home) -> list[str]:
    box = home.chips_box
    return [f"{chip.text()!r} {chip.width()} < {chip.sizeHint().width()}" for chip in home.chips.values()
            if chip.width() < min(chip.sizeHint().width(), box.width())
            or chip.height() < chip.sizeHint().height()]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_body_map_words_fit_right_after_tapping_espanol_on_home(make_window, qtbot, size):
    window = make_window(size=size)
    window.patient.go("home")
    home = window.screen("home")
    qtbot.waitUntil(lambda: not _chips_fit(home))
    english = {r: c.width() for r, c in home.chips.items()}
    click(qtbot, home.header.language_button)  # on the screen itself: no leaving and coming back
    assert home.chips["low_back"].text() == "Parte baja de la espalda"
    qtbot.waitUntil(lambda: not _chips_fit(home), timeout=2000)
    assert {r: c.width() for r, c in home.chips.items()} != english  # measured for the new words
    window.session.set_text_size(2)
    qtbot.waitUntil(lambda: not _chips_fit(home), timeout=2000)


@pytest.mark.parametrize("size", AUDITED, ids=[f"{w}x{h}" for w, h in AUDITED])
@pytest.mark.parametrize("change", list(CHANGES))
def test_every_screen_is_measured_again_after_a_change_made_on_it(make_window, qtbot, size, change):
    window = make_window(size=size)
    report = []
    for screen in ("home", "search", "procedure"):
        window.reset_to_welcome()
        if screen == "procedure":
            window.patient.open_procedure("radiofrequency-ablation")
        else:
            window.patient.go(screen)
        assert settled_problems(qtbot, window) == [], f"{screen} before the change"
        CHANGES[change](window.session)  # while the screen is on show
        report += [f"{screen}: {p}" for p in settled_problems(qtbot, window)]
    assert report == []


def test_list_words_stay_level_with_their_bullet_after_a_language_switch(make_window, qtbot):
    window = make_window(size=(1080, 1920))
    window.patient.open_procedure("facet-joint-injection")
    window.session.set_language("es")
    reader = window.screen("procedure")
    qtbot.wait(50)
    bullets = 0
    for card in reader.cards:
        for label in card.labels:
            assert label.alignment() & Qt.AlignmentFlag.AlignTop, label.text()
        for bullet in card.findChildren(type(card.title)):
            if bullet.property("role") == "bullet":
                bullets += 1
    assert bullets > 0


# ---- disabled looks disabled; nothing promises a voice that failed ------------------------------------
def _fill(widget):
    image = widget.grab().toImage()
    return image.pixelColor(image.width() // 2, 5).name()  # inside the border, above the words


@pytest.mark.parametrize("theme_name", ["default", "high_contrast"])
@pytest.mark.parametrize("role", ["primary", "start", "chip", "size", "choice", "action", "key", "tile", "index", ""])
def test_a_disabled_button_of_any_role_is_drawn_disabled(window, qtbot, theme_name, role):
    from kiosk.ui.widgets.buttons import TouchButton

    window.session.set_theme(theme_name)
    colors = theme.theme_colors(theme_name)
    button = TouchButton("Reading aloud is not working", role=role, parent=window)
    button.setProperty("level", "0")
    button.resize(420, 80)
    button.show()
    enabled = _fill(button)
    button.setEnabled(False)
    assert _fill(button) == colors["surface_alt"].lower()
    assert _fill(button) != enabled or role == ""  # the bare button is already on a light surface


def _break_speech(reader, qtbot, monkeypatch):
    real_send = speech.Speaker._send
    monkeypatch.setattr(speech.Speaker, "_send",
                        lambda self, **cmd: None if cmd.get("cmd") == "say" else real_send(self, **cmd))
    reader.speaker.warm()
    qtbot.waitUntil(lambda: reader.speaker._ready, timeout=15000)
    reader.speaker.start_timeout_ms = 300
    click(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: reader.speaker.status == "broken", timeout=3000)


def test_when_reading_aloud_fails_the_button_looks_off_and_welcome_stops_promising_it(window, qtbot, monkeypatch):
    welcome = window.patient.welcome
    promise = {"en": tr("rotating_4", "en"), "es": tr("rotating_4", "es")}
    assert promise["en"] in welcome.lines()
    window.patient.open_procedure("facet-joint-injection")
    reader = window.screen("procedure")
    _break_speech(reader, qtbot, monkeypatch)
    assert not reader.listen_button.isEnabled()
    assert _fill(reader.listen_button) == theme.theme_colors("default")["surface_alt"].lower()
    window.session.set_theme("high_contrast")  # yellow when enabled; not when it cannot be used
    assert _fill(reader.listen_button) != theme.theme_colors("high_contrast")["primary"].lower()
    window.reset_to_welcome()
    for lang in ("en", "es"):
        window.session.set_language(lang)
        seen = set()
        for _ in range(len(welcome.lines()) + 1):
            welcome.next_line()
            seen.add(welcome.rotating.text())
        assert promise[lang] not in seen and promise[lang] not in welcome.lines()
        assert len(seen) == len(welcome.lines()) >= 4


# ---- the reader keeps the patient's place through every change ---------------------------------------------
PLACE_CHANGES = {
    "middle text": lambda w: w.session.set_text_size(1),
    "largest text": lambda w: w.session.set_text_size(2),
    "high contrast": lambda w: w.session.set_theme("high_contrast"),
    "Spanish": lambda w: w.session.set_language("es"),
    "turned to portrait": lambda w: w.resize(1080, 1920),
    "turned to landscape": lambda w: w.resize(1920, 1080),
}


def _card_top(reader, key) -> int:
    card = reader.card(key)
    return card.mapTo(reader.cards_area.viewport(), QPoint(0, 0)).y()


def _settled(qtbot, reader, check) -> None:
    qtbot.waitUntil(lambda: not reader._holding and check(), timeout=3000)
    qtbot.wait(30)  # a late re-measure must not move the page again
    assert check()


@pytest.mark.parametrize("start", [(1280, 800), (1080, 1920)], ids=["landscape", "portrait"])
@pytest.mark.parametrize("change", list(PLACE_CHANGES))
@pytest.mark.parametrize("section", ["emergency", "activity", "during"])
def test_the_section_on_show_stays_on_show_through_a_change(make_window, qtbot, start, change, section):
    window = make_window(size=start)
    window.patient.open_procedure("radiofrequency-ablation")
    reader = window.screen("procedure")
    bar = reader.cards_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    click(qtbot, reader.index_buttons[section])
    qtbot.waitUntil(lambda: not reader.cards_area.animating())
    before = _card_top(reader, section)
    assert reader.current_key == section
    PLACE_CHANGES[change](window)

    def in_place():
        top = _card_top(reader, section)
        at_end = bar.value() == bar.maximum()  # a section near the end cannot reach the top
        return (abs(top) <= 2 or (at_end and 0 <= top < reader.cards_area.viewport().height())) and \
            reader.current_key == section
    _settled(qtbot, reader, in_place)
    assert reader.index_buttons[section].property("current") == "true"
    assert [k for k, b in reader.index_buttons.items() if b.property("current") == "true"] == [section]
    if before == 0:  # the card's title is not cut through the middle
        assert _card_top(reader, section) >= -1


@pytest.mark.parametrize("change", list(PLACE_CHANGES))
def test_the_title_stays_in_view_on_the_first_section(make_window, qtbot, change):
    window = make_window(size=(1280, 800))
    window.patient.open_procedure("radiofrequency-ablation")
    reader = window.screen("procedure")
    first = reader.cards[0].key
    PLACE_CHANGES[change](window)
    _settled(qtbot, reader, lambda: reader.cards_area.verticalScrollBar().value() == 0)
    assert reader.title.visibleRegion().boundingRect().height() == reader.title.height()
    assert reader.current_key == first


def test_halfway_through_a_long_section_stays_halfway(make_window, qtbot):
    window = make_window(size=(1280, 800))
    window.patient.open_procedure("facet-joint-injection")
    reader = window.screen("procedure")
    bar = reader.cards_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and not reader._holding)
    card = reader.cards[2]
    bar.setValue(card.y() + card.height() // 2)
    key, fraction = reader.place()
    assert key == card.key and 0.4 < fraction < 0.6
    window.session.set_text_size(2)
    _settled(qtbot, reader, lambda: abs(bar.value() - (card.y() + card.height() // 2)) <= 2)


# ---- every touch counts on "Are you still there?"; "I'm done" ------------------------------------------------
@pytest.mark.parametrize("where", ["scrim", "card", "title", "countdown"])
def test_any_touch_on_are_you_still_there_keeps_the_patient(window, qtbot, where):
    window.patient.open_procedure("knee-joint-injection")
    overlay = window.idle_overlay
    overlay.start(20)
    assert overlay.isVisible()
    target, pos = {"scrim": (overlay, QPoint(5, 5)), "card": (overlay.card, QPoint(8, 8)),
                   "title": (overlay.title, None), "countdown": (overlay.count, None)}[where]
    with qtbot.waitSignal(overlay.kept, timeout=1000):
        click(qtbot, target, pos)
    assert not overlay.isVisible() and not overlay._tick.isActive()
    assert window.current_screen() == "procedure"


@pytest.mark.parametrize("screen", ["home", "search", "procedure"])
def test_im_done_starts_over_at_once_from_every_screen(window, qtbot, screen):
    window.session.set_display("high_contrast", 2)
    window.session.set_language("es")
    if screen == "procedure":
        window.patient.open_procedure("knee-joint-injection")
    else:
        window.patient.go(screen)
    if screen == "search":
        window.screen("search").field.setText("rodilla")
    done = window.screen(screen).header.done_button
    assert done.isVisible() and done.accessibleName() == tr("finished", "es")
    with qtbot.waitSignal(window.patient_reset, timeout=1000):
        click(qtbot, done)
    assert window.current_screen() == "welcome"
    assert (window.session.language, window.session.theme, window.session.text_size) == ("en", "default", 0)
    assert window.screen("search").field.text() == ""


# ---- a drag-scroll leaves no tile pressed ---------------------------------------------------------------------
@pytest.mark.qt_log_ignore(r"QGestureManager::deliverEvents: could not find the target for gesture")
@pytest.mark.parametrize("screen", ["home", "search", "procedure"])
def test_a_button_is_not_left_pressed_after_a_drag_scroll(window, qtbot, screen):
    """The finger lands on a tile (the scroller hands it the press), then drags: the scroller takes the
    gesture and the tile never gets its release. (QTest's window events do not reach the gesture
    manager's replay offscreen, so the press goes to the tile and the drag to the scroller directly.)"""
    from PySide6.QtCore import QElapsedTimer, QPointF
    from PySide6.QtWidgets import QScroller

    if screen == "procedure":
        window.patient.open_procedure("facet-joint-injection")
        area = window.screen("procedure").index_area
        window.resize(1280, 600)
        buttons = list(window.screen("procedure").index_buttons.values())
    else:
        window.patient.go(screen)
        area = window.screen("home").tiles_area if screen == "home" else window.screen("search").results_area
        grid = window.screen("home").tiles if screen == "home" else window.screen("search").results
        buttons = grid.visible_tiles()
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 100)
    button = buttons[1]
    clicked = []
    button.clicked.connect(clicked.append)
    qtbot.mousePress(button, Qt.MouseButton.LeftButton)
    assert button.isDown()  # pressed at once
    scroller = QScroller.scroller(area.viewport())
    clock = QElapsedTimer()
    clock.start()
    start = QPointF(button.mapTo(area.viewport(), button.rect().center()))
    scroller.handleInput(QScroller.Input.InputPress, start, 0)
    for step in range(1, 12):
        qtbot.wait(16)
        scroller.handleInput(QScroller.Input.InputMove, start - QPointF(0, step * 12), clock.elapsed())
    assert scroller.state() == QScroller.State.Dragging
    assert not button.isDown()
    scroller.handleInput(QScroller.Input.InputRelease, start - QPointF(0, 140), clock.elapsed())
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)
    assert clicked == []  # a scroll is not a tap
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert not any(b.isDown() for b in buttons)


# ---- accessibility: every control named, with its role, in the screen's language ------------------------
def _controls(window):
    """Every visible control a finger can reach, and what a screen reader gets for it, found by walking
    the accessibility tree from the window down (QAccessible), as a screen reader does."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLineEdit, QWidget

    from a11y_audit import active_root
    from kiosk.ui.patient.bodymap import BodyMap
    from kiosk.ui.widgets.buttons import HoldLogo
    from kiosk.ui.widgets.drawing import DrawingView

    kinds = (QAbstractButton, QLineEdit, QAbstractScrollArea, BodyMap, HoldLogo, DrawingView)
    root = active_root(window)
    found, seen = [], set()

    def walk(iface, depth=0):
        if iface is None or not iface.isValid() or depth > 60:
            return
        obj = iface.object()
        if obj is not None and id(obj) in seen:
            return
        if obj is not None:
            seen.add(id(obj))
        if iface.state().invisible:
            return
        if isinstance(obj, kinds) and (obj is root or root.isAncestorOf(obj)):
            found.append((obj, iface.text(QAccessible.Text.Name), iface.role()))
        for i in range(iface.childCount()):
            walk(iface.child(i), depth + 1)

    walk(QAccessible.queryAccessibleInterface(window))
    widgets = [w for w in root.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible()
               and not w.visibleRegion().isEmpty()]
    return found, widgets


def _role_ok(obj, role) -> bool:
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    if isinstance(obj, QLineEdit):
        return role == QAccessible.Role.EditableText
    if isinstance(obj, QAbstractButton):
        return role in (QAccessible.Role.PushButton, QAccessible.Role.CheckBox, QAccessible.Role.RadioButton)
    return role != QAccessible.Role.NoRole


def _a11y_states(window):
    from test_patient_a11y import states

    yield from states(window)
    window.patient.open_procedure("facet-joint-injection")
    window.screen("procedure").speaker._abandon()
    yield "procedure, reading aloud broken"
    window.session.set_language("en")
    window.patient.go("home")
    yield "home in English again"


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_control_of_every_audited_state_has_a_name_and_role_in_the_screens_language(make_window, qtbot, size):
    from kiosk.ui.patient.bodymap import BodyMap
    from kiosk.ui.widgets.buttons import HoldLogo
    from kiosk.ui.widgets.drawing import DrawingView
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLineEdit

    kinds = (QAbstractButton, QLineEdit, QAbstractScrollArea, BodyMap, HoldLogo, DrawingView)
    window = make_window(size=size)
    names: dict[str, set[str]] = {"en": set(), "es": set()}
    per_state = []
    problems = []
    for state in _a11y_states(window):
        qtbot.wait(10)
        lang = window.session.language
        found, widgets = _controls(window)
        in_tree = {id(obj) for obj, _, _ in found}
        for w in widgets:
            if isinstance(w, kinds) and id(w) not in in_tree:
                problems.append(f"{state}: {type(w).__name__} {w.objectName()} not in the accessibility tree")
        for obj, name, role in found:
            if not name.strip():
                problems.append(f"{state}: {type(obj).__name__} ({getattr(obj, 'text', lambda: '')()!r}) has no name")
            if not _role_ok(obj, role):
                problems.append(f"{state}: {type(obj).__name__} {name!r} has role {role}")
        state_names = {name for _, name, _ in found if name.strip()}
        names[lang] |= state_names
        per_state.append((state, lang, state_names))
        assert found, state
    # in the screen's language: no name seen only on English screens turns up on a Spanish one
    english_only = names["en"] - names["es"]
    for state, lang, state_names in per_state:
        if lang == "es":
            problems += [f"{state}: English name {n!r} on a Spanish screen" for n in sorted(state_names & english_only)]
    assert problems == []
    assert tr("switch_language", "en") in names["en"] and tr("finished", "es") in names["es"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_search_field_opens_no_desktop_menu(window, qtbot, lang):
    """No English Undo/Cut/Paste menu on a Spanish screen, and nothing Escape would need to close."""
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

    window.session.set_language(lang)
    window.patient.go("search")
    for field in window.findChildren(QLineEdit):
        if not field.isVisible():
            continue
        assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
        qtbot.mouseClick(field, Qt.MouseButton.RightButton)
        QApplication.sendEvent(field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, field.rect().center()))
        qtbot.wait(20)
        assert not [m for m in QApplication.topLevelWidgets() if isinstance(m, QMenu) and m.isVisible()]
        assert QApplication.activePopupWidget() is None


# ---- a pressed state, shown at the press, on every tile and button ---------------------------------------
def _buttons_on_show(window):
    from PySide6.QtWidgets import QAbstractButton

    from a11y_audit import active_root

    root = active_root(window)
    return [b for b in root.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()
            and not b.visibleRegion().isEmpty()]


def _pressed_states(window):
    flow = window.patient
    yield "welcome"
    flow.go("home")
    yield "home"
    flow.go("search")
    window.screen("search").field.setText("knee")
    yield "search"
    window.screen("search").field.setText("zzqx")
    yield "search: nothing found"
    flow.open_procedure("facet-joint-injection")
    yield "procedure"
    flow.display_panel.open()
    yield "text size panel"
    flow.display_panel.close_overlay()
    window.idle_overlay.start(20)
    yield "are you still there"
    window.idle_overlay.close_overlay()


@pytest.mark.parametrize("theme_name", ["default", "high_contrast"])
def test_every_button_shows_a_pressed_state_the_moment_it_is_pressed(make_window, qtbot, theme_name):
    """Not timed: the press is one event; the button's next picture, drawn with nothing else run in
    between, must already differ from its picture before the press."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    window = make_window(size=(1280, 800))
    window.session.set_theme(theme_name)
    problems, count = [], 0
    for state in _pressed_states(window):
        qtbot.wait(20)
        for button in _buttons_on_show(window):
            if button.isDown():
                continue
            before = button.grab().toImage()
            centre = QPointF(button.rect().center())
            press = QMouseEvent(QEvent.Type.MouseButtonPress, centre, button.mapToGlobal(centre),
                                Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(button, press)
            after = button.grab().toImage()
            count += 1
            if not button.isDown():
                problems.append(f"{state}: {button.accessibleName() or button.text()!r} not down")
            elif after == before:
                problems.append(f"{state}: {button.property('role')} {button.accessibleName() or button.text()!r} "
                                "looks the same pressed")
            button.setDown(False)
            button.blockSignals(True)
            release = QMouseEvent(QEvent.Type.MouseButtonRelease, QPointF(-50, -50), QPointF(-50, -50),
                                  Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(button, release)  # outside the button: no click
            button.blockSignals(False)
    assert problems == []
    assert count > 60


# ---- the body map: every part answers; its words are on screen ------------------------------------------------
# points in body.svg units (440 x 520) on parts that are no region: chest, belly, arms, hands, feet, thighs
NOT_REGIONS = {"chest": (110, 150), "belly": (110, 230), "left arm": (45, 200), "right arm": (175, 200),
               "forearm": (36, 235), "foot": (90, 500), "back arm": (265, 200), "back foot": (350, 500),
               "beside the figures": (220, 300)}


@pytest.mark.parametrize("part", list(NOT_REGIONS))
def test_a_touch_on_any_part_of_the_body_map_is_answered(window, qtbot, part):
    from PySide6.QtCore import QPointF

    window.patient.go("home")
    home = window.screen("home")
    bodymap = home.bodymap
    qtbot.waitUntil(lambda: bodymap.height() > 300)
    target, view = bodymap.target_rect(), bodymap._renderer.viewBoxF()
    x, y = NOT_REGIONS[part]
    pos = QPointF(target.x() + x * target.width() / view.width(), target.y() + y * target.height() / view.height())
    assert bodymap.region_at(pos) == ""
    before = bodymap.grab().toImage()
    with qtbot.waitSignal(bodymap.missed, timeout=500):
        click(qtbot, bodymap, pos.toPoint())
    assert bodymap.hinting and bodymap.grab().toImage() != before  # drawn at once, not later
    assert home.region == ""  # and nothing chosen for the patient
    qtbot.waitUntil(lambda: not bodymap.hinting, timeout=3000)
    click(qtbot, bodymap, bodymap.region_center("knee").toPoint())
    assert home.region == "knee" and not bodymap.hinting


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("text_size", [0, 2])
def test_front_and_back_never_meet(make_window, qtbot, size, text_size):
    window = make_window(size=size)
    window.session.set_display("high_contrast", text_size)
    window.patient.go("home")
    window.session.set_language("es")
    bodymap = window.screen("home").bodymap
    assert bodymap.side_labels == ("De frente", "De espaldas")

    def apart() -> bool:
        front, back = bodymap.label_rects()
        from PySide6.QtGui import QFontMetrics

        fm = QFontMetrics(bodymap.label_font())
        return (bodymap.label_font().pointSizeF() >= 18 and front.right() < back.left()
                and front.width() >= fm.horizontalAdvance("frente") and back.width() >= fm.horizontalAdvance("espaldas")
                and max(front.bottom(), back.bottom()) <= bodymap.height() + 1)
    qtbot.waitUntil(apart, timeout=3000)
    qtbot.wait(30)
    assert apart()  # and it stays so once the layout has settled


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (1080, 1920)], ids=["1280x800", "1920x1080", "1080x1920"])
def test_the_body_map_words_are_on_screen_without_scrolling(make_window, qtbot, lang, size):
    window = make_window(size=size)
    window.session.set_language(lang)
    window.patient.go("home")
    home = window.screen("home")
    viewport = home.map_area.viewport()

    def all_visible():
        for chip in home.chips.values():
            rect = chip.rect().translated(chip.mapTo(viewport, QPoint(0, 0)))
            if not viewport.rect().contains(rect):
                return False
        return home.map_area.verticalScrollBar().value() == 0
    qtbot.waitUntil(all_visible, timeout=3000)
    figures = home.bodymap.target_rect().translated(QPoint(*home.bodymap.mapTo(viewport, QPoint(0, 0)).toTuple()))
    assert viewport.rect().adjusted(-1, -1, 1, 1).contains(figures.toAlignedRect())  # legs included
    assert settled_problems(qtbot, window) == []


# ---- every size from 800 x 480 up ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_keyboard_keys_are_at_least_64_px_tall_and_48_on_a_short_landscape_screen(make_window, qtbot, size, lang):
    window = make_window(size=size)
    window.session.set_language(lang)
    window.patient.go("search")
    keyboard = window.screen("search").keyboard
    qtbot.wait(50)
    heights = {k: key.height() for k, key in keyboard.keys.items() if key.isVisible()}
    assert len(heights) >= 29 and min(heights.values()) >= (48 if size == (800, 480) else 64), heights


# The largest text size at 800 x 480 is not covered: 30 pt words in the column beside the keyboard
# still overflow (see the report on issue 17).
@pytest.mark.parametrize("text_size", [0, 1])
@pytest.mark.parametrize("query", ["facit", "radiofrecuencia", "inyeccion", "rodilla", "knee"])
# Not covered yet: a window turned from portrait to 800 x 480 keeps a wider keyboard (the Delete key's
# words) and a 102 px results column in Spanish (see the report on issue 17).
@pytest.mark.parametrize("came_from", [None, (1920, 1080)], ids=["800x480", "from-1080p"])
def test_search_results_are_whole_words_at_800x480(make_window, qtbot, query, text_size, came_from):
    """At 800 x 480 every result's words fit its tile: a word wider than the column breaks only at a
    hyphen it shows, never cut off at the tile's edge; also on a window that was another size before
    (the tiles measured for other widths must be fitted to this one)."""
    from kiosk.core.hyphenate import SOFT_HYPHEN

    window = make_window(size=came_from or (800, 480))
    if came_from:
        window.patient.go("search")
        window.screen("search").field.setText("facit")
        qtbot.wait(50)
        window.resize(800, 480)
    window.session.set_text_size(text_size)
    window.session.set_language("es" if query in ("radiofrecuencia", "inyeccion", "rodilla") else "en")
    window.patient.go("search")
    search = window.screen("search")
    search.field.setText(query)
    assert search.results.visible_tiles()

    def problems() -> list[str]:
        out = []
        for tile in search.results.visible_tiles():
            for label in (tile.title, tile.summary):
                if label.isHidden():
                    continue
                width = label.contentsRect().width()
                for word in label.text().replace(SOFT_HYPHEN, " ").replace("\u200b", " ").split():
                    if label.fontMetrics().horizontalAdvance(word) > width:
                        out.append(f"{word!r} wider than its tile ({width}px)")
                if label.heightForWidth(label.width()) > label.height() + 1:
                    out.append(f"{label.text()[:30]!r} cut at the bottom")
                if not tile.rect().contains(label.geometry()) and not tile.rect().contains(
                        label.geometry().translated(label.parentWidget().mapTo(tile, QPoint(0, 0)))):
                    out.append(f"{label.text()[:30]!r} outside its tile")
            view = search.results_area.viewport()
            if tile.mapTo(view, QPoint(tile.width(), 0)).x() > view.width() + 1:
                out.append(f"tile {tile.accessibleName()!r} wider than the results ({view.width()}px)")
        return out
    try:
        qtbot.waitUntil(lambda: not problems(), timeout=3000)
    except Exception:
        pass  # reported below
    assert problems() == []
    assert settled_problems(qtbot, window) == []
