"""WTForms for preparing forums and managing staff (admin pages)."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, ValidationError

from ...forums.lifecycle import MAX_REASON
from ...forums.structure import MAX_DRAFT
from ...inputs.flags import MAX_WORD
from ...people.users import normalise_nip
from ...vocabulary import MODES, ROLES, TIME_ZONES
from .common import MAX_PASSWORD, MAX_USERNAME, IdField, at_most, choices, to_id

TIME = re.compile(r"^([01]?\d|2[0-3])[.:][0-5]\d$")


def lines(text):
    """The non-empty lines of a textarea, trimmed, without duplicates (first kept)."""
    seen, out = set(), []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            out.append(line)
    return out


def _time(form, field):
    if field.data and not TIME.match(field.data.strip()):
        raise ValidationError(_l("Write the time as HH.MM, for example 09.00."))


def _nip(form, field):
    try:
        field.data = normalise_nip(field.data)
    except ValueError:
        raise ValidationError(_l("A NIP has 18 digits (spaces allowed), or leave it empty.")) from None


class LocalDateField(DateField):
    """A date field whose parse error speaks the user's language, like every other message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Choose the date."))


class ForumForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Write the forum's title.")), at_most(200)])
    unit = StringField(_l("Organising unit"), validators=[
        DataRequired(_l("Write the organising unit.")), at_most(200)])
    head_name = StringField(_l("Head of unit: name (for the signature)"),
                            validators=[Optional(), at_most(120)])
    head_position = StringField(_l("Head of unit: position"),
                                validators=[Optional(), at_most(120)])
    head_nip = StringField(_l("Head of unit: NIP"), validators=[at_most(40), _nip])
    number = StringField(_l("Berita Acara number"), validators=[Optional(), at_most(100)])
    sign_place = StringField(_l("Place of signing (city)"), validators=[Optional(), at_most(80)])
    legal_basis = TextAreaField(_l("Further legal basis (one per line)"),
                                validators=[Optional(), at_most(2000)])
    date = LocalDateField(_l("Date"), validators=[InputRequired(_l("Choose the date."))])
    start_time = StringField(_l("Starts at"), validators=[Optional(), at_most(5), _time])
    end_time = StringField(_l("Ends at"), validators=[Optional(), at_most(5), _time])
    time_zone = RadioField(_l("Time zone"), choices=choices(TIME_ZONES.items()), default="WIB",
                           validators=[InputRequired(_l("Choose the forum's time zone."))])
    mode = RadioField(_l("How it is held"), choices=choices(MODES.items()), default="in_person",
                      validators=[InputRequired(_l("Choose how the forum is held."))])
    # No Optional() on these two: it would stop validation before the checks below that
    # make them required for some modes.
    place = StringField(_l("Place"), validators=[at_most(200)])
    online_url = StringField(_l("Online meeting link"), validators=[at_most(500)])
    agenda = TextAreaField(_l("Agenda (one item per line)"),
                           validators=[Optional(), at_most(4000)])

    def validate_place(self, field):
        if self.mode.data in ("in_person", "hybrid") and not (field.data or "").strip():
            raise ValidationError(_l("Write the place of a forum held in person."))

    def validate_online_url(self, field):
        url = (field.data or "").strip()
        if self.mode.data in ("online", "hybrid") and not url:
            raise ValidationError(_l("Give the meeting link of a forum held online."))
        if url and not url.startswith(("https://", "http://")):
            raise ValidationError(_l("A link starts with https://"))

    def validate_end_time(self, field):
        start, end = (self.start_time.data or "").replace(".", ":"), (field.data or "").replace(".", ":")
        if start and end and TIME.match(start) and TIME.match(end) and \
                tuple(map(int, end.split(":"))) <= tuple(map(int, start.split(":"))):
            raise ValidationError(_l("The end is after the start."))

    def details(self):
        """The forum's detail columns as the domain stores them (times as HH.MM)."""
        text = {name: " ".join((self[name].data or "").split())
                for name in ("title", "unit", "head_name", "head_position", "place", "online_url",
                             "start_time", "end_time", "number", "sign_place")}
        for name in ("start_time", "end_time"):
            text[name] = text[name].replace(":", ".")
        return {**text, "date": self.date.data.isoformat(), "mode": self.mode.data,
                "time_zone": self.time_zone.data, "head_nip": self.head_nip.data or "",
                "legal_basis": "\n".join(lines(self.legal_basis.data))}


