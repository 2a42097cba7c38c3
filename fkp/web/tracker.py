"""The tracker: whoever gave an input follows it with its receipt code at /t/CODE, without an
account, as the tracking id of the national complaints channel (SP4N-LAPOR!) works (issue 17).

The page shows only what fkp/inputs/receipts.status() gives: the input, where it stands and
the organiser's answer, never who gave it. Lookups are limited per address, so codes cannot
be tried one after another; the pages stay out of search engines and caches.
"""
from flask import Blueprint, redirect, render_template, request, url_for

from ..inputs import receipts
from ..store.db import get_db
from .forms.common import TrackForm
from .limits import lookup_limit

bp = Blueprint("tracker", __name__, url_prefix="/t")
HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@bp.after_request
def private(response):
    """A receipt is as good as a password to its page: no cache keeps it, no index lists it."""
    response.headers.update(HEADERS)
    return response


@bp.route("", methods=["GET", "POST"])
def find():
    """The form to type a code: sent as ?kode= (a bookmarkable GET) or posted; both lead to
    /t/CODE."""
    if request.method == "POST":
        form = TrackForm()
        valid = form.validate_on_submit()
    else:
        form = TrackForm(formdata=request.args if "kode" in request.args else None, meta={"csrf": False})
        valid = "kode" in request.args and form.validate()
    if valid:
        code = receipts.normalise(form.kode.data)
        if code:
            return redirect(url_for(".status", receipt=code))
        # Not the shape of any code (a mistyped 0 or O, a character short): not found, with
        # what was typed kept for correcting. Nothing was looked up, so nothing is counted.
        return render_template("tracker/find.html", form=form, not_found=True), 404
    return render_template("tracker/find.html", form=form), 400 if form.errors else 200


@bp.route("/<receipt>")
@lookup_limit
def status(receipt):
    """What became of the input with this receipt; a 404 with the form again if none has it."""
    found = receipts.status(get_db(), receipt)
    if found is None:
        form = TrackForm(formdata=None, meta={"csrf": False}, data={"kode": receipt[:receipts.MAX_TYPED]})
        return render_template("tracker/find.html", form=form, not_found=True), 404
    if found["receipt"] != receipt:  # typed in another form: the page has one address
        return redirect(url_for(".status", receipt=found["receipt"]))
    return render_template("tracker/status.html", s=found)
