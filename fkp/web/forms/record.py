"""WTForms for what staff write around the forum: a response per input, conclusions,
signatories, photos and signed scans, the organiser's statements, a follow-up's progress, and
the attendance list's rows. Each row's form has its own prefix or its own <form>, so one page
holds many; the responses and conclusions pages show a refused form again with its errors
beside its fields, the others say the refusal above the page they redirect back to
(common.flash_errors), or beside their field when the page is shown again."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ...inputs.comments import MAX_CLIENT_ID
from ...people.participants import MAX_LENGTHS
from ...record import scans, statements
from ...vocabulary import CHANNELS, DECISIONS, FOLLOWUP_STATUSES, GROUPS, KINDS, STATUSES
from .common import IdField, at_most, choices, to_id
from .setup import LocalDateField


class ResponseForm(FlaskForm):
    response = TextAreaField(_l("Response (tanggapan)"), validators=[at_most(4000)])
    decision = SelectField(_l("Decision"), validate_choice=False,
                           choices=choices([("", _l("Choose a decision")), *DECISIONS.items()]),
                           validators=[InputRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason (required when not accepted)"),
                           validators=[at_most(4000)])
    action = TextAreaField(_l("Follow-up: what will be done"), validators=[at_most(4000)])
    pic = StringField(_l("Person in charge"), validators=[at_most(200)])
    target_date = LocalDateField(_l("Target date"), validators=[Optional()])
    followup_status = SelectField(_l("Follow-up status"), validate_choice=False,
                                  choices=choices(FOLLOWUP_STATUSES.items()), default="not_started")
    note = TextAreaField(_l("Note"), validators=[at_most(4000)])

    def values(self):
        """The fields as record.save_response takes them."""
        return {"response": self.response.data or "", "decision": self.decision.data,
                "reason": self.reason.data or "", "action": self.action.data or "",
                "pic": self.pic.data or "", "note": self.note.data or "",
                "target_date": self.target_date.data.isoformat() if self.target_date.data else None,
                "followup_status": self.followup_status.data}


class BulkResponseForm(FlaskForm):
    """One answer for every input ticked on the responses page (their boxes post `bulk-ids`).
    A field left empty keeps what each input has; each input is then checked as one save is."""
    response = ResponseForm.response
    decision = SelectField(_l("Decision"), validate_choice=False, choices=choices(
        [("", _l("Keep each input's decision")), *DECISIONS.items()]))
    # The inputs ticked (`bulk-ids`), or with "all on this page" (`bulk-all`) every input the
    # page listed (`bulk-on_page`): read as text, turned into ids by chosen().
    ids = SelectMultipleField(validate_choice=False)
    on_page = SelectMultipleField(validate_choice=False)
    all = BooleanField()
    reason = ResponseForm.reason
    action = ResponseForm.action
    pic = ResponseForm.pic
    target_date = ResponseForm.target_date

    def changes(self):
        """The fields given, as record.save_responses takes them."""
        values = {name: (self[name].data or "").strip() for name in ("response", "decision", "reason",
                                                                  "action", "pic")}
        if self.target_date.data:
            values["target_date"] = self.target_date.data.isoformat()
        return {name: value for name, value in values.items() if value}

    def chosen(self, at_most):
        """The ids of the inputs to answer, in the order sent, at most `at_most` of them."""
        sent = (self.on_page.data if self.all.data else self.ids.data) or []
        ids = [to_id(v) for v in sent[:at_most]]
        return list(dict.fromkeys(i for i in ids if i is not None))


class SaveNextForm(FlaskForm):
    """Which button saved an input's answer: "Save and next" (`next`) or "Save"."""
    class Meta:
        csrf = False  # read beside the input's own form, which carries the token
    next = BooleanField()


def one_of(allowed):
    """A filter's value must be one of its choices; else the filter says so and reads as 'all'."""
    def check(form, field):
        if field.data and field.data not in allowed(field):
            field.data = ""
            raise ValidationError(_l("Choose one of the listed values."))
    return check


def _listed(field):
    return {str(c.value) for c in field.choices}


