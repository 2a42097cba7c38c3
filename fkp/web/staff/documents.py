"""A forum's documents: every download (from the export registry), the evidence pack, the
photos staff upload for it, and the page the signed scans are kept on (web/staff/scans.py)."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ... import permissions
from ...errors import DomainError
from ...exports import builds, registry
from ...forums import forums
from ...record import minutes, photos, scans
from ...store.db import get_db
from ..common import current_user, forum_or_403, login_required
from ..forms.common import ActionForm
from ..forms.record import PhotoForm, ScanForm
from ..uploads import accepts, megabytes

bp = Blueprint("documents", __name__, url_prefix="/staff/forums")


def _builds():
    """This process's document builds, kept in a folder beside the database."""
    if "fkp_builds" not in current_app.extensions:
        folder = builds.folder_beside(current_app.config["DATABASE"])
        current_app.extensions["fkp_builds"] = builds.Builds(folder)
    return current_app.extensions["fkp_builds"]


def download(forum, name, fmt):
    """Send one document as an attachment, built by a worker process (or kept from before);
    while a large one is still being built, a page that reloads itself until it is ready."""
    if (name, fmt) not in registry.DOCUMENTS and (name, fmt) != ("evidence", "zip"):
        abort(404)
    db = get_db()
    evidence = name == "evidence"
    job = builds.job(forum["code"], name, fmt, minutes.models(db, forum),
                     photos.with_data(db, forum["id"]) if evidence else (),
                     scans.with_data(db, forum["id"]) if evidence else ())
    result = _builds().get(job, current_app.config["DOCUMENT_WAIT_S"])
    if result.state == "building":
        return render_template("staff/documents/preparing.html", forum=forum), 202
    if result.state == "failed":
        current_app.logger.error("building %s.%s of %s failed: %s", name, fmt, forum["code"], result.message)
        return render_template("error.html", message=_(
            "The document could not be built. Try again; if it fails again, tell the administrator "
            "(the reason is in the server log).")), 500
    content_type = "application/zip" if fmt == "zip" else registry.DOCUMENTS[(name, fmt)].content_type
    response = send_file(result.path, mimetype=content_type, conditional=False, etag=False)
    response.headers["Content-Disposition"] = \
        f'attachment; filename="{registry.filename(name, fmt, forum["code"])}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<code>/documents")
@login_required
def index(code):
    """Every document of the forum, its signed scans and its photos."""
    return page(forum_or_403(code, permissions.can_export))


def page(forum, photo_form=None, scan_forms=None, status=200):
    """The documents page; a refused upload comes back with its form, the error beside the file."""
    db, user = get_db(), current_user()
    scan_forms = {kind: (scan_forms or {}).get(kind) or ScanForm(prefix=kind, formdata=None)
                  for kind in scans.KINDS}
    return render_template("staff/documents/documents.html", forum=forum, documents=registry.DOCUMENTS,
                           photos=photos.listing(db, forum["id"]),
                           photo_form=photo_form or PhotoForm(formdata=None),
                           scans=scans.listing(db, forum["id"]), scan_kinds=scans.KINDS,
                           scan_forms=scan_forms, action_form=ActionForm(formdata=None),
                           can_write=permissions.can_write_record(user, forum),
                           can_keep_scans=permissions.can_keep_signed_scans(user, forum)), status


def too_large_page(upload_endpoint, refuse):
    """The page for a request larger than its route accepts (refused before the view runs): for
    the upload `upload_endpoint`, refuse(forum) returns the page with the message beside the
    file, for someone who may see the documents; anything else gets the message alone."""
    forum = forums.get_by_code(get_db(), (request.view_args or {}).get("code", ""))
    if request.endpoint != upload_endpoint or forum is None \
            or not permissions.can_export(current_user(), forum):
        return render_template("error.html", message=_("The request is too large.")), 413
    return refuse(forum)


@bp.route("/<code>/documents/<name>.<fmt>")
@login_required
def get(code, name, fmt):
    return download(forum_or_403(code, permissions.can_export), name, fmt)


@bp.route("/<code>/photos", methods=["POST"])
@accepts(photos.MAX_BYTES)
@login_required
def upload_photo(code):
    """Add one photo (up to photos.MAX_BYTES: the route accepts more than a form's 64 KB)."""
    forum = forum_or_403(code, permissions.can_write_record)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photos.add(get_db(), forum, form.photo.data.filename or "foto",
                       form.photo.data.read(photos.MAX_BYTES + 1), form.caption.data or "", current_user()["id"])
        except DomainError as e:
            form.photo.errors.append(e.message)
            return page(forum, photo_form=form, status=e.status)
        flash(_("Saved."), "success")
        return redirect(url_for(".index", code=forum["code"]) + "#photos")
    return page(forum, photo_form=form, status=400)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    def refuse(forum):
        if not permissions.can_write_record(current_user(), forum):  # no photo form to show it on
            return render_template("error.html", message=_("You may not do this.")), 403
        form = PhotoForm(formdata=None)  # the body is not read: it is too large
        form.photo.errors = [_("The photo is larger than %(n)d MB, so it was not saved. Choose a "
                               "smaller photo.", n=megabytes(photos.MAX_BYTES))]
        return page(forum, photo_form=form, status=413)
    return too_large_page("documents.upload_photo", refuse)


@bp.route("/<code>/photos/<int:photo_id>")
@login_required
def photo(code, photo_id):
    """One photo, for staff (served with its sniffed type; never as HTML)."""
    found = photos.get(get_db(), forum_or_403(code, permissions.can_view_forum)["id"], photo_id)
    if found is None:
        abort(404)
    return Response(found["data"], content_type=found["content_type"],
                    headers={"Content-Disposition": "inline", "Cache-Control": "private, max-age=3600"})


@bp.route("/<code>/photos/<int:photo_id>/remove", methods=["POST"])
@login_required
def remove_photo(code, photo_id):
    forum = forum_or_403(code, permissions.can_write_record)
    if ActionForm().validate_on_submit():
        photos.remove(get_db(), forum, photo_id, current_user()["id"])
    return redirect(url_for(".index", code=forum["code"]) + "#photos")
