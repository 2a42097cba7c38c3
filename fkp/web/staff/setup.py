"""Preparing forums (admin): create, edit details, services and aspects, drafts,
copy, the forum definition as a JSON file to save or share, and deleting a draft or the demo."""
import json
from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...forums import forums, library, removal, setup, structure
from ...store.db import get_db
from ...vocabulary import ALL_COMPONENTS, DELIVERY_COMPONENTS
from ..common import current_user, flash_errors, forum_or_403, forum_or_404, login_required, show_error
from ..forms.common import ActionForm, choices
from ..forms.setup import DefinitionUploadForm, DraftsForm, ForumForm, NewForumForm, StructureForm, lines
from ..uploads import accepts

# A forum file, and the drafts page of a large forum (a dozen services by the six components,
# each draft long, sent percent-encoded): more than the app's cap for a form.
DEFINITION_BYTES = 1_000_000
DRAFTS_BYTES = 2 * 1024 * 1024

bp = Blueprint("setup", __name__, url_prefix="/staff")


def _require(allowed):
    if not allowed:
        abort(403)


def _structure_choices(form, db):
    form.services.choices = choices((s["id"], s["name"]) for s in library.all_services(db))


def _structure(form):
    """(components, topics, service names) chosen in a structure form."""
    preset = form.aspect_preset.data
    components = {"delivery": DELIVERY_COMPONENTS, "all": ALL_COMPONENTS}.get(preset, [])
    topics = lines(form.topics.data) if preset == "custom" else []
    chosen = (library.get(get_db(), i) for i in form.services.data or [])
    names = [entry["name"] for entry in chosen if entry]
    return components, topics, names + [n for n in lines(form.new_services.data) if n not in names]


@bp.route("/forums/new", methods=["GET", "POST"])
@login_required
def new_forum():
    """A new forum: its details, the services it consults and the aspects discussed."""
    _require(permissions.can_create_forum(current_user()))
    db, form = get_db(), NewForumForm()
    _structure_choices(form, db)
    if form.validate_on_submit():
        components, topics, names = _structure(form)
        spec = {"details": {**form.details(), "agenda": lines(form.agenda.data)},
                "components": components, "topics": topics,
                "services": [{"name": n, "description": "", "drafts": {}} for n in names]}
        if not names:
            form.new_services.errors.append(_("Choose at least one service."))
        else:
            try:
                forum_id = setup.create_from_definition(db, spec, current_user()["id"])
            except DomainError as e:
                show_error(form, e)
            else:
                flash(_("The forum was created. Write the draft texts next."), "success")
                return redirect(url_for(".drafts", code=forums.get(db, forum_id)["code"]))
    return render_template("staff/setup/forum_form.html", form=form, forum=None), 400 if form.errors else 200


@bp.route("/forums/<code>/edit", methods=["GET", "POST"])
@login_required
def edit_forum(code):
    """Change a forum's details until its record is final."""
    db, forum = get_db(), forum_or_403(code, permissions.can_edit_forum)
    form = ForumForm(data={**forum, "date": _date(forum["date"]),
                           "agenda": "\n".join(setup.agenda(forum))})
    if form.validate_on_submit():
        try:
            setup.update_details(db, forum, form.details(), lines(form.agenda.data),
                                 current_user()["id"])
        except DomainError as e:
            show_error(form, e)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("staff.forum", code=forum["code"]))
    return render_template("staff/setup/forum_form.html", form=form, forum=forum), 400 if form.errors else 200


def _date(iso):
    try:
        return date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


@bp.route("/forums/<code>/structure", methods=["GET", "POST"])
@login_required
def edit_structure(code):
    """Services and aspects, while the forum is a draft."""
    db, forum = get_db(), forum_or_403(code, permissions.can_edit_structure)
    aspects = forums.aspects(db, forum["id"])
    topics = [a["name"] for a in aspects if not a["component"]]
    components = [a["component"] for a in aspects if a["component"]]
    preset = "custom" if topics else ("all" if len(components) == len(ALL_COMPONENTS) else "delivery")
    form = StructureForm(data={"aspect_preset": preset, "topics": "\n".join(topics),
                               "services": [s["library_id"] for s in _services(db, forum)]})
    _structure_choices(form, db)
    if form.validate_on_submit():
        components, topics, names = _structure(form)
        try:
            structure.replace(db, forum, components=components, topics=topics, service_names=names,
                              user_id=current_user()["id"])
        except DomainError as e:
            show_error(form, e)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".drafts", code=forum["code"]))
    return render_template("staff/setup/structure.html", form=form, forum=forum), 400 if form.errors else 200


def _services(db, forum):
    return list(db.query("SELECT id, name, library_id FROM services WHERE forum_id = ? "
                         "ORDER BY position", [forum["id"]]))