class ResponseFilterForm(FlaskForm):
    """Which inputs the responses page lists: sent as a GET, so a filtered view is a link.
    Every select's first choice ("") is 'all'."""
    class Meta:
        csrf = False

    service = SelectField(_l("Service"), validate_choice=False, validators=[one_of(_listed)])
    aspect = SelectField(_l("Aspect"), validate_choice=False, validators=[one_of(_listed)])
    kind = SelectField(_l("Kind of input"), validate_choice=False, validators=[one_of(_listed)],
                       choices=choices([("", _l("All")), *KINDS.items()]))
    channel = SelectField(_l("Channel"), validate_choice=False, validators=[one_of(_listed)],
                          choices=choices([("", _l("All")), *CHANNELS.items()]))
    decision = SelectField(_l("Decision"), validate_choice=False, validators=[one_of(_listed)],
                           choices=choices([("", _l("All")), ("none", _l("Not decided yet")),
                                            *DECISIONS.items()]))
    status = SelectField(_l("Moderation"), validate_choice=False, validators=[one_of(_listed)],
                         choices=choices([("", _l("All")), ("pending", _l("Never moderated (waiting)")),
                                          ("approved", STATUSES["approved"])]))
    # A group of similar inputs, named by an input's id (fkp/inputs/groups.py): a hidden
    # field, set by the "N similar inputs" link; junk reads as no group.
    group = IdField()

    def set_choices(self, services, aspects):
        self.service.choices = choices([("", _l("All")), *((str(s["id"]), s["name"]) for s in services),
                                        ("none", _l("(no service yet)"))])
        self.aspect.choices = choices([("", _l("All")), *((str(a["id"]), a["label"]) for a in aspects)])

    def filters(self):
        """The chosen filters as record.worklist takes them (ids as numbers); call after validate()."""
        out = {name: self[name].data or None for name in ("service", "aspect", "kind", "channel",
                                                          "decision", "status")}
        for name in ("service", "aspect"):
            if out[name] not in (None, "none"):
                out[name] = int(out[name])
        out["group"] = self.group.data
        return out

    def args(self):
        """The chosen filters as query arguments (empty ones left out)."""
        return {name: value for name, value in self.data.items() if value}


class ConclusionForm(FlaskForm):
    text = TextAreaField(_l("Conclusion"), validators=[at_most(8000)])


class SignatoryForm(FlaskForm):
    participant_id = SelectField(_l("Signs for this group"), coerce=to_id, validate_choice=False)


class PhotoForm(FlaskForm):
    photo = FileField(_l("Photo (JPEG, PNG or WebP, at most 5 MB)"),
                      validators=[FileRequired(_l("Choose a file."))])
    caption = StringField(_l("Caption"), validators=[at_most(300)])


class ScanForm(FlaskForm):
    """The signed scan of one document; the page holds one per document kind, each with the
    kind as its prefix."""
    scan = FileField(_l("Signed scan (PDF, JPEG or PNG, at most %(n)d MB)", n=scans.MAX_BYTES // (1024 * 1024)),
                     validators=[FileRequired(_l("Choose a file."))],
                     render_kw={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})


class StatementForm(FlaskForm):
    """What the organiser said, written down by the note-taker for the Notulen. Whether the
    service and aspect are the forum's, the domain says. Always made with PREFIX: it shares the
    console with the spoken-input form, whose fields have the same names."""
    PREFIX = "statement"

    speaker = StringField(_l("Who spoke"), validators=[
        DataRequired(_l("Write who spoke.")), at_most(statements.MAX_NAME)])
    position = StringField(_l("Position"), validators=[at_most(statements.MAX_NAME)])
    service_id = SelectField(_l("Service (optional)"), coerce=to_id, validate_choice=False)
    aspect_id = SelectField(_l("Aspect (optional)"), coerce=to_id, validate_choice=False)
    text = TextAreaField(_l("What was said"), validators=[
        DataRequired(_l("Write down what was said.")), at_most(statements.MAX_TEXT)])
    # Written by the page, never typed: a repeated post of one form is one statement.
    client_id = HiddenField(label="", validators=[Length(max=MAX_CLIENT_ID, message=_l(
        "The form is missing its identifier; reload the page."))])

    def set_choices(self, services, aspects):
        self.service_id.choices = [SelectChoice("", _l("No particular service"))] + choices(
            (s["id"], s["name"]) for s in services)
        self.aspect_id.choices = [SelectChoice("", _l("No particular aspect"))] + choices(
            (a["id"], a["label"]) for a in aspects)

    def values(self):
        """The fields as statements.record and statements.edit take them."""
        return {"speaker": self.speaker.data or "", "position": self.position.data or "",
                "service_id": self.service_id.data, "aspect_id": self.aspect_id.data,
                "text": self.text.data or ""}


class FollowupForm(FlaskForm):
    """A promised follow-up's progress, from the follow-ups list (also after the record is
    final). An unknown status is refused by the domain, in the user's language."""
    followup_status = SelectField(_l("Follow-up status"), validate_choice=False,
                                  choices=choices(FOLLOWUP_STATUSES.items()))
    note = ResponseForm.note


class AttendeeForm(FlaskForm):
    """One row of the attendance list, completed or corrected by staff (e.g. someone named only
    in an imported chat). Whether the name and institution are there, and the group is one of
    the list, the domain says, as it does for everyone who joins."""
    name = StringField(_l("Name"), validators=[at_most(MAX_LENGTHS["name"])])
    institution = StringField(_l("Institution or organisation"), validators=[at_most(MAX_LENGTHS["institution"])])
    position = StringField(_l("Position"), validators=[at_most(MAX_LENGTHS["position"])])
    group = SelectField(_l("Group"), choices=choices(GROUPS.items()), validate_choice=False)


class MergeAttendeeForm(FlaskForm):
    """Which attendee a duplicate record is merged into; the view sets the choices (likely
    the same person first) and the domain refuses what cannot be merged."""
    into = SelectField(_l("Merge into"), coerce=int, validators=[
        DataRequired(_l("Choose the attendee this record repeats."))])
