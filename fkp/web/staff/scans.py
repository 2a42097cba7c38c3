"""The signed scans of the Berita Acara and the Daftar Hadir, kept on the documents page: upload
(or replace), download, remove. They may be kept in every state of the forum
(permissions.can_keep_signed_scans): a signed scan mostly exists once the record is final."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ... import permissions
from ...errors import DomainError
from ...record import scans
from ...store.db import get_db
from ..common import current_user, forum_or_403, login_required
from ..forms.common import ActionForm
from ..forms.record import ScanForm
from ..uploads import accepts, megabytes
from .documents import page, too_large_page

bp = Blueprint("scans", __name__, url_prefix="/staff/forums")


def _kind_or_404(kind):
    if kind not in scans.KINDS:
        abort(404)
    return kind


def _back(forum):
    return redirect(url_for("documents.index", code=forum["code"]) + "#scans")


@bp.route("/<code>/scans/<kind>", methods=["POST"])
@accepts(scans.MAX_BYTES)
@login_required
def upload(code, kind):
    """Keep the signed scan of one document, replacing the one kept before."""
    forum = forum_or_403(code, permissions.can_keep_signed_scans)
    form = ScanForm(prefix=_kind_or_404(kind))
    if form.validate_on_submit():
        try:
            scans.keep(get_db(), forum, kind, form.scan.data.filename or "",
                       form.scan.data.read(scans.MAX_BYTES + 1), current_user()["id"])
        except DomainError as e:
            form.scan.errors.append(e.message)
            return page(forum, scan_forms={kind: form}, status=e.status)
        flash(_("The signed scan is kept."), "success")
        return _back(forum)
    return page(forum, scan_forms={kind: form}, status=400)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    def refuse(forum):
        kind = request.view_args["kind"]
        if kind not in scans.KINDS:
            return render_template("error.html", message=_("Not found.")), 404
        form = ScanForm(prefix=kind, formdata=None)  # the body is not read: it is too large
        form.scan.errors = [_("The scan is larger than %(n)d MB, so it was not kept. Scan it again at a "
                              "lower resolution or in black and white.", n=megabytes(scans.MAX_BYTES))]
        return page(forum, scan_forms={kind: form}, status=413)
    return too_large_page("scans.upload", refuse)


@bp.route("/<code>/scans/<kind>")
@login_required
def download(code, kind):
    """The kept scan, with its sniffed type: a PDF as an attachment, an image shown; never HTML."""
    forum = forum_or_403(code, permissions.can_export)
    found = scans.get(get_db(), forum["id"], _kind_or_404(kind))
    if found is None:
        abort(404)
    name = f"{scans.STEMS[kind]}-{forum['code']}.{scans.EXTENSIONS[found['content_type']]}"
    disposition = "attachment" if found["content_type"] == "application/pdf" else "inline"
    return Response(scans.data_of(get_db(), forum["id"], kind), content_type=found["content_type"],
                    headers={"Content-Disposition": f'{disposition}; filename="{name}"',
                             "Cache-Control": "private, no-store"})


@bp.route("/<code>/scans/<kind>/remove", methods=["POST"])
@login_required
def remove(code, kind):
    """Remove the kept scan (a wrong file); the audit log names it."""
    forum = forum_or_403(code, permissions.can_keep_signed_scans)
    if ActionForm().validate_on_submit():
        try:
            scans.remove(get_db(), forum, _kind_or_404(kind), current_user()["id"])
            flash(_("The signed scan is removed."), "success")
        except DomainError as e:
            flash(e.message, "error")
    return _back(forum)
