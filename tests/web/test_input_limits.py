"""Every text a request can carry has a maximum length, enforced on the server and stated in
the API's description; an over-long value is refused with a clear message and changes nothing.

The walkers fail when a new form class or API operation is added without a limit or a case.
"""
import hashlib
import io

import pytest
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

import fkp.web.forms.common
import fkp.web.forms.moderator
import fkp.web.forms.record
import fkp.web.forms.setup
import fkp.web.forms.standard  # noqa: F401  (every module that declares forms is imported)
from fkp.forums import forums
from fkp.inputs import comments
from fkp.people import participants
from fkp.record import responses
from fkp.store.db import get_db
from fkp.web.api import SPEC
from tests.helpers.app import csrf_token


def form_classes():
    found, todo = {}, list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("fkp."):
            found[cls.__name__] = cls
    return found


def text_fields(app, cls):
    """{field name: Length validator or None} for each free-text field of the form class."""
    with app.test_request_context():
        form = cls(meta={"csrf": False})
        return {f.name: next((v for v in f.validators if isinstance(v, Length) and v.max > 0), None)
                for f in form if isinstance(f, StringField)}


def test_every_text_field_of_every_form_has_a_maximum_length(app):
    missing = [f"{name}.{field}" for name, cls in form_classes().items()
               for field, length in text_fields(app, cls).items() if length is None]
    assert missing == []


# --- The API: each string a client sends is bounded in openapi.json exactly as the server bounds it.

API_FORMS = {"joinForum": fkp.web.forms.common.JoinForm, "submitComment": fkp.web.forms.common.CommentForm,
             "answerAgreement": fkp.web.forms.common.AgreementForm}


def deref(node):
    if "$ref" in node:
        target = SPEC
        for part in node["$ref"].split("/")[1:]:
            target = target[part]
        return deref(target)
    return node


