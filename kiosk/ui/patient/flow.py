"""Wires the patient screens into the main window: navigation (with Back history), the staff gesture
on the logos, the Text size panel, and the per-patient reset of every screen.

The welcome screen is built at once (it is what start-up waits for); the others are built on first
use or right after the first paint, whichever comes first.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

from kiosk.ui.patient.chrome import DisplayPanel
from kiosk.ui.patient.welcome import WelcomeScreen

PATIENT_SCREENS = ("welcome", "home", "search", "procedure")


class PatientFlow:
    def __init__(self, window):
        self.window = window
        self.session = window.session
        self.history: list[str] = []
        self.home = self.search = self.reader = None
        self.welcome = WelcomeScreen(self.session)
        self.welcome.start.connect(lambda: self.go("home"))
        self.welcome.logo.held.connect(window.staff_requested)
        self.welcome.first_shown.connect(lambda: QTimer.singleShot(0, window, self.ensure))
        self.display_panel: DisplayPanel | None = None
        window.add_screen("welcome", self.welcome)
        self.set_clinic(window.settings)

    def built(self) -> bool:
        return self.home is not None

    def ensure(self) -> None:
        """Build the home, search and procedure screens (once)."""
        if self.home is not None:
            return
        from kiosk.ui.patient.home import HomeScreen
        from kiosk.ui.patient.reader import ReaderScreen
        from kiosk.ui.patient.search import SearchScreen

        w, s, app = self.window, self.session, self.window.app
        self.display_panel = DisplayPanel(w, s)
        self.home = HomeScreen(app, s)
        self.home.open_procedure.connect(self.open_procedure)
        self.home.search_requested.connect(lambda: self.go("search"))
        self.home.header.logo.held.connect(w.staff_requested)
        self.search = SearchScreen(app, s)
        self.search.open_procedure.connect(self.open_procedure)
        self.search.back_requested.connect(self.back)
        self.search.home_requested.connect(self.go_home)
        self.search.bodymap_requested.connect(self.go_home)
        self.reader = ReaderScreen(app, s)
        self.reader.back_requested.connect(self.back)
        self.reader.home_requested.connect(self.go_home)
        self.reader.speaker.block_started.connect(lambda *_: w.idle.poke())
        for screen in (self.home, self.search, self.reader):
            screen.header.display_requested.connect(self.display_panel.open)
            screen.header.done_requested.connect(w.reset_to_welcome)
        w.add_screen("home", self.home)
        w.add_screen("search", self.search)
        w.add_screen("procedure", self.reader)
        self.set_clinic(w.settings)

    def screen(self, name: str):
        if name in PATIENT_SCREENS and name != "welcome":
            self.ensure()
        return {"welcome": self.welcome, "home": self.home, "search": self.search, "procedure": self.reader}[name]

    # ---- navigation ----------------------------------------------------------------------------------
    def go(self, name: str) -> None:
        self.window.idle.poke()
        self.screen(name)
        current = self.window.current_screen()
        if current in PATIENT_SCREENS and current not in ("welcome", name):
            self.history.append(current)
        self.window.show_screen(name)

    def back(self) -> None:
        self.window.idle.poke()
        target = self.history.pop() if self.history else "home"
        self.window.show_screen(target)

    def go_home(self) -> None:
        self.ensure()
        self.history.clear()
        self.home.clear_region()
        self.home.tiles_area.scroll_to_top()
        self.window.show_screen("home")

    def open_procedure(self, slug: str) -> None:
        self.ensure()
        if self.reader.load(slug):
            self.go("procedure")

    # ---- per patient ---------------------------------------------------------------------------------
    def set_clinic(self, settings) -> None:
        self.welcome.set_clinic(settings.name, settings.logo_path)
        if self.home is not None:
            self.home.header.set_clinic(settings.name, settings.logo_path)

    def overlays(self):
        return [o for o in (self.display_panel,) if o is not None]

    def reset(self) -> None:
        """Every screen back to its first state: search cleared, region off, reader closed, scrolled up."""
        self.history.clear()
        for overlay in self.overlays():
            overlay.close_overlay()
        self.welcome.reset()
        for screen in (self.reader, self.search, self.home):
            if screen is not None:
                screen.reset()
        self.set_clinic(self.window.settings)
