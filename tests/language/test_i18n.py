"""Indonesian first, English second: every interface string is in the catalog, translated.

English is the msgid. Code is written in English, so the English text of every message is
its msgid and there is no English catalog to fall behind: "English is complete" means
every msgid is finished English text, checked below, and "Indonesian is complete" means
every message has an Indonesian translation that is not the English left in place.
"""
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import nodes

ROOT = Path(__file__).resolve().parents[2]
METHOD_MAP = [("fkp/**.py", "python"), ("fkp/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
# Words Indonesian borrowed from English, or names, that are right untranslated.
SAME_IN_BOTH = {"%(num)d forum", "Administrator", "Agenda", "Berita Acara", "Berita Acara (DOCX)", "Forum",
                "Moderator", "NIP", "Status", "Status:", "target"}
# Common Indonesian words that never belong in an English msgid.
INDONESIAN_WORDS = {"yang", "dan", "untuk", "dengan", "tidak", "belum", "sudah", "akan", "dari",
                    "atau", "ini", "itu", "di", "ke", "pada", "masukan", "layanan"}
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdif]")


def source_messages():
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(ROOT), METHOD_MAP, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def indonesian_catalog():
    with open(ROOT / "fkp/language/translations/id/LC_MESSAGES/messages.po", "rb") as f:
        return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(f) if m.id}


def forms(message):
    """(English forms, Indonesian forms) of a catalog entry, plural or not."""
    english = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    indonesian = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    return english, indonesian


def test_every_interface_string_has_an_indonesian_translation():
    catalog = indonesian_catalog()
    missing = sorted(m for m in source_messages() if m not in catalog or not all(forms(catalog[m])[1]))
    assert missing == [], "run scripts/i18n and translate these in messages.po"


def test_every_catalog_entry_is_translated_into_indonesian():
    """Not only the ones in use: a catalog must not carry a half-done entry into a release."""
    untranslated = [key for key, m in indonesian_catalog().items()
                    if not all(s.strip() for s in forms(m)[1])
                    or key not in SAME_IN_BOTH and forms(m)[1][0] == key]
    assert untranslated == [], "translate these (or, if Indonesian uses the English word, " \
                               "add it to SAME_IN_BOTH)"


def test_every_english_message_is_finished_english():
    unfinished = []
    for key, m in indonesian_catalog().items():
        for english in forms(m)[0]:
            words = set(re.findall(r"[a-z]+", english.lower()))
            if english != english.strip() or not re.search(r"[A-Za-z]", english) \
                    or re.search(r"TODO|FIXME|XXX|\?\?\?", english) or words & INDONESIAN_WORDS:
                unfinished.append(english)
    assert unfinished == [], "msgids are the English text people read"


def test_translations_keep_every_placeholder():
    """A translation that drops %(n)d shows the wrong thing; one that adds %(x)s breaks."""
    broken = [key for key, m in indonesian_catalog().items()
              if sorted(PLACEHOLDER.findall(forms(m)[0][0])) !=
              sorted(PLACEHOLDER.findall(forms(m)[1][0] or forms(m)[0][0]))]
    assert broken == []


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


# --- No interface text outside the catalog -------------------------------------------------

TEMPLATES = ROOT / "fkp/templates"
# The official documents are Indonesian whatever the interface language (fkp/language/wording.py).
NOT_INTERFACE = {"documents"}
HOLE = "\x00"  # where a {{ expression }} was: its value is data or already translated
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
# Blocks that base.html places inside an attribute, not in the page's text.
ATTRIBUTE_BLOCKS = {"body_class"}
# Words that are the same in every language: the brand, the languages' own names on the
# switch (each written in itself, so that a person who cannot read the current language
# still finds theirs), file formats on download buttons.
SAME_IN_EVERY_LANGUAGE = {"FKP", "fkp", "Bahasa Indonesia", "English", "ZIP", "JSON", "DOCX",
                          "XLSX", "PDF", "CSV"}
# Punctuation, digits, symbols and a URL path around a {{ value }} are not words to translate.
NOT_WORDS = re.compile(r"[^\W\d_]{2,}")


