"""The revised standard after the forum: an overview of every service × component with its
state and how complete the standard is, and one page per component of a service to write
its final text from the draft, ticking the inputs (with their decisions and responses) that
led to it, or to keep the draft as it was. Readable by the forum's staff; written as the
responses are (permissions.can_write_record), until the record is finalised. A refused save
shows the page again with what was typed and ticked."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...standards import citations, sources, texts
from ...store.db import get_db
from ..common import current_user, forum_or_403, login_required, show_error
from ..forms.standard import StandardTextForm

bp = Blueprint("standard", __name__, url_prefix="/staff/forums")


@bp.route("/<code>/standard")
@login_required
def overview(code):
    """Every service × the fourteen components, each with its state and a link to write it."""
    db, forum = get_db(), forum_or_403(code, permissions.can_view_forum)
    accepted = citations.accepted(db, forum["id"])
    return render_template(
        "staff/standard/overview.html", forum=forum, standard=texts.standard(db, forum["id"]),
        completeness=texts.completeness(db, forum["id"]), accepted=len(accepted),
        uncited=[row for row in accepted if row["not_yet"]],
        can_write=permissions.can_write_record(current_user(), forum))


@bp.route("/<code>/standard/<int:service_id>/<component>", methods=["GET", "POST"])
@login_required
def edit(code, service_id, component):
    """One component of one service: the draft, the inputs on it, the final text."""
    db, forum = get_db(), forum_or_403(code, permissions.can_view_forum)
    try:
        service, entry = texts.entry(db, forum["id"], service_id, component)
    except DomainError:
        abort(404)
    status = 200
    if request.method == "POST":
        forum = forum_or_403(code, permissions.can_write_record)
        form = StandardTextForm()
        status = 400
        if form.validate():
            try:
                texts.save(db, forum, service["id"], component, current_user()["id"], **form.values())
            except DomainError as e:
                show_error(form, e)
                status = e.status
            else:
                flash(_("Saved: %(component)s — %(service)s.", component=entry["name"], service=service["name"]),
                      "success")
                return redirect(url_for(".overview", code=forum["code"], _anchor=f"s{service['id']}-{component}"))
        ticked = form.ticked()
    else:
        form = StandardTextForm(formdata=None, data={"text": entry["final"] or entry["draft"]})
        ticked = {linked["id"] for linked in entry["inputs"]}
    on_service = sources.of_service(db, forum["id"], service["id"])
    return render_template(
        "staff/standard/edit.html", forum=forum, service=service, entry=entry, form=form, ticked=ticked,
        here=[row for row in on_service if row["component"] == component],
        others=[row for row in on_service if row["component"] != component],
        can_write=permissions.can_write_record(current_user(), forum)), status
