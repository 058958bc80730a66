"""Clause texts of each contract type, one file per type in ``contracts/texts/<type>.txt``, written
as the model form words and numbers them, so a lawyer reads exactly what is printed.

The file format (see any file in ``texts/``):

- ``# ...`` — a comment for the reader of the file, never printed;
- ``[key] Title`` — a section, printed as its title (with the number the model form gives it);
- any other line — one paragraph of the current section, printed as written (with its number);
- ``?name text`` — a paragraph printed only when the value ``name`` is not empty
  (``?!name text`` — only when it is empty);
- ``{name}`` — replaced with the contract's value; the names a type may use are listed by
  ``documents.placeholders()``. Everything is printed as plain text and escaped: no template code
  from a file or the database ever runs.

The section ``[requisites]`` stands where the parties' addresses, requisites and signatures are
printed. Administrators may replace a section's title and text in the admin (``ClauseText``,
matched by type and key), or add one (printed before the requisites).
"""

import functools
import re
from pathlib import Path

from .models import ClauseText

TEXTS = Path(__file__).resolve().parent / "texts"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SECTION = re.compile(r"^\[(\w+)\]\s*(.*)$")
_CONDITION = re.compile(r"^\?(!?)(\w+)\s+(.*)$")


@functools.cache
def sections_of(contract_type):
    """[(key, title, [lines])] of the type's file, read once per process."""
    sections = []
    for raw in (TEXTS / f"{contract_type}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _SECTION.match(line)
        if match:
            sections.append((match.group(1), match.group(2).strip(), []))
        elif sections:
            sections[-1][2].append(line)
        else:
            raise ValueError(f"{contract_type}.txt: a paragraph before the first section: {line!r}")
    return sections


def names_used(contract_type):
    """Every placeholder and condition name the type's file uses."""
    names = set()
    for _key, title, lines in sections_of(contract_type):
        for line in (title, *lines):
            names.update(_PLACEHOLDER.findall(line))
            condition = _CONDITION.match(line)
            if condition:
                names.add(condition.group(2))
    return names


def fill(text, values):
    """Replaces known ``{name}`` placeholders; unknown ones stay as written. Returns plain text."""
    return _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)


def _paragraphs(lines, values):
    result = []
    for line in lines:
        condition = _CONDITION.match(line)
        if condition:
            negate, name, line = condition.groups()
            if bool(values.get(name)) == bool(negate):
                continue
        # A value of several lines (the changes of an amendment) gives several paragraphs.
        result.extend(part.strip() for part in fill(line, values).splitlines() if part.strip())
    return result


def clauses_for(contract_type, values):
    """The sections of a contract as printed: [{"key", "title", "paragraphs"}]; texts are
    escaped later by the template. Administrators' texts win over the file."""
    overrides = {clause.key: clause for clause in ClauseText.objects.filter(type=contract_type)}
    result = []
    for key, title, lines in sections_of(contract_type):
        if key in overrides:
            title, lines = overrides[key].title, overrides[key].text.splitlines()
        result.append({"key": key, "title": fill(title, values), "paragraphs": _paragraphs(lines, values)})
    known = {key for key, _title, _lines in sections_of(contract_type)}
    extra = sorted((clause for key, clause in overrides.items() if key not in known), key=lambda c: c.order)
    at = next((i for i, section in enumerate(result) if section["key"] == "requisites"), len(result))
    for clause in extra:
        result.insert(at, {"key": clause.key, "title": fill(clause.title, values),
                           "paragraphs": _paragraphs(clause.text.splitlines(), values)})  # fmt: skip
        at += 1
    return result