@bp.route("/forums/<code>/drafts", methods=["GET", "POST"])
@accepts(DRAFTS_BYTES)
@login_required
def drafts(code):
    """The draft text of each service × aspect, which phones and the display show."""
    db, forum = get_db(), forum_or_403(code, permissions.can_edit_forum)
    form, services, aspects = DraftsForm(), forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    texts = forums.drafts(db, forum["id"])
    if form.is_submitted():
        # Every pair of the forum, as posted: a pair left out of the post is emptied.
        wanted = {(s["id"], a["id"]): form.draft.data.get((s["id"], a["id"]), "") for s in services for a in aspects}
        if not form.validate_on_submit():
            flash_errors(form)
        else:
            try:
                structure.save_drafts(db, forum, wanted, current_user()["id"])
            except DomainError as e:
                flash(e.message, "error")
            else:
                flash(_("Saved."), "success")
                return redirect(url_for("staff.forum", code=forum["code"]))
        texts = {f"{s}:{a}": t for (s, a), t in wanted.items()}  # refused: what was typed stays
    return render_template("staff/setup/drafts.html", forum=forum, form=form, services=services,
                           aspects=aspects, texts=texts)


@bp.route("/forums/<code>/copy", methods=["POST"])
@login_required
def copy_forum(code):
    """Start a new forum from this one: same definition, no attendees, no input."""
    db, forum = get_db(), forum_or_404(code)
    _require(permissions.can_create_forum(current_user()) and ActionForm().validate_on_submit())
    new = forums.get(db, setup.copy(db, forum, current_user()["id"]))
    flash(_("A copy was made. Check its date and details."), "success")
    return redirect(url_for(".edit_forum", code=new["code"]))


@bp.route("/forums/<code>/review", methods=["POST"])
@login_required
def review_forum(code):
    """The yearly review: a new forum whose drafts are this one's final texts, following up
    this one's promises."""
    db, forum = get_db(), forum_or_404(code)
    _require(permissions.can_create_forum(current_user()) and ActionForm().validate_on_submit())
    new = forums.get(db, setup.review(db, forum, current_user()["id"]))
    flash(_("The review forum was made: its drafts are the final texts of the forum before. "
            "Check its date and details."), "success")
    return redirect(url_for(".edit_forum", code=new["code"]))


@bp.route("/forums/<code>/definition.json")
@login_required
def export_definition(code):
    """The forum's definition as a JSON file, to keep or to share with another office."""
    forum = forum_or_403(code, permissions.can_view_forum)
    body = json.dumps(setup.definition(get_db(), forum), ensure_ascii=False, indent=2)
    return Response(body, content_type="application/json; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="forum-{forum["code"]}.json"'})


@bp.route("/forums/import", methods=["GET", "POST"])
@accepts(DEFINITION_BYTES)
@login_required
def import_definition():
    """Create a draft forum from a definition file."""
    _require(permissions.can_create_forum(current_user()))
    form = DefinitionUploadForm()
    if form.validate_on_submit():
        try:
            spec = setup.parse_definition(form.file.data.read(DEFINITION_BYTES))
            forum_id = setup.create_from_definition(get_db(), spec, current_user()["id"])
        except DomainError as e:
            form.file.errors.append(e.message)
        else:
            flash(_("The forum was created from the file."), "success")
            return redirect(url_for("staff.forum", code=forums.get(get_db(), forum_id)["code"]))
    return render_template("staff/setup/import.html", form=form), 400 if form.errors else 200


@bp.route("/forums/<code>/delete")
@login_required
def confirm_delete(code):
    """Ask before deleting a draft or the demo: it cannot be undone."""
    db, forum = get_db(), forum_or_403(code, permissions.can_delete_forum)
    if not removal.is_deletable(forum):
        flash(_("Only a draft forum or the demo forum can be deleted. This forum has already run: "
                "its record is kept."), "error")
        return redirect(url_for("staff.forum", code=forum["code"]))
    return render_template("staff/setup/delete.html", forum=forum, form=ActionForm(),
                           counts=removal.contents(db, forum["id"]))


@bp.route("/forums/<code>/delete", methods=["POST"])
@login_required
def delete(code):
    """Delete a draft forum or the demo, with everything in it."""
    forum = forum_or_403(code, permissions.can_delete_forum)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        removal.remove(get_db(), forum, current_user()["id"], current_app.config["DATABASE"])
    except DomainError as e:
        flash(e.message, "error")
        return redirect(url_for("staff.forum", code=forum["code"]))
    flash(_("The forum %(code)s (%(title)s) was deleted.", code=forum["code"], title=forum["title"]), "success")
    return redirect(url_for("staff.home"))
