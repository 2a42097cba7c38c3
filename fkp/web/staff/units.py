"""A unit's page: its forums year by year as the national evaluation reads them (the unsur
that took part, what was promised and how much is done, the signed scans kept), and the
evaluation dossier of a year to download. Staff see the forums they may see; admins all."""
from flask import Blueprint, abort, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ... import permissions
from ...exports import builds
from ...forums import forums, units
from ...record import minutes, photos, review, scans
from ...store.db import get_db
from ..common import current_user, login_required
from .documents import _builds

bp = Blueprint("units", __name__, url_prefix="/staff/units")


def _visible():
    user = current_user()
    return None if permissions.is_admin(user) else {
        f["id"] for f in forums.all_forums(get_db()) if permissions.can_view_forum(user, f)}


def _unit_years(name):
    found = review.years(get_db(), name, _visible())
    if not found:
        abort(404)
    return found


@bp.route("/")
@login_required
def index():
    """Every unit with forums the staff member can see; one unit's page with ?unit=NAME."""
    name = request.args.get("unit", "").strip()
    if not name:
        return render_template("staff/units/index.html", units=review.units(get_db(), _visible()))
    return render_template("staff/units/unit.html", unit=name, years=_unit_years(name))


@bp.route("/dossier")
@login_required
def dossier():
    """The evaluation dossier of ?unit=NAME for ?year=YYYY: built by a worker process (or kept
    from before); a page that reloads itself while a large one is still being built."""
    name, year = request.args.get("unit", "").strip(), request.args.get("year", "")
    held = dict(_unit_years(name)).get(year) or abort(404)
    db = get_db()
    parts = []
    for summary in reversed(held):  # the year's forums in date order
        forum = forums.get(db, summary["id"])
        parts.append({"summary": summary, "model": minutes.assemble(db, forum),
                      "photos": [dict(p) for p in photos.with_data(db, forum["id"])],
                      "scans": [dict(s) for s in scans.with_data(db, forum["id"])]})
    job = builds.dossier_job(name, year, units.letterhead(db, name), parts)
    result = _builds().get(job, current_app.config["DOCUMENT_WAIT_S"])
    if result.state == "building":
        return render_template("staff/documents/preparing.html", forum=None,
                               back_url=url_for("units.index", unit=name)), 202
    if result.state == "failed":
        current_app.logger.error("building the dossier of %s %s failed: %s", name, year, result.message)
        return render_template("error.html", message=_(
            "The document could not be built. Try again; if it fails again, tell the administrator "
            "(the reason is in the server log).")), 500
    response = send_file(result.path, mimetype="application/zip", conditional=False, etag=False)
    response.headers["Content-Disposition"] = f'attachment; filename="berkas-evaluasi-fkp-{year}.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response
