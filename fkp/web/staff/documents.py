"""A forum's documents: every download (from the export registry), the evidence pack, and
the photos staff upload for it."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...exports import builds, registry
from ...record import minutes, photos
from ...store.db import get_db
from ..common import current_user, flash_errors, forum_or_403, login_required
from ..forms.common import ActionForm
from ..forms.record import PhotoForm

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
    pack_photos = photos.with_data(db, forum["id"]) if name == "evidence" else ()
    job = builds.job(forum["code"], name, fmt, minutes.models(db, forum), pack_photos)
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
    """Every document of the forum, and its photos."""
    forum = forum_or_403(code, permissions.can_export)
    return render_template("staff/documents/documents.html", forum=forum, documents=registry.DOCUMENTS,
                           photos=photos.listing(get_db(), forum["id"]), photo_form=PhotoForm(),
                           action_form=ActionForm(),
                           can_write=permissions.can_write_record(current_user(), forum))


@bp.route("/<code>/documents/<name>.<fmt>")
@login_required
def get(code, name, fmt):
    return download(forum_or_403(code, permissions.can_export), name, fmt)


@bp.route("/<code>/photos", methods=["POST"])
@login_required
def upload_photo(code):
    """Add one photo (the request may be larger than a form: photos are up to 5 MB)."""
    request.max_content_length = photos.MAX_BYTES + 64 * 1024
    forum = forum_or_403(code, permissions.can_write_record)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photos.add(get_db(), forum, form.photo.data.filename or "foto",
                       form.photo.data.read(photos.MAX_BYTES + 1), form.caption.data or "", current_user()["id"])
            flash(_("Saved."), "success")
        except DomainError as e:
            flash(e.message, "error")
    else:
        flash_errors(form)
    return redirect(url_for(".index", code=forum["code"]) + "#photos")


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
