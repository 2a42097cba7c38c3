"""Staff home: the forums, their three URLs, and the minutes downloads."""
from flask import Blueprint, Response, abort, render_template

from .. import forums, minutes, permissions
from ..db import get_db
from ..exports import csv as csv_export, docx as docx_export
from ..forms import ActionForm
from .common import current_user, forum_or_404, login_required

bp = Blueprint("staff", __name__, url_prefix="/staff")

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/")
@login_required
def home():
    """Every forum with links to its moderator console, display and exports."""
    return render_template("staff/home.html", forums=forums.all_forums(get_db()),
                           logout_form=ActionForm())


def _download(code, build, content_type, suffix):
    forum = forum_or_404(code)
    if not permissions.can_export(current_user(), forum):
        abort(403)
    body = build(minutes.assemble(get_db(), forum))
    filename = f"{suffix}-{forum['code']}.{content_type[1]}"
    return Response(body, content_type=content_type[0],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/forums/<code>/berita-acara.docx")
@login_required
def berita_acara_docx(code):
    """The Berita Acara as an editable Word document."""
    return _download(code, docx_export.berita_acara, (DOCX_TYPE, "docx"), "berita-acara")


@bp.route("/forums/<code>/inputs.csv")
@login_required
def inputs_csv(code):
    """Every input with its status, for a spreadsheet."""
    return _download(code, csv_export.comments_csv, ("text/csv; charset=utf-8", "csv"), "masukan")