ASPECT_PRESETS = [("delivery", _l("The six service-delivery components (usual)")),
                  ("all", _l("All fourteen components")),
                  ("custom", _l("Our own guiding questions"))]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class StructureForm(FlaskForm):
    services = MultiCheckboxField(_l("Services from the library"), coerce=int, validate_choice=False)
    new_services = TextAreaField(_l("New services (one per line)"),
                                 validators=[Optional(), at_most(4000)])
    aspect_preset = RadioField(_l("Aspects discussed"), choices=choices(ASPECT_PRESETS),
                               default="delivery", validators=[InputRequired()])
    topics = TextAreaField(_l("Guiding questions (one per line)"),
                           validators=[at_most(6000)])

    def validate_topics(self, field):
        if self.aspect_preset.data == "custom" and not lines(field.data):
            raise ValidationError(_l("Write at least one guiding question."))


class NewForumForm(ForumForm):
    services = StructureForm.services
    new_services = StructureForm.new_services
    aspect_preset = StructureForm.aspect_preset
    topics = StructureForm.topics
    validate_topics = StructureForm.validate_topics


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(_l("Write your username.")),
        Length(min=3, max=MAX_USERNAME, message=_l("3 to 40 characters."))])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Write your password.")),
        Length(min=10, message=_l("At least 10 characters.")), at_most(MAX_PASSWORD)])
    role = RadioField(_l("Role"), choices=choices(ROLES.items()), default="moderator",
                      validators=[InputRequired()])
    full_name = StringField(_l("Full name (as documents print it)"), validators=[Optional(), at_most(120)])
    position = StringField(_l("Position"), validators=[Optional(), at_most(120)])
    nip = StringField(_l("NIP"), validators=[at_most(40), _nip])


class IdentityForm(FlaskForm):
    """A staff member's name, position and NIP as official documents print them."""
    full_name = StringField(_l("Full name (as documents print it)"), validators=[
        DataRequired(_l("Write the full name.")), at_most(120)])
    position = StringField(_l("Position"), validators=[Optional(), at_most(120)])
    nip = StringField(_l("NIP"), validators=[at_most(40), _nip])


class PasswordChangeForm(FlaskForm):
    """A staff member's own new password, proven by the current one and typed twice; the
    policy itself (fkp/people/passwords.py) is checked by the domain, its refusal shown here."""
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Write your current password.")), at_most(MAX_PASSWORD)])
    password = PasswordField(_l("New password"), validators=[
        DataRequired(_l("Write the new password.")), at_most(MAX_PASSWORD)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(_l("Write the new password again.")), at_most(MAX_PASSWORD),
        EqualTo("password", _l("The two new passwords differ."))])


class LetterheadForm(FlaskForm):
    """The organising unit's letterhead (kop surat), shared by all its forums."""
    heading = StringField(_l("Institution above the unit (first line)"), validators=[Optional(), at_most(200)])
    address = StringField(_l("Address"), validators=[Optional(), at_most(300)])
    contact = StringField(_l("Telephone, e-mail, website"), validators=[Optional(), at_most(300)])
    city = StringField(_l("City (where documents are signed)"), validators=[Optional(), at_most(80)])
    logo = FileField(_l("Logo (PNG or JPEG, at most 512 KB)"), validators=[
        Optional(), FileAllowed(["png", "jpg", "jpeg"], _l("The logo must be a PNG or JPEG image."))])
    remove_logo = BooleanField(_l("Remove the logo"))


