"""WTForms for every form; the JSON API validates through the same classes.

Every message is the product's own and goes through the catalog, so errors read in
the user's language rather than WTForms' built-in English.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (BooleanField, HiddenField, PasswordField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .catalog import GROUPS, KINDS
from .comments import MAX_CHARS


def choices(pairs):
    """[(value, label)] as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def to_id(value):
    """Coerce a select's value to an id; junk becomes None so DataRequired reports it."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class JoinForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[
        DataRequired(_l("Write your name.")), Length(max=120, message=_l("At most 120 characters."))])
    institution = StringField(_l("Institution or organisation"), validators=[
        DataRequired(_l("Write your institution, or 'Perorangan' if you come on your own.")),
        Length(max=160, message=_l("At most 160 characters."))])
    position = StringField(_l("Position (optional)"), validators=[
        Optional(), Length(max=120, message=_l("At most 120 characters."))])
    group = RadioField(_l("You attend as"), choices=choices(GROUPS.items()),
                       validate_choice=False,  # the domain refuses unknown groups in Indonesian
                       validators=[InputRequired(_l("Choose the group you represent."))])
    contact = StringField(_l("Phone or e-mail (optional, never shown publicly)"), validators=[
        Optional(), Length(max=160, message=_l("At most 160 characters."))])
    consent = BooleanField(_l("I agree to the use of my data as described above."), validators=[
        DataRequired(_l("Please agree to the privacy notice to join."))])


class CommentForm(FlaskForm):
    service_id = SelectField(_l("Service"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose a service."))])
    aspect_id = SelectField(_l("Aspect"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose an aspect."))])
    kind = RadioField(_l("Kind of input"), choices=choices(KINDS.items()), default="suggestion",
                      validate_choice=False,  # the domain refuses unknown kinds in Indonesian
                      validators=[InputRequired(_l("Choose the kind of input."))])
    text = TextAreaField(_l("Your input"), validators=[
        DataRequired(_l("Write your input before sending.")),
        Length(max=MAX_CHARS, message=_l("Input is at most %(n)d characters.", n=MAX_CHARS))])
    client_id = HiddenField()

    def set_choices(self, services, aspects):
        self.service_id.choices = choices((s["id"], s["name"]) for s in services)
        self.aspect_id.choices = choices((a["id"], a["label"]) for a in aspects)


class FocusForm(FlaskForm):
    service_id = CommentForm.service_id
    aspect_id = CommentForm.aspect_id
    set_choices = CommentForm.set_choices


class ActionForm(FlaskForm):
    """A one-button form (approve, hide, pin, log out) still carries its CSRF token."""


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Write your username."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Write your password."))])


class CodeForm(FlaskForm):
    code = StringField(_l("Forum code"), validators=[
        DataRequired(_l("Write the code shown on the screen.")), Length(max=12)])


def from_json(form_class, payload):
    """Validate a JSON object with a form class, exactly as the HTML form would be."""
    formdata = MultiDict()
    for key, value in payload.items():
        if isinstance(value, bool):
            if value:
                formdata[key] = "y"
        elif isinstance(value, (str, int, float)):
            formdata[key] = str(value)
    return form_class(formdata=formdata, meta={"csrf": False})
