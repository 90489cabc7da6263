"""English/Spanish parity: a translation carries the same facts as its English original. No Qt, no SQL.

Per handout pair (same slug): the same families, the same number of "- " items in every section (the warning
signs among them), each sign of the warning-sign sets at the same place in its list (the sheet's key points
repeat the first emergency signs, so both languages must put the same ones first), the same number of do, don't and question items, and per section the same numbers of minutes,
hours, days, weeks, months, years and degrees (and the same bare digits). Numbers are read from digits, and from
the words two to twelve when a unit follows; write durations in digits ("1 or 2 days", "1 o 2 días") so that
both languages are compared.
"""
from __future__ import annotations

import re
from collections import Counter

from kiosk.core import warning_sets
from kiosk.core.model import SECTION_KEYS, Handout

UNITS = {
    "minute": "minute", "minutes": "minute", "minuto": "minute", "minutos": "minute",
    "hour": "hour", "hours": "hour", "hora": "hour", "horas": "hour",
    "day": "day", "days": "day", "día": "day", "días": "day", "dia": "day", "dias": "day",
    "week": "week", "weeks": "week", "semana": "week", "semanas": "week",
    "month": "month", "months": "month", "mes": "month", "meses": "month",
    "year": "year", "years": "year", "año": "year", "años": "year",
    "°f": "°F", "°c": "°C", "degrees": "degree", "degree": "degree", "grados": "degree", "grado": "degree",
}
WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    "once": 11, "doce": 12,
}
_NUM = r"\d+(?:[.,]\d+)?|" + "|".join(WORDS)
_JOIN = r"\s*(?:to|or|and|a|o|y|-|–)\s*"
_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_RUN = re.compile(rf"(?<![\w.,])((?:{_NUM})(?:{_JOIN}(?:{_NUM}))*)\s*({_UNIT})?(?!\w)", re.IGNORECASE)
_ONE_NUM = re.compile(_NUM, re.IGNORECASE)


def _value(token: str) -> str:
    token = token.lower()
    if token in WORDS:
        return str(WORDS[token])
    return token.replace(",", ".")


def numbers(text: str) -> Counter:
    """Counter of (value, unit) in a text: "15 to 20 minutes" → ("15", "minute"), ("20", "minute");
    "100.4 °F (38 °C)" → ("100.4", "°F"), ("38", "°C"); a bare digit has unit "" (number words without a unit
    are not counted: "two small joints" is not a fact to compare)."""
    found: Counter = Counter()
    for m in _RUN.finditer(text):
        run, unit = m.group(1), m.group(2)
        canonical = UNITS.get(unit.lower(), "") if unit else ""
        for token in _ONE_NUM.findall(run):
            if not canonical and not token[0].isdigit():
                continue
            found[(_value(token), canonical)] += 1
    return found


def _describe(counter: Counter) -> str:
    parts = []
    for (value, unit), n in sorted(counter.items()):
        label = f"{value} {unit}".strip() if unit else value
        parts.append(label + (f" ×{n}" if n > 1 else ""))
    return ", ".join(parts)


def list_count(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip().startswith("- "))


def check(english: Handout, translation: Handout):
    """LintIssues (errors) on the translation wherever it does not match its English original."""
    from kiosk.core.lint import LintIssue

    issues = []
    other = f"the English ({english.slug}.en.toml)"
    if tuple(sorted(english.families)) != tuple(sorted(translation.families)):
        issues.append(LintIssue("families", f"families {list(translation.families)} differ from {other}: "
                                f"{list(english.families)}", "", "error"))
    for key in SECTION_KEYS:
        en_text, tr_text = english.sections.get(key, ""), translation.sections.get(key, "")
        n_en, n_tr = list_count(en_text), list_count(tr_text)
        if n_en != n_tr:
            what = "warning signs" if key in ("call_clinic", "emergency") else "list items"
            issues.append(LintIssue(key, f"{n_tr} {what} here, {n_en} in {other}", "sections", "error"))
    for ws in warning_sets.sets_for(english):
        for sign in ws.signs:
            en_list = warning_sets.list_items(english.sections.get(sign.section, ""))
            tr_list = warning_sets.list_items(translation.sections.get(sign.section, ""))
            en_text, tr_text = sign.text["en"], sign.text.get(translation.language, "")
            if en_text in en_list and tr_text in tr_list and en_list.index(en_text) != tr_list.index(tr_text):
                issues.append(LintIssue(sign.section, f"the '{ws.family}.{sign.key}' warning sign is item "
                                        f"{tr_list.index(tr_text) + 1} here, item {en_list.index(en_text) + 1} in "
                                        f"{other}; keep the signs in the same order", "sections", "error"))
    for table, key, en_items, tr_items in (("aftercare", "do", english.do, translation.do),
                                           ("aftercare", "dont", english.dont, translation.dont),
                                           ("", "questions", english.questions, translation.questions)):
        if len(en_items) != len(tr_items):
            # questions are optional: a translation that has none yet is a warning, not a refusal (the editor
            # has no questions field); one that has some must have the same number
            severity = "warning" if key == "questions" and not tr_items else "error"
            issues.append(LintIssue(key, f"{len(tr_items)} items here, {len(en_items)} in {other}", table, severity))
    pairs = [("", "summary", english.summary, translation.summary)]
    pairs += [("sections", k, english.sections.get(k, ""), translation.sections.get(k, "")) for k in SECTION_KEYS]
    pairs += [("aftercare", "do", "\n".join(english.do), "\n".join(translation.do)),
              ("aftercare", "dont", "\n".join(english.dont), "\n".join(translation.dont)),
              ("", "questions", "\n".join(english.questions), "\n".join(translation.questions))]
    for table, key, en_text, tr_text in pairs:
        en_n, tr_n = numbers(en_text), numbers(tr_text)
        if en_n != tr_n:
            missing, extra = en_n - tr_n, tr_n - en_n
            said = []
            if missing:
                said.append(f"missing {_describe(missing)}")
            if extra:
                said.append(f"has {_describe(extra)} that the English does not")
            issues.append(LintIssue(key, f"numbers differ from {other}: " + "; ".join(said), table, "error"))
    return issues
