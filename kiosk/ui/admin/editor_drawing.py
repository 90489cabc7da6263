"""The handout editor's drawing field: the drawing the patient sees, its alt text, Replace and Use the project's.

The field only shows and holds: choosing a file goes through the editor page to the application core
(`App.handouts.own_drawing`, the one picture rule shared with the logo and packs); what is wrong with the drawing
comes from the core's drawing rule (`App.handouts.drawing_problems`), the same rule `kiosk check` and Publish run.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.content import drawings
from kiosk.core.model import Handout, OwnDrawing
from kiosk.ui.admin.common import button, label, set_state
from kiosk.ui.widgets.drawing import DrawingView
from kiosk.core.i18n import _, current, format_number

PREVIEW_WIDTH = 360  # px: the drawing as a patient sees it on a narrow card


class DrawingField(QWidget):
    """Shows HANDOUT's drawing (its own, else the project's for the slug) and edits its own drawing's alt text.
    `replace_requested` asks the page to choose a file; `changed` says the drawing or its alt text changed."""

    replace_requested = Signal()
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._own: OwnDrawing | None = None
        self._handout: Handout | None = None
        self._loading = False
        self.view: DrawingView | None = None
        self.source = label("", "hint")
        self.source.setWordWrap(True)
        self.alt = QLineEdit()
        self.alt.setPlaceholderText(_("What the drawing shows, in one or two plain sentences"))
        self.alt.setAccessibleName(_("Alt text of the drawing"))
        self.problem = label("", "status")
        self.problem.setWordWrap(True)
        self.replace_btn = button(_("Replace drawing…"), tip=_("Use your own PNG or SVG file (at most 2 MB)"))
        self.bundled_btn = button(_("Use the project's drawing"), "quiet",
                                  _("Go back to the drawing that comes with the kiosk for this procedure"))
        self._view_box = QVBoxLayout()
        self._view_box.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.replace_btn)
        buttons.addWidget(self.bundled_btn)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._view_box)
        lay.addWidget(self.source)
        lay.addWidget(label(_("Alt text (read aloud by Listen and screen readers)"), "hint"))
        lay.addWidget(self.alt)
        lay.addWidget(self.problem)
        lay.addLayout(buttons)
        self.replace_btn.clicked.connect(self.replace_requested)
        self.bundled_btn.clicked.connect(self.use_bundled)
        self.alt.textChanged.connect(self._alt_edited)

    # ---- in and out --------------------------------------------------------------------------------------
    def load(self, handout: Handout) -> None:
        self._handout = handout
        self.set_drawing(handout.drawing, emit=False)

    def set_drawing(self, own: OwnDrawing | None, emit: bool = True) -> None:
        """Show OWN (an admin's drawing; None: the project's drawing for the slug)."""
        self._own = own
        self._loading = True
        try:
            if own is not None:
                self.alt.setText(own.alt)
            else:
                bundled = drawings.for_handout(self._handout.slug) if self._handout else None
                self.alt.setText(bundled.alt_text(self.language) if bundled else "")
            self.alt.setCursorPosition(0)  # the start of a long alt text, not its end
            self.alt.setReadOnly(own is None)  # the project's alt text is edited in resources/drawings/
        finally:
            self._loading = False
        self._show()
        if emit:
            self.changed.emit()

    def drawing(self) -> OwnDrawing | None:
        """The admin's own drawing with the alt text as typed, or None for the project's drawing."""
        if self._own is None:
            return None
        return OwnDrawing(self._own.file, " ".join(self.alt.text().split()), self._own.data)

    def use_bundled(self) -> None:
        if self._own is not None:
            self.set_drawing(None)

    @property
    def language(self) -> str:
        return self._handout.language if self._handout else "en"

    def show_problems(self, problems: list[str]) -> None:
        """The core's drawing rule's findings for the text as it stands; empty: nothing to fix."""
        self.problem.setText(_("Drawing: {problems}.").format(problems="; ".join(problems)) if problems else "")
        self.problem.setVisible(bool(problems))
        set_state(self.problem, "level", "off" if problems else "ok")

    # ---- drawing -------------------------------------------------------------------------------------------
    def _alt_edited(self) -> None:
        if not self._loading and self._own is not None:
            self.changed.emit()

    def _show(self) -> None:
        if self.view is not None:
            self._view_box.removeWidget(self.view)
            self.view.hide()  # out of sight now; deleted when the event loop gets to it
            self.view.deleteLater()
            self.view = None
        h = self._handout
        picture = drawings.of_handout(h.with_changes(drawing=self._own)) if h is not None else None
        if picture is not None and (picture.own or picture.path.is_file()):
            self.view = DrawingView(picture, self.language, max_width=PREVIEW_WIDTH, parent=self)
            self.view.setProperty("role", "drawing_preview")
            self._view_box.addWidget(self.view)
        if self._own is not None:
            kind = "SVG" if self._own.suffix == ".svg" else "PNG"
            self.source.setText(_("Your own drawing ({kind}, {size} bytes). It is kept with this draft and goes into "
                                  "content packs.").format(kind=kind, size=format_number(len(self._own.data), current())))
        elif picture is not None:
            self.source.setText(_("The project's drawing for this procedure."))
        else:
            self.source.setText(_("No drawing: this procedure has none yet. Replace drawing… adds your own."))
        self.bundled_btn.setEnabled(self._own is not None)
