"""The Maklumat Pelayanan (A4 portrait): the same content as exports/docx/maklumat.py."""
from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from ..docx.maklumat import PLEDGE, TITLE, scope
from . import layout
from .parts import signatures

NAME = "Maklumat Pelayanan"


def maklumat_pdf(model):
    """The Maklumat Pelayanan of the forum's unit, for the services it consulted, as PDF bytes."""
    forum = model["forum"]
    head = ([f"{forum['sign_place']}, {layout.DOTS[:24]}",
             forum["head_position"] or "Pimpinan Unit Penyelenggara"], forum["head_name"], forum["head_nip"])
    story = [*layout.kop(model), Spacer(1, 0.6 * cm),
             layout.para(TITLE, "h1"), layout.para(forum["unit"].upper(), "h1"), Spacer(1, 1 * cm),
             layout.para(PLEDGE, "pledge"), Spacer(1, 1 * cm),
             layout.para("Maklumat ini berlaku untuk layanan:", "h2"),
             *layout.numbered(s["name"] for s in model["services"]),
             layout.para(scope(forum), "closing"), Spacer(1, 0.8 * cm),
             *signatures([head], per_row=2, align="RIGHT")]
    return layout.build(model, NAME, story)
