"""Chat-log upload for online and hybrid forums: the chat Zoom saved becomes pending online
input, waiting in the moderator console for its service and aspect.

Two steps, without JavaScript: the upload shows who wrote (with how many messages), where
staff tick the host and co-hosts (their messages are not input) and confirm each name
offered as an attendee already on the list; then the import. Between the two the file waits
on the server (web/held_uploads.py), named in the page by a token.

Importing the same file again adds nothing (the importer knows each message), so a reload
that posts the form again is harmless.
"""
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ... import permissions
from ...errors import DomainError
from ...extensions import socketio
from ...forums import forums
from ...inputs import chat_import
from ...store.db import get_db
from .. import held_uploads
from ..common import current_user, forum_or_403, login_required
from ..forms.common import ChatImportForm, ChatUploadForm
from ..uploads import accepts, megabytes

bp = Blueprint("chat", __name__, url_prefix="/m")
# A day-long forum's saved chat is well under this; a larger file is not a chat log.
MAX_FILE_BYTES = 1024 * 1024


def _may_see_page(user, forum):
    """Moderators of the forum get the page in every status (it says when import is possible);
    whoever could not import even while the forum runs may not."""
    return permissions.can_import_chat(user, {**forum, "status": "open"})


@bp.route("/<code>/chat", methods=["GET", "POST"])
@accepts(MAX_FILE_BYTES)
@login_required
def upload(code):
    """Upload a saved chat (.txt); show who wrote in it, to choose the hosts and confirm names."""
    forum, user = forum_or_403(code, _may_see_page), current_user()
    allowed = permissions.can_import_chat(user, forum)
    form = ChatUploadForm()
    status = 200
    if allowed and form.validate_on_submit():
        data = form.chat_file.data.read()
        try:
            senders = chat_import.senders(get_db(), forum, chat_import.read(data))
        except DomainError as e:
            form.chat_file.errors.append(e.message)
            status = e.status
        else:
            token = held_uploads.hold(data, _owner(forum, user))
            return _preview(forum, senders, ChatImportForm(formdata=None, token=token),
                            form.chat_file.data.filename)
    elif request.method == "POST":
        status = 400 if allowed else 409  # not allowed: the page says when import is possible
    return _page(forum, form, None, allowed), status


@bp.route("/<code>/chat/import", methods=["POST"])
@login_required
def confirm(code):
    """Import the chat held since its upload, leaving out the ticked hosts' messages and
    giving each confirmed name's messages to the attendee it was offered as."""
    forum, user = forum_or_403(code, _may_see_page), current_user()
    if not permissions.can_import_chat(user, forum):
        return _page(forum, ChatUploadForm(formdata=None), None, False), 409
    form = ChatImportForm()
    valid = form.validate_on_submit()
    if "csrf_token" in form.errors:
        abort(400)
    data = held_uploads.held(form.token.data, _owner(forum, user)) if valid else None
    if data is None:  # the rest of the form are ticks: only the token can be wrong
        upload_form = ChatUploadForm(formdata=None)
        upload_form.chat_file.errors = [*form.token.errors, _(
            "The uploaded chat is no longer kept on the server (it is kept for two hours). Choose "
            "the file again. Nothing was imported.")]
        return _page(forum, upload_form, None, True), 400
    db, same = get_db(), set(form.same.data or [])
    try:
        offered = [s.name for s in chat_import.senders(db, forum, chat_import.read(data)) if s.match]
        result = chat_import.import_chat(
            db, forum, data, user["id"], hosts=form.host.data or [],
            separate=[name for name in offered if name not in same], pause=lambda: socketio.sleep(0))
    except DomainError as e:  # the record became final meanwhile
        upload_form = ChatUploadForm(formdata=None)
        upload_form.chat_file.errors = [e.message]
        return _page(forum, upload_form, None, permissions.can_import_chat(user, forum)), e.status
    held_uploads.drop(form.token.data, _owner(forum, user))
    return _page(forum, ChatUploadForm(formdata=None), result, True)


def _owner(forum, user):
    """Whose held chat it is: the same staff member importing into the same forum."""
    return f"{forum['id']}-{user['id']}"


def _preview(forum, senders, form, filename):
    return render_template("staff/chat/preview.html", forum=forum, form=form, senders=senders,
                           filename=filename,
                           messages=sum(s.messages for s in senders),
                           offered=[s for s in senders if s.match])


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """The route caps its request at MAX_FILE_BYTES (before the view runs): say what that
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
    return megabytes(MAX_FILE_BYTES)
