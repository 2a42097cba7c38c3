"""One step setuptools does not do by itself: compile the message catalogs into the wheel.

Everything else about the package is in pyproject.toml. A checkout never holds .mo files
(fkp/language/i18n.py compiles them into the instance folder at start-up); an installed
fkp finds them in its package, compiled here from the same .po files with Babel.
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGS = Path("fkp") / "language" / "translations"


class BuildWithCatalogs(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout, where the app compiles them itself
        for po_path in CATALOGS.glob("*/LC_MESSAGES/*.po"):
            mo_path = Path(self.build_lib) / po_path.with_suffix(".mo")
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as f:
                catalog = read_po(f)
            with mo_path.open("wb") as f:
                write_mo(f, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})
