"""WTForms for what staff write after the forum: a response per input, conclusions,
signatories, photos. Each row's form has its own prefix, so one page holds many."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from ...vocabulary import DECISIONS, FOLLOWUP_STATUSES
from .common import at_most, choices, to_id
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


class ConclusionForm(FlaskForm):
    text = TextAreaField(_l("Conclusion"), validators=[at_most(8000)])


class SignatoryForm(FlaskForm):
    participant_id = SelectField(_l("Signs for this group"), coerce=to_id, validate_choice=False)


class PhotoForm(FlaskForm):
    photo = FileField(_l("Photo (JPEG, PNG or WebP, at most 5 MB)"),
                      validators=[FileRequired(_l("Choose a file."))])
    caption = StringField(_l("Caption"), validators=[at_most(300)])
