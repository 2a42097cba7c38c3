"""The restricted words (admin): the project's list (fkp/language/kata_terlarang_id.txt) and the
words staff add to it. An input with one of them is marked in the moderator's queue; a word
added applies to input sent from then on."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...inputs import flags, restricted_words
from ...store.db import get_db
from ..common import current_user, login_required
from ..forms.common import ActionForm
from ..forms.setup import RestrictedWordForm

bp = Blueprint("restricted_words", __name__, url_prefix="/staff/restricted-words")


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    """Both lists, and a form to add a word."""
    if not permissions.can_manage_restricted_words(current_user()):
        abort(403)
    db = get_db()
    form = RestrictedWordForm()
    if form.validate_on_submit():
        try:
            word = restricted_words.add(db, form.word.data, current_user()["id"])
        except DomainError as e:
            form.word.errors.append(e.message)
        else:
            flash(_("“%(word)s” was added. Input sent from now on is checked for it.", word=word),
                  "success")
            return redirect(url_for(".index"))
    return render_template("staff/restricted_words/index.html", form=form, built_in=flags.BUILT_IN,
                           added=restricted_words.listed(db), action_form=ActionForm()), 400 if form.errors else 200


@bp.route("/<int:word_id>/remove", methods=["POST"])
@login_required
def remove(word_id):
    """Take a word staff added off the list."""
    if not permissions.can_manage_restricted_words(current_user()):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        word = restricted_words.remove(get_db(), word_id, current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
    else:
        flash(_("“%(word)s” was removed. Input already marked for it keeps its mark.", word=word), "success")
    return redirect(url_for(".index"))