def api_inputs(parameters=True):
    """(operation id, name, schema) for every request-body property, and every parameter."""
    for path in SPEC["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if parameters else ():
                parameter = deref(parameter)
                yield operation["operationId"], parameter["name"], deref(parameter["schema"])
            body = operation.get("requestBody")
            if body:
                schema = deref(body["content"]["application/json"]["schema"])
                for name, prop in schema["properties"].items():
                    yield operation["operationId"], name, deref(prop)


def test_every_api_string_has_a_maximum_length():
    unbounded = [f"{op}.{name}" for op, name, schema in api_inputs()
                 if schema.get("type") == "string" and "enum" not in schema and "maxLength" not in schema]
    assert unbounded == []
    assert len(list(api_inputs())) > 10  # the walker found the inputs it checks


def test_the_api_states_the_limits_the_server_enforces(app):
    with_body = {op["operationId"] for path in SPEC["paths"].values() for op in path.values()
                 if "requestBody" in op}
    assert with_body == set(API_FORMS), "say which form validates each request body"
    for op, name, schema in api_inputs(parameters=False):
        if op in API_FORMS and schema.get("type") == "string" and "enum" not in schema:
            length = text_fields(app, API_FORMS[op])[name]
            assert schema["maxLength"] == length.max, f"{op}.{name}"


# --- Over-long values: a clear refusal, and the database exactly as it was.

def fingerprint(app):
    with app.app_context():
        return hashlib.sha256("\n".join(get_db().conn.iterdump()).encode()).hexdigest()


@pytest.fixture
def world(app, forum, actions):
    """An attendee's client, an admin's client, and an input with an accepted response."""
    attendee = app.test_client()
    attendee.post(f"/j/{forum['code']}", data={
        "name": "Siti", "institution": "JPPR", "group": "civil_society", "consent": "y",
        "csrf_token": csrf_token(attendee, f"/j/{forum['code']}")})
    with app.app_context():
        db = get_db()
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        person = participants.get(db, db.execute("SELECT max(id) FROM participants").fetchone()[0])
        comment, _ = comments.submit(db, forum, person, service_id=service["id"], aspect_id=aspect["id"],
                                     kind="suggestion", text="Percepat.", client_id="w1")
        responses.save_response(db, forum, comment["id"], None, response="Ya.", decision="accepted")
    actions.login("admin", "admin-password", role="admin")
    return {"code": forum["code"], "forum": forum, "service": service["id"], "aspect": aspect["id"],
            "participant": person["id"], "comment": comment["id"],
            "clients": {"anon": app.test_client(), "attendee": attendee, "admin": actions.client}}


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
DETAILS = {"title": "FKP", "unit": "KPU", "date": "2026-03-01", "mode": "in_person", "place": "Aula",
           "start_time": "09.00", "end_time": "12.00", "time_zone": "WIB"}

# form class -> (who posts it, URL, valid data, prefix, status of the refusal: 400 for a form shown
# again, 200 for one that redirects back with the message). Written out, not derived.
FORM_CASES = {
    "JoinForm": ("anon", "/j/{code}", {"name": "Siti", "institution": "JPPR", "group": "media",
                                       "consent": "y"}, "", 400),
    "CommentForm": ("attendee", "/j/{code}/input", {"service_id": "{service}", "aspect_id": "{aspect}",
                                                    "kind": "suggestion", "text": "Baik.",
                                                    "client_id": "c-new"}, "", 400),
    "LoginForm": ("anon", "/login", {"username": "admin", "password": "admin-password"}, "", 400),
    "CodeForm": ("anon", "/", {"code": "{code}"}, "", 400),
    "TrackForm": ("anon", "/t", {"kode": "ABCD-EFGH"}, "", 400),
    "SpokenInputForm": ("admin", "/n/{code}/spoken", {
        "participant_id": "{participant}", "service_id": "{service}", "aspect_id": "{aspect}",
        "kind": "suggestion", "text": "Baik.", "client_id": "s-new"}, "", 400),
    "CheckInForm": ("admin", "/n/{code}/check-in", {"name": "Ani", "institution": "Pertuni",
                                                    "group": "civil_society", "consent": "y"}, "", 400),
    "ForumForm": ("admin", "/staff/forums/{code}/edit", DETAILS, "", 400),
    "NewForumForm": ("admin", "/staff/forums/new", {**DETAILS, "new_services": "Layanan Baru",
                                                    "aspect_preset": "delivery"}, "", 400),
    "StructureForm": ("admin", "/staff/forums/{code}/structure", {
        "new_services": "Layanan Baru", "aspect_preset": "delivery"}, "", 400),
    "UserForm": ("admin", "/staff/users/", {"username": "baru", "password": "rahasia-panjang",
                                            "role": "moderator"}, "", 400),
    "RestrictedWordForm": ("admin", "/staff/restricted-words/", {"word": "pungli"}, "", 400),
    "IdentityForm": ("admin", "/staff/users/1", {"full_name": "Dra. Siti Aminah"}, "", 400),
    "PasswordChangeForm": ("admin", "/staff/users/password", {
        "current_password": "admin-password", "password": "sawah hijau 42", "confirm": "sawah hijau 42"}, "", 400),
    "LetterheadForm": ("admin", "/staff/forums/{code}/letterhead", {"city": "Mataram"}, "", 400),
    "ResponseForm": ("admin", "/staff/forums/{code}/responses/{comment}", {
        "decision": "partly_accepted", "response": "Sebagian."}, "r{comment}-", 400),
    "BulkResponseForm": ("admin", "/staff/forums/{code}/responses/bulk", {
        "ids": "{comment}", "decision": "partly_accepted", "response": "Sebagian."}, "bulk-", 400),
    "StandardTextForm": ("admin", "/staff/forums/{code}/standard/{service}/requirements", {"text": "Baru."},
                         "", 400),
    "ConclusionForm": ("admin", "/staff/forums/{code}/conclusions", {"text": "Baru."}, "kforum-", 400),
    "PhotoForm": ("admin", "/staff/forums/{code}/photos", {"caption": "Foto"}, "", 400),
    "StatementForm": ("admin", "/n/{code}/statements", {"speaker": "Ketua", "text": "Penjelasan.",
                                                        "client_id": "st-new"}, "statement-", 400),
    "CorrectForm": ("admin", "/m/{code}/comments/{comment}/correct", {}, "", 200),
    "LibraryServiceForm": ("admin", "/staff/library/", {"name": "Layanan"}, "", 200),
    "AttendeeForm": ("admin", "/staff/forums/{code}/attendance/{participant}", {
        "name": "Siti", "institution": "JPPR", "group": "media"}, "", 200),
    "DraftsForm": ("admin", "/staff/forums/{code}/drafts", {}, "", 200),
    "FollowupForm": ("admin", "/staff/followups/{code}/{comment}", {"followup_status": "in_progress"}, "", 200),
    "UnfinaliseForm": ("admin", "/staff/forums/{code}/lifecycle/unfinalise", {"confirm": "y"}, "", 400),
    "ChatImportForm": ("admin", "/m/{code}/chat/import", {"host": "Rina"}, "", 400),
}
STATUS_FOR = {"StructureForm": "draft", "UnfinaliseForm": "finalised"}  # when the form can be posted
# A field whose inputs are named otherwise than the field: the drafts page's grid of textareas.
FIELD_INPUTS = {("DraftsForm", "draft"): "draft-{service}-{aspect}"}


def test_every_form_with_text_has_an_over_long_case(app):
    with_text = {name for name, cls in form_classes().items() if text_fields(app, cls)}
    assert with_text == set(FORM_CASES)


def fill(value, w):
    return value.format(**w) if isinstance(value, str) else value


def post(world, who, url, data):
    client = world["clients"][who]
    data = {k: fill(v, world) for k, v in data.items()}
    return client.post(fill(url, world), data=data, follow_redirects=True,
                       content_type="multipart/form-data")


@pytest.mark.parametrize("form_name", sorted(FORM_CASES))
def test_an_over_long_value_in_any_form_is_refused_and_changes_nothing(app, world, form_name):
    who, url, valid, prefix, status = FORM_CASES[form_name]
    if form_name in STATUS_FOR:
        with app.app_context():
            get_db().execute("UPDATE forums SET status = ? WHERE id = ?", [STATUS_FOR[form_name], world["forum"]["id"]])
            get_db().conn.commit()
    prefix = fill(prefix, world)
    for field, length in text_fields(app, form_classes()[form_name]).items():
        posted_as = fill(FIELD_INPUTS.get((form_name, field), field), world)
        data = {prefix + k: v for k, v in {**valid, posted_as: "x" * (length.max + 1)}.items()}
        data[prefix + "csrf_token"] = csrf_token(world["clients"][who], "/login")
        if form_name == "ConclusionForm":  # one form for every conclusion: one token, unprefixed
            data["csrf_token"] = data.pop(prefix + "csrf_token")
        if form_name == "PhotoForm":
            data["photo"] = (io.BytesIO(PNG), "foto.png")
        before = fingerprint(app)
        r = post(world, who, url, data)
        with app.test_request_context():
            # an attendee's input is refused with its count (issue 14)
            message = str(length.refusal(length.max + 1) if hasattr(length, "refusal") else length.message)
        assert r.status_code == status, f"{form_name}.{field}"
        assert message in r.get_data(as_text=True), f"{form_name}.{field}"
        assert fingerprint(app) == before, f"{form_name}.{field}"


API_CASES = [("participants", {"name": "Budi", "institution": "Partai A", "group": "media",
                               "consent": True}, fkp.web.forms.common.JoinForm),
             ("comments", {"service_id": "{service}", "aspect_id": "{aspect}", "kind": "suggestion",
                           "text": "Baik.", "client_id": "api-new"}, fkp.web.forms.common.CommentForm)]


@pytest.mark.parametrize("resource,valid,form_class", API_CASES)
def test_an_over_long_value_in_the_api_is_refused_and_changes_nothing(app, client, world, resource,
                                                                      valid, form_class):
    token = client.post(f"/api/v1/forums/{world['code']}/participants", json={
        "name": "Budi", "institution": "Partai A", "group": "media", "consent": True}).get_json()["token"]
    for field, length in text_fields(app, form_class).items():
        body = {k: (int(fill(v, world)) if k.endswith("_id") and k != "client_id" else v)
                for k, v in {**valid, field: "x" * (length.max + 1)}.items()}
        before = fingerprint(app)
        r = client.post(f"/api/v1/forums/{world['code']}/{resource}", json=body,
                        headers={"Authorization": f"Bearer {token}"})
        with app.test_request_context():
            # an attendee's input is refused with its count (issue 14)
            message = str(length.refusal(length.max + 1) if hasattr(length, "refusal") else length.message)
        assert (r.status_code, r.get_json()) == (400, {"error": message}), field
        assert fingerprint(app) == before, field


COUNT_CASES = [  # (URL, data beyond the details, the refusal)
    ("/staff/forums/new", {"new_services": "\n".join(f"Layanan {i}" for i in range(51)),
                           "aspect_preset": "delivery"}, ("A forum consults at most %(n)d services.", 50)),
    ("/staff/forums/new", {"new_services": "Layanan", "aspect_preset": "custom",
                           "topics": "\n".join(f"Pertanyaan {i}" for i in range(31))},
     ("A forum discusses at most %(n)d aspects and guiding questions.", 30)),
    ("/staff/forums/new", {"new_services": "Layanan", "aspect_preset": "custom", "topics": "x" * 301},
     ("A guiding question is at most %(n)d characters.", 300)),
    ("/staff/forums/{code}/edit", {"agenda": "\n".join(f"Acara {i}" for i in range(31))},
     ("An agenda has at most %(n)d items of at most %(m)d characters each.", 30)),
]


@pytest.mark.parametrize("url,extra,refusal", COUNT_CASES)
def test_too_many_services_aspects_or_agenda_items_are_refused(app, world, url, extra, refusal):
    client = world["clients"]["admin"]
    before = fingerprint(app)
    r = client.post(fill(url, world), data={**DETAILS, **extra, "csrf_token": csrf_token(client, "/login")})
    msgid, n = refusal
    with app.test_request_context():
        message = _(msgid, n=n, m=300)
    assert r.status_code == 400 and message in r.get_data(as_text=True)
    assert fingerprint(app) == before


def test_a_request_larger_than_the_cap_is_refused_and_changes_nothing(app, client, world):
    """MAX_CONTENT_LENGTH (1 MB) caps every request but a photo upload (its own cap, photos.py)."""
    before = fingerprint(app)
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    api = client.post(f"/api/v1/forums/{world['code']}/participants", data=big,
                      content_type="application/json")
    page = world["clients"]["anon"].post(f"/j/{world['code']}", data={"name": big})
    with app.test_request_context():
        message = _("The request is too large.")
    assert (api.status_code, api.get_json()) == (413, {"error": message})
    assert page.status_code == 413 and message in page.get_data(as_text=True)
    assert fingerprint(app) == before
