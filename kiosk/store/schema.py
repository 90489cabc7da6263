"""The schema this version builds, in a normalised form, and the comparison that names the first difference.

A backup, and the live database at every open, must have exactly the schema the migrations build: the same
tables, columns, indexes, triggers and views. The append-only audit log and the published-version rule live in
triggers, so a file that lacks one of them, or carries one more (a trigger that deletes new audit rows, resets
the failed-PIN counter or re-enables a disabled admin), is refused. No Qt.

    differences(conn)      -> ["trigger audit_log_no_delete is missing", ...]   (empty: the same schema)
    describe(diffs, whose) -> "The backup's schema differs from this version's: trigger … is missing."
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

# A string literal, a quoted identifier ("x", [x], `x`), a word, or any one other character.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|[A-Za-z0-9_$.]+|\S""")

Schema = dict[tuple[str, str], tuple[str, str, tuple]]  # (type, name) -> (table, normalised SQL, columns)


def normalise_sql(sql: str | None) -> str:
    """SQL text with whitespace, identifier quoting and letter case (outside string literals) made uniform:
    `CREATE  TABLE "Staff" (id  INTEGER)` and `create table staff(id integer)` give the same string."""
    if not sql:
        return ""
    out = []
    for token in _TOKEN.findall(sql):
        if token.startswith("'"):
            out.append(token)  # string literals keep their case and spacing
        elif token[0] in '"[`':
            out.append(token[1:-1].replace(token[0] * 2, token[0]).lower() if token[0] != "[" else token[1:-1].lower())
        else:
            out.append(token.lower())
    return " ".join(out)


def read_schema(conn: sqlite3.Connection, schema: str = "main") -> Schema:
    """Every user object of SCHEMA (tables, virtual tables and their shadow tables, indexes, triggers, views),
    keyed by (type, name) with its table, normalised SQL and, for tables, the columns from PRAGMA table_xinfo
    as (name, declared type, not null, default, primary-key position, hidden)."""
    rows = conn.execute(
        f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    out: Schema = {}
    virtual = [name.lower() for kind, name, _t, sql in rows if kind == "table" and normalise_sql(sql).startswith(
        "create virtual table")]
    for kind, name, table, sql in rows:
        columns: tuple = ()
        if kind == "table" and any(name.lower().startswith(f"{v}_") for v in virtual) and \
                normalise_sql(sql).startswith("create table '"):
            # a virtual table's shadow table: its module (FTS5) writes its definition, which may change with the
            # SQLite library; its presence is compared, its text follows from the virtual table's own
            out[(kind, name.lower())] = (str(table).lower(), "(shadow)", ())
            continue
        if kind == "table":
            info = conn.execute(f"PRAGMA {schema}.table_xinfo({_quote(name)})").fetchall()
            columns = tuple((str(c[1]).lower(), str(c[2]).upper(), int(c[3]), normalise_sql(c[4]), int(c[5]),
                             int(c[6])) for c in info)
        out[(kind, name.lower())] = (str(table).lower(), normalise_sql(sql), columns)
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@lru_cache(maxsize=1)
def expected_schema() -> Schema:
    """The schema this version's migrations build, read back from a fresh in-memory database (built once)."""
    from kiosk.store.migrations import migrate

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        return read_schema(conn)
    finally:
        conn.close()


def differences(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    """What differs between the database's schema and this version's, as short phrases, most telling first:
    missing objects, extra objects, then changed ones (columns named when a table's columns differ)."""
    have, want = read_schema(conn, schema), expected_schema()
    missing = [f"{kind} {name} is missing" for (kind, name) in sorted(want.keys() - have.keys())]
    extra = [f"it has an extra {kind} {name}" for (kind, name) in sorted(have.keys() - want.keys())]
    changed = []
    for key in sorted(want.keys() & have.keys()):
        (kind, name), (w_table, w_sql, w_cols), (h_table, h_sql, h_cols) = key, want[key], have[key]
        if w_cols != h_cols:
            w_names, h_names = [c[0] for c in w_cols], [c[0] for c in h_cols]
            added = [c for c in h_names if c not in w_names]
            lost = [c for c in w_names if c not in h_names]
            if added:
                changed.append(f"table {name} has an extra column {added[0]}")
            elif lost:
                changed.append(f"column {name}.{lost[0]} is missing")
            else:
                odd = next(h[0] for w, h in zip(w_cols, h_cols) if w != h)
                changed.append(f"column {name}.{odd} is defined differently")
        elif (w_table, w_sql) != (h_table, h_sql):
            changed.append(f"{kind} {name} is defined differently")
    return missing + extra + changed


def describe(diffs: list[str], whose: str, advice: str = "") -> str:
    """One sentence for a list of differences: `whose` is "The backup's" or "The database's"; ADVICE (a clause)
    is added after a semicolon."""
    shown = diffs[:3]
    first = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + ", and " + shown[-1]
    rest = len(diffs) - len(shown)
    more = f" (and {rest} more difference{'s' if rest > 1 else ''})" if rest else ""
    return f"{whose} schema differs from this version's: {first}{more}{'; ' + advice if advice else ''}."
