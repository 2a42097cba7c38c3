"""Indonesian first, English second: every interface string is in the catalog, translated."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [("fkp/**.py", "python"), ("fkp/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def source_messages():
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(ROOT), METHOD_MAP, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def indonesian_catalog():
    with open(ROOT / "fkp/translations/id/LC_MESSAGES/messages.po", "rb") as f:
        return {m.id: m for m in read_po(f) if m.id}


def test_every_interface_string_has_an_indonesian_translation():
    catalog = indonesian_catalog()
    missing = sorted(m for m in source_messages() if m not in catalog or not catalog[m].string)
    assert missing == [], "run scripts/i18n and translate these in messages.po"


def test_no_fuzzy_translations():
    assert [m.id for m in indonesian_catalog().values() if m.fuzzy] == []


def test_pages_speak_indonesian_by_default_and_english_on_request(client, forum):
    page = client.get(f"/j/{forum['code']}").get_data(as_text=True)
    assert '<html lang="id">' in page and "Bergabung ke forum" in page
    switch = client.get(f"/lang/en?next=/j/{forum['code']}")
    assert switch.status_code == 302 and switch.headers["Location"] == f"/j/{forum['code']}"
    page = client.get(f"/j/{forum['code']}").get_data(as_text=True)
    assert '<html lang="en">' in page and "Join the forum" in page
    api = client.get("/api/v1/forums/NOPE00").get_json()
    assert api == {"error": "Not found."}


def test_language_switch_ignores_other_sites(client):
    r = client.get("/lang/en?next=//evil.example/")
    assert r.headers["Location"] == "/"
