"""The admin console in Spanish for an admin whose saved language is Spanish: every page, and no English msgid
left on any of them (a string the code shows without `_()` would be one)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

from kiosk.core import i18n


@pytest.fixture
def es(store, admin):
    """Ana's saved language is Spanish and she is signed in (the staff controller calls i18n.use at sign-in);
    asked for before `console`, so the console is built in Spanish."""
    store.staff.set_language(admin.name, "es", "test")
    i18n.use(store.staff.get(admin.name).language)
    yield
    i18n.use(i18n.SOURCE)


def visible_texts(widget) -> list[str]:
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
             if w.isVisibleTo(widget) and w.text().strip()]
    texts += [g.title() for g in widget.findChildren(QGroupBox) if g.isVisibleTo(widget)]
    return texts


def english_msgids() -> set[str]:
    """Every English msgid whose Spanish translation differs: none of these may show on a Spanish screen."""
    catalogue = i18n._translations("es")
    return {msgid for msgid, text in catalogue._catalog.items()
            if isinstance(msgid, str) and msgid and "\x04" not in msgid and text != msgid}


@pytest.mark.parametrize("page", ["Handouts", "Clinic settings", "Staff", "Packs & backup", "Audit log"])
def test_every_admin_page_is_spanish_with_no_english_left(es, console, page):
    console.show_page(page)
    nav = [console.nav.item(i).text() for i in range(console.nav.count())]
    assert nav == ["Folletos", "Clínica", "Personal", "Paquetes y copias", "Auditoría"]  # short: the list is narrow
    texts = visible_texts(console)
    leftovers = [t for t in texts if t in english_msgids()]
    assert leftovers == []
    assert {"Cerrar"} <= set(texts)


def test_the_staff_page_shows_each_members_language(es, console, store, nurse):
    console.show_page("Staff")
    from kiosk.ui.admin.staff_page import StaffPage

    page = console.findChild(StaffPage)
    page.refresh()
    rows = {page.table.item(r, 0).text(): page.table.item(r, 3).text() for r in range(page.table.rowCount())}
    assert rows == {"Ana Admin": "Español", "Nora Nurse": "English"}
    assert page.table.horizontalHeaderItem(3).text() == "Idioma"


def test_the_editor_is_spanish_too(es, console):
    console.show_page("Handouts")
    from kiosk.ui.admin.library_page import LibraryPage

    library = console.findChild(LibraryPage)
    assert library.kind.currentText() == "Todos los folletos"
    library.kind.setCurrentIndex(library.kind.findData("Review overdue"))  # the filter still works by its key
    assert library.kind.currentText() == "Revisión vencida"
