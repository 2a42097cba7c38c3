"""Languages: Indonesian first, English second, through gettext catalogs.

Messages are written in English in the code and that English is what English readers see,
so only Indonesian has a catalog (translations/id); tests/language/test_i18n.py checks both.

The .po files are the source. An installed fkp carries them compiled (setup.py builds the
.mo into the wheel); a checkout never carries binary .mo files, so they are compiled into
the instance folder at start-up and nothing is ever written into the package.
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..extensions import babel

SOURCE_DIR = Path(__file__).resolve().parent / "translations"


def compile_catalogs(target_dir):
    """Compile every .po under SOURCE_DIR into target_dir when missing or stale."""
    for po_path in SOURCE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo_path = Path(target_dir) / po_path.relative_to(SOURCE_DIR).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as f:
            catalog = read_po(f)
        tmp = mo_path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo_path)


def compiled_in_package():
    """True when every catalog has its .mo beside it: an installed wheel (setup.py). Not their
    times: an installer may write the .po after the .mo it was compiled from."""
    sources = list(SOURCE_DIR.glob("*/LC_MESSAGES/*.po"))
    return bool(sources) and all(po.with_suffix(".mo").is_file() for po in sources)


def init_app(app, locale_selector):
    """Find or compile the catalogs and bind Flask-Babel; `locale_selector` is the web's: the
    language a person chose is a matter of their request, not of the catalogs."""
    if compiled_in_package():
        target = SOURCE_DIR
    else:
        target = Path(app.instance_path) / "translations"
        compile_catalogs(target)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target)
    babel.init_app(app, locale_selector=locale_selector)
