"""Fixed domain vocabularies: the 14 service-standard components, attendee groups, kinds.

Component names are the exact Indonesian terms of PermenPANRB 15/2014 (they are data,
not interface text); group and kind labels go through the message catalog.
"""
from collections import namedtuple

from flask_babel import lazy_gettext as _l

Component = namedtuple("Component", "code name label delivery")

COMPONENTS = [
    Component("requirements", "Persyaratan", "Persyaratan", True),
    Component("procedure", "Sistem, mekanisme, dan prosedur", "Sistem, Mekanisme dan Prosedur", True),
    Component("duration", "Jangka waktu pelayanan", "Jangka Waktu", True),
    Component("fee", "Biaya/tarif", "Biaya atau Tarif", True),
    Component("product", "Produk pelayanan", "Produk Layanan", True),
    Component("complaints", "Penanganan pengaduan, saran, dan masukan", "Pengaduan, Saran, dan Masukan", True),
    Component("legal_basis", "Dasar hukum", "Dasar Hukum", False),
    Component("facilities", "Sarana, prasarana, dan/atau fasilitas", "Sarana dan Prasarana", False),
    Component("competence", "Kompetensi pelaksana", "Kompetensi Pelaksana", False),
    Component("internal_oversight", "Pengawasan internal", "Pengawasan Internal", False),
    Component("staffing", "Jumlah pelaksana", "Jumlah Pelaksana", False),
    Component("service_guarantee", "Jaminan pelayanan", "Jaminan Pelayanan", False),
    Component("safety_guarantee", "Jaminan keamanan dan keselamatan pelayanan",
              "Jaminan Keamanan dan Keselamatan", False),
    Component("performance_evaluation", "Evaluasi kinerja pelaksana", "Evaluasi Kinerja Pelaksana", False),
]
COMPONENTS_BY_CODE = {c.code: c for c in COMPONENTS}
DELIVERY_COMPONENTS = [c.code for c in COMPONENTS if c.delivery]
ALL_COMPONENTS = [c.code for c in COMPONENTS]

# The five unsur masyarakat of PEKPPP, then the organiser's own staff (not one of the five).
GROUPS = {
    "service_user": _l("Service users"),
    "expert": _l("Experts, practitioners, academics"),
    "agency": _l("Related agencies"),
    "civil_society": _l("Civil-society organisations"),
    "media": _l("Mass media"),
    "staff": _l("Organising staff"),
}
PUBLIC_GROUPS = [g for g in GROUPS if g != "staff"]

KINDS = {
    "suggestion": _l("Suggestion"),
    "criticism": _l("Criticism or complaint"),
    "appreciation": _l("Appreciation"),
    "question": _l("Question"),
}

STATUSES = {
    "pending": _l("Waiting"),
    "approved": _l("Shown"),
    "hidden": _l("Hidden"),
}

FORUM_STATUSES = {
    "draft": _l("Draft"),
    "open": _l("Open for input"),
    "paused": _l("Paused"),
    "closed": _l("Closed"),
    "finalised": _l("Finalised"),
    "published": _l("Published"),
}

MODES = {
    "in_person": _l("In person"),
    "online": _l("Online"),
    "hybrid": _l("Hybrid"),
}

# Indonesia's three time zones (fkp/language/timezones.py has their offsets); WIB is the default.
TIME_ZONES = {
    "WIB": _l("WIB (western Indonesia, UTC+7)"),
    "WITA": _l("WITA (central Indonesia, UTC+8)"),
    "WIT": _l("WIT (eastern Indonesia, UTC+9)"),
}

ROLES = {
    "admin": _l("Administrator"),
    "moderator": _l("Moderator"),
    "notulis": _l("Note-taker (notulis)"),
}

CHANNELS = {
    "phone": _l("phone"),
    "spoken": _l("spoken"),
    "online": _l("online"),
    "in_person": _l("in the hall, no phone"),
    "chat": _l("online (chat)"),
}

LIFECYCLE_ACTIONS = {
    "open": _l("Open for input"),
    "pause": _l("Pause input"),
    "close": _l("Close the forum"),
    "finalise": _l("Finalise the record"),
    "publish": _l("Publish the results"),
    "reopen": _l("Reopen the forum"),
    "unfinalise": _l("Undo the finalisation"),
}

DECISIONS = {
    "accepted": _l("Accepted"),
    "partly_accepted": _l("Partly accepted"),
    "not_accepted": _l("Not accepted"),
    "already_met": _l("Already in place / clarified"),
}

FOLLOWUP_STATUSES = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
}

# Bumped whenever the privacy notice shown on the join page changes; stored with consent.
NOTICE_VERSION = "2026-11-a"