def skeleton(source):
    """The template's HTML with every {{ expression }} as HOLE and every {% tag %} and
    {# comment #} gone, except that lines are kept; {% trans %} bodies and attribute blocks
    are dropped (their text is in the catalog, or is not text)."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    out, skipping, tag, in_tag = [], [], [], False
    for _line, kind, value in env.lex(source):
        if kind == "variable_begin":
            out.append(HOLE)
        elif kind == "block_begin":
            tag, in_tag = [], True
        elif kind == "name" and in_tag and len(tag) < 2:
            tag.append(value)
        elif kind == "block_end":
            in_tag = False
            if tag[:1] == ["trans"] or tag[:1] == ["block"] and tag[1:] and tag[1] in ATTRIBUTE_BLOCKS:
                skipping.append(tag[0])
            elif tag[:1] in (["endtrans"], ["endblock"]) and skipping and \
                    skipping[-1] == {"endtrans": "trans", "endblock": "block"}[tag[0]]:
                skipping.pop()
        elif kind == "data" and not skipping:
            out.append(value)
        if kind != "data" or skipping:
            out.append("\n" * value.count("\n"))
    return "".join(out)


class VisibleText(HTMLParser):
    """Text nodes and the attributes people see or hear, outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        for name, value in attrs:
            shown_value = tag == "input" and dict(attrs).get("type") in ("submit", "button", "reset")
            if value and (name in VISIBLE_ATTRIBUTES or name == "value" and shown_value):
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.found.append((self.getpos()[0], data))


def untranslated(text):
    for same in SAME_IN_EVERY_LANGUAGE:
        text = re.sub(rf"(?<!\w){re.escape(same)}(?!\w)", "", text)
    return NOT_WORDS.search(text.replace(HOLE, " "))


def template_text_outside_the_catalog(path):
    parser = VisibleText()
    parser.feed(skeleton(path.read_text(encoding="utf-8")))
    parser.close()
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return [f"{name}:{line}: {' '.join(text.replace(HOLE, '{{…}}').split())}"
            for line, text in parser.found if untranslated(text)]


GETTEXT_CALLS = {"_", "gettext", "ngettext"}
# A string in an expression is a name (a dict key, a field type, an endpoint, a path) unless
# it has words with a space or other punctuation between them: then it is a sentence.
A_NAME = re.compile(r"^[\w./:#-]*$")


def sentences_in_expressions(path):
    """String constants in {{ }} and {% %} outside _() that read like text to people, e.g.
    field(form.text, hint="At most 1,000 characters")."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])

    def walk(node, translated):
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            translated = translated or node.node.name in GETTEXT_CALLS
        if isinstance(node, nodes.Const) and isinstance(node.value, str) and not translated \
                and not A_NAME.match(node.value) and untranslated(node.value):
            yield f"{path.name}:{node.lineno}: {node.value!r}"
        for child in node.iter_child_nodes():
            yield from walk(child, translated)
    return list(walk(env.parse(path.read_text(encoding="utf-8")), False))


def interface_templates():
    paths = [p for p in sorted(TEMPLATES.rglob("*.html"))
             if not NOT_INTERFACE & set(p.relative_to(TEMPLATES).parts)]
    assert len(paths) > 30
    return paths


def test_templates_hold_no_interface_text_outside_the_catalog():
    found = [line for path in interface_templates() for line in template_text_outside_the_catalog(path)]
    assert found == [], "wrap these in {{ _(…) }} (or add a documented exception above)"


def test_template_expressions_hold_no_sentences_outside_the_catalog():
    found = [line for path in interface_templates() for line in sentences_in_expressions(path)]
    assert found == [], "wrap these in _(…)"


def test_the_template_check_finds_text_where_people_see_it(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{% block body_class %}wide{% endblock %}<h1>{{ _("Fine") }} · FKP</h1>\n'
                    '{% trans %}Also fine{% endtrans %}<p title="Tooltip">{{ x }}</p>\n'
                    '<script>var s = "not text";</script>{# a comment #}<p>Loose words</p>\n'
                    '<input type="submit" value="Send"><img alt="{{ _(\'Fine\') }}">')
    found = [line.split(": ", 1)[1] for line in template_text_outside_the_catalog(page)]
    assert found == ["Tooltip", "Loose words", "Send"]
    page.write_text('{{ field(f, hint="Two words") }}{{ d["someKey"] }}{{ _("Fine, too") }}')
    assert [line.split(": ", 1)[1] for line in sentences_in_expressions(page)] == ["'Two words'"]


def test_switching_language_mid_forum_keeps_the_attendee_joined(client, actions, forum):
    """A phone that switches language on the input page stays on it, still joined."""
    actions.join(forum["code"], name="Rina Bahasa")
    page = f"/j/{forum['code']}/input"
    switch = client.get(f"/lang/en?next={page}")
    assert switch.headers["Location"] == page
    assert "lang=en" in switch.headers["Set-Cookie"] and "Max-Age=31536000" in switch.headers["Set-Cookie"]
    r = client.get(page)
    assert r.status_code == 200 and '<html lang="en">' in r.get_data(as_text=True)
    assert "Send input" in r.get_data(as_text=True)
    client.get(f"/lang/id?next={page}")
    assert "Kirim masukan" in client.get(page).get_data(as_text=True)