class AssignForm(FlaskForm):
    user_id = SelectField(_l("Staff member"), coerce=int, validate_choice=False)


def _ticked_or_empty(form, field):
    """A checkbox sends "y" or nothing; anything else is not an answer."""
    if field.raw_data and field.raw_data[0] != "y":
        raise ValidationError(_l("Tick the box, or leave it empty."))


def _ticked(form, field):
    if field.raw_data != ["y"]:
        raise ValidationError(_l("Tick the box to confirm that you understand what this step does."))


class StepForm(FlaskForm):
    """The confirmation of a guarded lifecycle step (lifecycle.GUARDED): the box says that the
    person read what the step does. Its label is the step's own (web/staff/steps.py)."""
    confirm = BooleanField(_l("I understand what this step does."), validators=[_ticked])


class FinaliseForm(StepForm):
    """Finalising locks the record. While inputs still wait for moderation or a decision,
    lifecycle.transition refuses it unless staff tick that they accept finalising them open."""
    accept_open = BooleanField(_l("I accept finalising the record with these inputs open."),
                               validators=[_ticked_or_empty])


class UnfinaliseForm(StepForm):
    """Opening a finalised record again: the reason is kept in the audit log (the domain
    refuses an empty one too)."""
    reason = TextAreaField(_l("Why the record is opened again"), validators=[
        DataRequired(_l("Write why the record is opened again; it is kept in the audit log.")),
        at_most(MAX_REASON)])


class DefinitionUploadForm(FlaskForm):
    """Its content is checked by forum_setup.parse_definition; the name only turns away the
    wrong kind of file early, as the chat upload does."""
    file = FileField(_l("Forum file (.json)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["json"], _l("Only a forum file (.json) saved by fkp can be imported."))],
        render_kw={"accept": ".json,application/json"})


SERVICE_NAME = _l("A service name is 1 to 200 characters.")


class LibraryServiceForm(FlaskForm):
    """One row of the service library, edited in place, or the row that adds one (no id). The
    messages are the library's own (forums/library.py), so a refusal reads as it always did."""
    id = IdField(label="")
    name = StringField(_l("Service"), validators=[DataRequired(SERVICE_NAME), Length(max=200, message=SERVICE_NAME)])
    description = TextAreaField(_l("Description"), validators=[
        Length(max=2000, message=_l("A description is at most 2,000 characters."))])


class EachAtMost(Length):
    """Length(max=n) for each text of a field whose data is {key: text}."""

    def __call__(self, form, field):
        if any(len(text) > self.max for text in field.data.values()):
            raise ValidationError(self.message)


class DraftTextsField(TextAreaField):
    """The drafts page's grid: a textarea per service × aspect, named <name>-<service id>-<aspect
    id>. Its data is {(service_id, aspect_id): text} of the pairs posted; names that are not
    two ids are ignored, as the page never sends them."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors, self.raw_data, self.object_data, self.data = [], [], data, {}
        pattern = re.compile(rf"{re.escape(self.name)}-(\d+)-(\d+)")
        for key in formdata or ():
            found = pattern.fullmatch(key)
            ids = (to_id(found[1]), to_id(found[2])) if found else (None, None)
            if None not in ids:
                self.data[ids] = formdata.get(key)


class DraftsForm(FlaskForm):
    """Every draft text of a forum at once."""
    draft = DraftTextsField(_l("Draft texts"), validators=[
        EachAtMost(max=MAX_DRAFT, message=_l("A draft is at most %(n)d characters.", n=MAX_DRAFT))])


class RestrictedWordForm(FlaskForm):
    """A word or phrase staff add to the restricted words (fkp/inputs/flags.py)."""
    word = StringField(_l("Word or phrase"), validators=[
        DataRequired(_l("Write a word or phrase.")), at_most(MAX_WORD)])
