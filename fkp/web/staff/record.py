"""After the forum: answer every input (response, decision, follow-up), write the
conclusions and choose who signs the Berita Acara. Editable until the forum is finalised."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...forums import forums
from ...inputs import comments
from ...people import participants
from ...record import responses as record
from ...store.db import get_db
from ...vocabulary import PUBLIC_GROUPS
from ..common import current_user, flash_errors, forum_or_403, login_required
from ..forms.common import choices
from ..forms.record import ConclusionForm, ConclusionTargetForm, ResponseForm, SignatoryForm

bp = Blueprint("record", __name__, url_prefix="/staff/forums")

# Input the organiser answers: everything but what a moderator hid or merged away.
_TO_ANSWER = """SELECT c.id FROM comments c WHERE c.forum_id = ? AND c.status != 'hidden'
                AND c.merged_into_id IS NULL ORDER BY c.service_id, c.aspect_id, c.id"""


def _response_form(comment_id, formdata=None, saved=None):
    data = dict(saved or {})
    if data.get("target_date"):
        data["target_date"] = date.fromisoformat(data["target_date"])
    return ResponseForm(formdata=formdata, prefix=f"r{comment_id}", data=data)


@bp.route("/<code>/responses")
@login_required
def responses(code):
    """Every input to answer, each with its response form."""
    db, forum = get_db(), forum_or_403(code, permissions.can_view_forum)
    rows = [comments.get(db, r[0]) for r in db.execute(_TO_ANSWER, [forum["id"]]).fetchall()]
    items = [(c, _response_form(c["id"], saved=record.response_of(db, c["id"]))) for c in rows]
    return render_template("staff/record/responses.html", forum=forum, items=items,
                           services=forums.services(db, forum["id"]), aspects=forums.aspects(db, forum["id"]),
                           can_write=permissions.can_write_record(current_user(), forum))


@bp.route("/<code>/responses/<int:comment_id>", methods=["POST"])
@login_required
def save_response(code, comment_id):
    """Save one input's response; errors come back beside the fields, text kept."""
    db, forum = get_db(), forum_or_403(code, permissions.can_write_record)
    form = _response_form(comment_id, formdata=request.form)
    if form.validate():
        try:
            record.save_response(db, forum, comment_id, current_user()["id"], **form.values())
        except DomainError as e:
            flash(e.message, "error")
        else:
            flash(_("Saved."), "success")
    else:
        flash_errors(form)
    return redirect(url_for(".responses", code=forum["code"]) + f"#c{comment_id}")


@bp.route("/<code>/conclusions", methods=["GET", "POST"])
@login_required
def conclusions(code):
    """The conclusion of each service and of the forum, and who signs for each group."""
    db, forum = get_db(), forum_or_403(code, permissions.can_view_forum)
    services = forums.services(db, forum["id"])
    if request.method == "POST":
        forum = forum_or_403(code, permissions.can_write_record)
        _save_conclusion(db, forum)
        return redirect(url_for(".conclusions", code=forum["code"]))
    written = record.conclusions(db, forum["id"])
    forms = [(None, ConclusionForm(prefix="kforum", data={"text": written.get(None, "")}))]
    forms += [(s, ConclusionForm(prefix=f"k{s['id']}", data={"text": written.get(s["id"], "")}))
              for s in services]
    return render_template("staff/record/conclusions.html", forum=forum, forms=forms,
                           signatories=_signatory_forms(db, forum),
                           can_write=permissions.can_write_record(current_user(), forum))


def _save_conclusion(db, forum):
    """Save the conclusion posted from one of the page's forms; its `target` says which."""
    target = ConclusionTargetForm()
    if not target.validate():
        flash_errors(target)
        return
    key = target.target.data
    form = ConclusionForm(prefix=f"k{key}")  # the form the target names: its text and CSRF token
    if not form.validate_on_submit():
        flash_errors(form)
        return
    try:
        record.save_conclusion(db, forum, None if key == "forum" else key, form.text.data or "",
                               current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
    else:
        flash(_("Saved."), "success")


def _signatory_forms(db, forum):
    chosen = record.signatories(db, forum["id"])
    people = participants.attendance(db, forum["id"])
    out = []
    for code in PUBLIC_GROUPS:
        members = [p for p in people if p["group_code"] == code and not p["deleted_utc"]]
        if not members:
            continue
        form = SignatoryForm(prefix=f"g{code}", data={"participant_id": (chosen.get(code) or {}).get("id")})
        form.participant_id.choices = choices([("", _("Nobody yet (blank line)")),
                                               *((p["id"], f"{p['name']} — {p['institution']}") for p in members)])
        out.append((code, form))
    return out


@bp.route("/<code>/signatories/<group>", methods=["POST"])
@login_required
def save_signatory(code, group):
    """Choose who signs the Berita Acara for one group."""
    db, forum = get_db(), forum_or_403(code, permissions.can_write_record)
    form = SignatoryForm(prefix=f"g{group}")
    if form.validate_on_submit():
        try:
            record.set_signatory(db, forum, group, form.participant_id.data, current_user()["id"])
            flash(_("Saved."), "success")
        except DomainError as e:
            flash(e.message, "error")
    return redirect(url_for(".conclusions", code=forum["code"]) + "#signatories")
