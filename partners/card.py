"""Sections other apps add to the staff partner card (placements, theses, contracts, ...).

The partner register does not import the apps built on it: each of them registers a section
in its ``AppConfig.ready`` with ``register_section(key, build, title=..., order=...)``.
``build(user, partner) -> dict | None`` returns a dict with ``template`` (rendered with the dict
as its context, plus ``partner``); None hides the section.

The card itself renders only a placeholder per section (its key, title and order need no query)
and each section comes by its own request (htmx, ``hx-trigger="load"``; without JavaScript a link
opens it): the card stays a dozen queries however many apps add to it, and a partner with
thousands of placements does not hold up its contacts and interactions.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str  # the URL part and the HTML id (the anchor links point to)
    build: Callable
    title: str
    order: int = 100


_SECTIONS = {}


def register_section(key, build, *, title, order=100):
    _SECTIONS[key] = Section(key=key, build=build, title=title, order=order)
    return build


def registered_sections():
    """The registered sections in their order on the card (no query)."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def get_section(key):
    return _SECTIONS.get(key)


def build_section(section, user, partner):
    """The context of the section's template (its data as ``section``, its registration as
    ``card_section``), or None when the user is not to see it."""
    data = section.build(user, partner)
    if data is None:
        return None
    return {"partner": partner, "section": data, "card_section": section, "template": data["template"]}
