"""WTForms for the moderator console's commands that carry more than a button: merge, merge
a group, correct, and the display's mode and order. (The focus form is FocusForm in common.py.)

Each field is named as the argument of its command in fkp/commands.py, so a valid form's
data is the command's payload. A refusal says what the domain said before these forms
existed, so a moderator reads the same message whichever way the command came.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from ...forums.display import MODES, SORTS
from ...inputs.comments import MAX_CHARS
from ...inputs.moderation import MAX_AT_ONCE
from ...vocabulary import KINDS
from .common import IdField, choices, to_id

UNKNOWN_MODE = _l("Unknown display mode.")
UNKNOWN_SORT = _l("Unknown sort order.")


class MergeForm(FlaskForm):
    """Fold this input into the one whose number is typed."""
    # An empty or impossible number finds no input: said as the domain says it of a wrong one.
    into_id = IdField(_l("Duplicate of input #"), validators=[
        DataRequired(_l("This input was not found in the forum."))])


class MergeGroupForm(FlaskForm):
    """Fold the inputs ticked (`ids`, a group of similar ones) into the one kept (`into_id`)."""
    into_id = IdField(_l("Keep input #"), validators=[
        DataRequired(_l("This input was not found in the forum."))])
    # Read as ids; junk reads as None, which the command refuses as not valid (a forged post).
    ids = SelectMultipleField(_l("Inputs to merge"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose the inputs to merge."))])


class CorrectForm(FlaskForm):
    """Fix an input's text, kind, service or aspect; a field left out keeps what is there."""
    service_id = SelectField(_l("Service"), coerce=to_id, validate_choice=False)
    aspect_id = SelectField(_l("Aspect"), coerce=to_id, validate_choice=False)
    kind = SelectField(_l("Kind of input"), choices=choices(KINDS.items()), validate_choice=False,
                       validators=[Optional(), AnyOf(list(KINDS), _l("Choose the kind of input."))])
    text = TextAreaField(_l("Text (the original stays in the audit log)"), validators=[
        Length(max=MAX_CHARS, message=_l("Input is at most %(n)d characters.", n=MAX_CHARS))])


class DisplayForm(FlaskForm):
    """What the projector shows; highlighting names the input (the domain checks it is shown)."""
    mode = SelectField(_l("What the screen shows"), choices=choices((m, m) for m in MODES), validate_choice=False,
                       validators=[AnyOf(MODES, UNKNOWN_MODE)])
    comment_id = IdField(label="")


class SortForm(FlaskForm):
    """How the display's feed is ordered."""
    sort = SelectField(_l("Order of the feed:"), choices=choices((s, s) for s in SORTS), validate_choice=False,
                       validators=[AnyOf(SORTS, UNKNOWN_SORT)])  # the domain's word for it too


BULK_COMMANDS = {"approve": "approve_comments", "hide": "hide_comments"}


class BulkModerationForm(FlaskForm):
    """The inputs ticked in the console (`ids`, each card's box) and what to do with all of them."""
    ids = SelectMultipleField(coerce=to_id, validate_choice=False,
                              validators=[DataRequired(_l("Select at least one input."))])
    action = SelectField(choices=choices((a, a) for a in BULK_COMMANDS), validate_choice=False,
                         validators=[AnyOf(list(BULK_COMMANDS))])

    def validate_ids(self, field):
        if len(field.data) > MAX_AT_ONCE or None in field.data:
            raise ValidationError(_l("At most %(n)d inputs at once.", n=MAX_AT_ONCE))
