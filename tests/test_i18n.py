"""Russian is the default; the Russian catalogue is complete, compiled and up to date."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def entries(catalogue):
    return {(entry.msgctxt, entry.msgid): entry for entry in catalogue if not entry.obsolete}


def test_every_russian_entry_is_translated_and_keeps_its_placeholders():
    problems = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags or not all(translations):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != wanted and not entry.msgid_plural:
                problems.append(f"placeholders differ: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_matches_the_source():
    source = {key: entry.msgstr for key, entry in entries(polib.pofile(str(PO))).items() if not entry.msgid_plural}
    compiled = {key: entry.msgstr for key, entry in entries(polib.mofile(str(MO))).items() if not entry.msgid_plural}
    stale = sorted(str(key) for key in source if compiled.get(key) != source[key])
    assert not stale, f"run `make messages`: locale/ru/.../django.mo is out of date for {stale[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is installed by `make test`")
def test_catalogue_has_every_string_of_the_code(tmp_path, settings, monkeypatch):
    """Runs makemessages on a copy of the tree: a string marked for translation but missing fails."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".*", "staticfiles", "media", "static", "tests", "*.sqlite3", "node_modules"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ru"], no_location=True, verbosity=0)
    fresh = entries(polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po")))
    known = entries(polib.pofile(str(PO)))
    missing = sorted(msgid for key, entry in fresh.items() if key not in known for msgid in [entry.msgid])
    gone = sorted(msgid for key, entry in known.items() if key not in fresh for msgid in [entry.msgid])
    assert not missing, f"strings missing from locale/ru (run `make messages`): {missing}"
    assert not gone, f"strings in locale/ru that the code no longer has (run `make messages`): {gone}"


def test_portal_is_russian_by_default_whatever_the_browser_asks(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Вход на портал партнёрства" in html
    assert response["Content-Language"] == "ru"


def test_switching_to_english_and_back(client, db):
    login_url = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login_url}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log in to the partnership portal" in html
    response = client.post(reverse("set_language"), {"language": "ru", "next": login_url}, follow=True)
    assert "Вход на портал партнёрства" in response.content.decode()


def test_unknown_language_cookie_falls_back_to_russian(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="ru">' in client.get(reverse("accounts:login")).content.decode()
