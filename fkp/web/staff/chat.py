"""Chat-log upload for online and hybrid forums: the chat Zoom saved becomes pending online
input, waiting in the moderator console for its service and aspect.

Importing the same file again adds nothing (the importer knows each message), so a reload
that posts the form again is harmless.
"""
from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ... import permissions
from ...errors import DomainError
from ...forums import forums
from ...inputs import chat_import
from ...store.db import get_db
from ..common import current_user, forum_or_403, login_required
from ..forms.common import ChatUploadForm

bp = Blueprint("chat", __name__, url_prefix="/m")


def _may_see_page(user, forum):
    """Moderators of the forum get the page in every status (it says when import is possible);
    whoever could not import even while the forum runs may not."""
    return permissions.can_import_chat(user, {**forum, "status": "open"})


@bp.route("/<code>/chat", methods=["GET", "POST"])
@login_required
def upload(code):
    """Upload a saved chat (.txt) and show what it added."""
    forum, user = forum_or_403(code, _may_see_page), current_user()
    allowed = permissions.can_import_chat(user, forum)
    form = ChatUploadForm()
    result, status = None, 200
    if allowed and form.validate_on_submit():
        try:
            result = chat_import.import_chat(get_db(), forum, form.chat_file.data.read(), user["id"])
        except DomainError as e:
            form.chat_file.errors.append(e.message)
            status = e.status
    elif request.method == "POST":
        status = 400 if allowed else 409  # not allowed: the page says when import is possible
    return _page(forum, form, result, allowed), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """The app caps every request at MAX_CONTENT_LENGTH (before the view runs): say what that
    means for a chat file, on the upload page when the person may see it."""
    message = _("The file is larger than %(n)d MB, so it is not a saved meeting chat. Choose the "
                ".txt file that Zoom saved. Nothing was imported.", n=_max_mb())
    forum = forums.get_by_code(get_db(), (request.view_args or {}).get("code", ""))
    if forum is None or not _may_see_page(current_user(), forum):
        return render_template("error.html", message=message), 413
    form = ChatUploadForm(formdata=None)  # the body is not read: it is too large
    form.chat_file.errors = [message]
    return _page(forum, form, None, permissions.can_import_chat(current_user(), forum)), 413


def _page(forum, form, result, allowed):
    return render_template("staff/chat/upload.html", forum=forum, form=form, result=result,
                           allowed=allowed, max_mb=_max_mb())


def _max_mb():
    return max(1, current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))
