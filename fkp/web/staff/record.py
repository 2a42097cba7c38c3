"""After the forum: answer every input (response, decision, follow-up), a filtered page at a
time or several at once, write the conclusions and choose who signs the Berita Acara.
Editable until the forum is finalised; a refused form comes back with what was typed."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ... import permissions
from ...errors import DomainError
from ...forums import forums
from ...people import participants
from ...record import responses as record
from ...record import worklist
from ...store.db import get_db
from ...vocabulary import GROUPS, PUBLIC_GROUPS
from ..common import current_user, forum_or_403, login_required, show_error
from ..forms.common import ActionForm, choices, to_id
from ..forms.record import BulkResponseForm, ConclusionForm, SaveNextForm, SignatoryForm
from . import worklist_page as page

bp = Blueprint("record", __name__, url_prefix="/staff/forums")


@bp.route("/<code>/responses")
@login_required
def responses(code):
    """The inputs to answer, filtered and a page at a time, each with its response form; a
    form above them answers those ticked at once."""
    db, forum = get_db(), forum_or_403(code, permissions.can_view_forum)
    return page.render(db, forum)


@bp.route("/<code>/responses/<int:comment_id>", methods=["POST"])
@login_required
def save_response(code, comment_id):
    """Save one input's response, then back to it on the same filtered page (or, "save and
    next", on to the input after it). A refusal shows the page again, with what was typed and
    each error beside its field."""
    db, forum = get_db(), forum_or_403(code, permissions.can_write_record)
    form = page.response_form(comment_id, formdata=request.form)
    if not form.validate():
        return page.render(db, forum, refused=(comment_id, form), status=400)
    filters = page.filter_form(db, forum)
    listed = worklist.ids(db, forum["id"], filters.filters())
    try:
        record.save_response(db, forum, comment_id, current_user()["id"], **form.values())
    except DomainError as e:
        show_error(form, e)
        return page.render(db, forum, refused=(comment_id, form), status=e.status)
    flash(_("Saved: input #%(id)d.", id=comment_id), "success")
    target = comment_id
    if SaveNextForm(formdata=request.form).next.data:
        target = worklist.after(listed, comment_id)
        if target is None:
            flash(_("That was the last input in this list."), "success")
            target = comment_id
    elif comment_id not in worklist.ids(db, forum["id"], filters.filters()):
        flash(_("Input #%(id)d no longer matches the filter.", id=comment_id), "success")
        target = worklist.after(listed, comment_id) or comment_id
    return redirect(page.landing(db, forum, filters, page.page_number(listed, filters), target))


@bp.route("/<code>/responses/bulk", methods=["POST"])
@login_required
def save_bulk(code):
    """One answer for every input ticked: all saved in one transaction, or none (the refusal
    shown beside its field, with what was typed and ticked kept)."""
    db, forum = get_db(), forum_or_403(code, permissions.can_write_record)
    form = BulkResponseForm(prefix="bulk")
    chosen = form.chosen(page.MAX_BULK)  # all of the page's, when "all on this page" is ticked

    def refused(status, ids_error=None):
        return page.render(db, forum, bulk=form, chosen=chosen, ids_error=ids_error, status=status)
    if not form.validate():
        return refused(400)
    changes = form.changes()
    if not changes:
        form.response.errors.append(_("Write a response or choose a decision for the chosen inputs."))
        return refused(400)
    try:
        record.save_responses(db, forum, chosen, current_user()["id"], **changes)
    except DomainError as e:
        if e.field == "ids" or e.field not in form:
            return refused(e.status, ids_error=e.message)
        form[e.field].errors.append(e.message)
        return refused(e.status)
    flash(ngettext("Saved: %(num)d input.", "Saved: %(num)d inputs.", len(chosen)), "success")
    filters = page.filter_form(db, forum)
    return redirect(page.landing(db, forum, filters, to_id(request.args.get("page")) or 1, chosen[0]))


@bp.route("/<code>/conclusions", methods=["GET", "POST"])
@login_required
def conclusions(code):
    """The conclusion of the forum and of each service, and who signs for each group: one form,
    saved together in one transaction (a refusal shows everything typed again)."""
    db, forum = get_db(), forum_or_403(code, permissions.can_view_forum)
    posted = request.method == "POST"
    if posted:
        forum = forum_or_403(code, permissions.can_write_record)
    guard, texts, signers = ActionForm(), _conclusion_forms(db, forum), _signatory_forms(db, forum)
    can_write = permissions.can_write_record(current_user(), forum)
    if not can_write:  # shown as it stands, not as a form that looks as if it could be sent
        for form in [f for _s, f in texts] + [f for _c, f in signers]:
            for f in form:
                f.render_kw = {"disabled": True}
    status = 200
    if posted:
        valid = [guard.validate()] + [f.validate() for _s, f in texts] + [f.validate() for _g, f in signers]
        status = 400
        for message in guard.csrf_token.errors:  # no field to stand beside
            flash(message, "error")
        if all(valid):
            try:
                _save_all(db, forum, texts, signers)
            except DomainError as e:
                flash(e.message, "error")
                status = e.status
            else:
                flash(_("Saved."), "success")
                return redirect(url_for(".conclusions", code=forum["code"]))
    return render_template("staff/record/conclusions.html", forum=forum, guard=guard, forms=texts,
                           signatories=signers, can_write=can_write), status


def _save_all(db, forum, texts, signers):
    """Every conclusion and signatory the page sent, in one transaction (a field not sent is
    left as it is)."""
    record.save_conclusions(
        db, forum, {(s["id"] if s else None): f.text.data or "" for s, f in texts if f.text.raw_data},
        current_user()["id"],
        {group: f.participant_id.data for group, f in signers if f.participant_id.raw_data})


def _conclusion_forms(db, forum):
    """[(service or None for the whole forum, its form)], filled from what is written."""
    written, out = record.conclusions(db, forum["id"]), []
    for s in [None, *forums.services(db, forum["id"])]:
        form = ConclusionForm(prefix=f"k{s['id']}" if s else "kforum", meta={"csrf": False},
                              data={"text": written.get(s["id"] if s else None, "")})
        form.text.label.text = s["name"] if s else _("The whole forum")
        out.append((s, form))
    return out


def _signatory_forms(db, forum):
    chosen = record.signatories(db, forum["id"])
    people = participants.attendance(db, forum["id"])
    out = []
    for code in PUBLIC_GROUPS:
        members = [p for p in people if p["group_code"] == code and not p["deleted_utc"]]
        if not members:
            continue
        form = SignatoryForm(prefix=f"g{code}", meta={"csrf": False},
                             data={"participant_id": (chosen.get(code) or {}).get("id")})
        form.participant_id.label.text = str(GROUPS[code])
        form.participant_id.choices = choices([("", _("Nobody yet (blank line)")),
                                               *((p["id"], f"{p['name']} — {p['institution']}") for p in members)])
        out.append((code, form))
    return out
