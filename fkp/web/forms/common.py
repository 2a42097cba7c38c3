"""WTForms for every form; the JSON API validates through the same classes.

Every message is the product's own and goes through the catalog, so errors read in
the user's language rather than WTForms' built-in English.
"""
from contextlib import contextmanager

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from ...errors import DomainError
from ...forums.agreement import ANSWERS
from ...inputs.comments import MAX_CHARS, MAX_CLIENT_ID, input_length, too_long
from ...inputs.receipts import MAX_TYPED as MAX_TYPED_RECEIPT
from ...people.participants import MAX_LENGTHS
from ...store.db import MAX_ID
from ...vocabulary import GROUPS, KINDS, PUBLIC_GROUPS

# Every text field has a maximum length, so no request can store an unbounded string;
# tests/web/test_input_limits.py walks every form class to keep it so.
MAX_USERNAME, MAX_PASSWORD, MAX_CODE = 40, 200, 12


def at_most(n):
    """A Length(max=n) whose message names n in the user's language. (WTForms formats a
    message with min/max/length only, so the number is put in before it sees it.)"""
    return Length(max=n, message=_l("At most %(n)d characters.", n=n))


def choices(pairs):
    """[(value, label)] as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def to_id(value):
    """Coerce a select's value to an id; junk, and a number no row can have, become None so
    DataRequired reports it."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class InputLength(Length):
    """The length of an attendee's input, counted as the domain counts it, refused with the
    count. No `maxlength` attribute: a browser would cut a long paste silently; the page's
    counter and this refusal say how much to shorten instead."""

    def __init__(self, max):
        super().__init__(max=max)
        self.field_flags = {}

    def __call__(self, form, field):
        length = input_length(field.data or "")
        if length > self.max:
            raise ValidationError(self.refusal(length))

    @staticmethod
    def refusal(length):
        return too_long(length)


class IdField(Field):
    """A row's id that the page sends (a number typed, or a hidden input): read as to_id reads
    a select's value, so junk and a number no row can have arrive as None."""
    widget = widgets.NumberInput(min=1)

    def process_formdata(self, valuelist):
        self.data = to_id(valuelist[0]) if valuelist else None


class JoinForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[
        DataRequired(_l("Write your name.")), at_most(MAX_LENGTHS["name"])])
    institution = StringField(_l("Institution or organisation"), validators=[
        DataRequired(_l("Write your institution, or 'Perorangan' if you come on your own.")),
        at_most(MAX_LENGTHS["institution"])])
    position = StringField(_l("Position (optional)"), validators=[
        Optional(), at_most(MAX_LENGTHS["position"])])
    # The organiser's own staff are recorded by staff (check-in, attendance), never by whoever
    # joins: the five unsur masyarakat are who the forum must hear, and a self-declared "staff"
    # would blur who that was. Refused in the domain's words for an unknown group.
    group = RadioField(_l("You attend as"), choices=choices((g, GROUPS[g]) for g in PUBLIC_GROUPS),
                       validate_choice=False,
                       validators=[InputRequired(_l("Choose the group you represent.")),
                                   AnyOf(PUBLIC_GROUPS, _l("Choose one of the listed groups."))])
    contact = StringField(_l("Phone or e-mail (optional, never shown publicly)"), validators=[
        Optional(), at_most(MAX_LENGTHS["contact"])])
    consent = BooleanField(_l("I agree to the use of my data as described above."), validators=[
        DataRequired(_l("Please agree to the privacy notice to join."))])
    public_name = BooleanField(_l("My name may appear on the public results page after the forum "
                                  "(optional; without it the page says only “Peserta”)."))
    # Asked only in hybrid forums; online forums mark everyone online, in-person ones "phone".
    attendance = RadioField(_l("You take part"), default="in_person", validate_choice=False,
                            choices=choices([("in_person", _l("In the hall")),
                                             ("online", _l("Online, from elsewhere"))]),
                            validators=[AnyOf(["in_person", "online"], _l("Choose how you take part."))])

    def channel(self, forum):
        """How this attendee takes part, as participants.join stores it."""
        if forum["mode"] == "online" or (forum["mode"] == "hybrid" and self.attendance.data == "online"):
            return "online"
        return "phone"


