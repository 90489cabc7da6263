"""Moving a kiosk onto the shared clinic server: admins only, audited on both sides. No Qt."""
from __future__ import annotations

from kiosk.app.core import ADMIN
from kiosk.core.model import StaffMember


def migrate_to_server(app, actor: StaffMember, url: str):
    """Copy this kiosk's SQLite database (handouts with history, staff, settings, audit) into the empty clinic
    server at URL and verify every table (rows and SHA-256); returns kiosk.store.pg_copy.CopyReport. The kiosk's
    own file is left as it was, with one audit entry saying where it went. Raises NotAllowed, or one-sentence
    StoreErrors (the server is down, refuses the login, already holds a kiosk, or the copy differs: then
    nothing stays on the server)."""
    from kiosk.app.errors import StoreError
    from kiosk.store.pg_conn import describe_server, is_server_url
    from kiosk.store.pg_copy import copy_to_server

    member = app.require(actor, (ADMIN,), "move the kiosk to the clinic server")
    if not is_server_url(url):
        raise StoreError("The clinic server's address must start with postgresql://; nothing was copied.")
    if is_server_url(str(app._store.path)) or hasattr(app._store, "url"):
        raise StoreError("This kiosk already uses the clinic server; nothing was copied.")
    report = copy_to_server(app._store, url, actor=member.name)
    counts = {table: rows for table, (rows, _h) in report.tables.items()}
    app._store.audit.record(member.name, "migrate_to_server", server=describe_server(url), **counts)
    return report
