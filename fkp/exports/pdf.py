"""The forum's documents as PDF, laid out from the minutes model: HTML templates under
exports/templates/pdf rendered by WeasyPrint.

A standalone Jinja environment (no Flask app context) so the CLI and a benchmark can build
them too. Autoescape is on for every template: attendee text only ever becomes text.
WeasyPrint gets a fetcher that refuses every URL: the documents need nothing from outside,
and a URL in attendee text must never make the server reach out (the venue may have no
internet, and a fetch would tell a stranger when the minutes were built).
"""
from pathlib import Path

import jinja2
from markupsafe import Markup
from weasyprint import HTML, URLFetcher

from ..language.wording import DECISION_LABELS, as_date, month_name, number_words
from .cells import xml_safe

TEMPLATES = Path(__file__).resolve().parent / "templates" / "pdf"
DOTS = "." * 40
UNDECIDED = "Belum diputuskan"


class FetchRefused(ValueError):
    """A document asked for an outside resource; none is ever fetched."""


def refuse_fetch(url, *args, **kwargs):
    raise FetchRefused(f"PDF documents fetch nothing: {url[:80]}")


class _Refuser(URLFetcher):
    """WeasyPrint's fetcher with its one door shut: every URL (http, https, file, data) is
    refused before any handler runs. WeasyPrint logs the refusal and draws no image."""

    def fetch(self, url, headers=None):
        return refuse_fetch(url)  # looked up per call, so a test can spy on it


def _finalize(value):
    # Runs on every {{ }} before escaping: None prints as nothing, and control characters
    # (which the HTML parser would turn into replacement glyphs) are dropped.
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return xml_safe(value)
    return value


def _short_date(value):
    """"2025-12-01" -> "1 Desember 2025"."""
    if not value:
        return ""
    day = as_date(value)
    return f"{day.day} {month_name(day.month)} {day.year}"


def _in_order(decisions):
    """A service's decision counts in the fixed order of the labels, unknown ones last."""
    order = list(DECISION_LABELS.values()) + [UNDECIDED]
    rank = {label: n for n, label in enumerate(order)}
    return sorted(decisions.items(), key=lambda pair: rank.get(pair[0], len(order)))


def _environment():
    # StrictUndefined: a key missing from the model fails loudly rather than leaving an empty
    # field in a document that gets signed and filed.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(terbilang=number_words,
                       tanggal=_short_date, in_order=_in_order)
    return env


_ENV = _environment()


def render_html(template, model):
    """The HTML of one document (exposed for tests and for previewing in a browser)."""
    return _ENV.get_template(template).render(model=model, forum=model["forum"], dots=DOTS)


def _pdf(template, model):
    # base_url is the templates folder, so nothing relative can resolve anywhere else.
    html = HTML(string=render_html(template, model), base_url=TEMPLATES.as_uri() + "/",
                url_fetcher=_Refuser())
    return html.write_pdf()


def berita_acara_pdf(model):
    """The Berita Acara FKP (A4 portrait) as PDF bytes."""
    return _pdf("berita_acara.html", model)


def notulen_pdf(model):
    """The Notulen: the running record of every input, in the order given, as PDF bytes."""
    return _pdf("notulen.html", model)


def matriks_pdf(model):
    """The Matriks Masukan dan Tindak Lanjut (A4 landscape) as PDF bytes."""
    return _pdf("matriks.html", model)


def daftar_hadir_pdf(model):
    """The Daftar Hadir with a signature column; contact details only for audience internal."""
    return _pdf("daftar_hadir.html", model)
