"""Sections other apps add to the staff partner card (placements, theses, contracts, ...).

The partner register does not import the apps built on it: each of them registers a section
in its ``AppConfig.ready``. A section is ``section(user, partner) -> dict | None``: a dict with
``template`` (rendered with the dict as its context, plus ``partner``) and ``order``; None hides it.
"""

_SECTIONS = []


def register_section(section):
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def sections_for(user, partner):
    sections = [section(user, partner) for section in _SECTIONS]
    return sorted((s for s in sections if s), key=lambda s: s.get("order", 100))
