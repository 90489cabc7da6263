"""The live preview: the exact PDF bytes that Print will send, rendered by PDFium into a scrollable column.

Each edit restarts a 150 ms debounce; then one render (reportlab, then PDFium) runs on a worker thread, so typing
never waits for it. Only the newest request counts: if edits arrive while a render runs, one more render follows
it. `sheet` is the SheetResult on screen and `current()` says whether it matches the form as it is now.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.core.i18n import _, _n
from kiosk.ui.staff.common import label, set_message, touch_scroll
from kiosk.ui.staff.worker import Worker

log = logging.getLogger("kiosk.ui.preview")

DEBOUNCE_MS = 150  # from the last edit; the render (~0.1 s) follows, so the preview is fresh within 0.3 s


_warmed = threading.Event()


def import_render_modules() -> None:
    """Import what a render needs (reportlab through kiosk.sheet, PDFium) on the GUI thread, once.

    Never import them first on a worker thread: PySide6's import hook (shibokensupport's feature check) then runs
    on that thread while the event loop runs on this one, and the process crashed with SIGSEGV (seen in CI, in
    `tests/ui/staff/test_exit_status.py`). Costs about 0.35 s the first time, so warm_up() does it once the kiosk
    is up rather than at start."""
    import pypdfium2  # noqa: F401

    from kiosk.printing import pdfium  # noqa: F401
    from kiosk.sheet import fonts, render_sheet  # noqa: F401


def warm_up(quiet_ms: Callable[[], int] | None = None) -> None:
    """A head start for the nurse's first preview, once per process: the render modules are imported on the GUI
    thread shortly after start-up (never on a worker: see import_render_modules), then the sheet's fonts are
    registered on a background thread. QUIET_MS (milliseconds since the screen was last touched): the imports
    wait until nobody has touched it for WARM_UP_QUIET_MS, since they hold the GUI thread for 0.35 s or more (over
    a second on a busy machine) and a patient's tap in that time waited for them."""
    if _warmed.is_set():
        return
    _warmed.set()

    def fonts_in_background() -> None:
        from kiosk.sheet import fonts

        def work() -> None:
            try:
                fonts.register()
                fonts.covered()
            except Exception:  # noqa: BLE001 - only a head start; the first render does it again if need be
                pass

        from PySide6.QtCore import QCoreApplication

        from kiosk.ui import gc_guard

        if QCoreApplication.instance() is not None:
            gc_guard.install(QCoreApplication.instance())  # no cyclic collection on this thread either
        threading.Thread(target=work, daemon=True, name="kiosk-warm-up").start()

    def imports_then_fonts() -> None:
        quiet = quiet_ms() if quiet_ms is not None else WARM_UP_QUIET_MS
        if quiet < WARM_UP_QUIET_MS:  # someone is using the screen: try again once it has been still a while
            QTimer.singleShot(WARM_UP_QUIET_MS - quiet, imports_then_fonts)
            return
        try:
            import_render_modules()
        except Exception:  # noqa: BLE001 - the first preview imports them again and says what failed
            return
        fonts_in_background()

    QTimer.singleShot(WARM_UP_AFTER_MS, imports_then_fonts)


WARM_UP_AFTER_MS = 2000  # after the welcome screen is up: start-up itself never pays for the render modules
WARM_UP_QUIET_MS = 3000  # and only once the screen has not been touched for this long


def _render(handout, version, settings, details, width_px: int):
    from kiosk.printing import pdfium
    from kiosk.sheet import render_sheet

    started = time.perf_counter()
    result = render_sheet(handout, version, settings, details)
    sizes = pdfium.page_sizes(result.pdf)
    dpi = width_px / (sizes[0][0] / 72.0) if sizes else 72
    pages = pdfium.render(result.pdf, dpi)
    return result, pages, time.perf_counter() - started


