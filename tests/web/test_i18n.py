"""Dutch first, English second: the language switch and the English catalogue.

The source strings are Dutch, so without ``locale/en/LC_MESSAGES/django.mo`` the English
pages would silently stay Dutch. These tests fail when the catalogue is missing, stale,
incomplete or fuzzy.
"""

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOGIN = "/accounts/login/"
SET_LANGUAGE = "/i18n/setlang/"
CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"


def _switch_to(client, language, next_url=LOGIN):
    response = client.post(SET_LANGUAGE, {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return response


def _msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail(
            "msgfmt (GNU gettext) is not installed, so the English catalogue cannot be "
            "checked. Install gettext (e.g. `apt-get install gettext`)."
        )
    return path


def _run_msgfmt(*args):
    # LC_ALL=C: the statistics are parsed, so they must not come out translated.
    return subprocess.run(  # noqa: S603 - fixed executable and arguments
        [_msgfmt(), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        check=False,
    )


def test_sign_in_page_is_dutch_by_default(db, client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Naar de inhoud" in html
    assert "Skip to content" not in html


def test_language_switch_makes_the_sign_in_page_english_and_back(db, client):
    _switch_to(client, "en")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get(LOGIN)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    assert "Naar de inhoud" not in html
    assert "Dutch Data Protection Authority" in html  # the footer, from our catalogue

    _switch_to(client, "nl")
    response = client.get(LOGIN)
    assert response["Content-Language"] == "nl"
    assert "Naar de inhoud" in response.content.decode()


def test_signed_in_page_in_english(client_for):
    client = client_for("hr")
    dutch = client.get("/werknemers/")
    assert dutch.status_code == 200
    assert "<h1>Werknemers</h1>" in dutch.content.decode()

    _switch_to(client, "en", next_url="/werknemers/")
    response = client.get("/werknemers/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "<h1>Employees</h1>" in html
    # A lazily translated form label, evaluated per request rather than at import.
    assert "Search by name or employee number" in html
    assert "<h1>Werknemers</h1>" not in html
    assert "Zoek op naam of personeelsnummer" not in html


def test_english_catalogue_is_complete_and_valid():
    assert PO.is_file(), f"{PO} is missing: run makemessages -l en in src/poortwachter"
    result = _run_msgfmt("--check", "--statistics", "-o", os.devnull, str(PO))
    assert result.returncode == 0, f"msgfmt --check failed on {PO}:\n{result.stderr}"
    statistics = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), (
        f"{PO} has fuzzy or untranslated entries: {statistics!r}"
    )
    assert int(statistics.split()[0]) > 0
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8"), f"{PO} still has fuzzy flags"


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    assert MO.is_file(), f"{MO} is missing: run compilemessages -l en in src/poortwachter"
    fresh = tmp_path / "django.mo"
    result = _run_msgfmt("--check", "-o", str(fresh), str(PO))
    assert result.returncode == 0, f"msgfmt failed on {PO}:\n{result.stderr}"
    # Compare the messages, not the bytes: another gettext version may lay them out
    # differently.
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        committed_catalog = gettext.GNUTranslations(committed)._catalog
        compiled_catalog = gettext.GNUTranslations(compiled)._catalog
    assert committed_catalog == compiled_catalog, (
        f"{MO} is out of date with {PO}: run compilemessages -l en in src/poortwachter"
    )


def test_every_dutch_string_in_the_code_has_an_english_translation(tmp_path):
    """Regenerate the catalogue from the sources in a scratch copy: nothing may come out
    new (untranslated) or changed (fuzzy). Run `make messages` and translate if it does."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "poortwachter"
    copy = tmp_path / "poortwachter"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "poortwachter.config.settings.test"}
    subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    stats = subprocess.run(  # noqa: S603
        ["msgfmt", "--statistics", "-o", os.devnull,  # noqa: S607
         str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")],
        check=True, capture_output=True, text=True, timeout=60,
    ).stderr  # fmt: skip
    assert "fuzzy" not in stats, stats
    assert "untranslated" not in stats, stats
