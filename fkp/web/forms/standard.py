"""The WTForms of the revised standard's edit page: one component's final text, the inputs it
cites (tick boxes named `inputs`), and which button sent it ("keep as drafted" posts `keep`).
Whether the inputs belong to the service, and what keeping the draft means, the domain says
(fkp/standards/texts.py)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError

from ...standards.texts import MAX_TEXT
from .common import at_most, to_id


def _ids(form, field):
    if any(to_id(value) is None for value in field.raw_data or ()):
        raise ValidationError(_l("Choose the inputs from the list."))


class StandardTextForm(FlaskForm):
    text = TextAreaField(_l("Final text"), validators=[at_most(MAX_TEXT)], render_kw={"rows": 10})
    inputs = SelectMultipleField(_l("Inputs that led to this text"), validate_choice=False, validators=[_ids])
    keep = BooleanField()

    def values(self):
        """The form as standards.texts.save takes it."""
        return {"text": self.text.data or "", "state": "kept_as_drafted" if self.keep.data else "revised",
                "input_ids": [to_id(v) for v in self.inputs.data or ()]}

    def ticked(self):
        """The ids ticked, to show them ticked again on a refused page."""
        return {to_id(v) for v in self.inputs.data or ()} - {None}