class SheetPreview(QWidget):
    updated = Signal(int)  # the generation now on screen
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "preview")
        self.generation = 0  # of the newest request
        self.shown_generation = -1
        self.sheet = None  # the SheetResult on screen
        self.render_seconds = 0.0
        self.renders = 0
        self._request = None
        self._busy = False
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._launch)
        self.worker = Worker(self)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)

        self.status = label("", "preview_status")
        self.status.setWordWrap(True)
        self.pages_box = QWidget()
        self.pages_box.setProperty("role", "preview_pages")
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setSpacing(14)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages_box)
        self.scroll.setProperty("role", "preview_scroll")
        touch_scroll(self.scroll)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.status)
        box.addWidget(self.scroll, 1)
        self.page_labels: list[QLabel] = []
        self.placeholder(_("Choose a procedure to see the sheet here."))

    # ---- requests ---------------------------------------------------------------------------------------
    def request(self, handout, version: int, settings, details) -> int:
        """Ask for a preview of these details; returns its generation. Rendering starts after the debounce."""
        self.generation += 1
        self._request = (self.generation, handout, version, settings, details)
        self._debounce.start()
        return self.generation

    def placeholder(self, text: str) -> None:
        """Nothing printable (no procedure, or field problems): drop the stale sheet so it cannot be printed."""
        self.generation += 1
        self._request = None
        self._debounce.stop()
        self.sheet = None
        self.shown_generation = self.generation
        self._set_pages([])
        set_message(self.status, text, "info")

    def flush(self) -> None:
        """Start the pending render now (Print pressed during the debounce)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._launch()

    def retry(self) -> bool:
        """Render the last request again (after a failed render); False when there is nothing to render."""
        if self._request is None:
            return False
        self.generation += 1
        self._request = (self.generation, *self._request[1:])
        self._debounce.stop()
        self._launch()
        return True

    def current(self) -> bool:
        return self.sheet is not None and self.shown_generation == self.generation

    def pending(self) -> bool:
        return self._request is not None and self.shown_generation != self.generation

    def _launch(self) -> None:
        if self._busy or self._request is None:
            return
        generation, handout, version, settings, details = self._request
        self._busy = True
        set_message(self.status, _("Updating the preview…"), "busy")
        bar = self.scroll.verticalScrollBar()  # a sheet is taller than the view: keep room for its scroll bar
        reserve = 0 if bar.isVisible() else bar.sizeHint().width()
        width = max(320, self.scroll.viewport().width() - reserve - 24)
        width_px = int(width * self.devicePixelRatioF())
        import_render_modules()  # on this (GUI) thread, before any worker imports them (a no-op once done)
        self.worker.start(generation, _render, handout, version, settings, details, width_px)

    def _done(self, generation: int, payload) -> None:
        self._busy = False
        if self._request is not None and generation == self._request[0] == self.generation:
            result, pages, seconds = payload
            self.sheet, self.render_seconds = result, seconds
            self.renders += 1
            self.shown_generation = generation
            self._set_pages(pages)
            note = _n("{n} page. This is exactly what will print.", "{n} pages. This is exactly what will print.",
                      result.pages).format(n=result.pages)
            if result.warnings:
                note += " " + " ".join(result.warnings)
            set_message(self.status, note, "ok" if not result.warnings else "info")
            self.updated.emit(generation)
        elif self._request is not None:
            self._launch()  # edits arrived while rendering: render the newest

    def _failed(self, generation: int, exc: Exception) -> None:
        self._busy = False
        if self._request is not None and generation != self._request[0]:
            self._launch()
            return
        self.sheet = None
        self.shown_generation = generation
        self._set_pages([])
        # kiosk.logs writes the type and the frames only: the message may quote the patient's text
        log.error("The sheet preview could not be built.", exc_info=(type(exc), exc, exc.__traceback__))
        # SheetError messages are safe to show (they never quote the patient's text); anything else is generic.
        from kiosk.sheet import SheetError

        text = str(exc) if isinstance(exc, SheetError) else _("the sheet could not be built")
        set_message(self.status, _("No preview: {text}.").format(text=text), "error")
        self.failed.emit(text)

    # ---- pages ------------------------------------------------------------------------------------------
    def _set_pages(self, pages) -> None:
        for old in self.page_labels:
            old.setParent(None)
            old.deleteLater()
        self.page_labels = []
        ratio = self.devicePixelRatioF()
        for n, page in enumerate(pages, 1):
            image = QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888).copy()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            page_label = QLabel()
            page_label.setProperty("role", "preview_page")
            page_label.setPixmap(pixmap)
            page_label.setAccessibleName(_("Sheet page {n} of {count}").format(n=n, count=len(pages)))
            self.pages_layout.addWidget(page_label)
            self.page_labels.append(page_label)