class CommentForm(FlaskForm):
    service_id = SelectField(_l("Service"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose a service."))])
    aspect_id = SelectField(_l("Aspect"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose an aspect."))])
    kind = RadioField(_l("Kind of input"), choices=choices(KINDS.items()), default="suggestion",
                      validate_choice=False,  # the domain refuses unknown kinds in Indonesian
                      validators=[InputRequired(_l("Choose the kind of input."))])
    text = TextAreaField(_l("Your input"), validators=[
        DataRequired(_l("Write your input before sending.")), InputLength(MAX_CHARS)])
    # Written by the page, never typed: too long means a forged post, told like the domain does.
    # A label of its own: without one WTForms translates a made-up one, loading its message
    # catalog from disk on every submit.
    client_id = HiddenField(label="", validators=[Length(max=MAX_CLIENT_ID, message=_l(
        "The input is missing its identifier; reload the page."))])

    def set_choices(self, services, aspects):
        self.service_id.choices = choices((s["id"], s["name"]) for s in services)
        self.aspect_id.choices = choices((a["id"], a["label"]) for a in aspects)


class FocusForm(FlaskForm):
    service_id = CommentForm.service_id
    aspect_id = CommentForm.aspect_id
    set_choices = CommentForm.set_choices


class AgreementForm(FlaskForm):
    """An attendee's answer to "Setuju dengan rancangan ini?" (fkp/forums/agreement.py)."""
    answer = RadioField(_l("Your answer"), choices=choices(ANSWERS.items()),
                        validate_choice=False,  # the domain refuses unknown answers in Indonesian
                        validators=[InputRequired(_l("Choose one of the answers."))])


class ActionForm(FlaskForm):
    """A one-button form (approve, hide, pin, log out) still carries its CSRF token."""


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(_l("Write your username.")), at_most(MAX_USERNAME)])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Write your password.")), at_most(MAX_PASSWORD)])


class CodeForm(FlaskForm):
    code = StringField(_l("Forum code"), validators=[
        DataRequired(_l("Write the code shown on the screen.")), at_most(MAX_CODE)])


class TrackForm(FlaskForm):
    """A receipt code typed to follow one's input (fkp/web/tracker.py): as a GET (?kode=, no
    CSRF, nothing changes) or posted from the form."""
    kode = StringField(_l("Receipt code"), validators=[
        DataRequired(_l("Write the receipt code you were given, e.g. ABCD-EFGH.")), at_most(MAX_TYPED_RECEIPT)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


def _json_type(unbound):
    """The JSON type the API's schema promises for a form field: boolean, integer or string."""
    if issubclass(unbound.field_class, BooleanField):
        return bool
    return int if unbound.kwargs.get("coerce") is to_id else str


def _json_formdata(form_class, payload):
    """A JSON object as the form data of form_class, as the HTML form would send it.

    A value of another JSON type than the schema says (a number for a name, an object for
    a flag, null) is refused, not coerced or dropped: a client sending it has a bug to hear
    about. Keys that are no field are ignored."""
    formdata = MultiDict()
    for key, value in payload.items():
        unbound = getattr(form_class, key, None)
        if not isinstance(unbound, UnboundField):
            continue
        wanted = _json_type(unbound)
        if wanted is bool and not isinstance(value, bool):
            raise DomainError(_("“%(field)s” must be true or false.", field=key), key)
        if wanted is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise DomainError(_("“%(field)s” must be a whole number.", field=key), key)
        if wanted is str and not isinstance(value, str):
            raise DomainError(_("“%(field)s” must be text.", field=key), key)
        if value is not False:
            formdata[key] = "y" if value is True else str(value)
    return formdata


def first_error(form):
    """The message of a validated form's first error: what a JSON client is answered."""
    for field_errors in form.errors.values():
        return field_errors[0]


_IDLE_FORMS = {}  # form class -> built forms waiting for the next JSON request
IDLE_FORMS_KEPT = 64


@contextmanager
def json_form(form_class, payload):
    """A form of form_class holding a JSON object (validated exactly as the HTML form would
    be: call validate()), for the duration of a `with`, from a pool of built forms.

    Building a form binds each of its fields anew: about a tenth of an input's server time
    at hundreds of inputs a second (scripts/bench --profile). Processing new data into a built
    form resets every field's data and errors, so the API takes one from the pool and gives it
    back when the request is done with it. Pages build theirs: they render them."""
    formdata = _json_formdata(form_class, payload)
    idle = _IDLE_FORMS.setdefault(form_class, [])
    try:
        form = idle.pop()
    except IndexError:
        form = form_class(formdata=formdata, meta={"csrf": False})
    else:
        form.process(formdata)
    try:
        yield form
    finally:
        if len(idle) < IDLE_FORMS_KEPT:
            idle.append(form)


# --- The note-taker's console and the chat-log upload.


class SpokenInputForm(FlaskForm):
    """What a speaker said aloud, written down by the note-taker for that named speaker."""
    participant_id = SelectField(_l("Speaker"), coerce=to_id, validate_choice=False, validators=[
        DataRequired(_l("Choose the speaker from the attendance list."))])
    service_id = CommentForm.service_id
    aspect_id = CommentForm.aspect_id
    kind = CommentForm.kind
    text = TextAreaField(_l("What the speaker said"), validators=[
        DataRequired(_l("Write down what the speaker said.")), InputLength(MAX_CHARS)])
    client_id = CommentForm.client_id
    set_choices = CommentForm.set_choices

    def set_speakers(self, options):
        """[(participant id, label, render_kw)] after an empty first choice: nobody is
        preselected by accident."""
        self.participant_id.choices = [SelectChoice("", _l("Choose the speaker"))] + [
            SelectChoice(value, label, render_kw) for value, label, render_kw in options]


class CheckInForm(FlaskForm):
    """Staff check in an attendee on the spot: someone without a phone, or a speaker who is
    not on the list yet. Staff read the privacy notice to them and record their agreement."""
    name = JoinForm.name
    institution = JoinForm.institution
    position = JoinForm.position
    group = SelectField(_l("Attends as"), choices=[SelectChoice("", _l("Choose a group"))] + choices(
        GROUPS.items()), validate_choice=False,  # the domain refuses unknown groups in Indonesian
        validators=[DataRequired(_l("Choose the group the attendee represents."))])
    contact = JoinForm.contact
    consent = BooleanField(_l("The attendee agreed to the privacy notice."), validators=[
        DataRequired(_l("Read the privacy notice to the attendee and ask for their agreement."))])


class ChatUploadForm(FlaskForm):
    """A saved video-call chat (the .txt Zoom writes); its size is capped by its route (web/staff/chat.py)."""
    chat_file = FileField(_l("Saved chat file (.txt)"), validators=[
        FileRequired(_l("Choose the chat file to upload.")),
        FileAllowed(["txt"], _l("Only the .txt file that Zoom saves can be imported."))],
        render_kw={"accept": ".txt,text/plain"})


class ChatImportForm(FlaskForm):
    """The second step of a chat import: the chat held since its upload (by its token), and
    per sender whether they host (the checkboxes "host") and whether a name offered as an
    attendee is that attendee (the checkboxes "same"), read as lists of names."""
    token = HiddenField(validators=[at_most(64)])
    host = SelectMultipleField(validate_choice=False)
    same = SelectMultipleField(validate_choice=False)
