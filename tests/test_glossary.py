"""The English catalogue follows docs/glossar.md: every term the glossary fixes is translated as it says.

The test reads the glossary's table (nothing here repeats its terms) and the catalogue
src/modellstadt/locale/en/LC_MESSAGES/django.po, and checks three rules per row:
- the entry whose msgid is exactly the German term (with the row's msgctxt) has the English term as msgstr;
- with "Every message: yes", every message containing the German term contains the English term;
- no translation contains a word listed under "Never".
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossar.md"
CATALOGUE = ROOT / "src" / "modellstadt" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def glossary_rows(text):
    """The rows of the table whose header starts with "| German |", as dicts keyed by the header."""
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("| German |"))
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def _unquote(text):
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\" in text else text


def catalogue_entries(text):
    """(msgctxt or None, msgid, msgstr) for every entry of a .po file (plural entries: the singular pair)."""
    entries = []
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif key and re.match(r'^".*"$', line):
                fields[key] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            entries.append((fields.get("msgctxt"), _unquote(fields["msgid"]), _unquote(msgstr)))
    return entries


@pytest.fixture(scope="module")
def rows():
    found = glossary_rows(GLOSSARY.read_text("utf-8"))
    assert len(found) >= 10
    return found


@pytest.fixture(scope="module")
def entries():
    return catalogue_entries(CATALOGUE.read_text("utf-8"))


def context_of(row):
    return None if row["Context"] in ("", "–", "-") else row["Context"]


def test_each_glossary_term_is_translated_as_the_glossary_says(rows, entries):
    translations = {(ctx, msgid): msgstr for ctx, msgid, msgstr in entries}
    wrong = []
    for row in rows:
        key = (context_of(row), row["German"])
        if key not in translations:
            # A term found only inside longer messages is checked by the "every message" rule.
            assert row["Every message"] == "yes", f"{key} is in the glossary but not in the catalogue"
            continue
        if translations[key] != row["English"]:
            wrong.append(f"{key}: {translations[key]!r}, glossary: {row['English']!r}")
    assert not wrong, "\n".join(wrong)


def test_terms_marked_every_message_are_translated_the_same_way_everywhere(rows, entries):
    wrong = []
    for row in rows:
        if row["Every message"] != "yes":
            continue
        german, english = row["German"].lower(), row["English"].lower()
        containing = [(msgid, msgstr) for _, msgid, msgstr in entries if german in msgid.lower() and msgstr]
        assert containing, f"{row['German']}: no message contains it"
        wrong += [f"{row['German']} → {row['English']}: {msgid[:60]!r} → {msgstr[:60]!r}"
                  for msgid, msgstr in containing if english not in msgstr.lower()]
    assert not wrong, "\n".join(wrong)


def test_no_translation_uses_a_word_the_glossary_rules_out(rows, entries):
    wrong = []
    for row in rows:
        for word in filter(None, (w.strip() for w in row["Never"].split(","))):
            pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
            wrong += [f"{word!r} in {msgstr[:70]!r}" for _, _, msgstr in entries if pattern.search(msgstr)]
    assert not wrong, "\n".join(wrong)


def test_the_checks_notice_a_deviating_entry(rows, entries):
    """Each rule fails on the real catalogue with one key term changed (a check of the test itself)."""

    def changed(msgid, msgstr):
        return [(ctx, mid, msgstr if (ctx, mid) == (None, msgid) else text) for ctx, mid, text in entries]

    with pytest.raises(AssertionError, match="Kooperationsfeld"):
        test_each_glossary_term_is_translated_as_the_glossary_says(rows, changed("Kooperationsfeld", "Field"))
    with pytest.raises(AssertionError, match="Kooperationsfelder der Stadt"):
        test_terms_marked_every_message_are_translated_the_same_way_everywhere(
            rows, changed("Kooperationsfelder der Stadt", "The city's fields")
        )
    with pytest.raises(AssertionError, match="Last reviewed"):
        test_no_translation_uses_a_word_the_glossary_rules_out(rows, changed("Beantwortet am", "Last reviewed"))
