"""Permissions as a table: every role against every forum state, for each predicate,
then every staff route against that table, then every lifecycle step."""
import io

import pytest

from fkp import permissions
from fkp.forums import forums, lifecycle
from fkp.inputs import comments, moderation
from fkp.people import participants, users
from fkp.record import responses, scans, statements
from fkp.store.db import get_db
from tests.helpers.app import csrf_token

STATES = ("draft", "open", "paused", "closed", "finalised", "published")
ROLES = ("nobody", "notulis", "notulis_elsewhere", "moderator", "moderator_elsewhere", "admin")

# One letter per state, in STATES order: Y allowed, . refused. Written out by hand, not derived.
TABLE = {
    "can_view_forum": {"notulis": "YYYYYY", "moderator": "YYYYYY", "admin": "YYYYYY"},
    "can_moderate": {"moderator": "YYYY..", "admin": "YYYY.."},
    "can_record_spoken": {"notulis": ".Y....", "moderator": ".Y....", "admin": ".Y...."},
    "can_check_in": {"notulis": "YYYY..", "moderator": "YYYY..", "admin": "YYYY.."},
    "can_import_chat": {"moderator": ".YYY..", "admin": ".YYY.."},
    "can_delete_participant": {"moderator": "YYYYYY", "admin": "YYYYYY"},
    "can_export": {"notulis": "YYYYYY", "moderator": "YYYYYY", "admin": "YYYYYY"},
    "can_edit_forum": {"admin": "YYYY.."},
    "can_edit_structure": {"admin": "Y....."},
    "can_write_record": {"notulis": "YYYY..", "moderator": "YYYY..", "admin": "YYYY.."},
    "can_keep_signed_scans": {"notulis": "YYYYYY", "moderator": "YYYYYY", "admin": "YYYYYY"},
    "can_update_followup": {"notulis": "YYYYYY", "moderator": "YYYYYY", "admin": "YYYYYY"},
    "can_assign_staff": {"admin": "YYYYYY"},
    "can_delete_forum": {"admin": "YYYYYY"},  # which forums: the domain's rule (forums/removal.py)
}
STEPS = {  # lifecycle action -> who may take it, per state
    "open": {"moderator": "Y.Y...", "admin": "Y.Y..."},
    "pause": {"moderator": ".Y....", "admin": ".Y...."},
    "close": {"moderator": ".YY...", "admin": ".YY..."},
    "finalise": {"admin": "...Y.."},
    "publish": {"admin": "....Y."},
    "reopen": {"moderator": "...Y..", "admin": "...Y.."},
    "unfinalise": {"admin": "....Y."},
}


def allowed(table, role, state):
    return table.get(role, "......")[STATES.index(state)] == "Y"


def user_for(role):
    if role == "nobody":
        return None
    base = role.replace("_elsewhere", "")
    return {"id": 1, "role": base, "forum_ids": set() if role.endswith("_elsewhere") else {7}}


@pytest.mark.parametrize("predicate", TABLE)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_predicate_table(predicate, role, state):
    forum = {"id": 7, "status": state}
    assert getattr(permissions, predicate)(user_for(role), forum) is allowed(TABLE[predicate], role, state)


@pytest.mark.parametrize("action", STEPS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_transition_table(action, role, state):
    forum = {"id": 7, "status": state}
    assert permissions.can_transition(user_for(role), forum, action) is allowed(STEPS[action], role, state)


def test_the_record_is_final_once_finalised_or_published():
    assert [state for state in STATES if permissions.record_is_final({"id": 7, "status": state})] == [
        "finalised", "published"]


# The predicates that allow a change only until the record is final.
UNTIL_FINAL = ("can_edit_forum", "can_moderate", "can_check_in", "can_write_record", "can_import_chat")


@pytest.mark.parametrize("final", [True, False])
def test_one_guard_decides_when_the_record_is_final(monkeypatch, final):
    """Each of them asks permissions.record_is_final, not the statuses: change that one rule
    and all of them follow (an open forum locked, a published one unlocked)."""
    monkeypatch.setattr(permissions, "record_is_final", lambda forum: final)
    forum = {"id": 7, "status": "open" if final else "published"}
    admin = user_for("admin")
    assert {name: getattr(permissions, name)(admin, forum) for name in UNTIL_FINAL} == {
        name: not final for name in UNTIL_FINAL}


def test_account_predicates():
    for role in ROLES:
        expected = role == "admin"
        assert permissions.can_manage_users(user_for(role)) is expected
        assert permissions.can_create_forum(user_for(role)) is expected


# route -> the predicate that guards it; how it answers a role that may use it but not in the
# forum's present state (403, or 409: "not now", the page says when, or 200 for a page that
# explains); the data an allowed request sends; and the status a request the gate let through
# answers. A POST sends a real CSRF token and data its form accepts, so an allowed request
# that answered 400 (a refused token or form) would fail here rather than pass for allowed.
# {…} are filled from the `world` fixture; "{chat}" and "{photo}" are files.
ROUTES = [
    ("GET", "/staff/forums/{code}", "can_view_forum", 403, None, 200),
    ("GET", "/staff/forums/{code}/definition.json", "can_view_forum", 403, None, 200),
    ("GET", "/n/{code}", "can_view_forum", 403, None, 200),
    ("GET", "/n/{code}/receipt/{comment}", "can_view_forum", 403, None, 200),
    ("GET", "/m/{code}/changes", "can_view_forum", 403, None, 200),
    ("GET", "/staff/forums/{code}/attendance", "can_view_forum", 403, None, 200),
    ("POST", "/staff/forums/{code}/attendance/{speaker}", "can_check_in", 403,
     {"name": "Siti", "institution": "JPPR", "position": "", "group": "media"}, 302),
    ("POST", "/staff/forums/{code}/attendance/{gone}/delete", "can_delete_participant", 403, {}, 302),
    ("GET", "/m/{code}", "can_moderate", 403, None, 200),
    ("POST", "/m/{code}/focus", "can_moderate", 403, {"service_id": "{service}", "aspect_id": "{aspect}"}, 302),
    ("POST", "/m/{code}/display", "can_moderate", 403, {"mode": "feed"}, 302),
    ("POST", "/m/{code}/display/sort", "can_moderate", 403, {"sort": "support"}, 302),
    ("POST", "/m/{code}/comments/{comment}/approve", "can_moderate", 403, {}, 302),
    ("POST", "/m/{code}/comments/{comment}/correct", "can_moderate", 403, {"text": "Diperbaiki."}, 302),
    ("POST", "/m/{code}/comments/{other}/merge", "can_moderate", 403, {"into_id": "{comment}"}, 302),
    ("POST", "/m/{code}/merge-group", "can_moderate", 403, {"into_id": "{comment}", "ids": "{other}"}, 302),
    ("POST", "/m/{code}/comments/{other}/unmerge", "can_moderate", 403, {}, 302),
    ("GET", "/m/{code}/groups?service_id={service}&aspect_id={aspect}", "can_view_forum", 403, None, 200),
    ("GET", "/m/{code}/comments/{comment}/similar", "can_view_forum", 403, None, 200),
    ("POST", "/m/{code}/participants/{banned}/ban", "can_moderate", 403, {}, 302),
    ("POST", "/n/{code}/spoken", "can_record_spoken", 409,
     {"participant_id": "{speaker}", "service_id": "{service}", "aspect_id": "{aspect}", "kind": "suggestion",
      "text": "Mohon antrean dipercepat.", "client_id": "route-table"}, 302),
    ("POST", "/n/{code}/check-in", "can_check_in", 409,
     {"name": "Ani", "institution": "Pertuni", "group": "civil_society", "consent": "y"}, 302),
    ("GET", "/m/{code}/chat", "can_import_chat", 200, None, 200),
    ("POST", "/m/{code}/chat", "can_import_chat", 409, {"chat_file": "{chat}"}, 200),
    ("GET", "/staff/forums/{code}/berita-acara.docx", "can_export", 403, None, 200),
    ("GET", "/staff/forums/{code}/inputs.csv", "can_export", 403, None, 200),
    ("GET", "/staff/forums/{code}/edit", "can_edit_forum", 403, None, 200),
    ("GET", "/staff/forums/{code}/drafts", "can_edit_forum", 403, None, 200),
    ("POST", "/staff/forums/{code}/drafts", "can_edit_forum", 403, {"draft-{service}-{aspect}": "Rp0."}, 302),
    ("GET", "/staff/forums/{code}/structure", "can_edit_structure", 403, None, 200),
    ("GET", "/staff/forums/{code}/responses", "can_view_forum", 403, None, 200),
    ("POST", "/staff/forums/{code}/responses/{comment}", "can_write_record", 403,
     {"r{comment}-csrf_token": "{token}", "r{comment}-decision": "accepted", "r{comment}-response": "Ya."}, 302),
    ("GET", "/staff/forums/{code}/conclusions", "can_view_forum", 403, None, 200),
    ("POST", "/staff/forums/{code}/responses/bulk", "can_write_record", 403,
     {"bulk-csrf_token": "{token}", "bulk-ids": "{comment}", "bulk-response": "Ya."}, 302),
    ("POST", "/staff/forums/{code}/conclusions", "can_write_record", 403,
     {"kforum-text": "Baru.", "gmedia-participant_id": "{speaker}"}, 302),
    ("GET", "/staff/forums/{code}/standard", "can_view_forum", 403, None, 200),
    ("GET", "/staff/forums/{code}/standard/{service}/requirements", "can_view_forum", 403, None, 200),
    ("POST", "/staff/forums/{code}/standard/{service}/requirements", "can_write_record", 403,
     {"text": "KTP elektronik.", "inputs": "{comment}"}, 302),
    ("GET", "/staff/forums/{code}/documents", "can_export", 403, None, 200),
    ("GET", "/staff/forums/{code}/documents/inputs.csv", "can_export", 403, None, 200),
    ("POST", "/staff/forums/{code}/photos", "can_write_record", 403, {"caption": "Aula", "photo": "{photo}"}, 302),
    ("POST", "/staff/forums/{code}/scans/berita_acara", "can_keep_signed_scans", 403,
     {"berita_acara-csrf_token": "{token}", "berita_acara-scan": "{scan}"}, 302),
    ("GET", "/staff/forums/{code}/scans/daftar_hadir", "can_export", 403, None, 200),
    ("POST", "/staff/forums/{code}/scans/daftar_hadir/remove", "can_keep_signed_scans", 403, {}, 302),
    ("POST", "/n/{code}/statements", "can_write_record", 409,
     {"statement-csrf_token": "{token}", "statement-speaker": "Ketua", "statement-text": "Penjelasan.",
      "statement-client_id": "route-table"}, 302),
    ("GET", "/n/{code}/statements/{statement}", "can_view_forum", 403, None, 200),
    ("POST", "/n/{code}/statements/{statement}", "can_write_record", 409,
     {"statement-csrf_token": "{token}", "statement-speaker": "Ketua", "statement-text": "Diperbaiki."}, 302),
    ("POST", "/n/{code}/statements/{statement}/remove", "can_write_record", 409, {}, 302),
    ("POST", "/staff/followups/{code}/{comment}", "can_update_followup", 403,
     {"followup_status": "in_progress", "note": "Sedang disusun."}, 302),
    ("POST", "/staff/forums/{code}/staff", "can_assign_staff", 403, {"user_id": "{staff_member}"}, 302),
    ("POST", "/staff/forums/{code}/staff/{staff_member}/remove", "can_assign_staff", 403, {}, 302),
]
CHAT = b"10:01:02 From Anas Burhan (PKB) to Everyone:\n\tKecepatan layanan sudah baik.\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")
FILES = {"{chat}": (CHAT, "meeting_saved_chat.txt"), "{photo}": (PNG, "aula.png"),
         "{scan}": (b"%PDF-1.4 ditandatangani", "ba.pdf")}


@pytest.fixture
def world(app, forum):
    """What the route table's requests name: the forum's first service and aspect, a speaker,
    a participant to ban and one to erase, two approved inputs (the first answered), a
    note-taker to assign, an organiser's statement and a signed scan of the Daftar Hadir."""
    with app.app_context():
        db = get_db()
        service, aspect = forums.services(db, forum["id"])[0], forums.aspects(db, forum["id"])[0]
        people = {key: participants.join(db, forum, name=f"Warga {key}", institution="RT 1", group="media",
                                         consent=True)[0]["id"] for key in ("speaker", "banned", "gone")}
        inputs = []
        for key in ("comment", "other"):
            c, _ = comments.submit(db, forum, participants.get(db, people["speaker"]), service_id=service["id"],
                                   aspect_id=aspect["id"], kind="suggestion", text=f"Masukan {key}",
                                   client_id=key)
            inputs.append(moderation.approve(db, forum, c["id"], None)["id"])
        responses.save_response(db, forum, inputs[0], None, response="Ya.", decision="accepted")
        staff_member = users.create(db, "rina", "rina-password", "notulis")
        statement = statements.record(db, forum, None, speaker="Ketua", text="Persyaratan cukup KTP.",
                                      client_id="world")[0]
        scans.keep(db, forum, "daftar_hadir", "hadir.pdf", b"%PDF-1.4 hadir", None)
    return {"code": forum["code"], "service": service["id"], "aspect": aspect["id"], **people,
            "comment": inputs[0], "other": inputs[1], "staff_member": staff_member,
            "statement": statement["id"]}


def request_data(data, world, token):
    """The route's data with its {…} filled, a fresh file for each file, and the CSRF token."""
    if data is None:
        return None
    names = {**world, "token": token}
    out = {"csrf_token": token}
    for key, value in data.items():
        key = key.format(**names)
        if value in FILES:
            content, filename = FILES[value]
            out[key] = (io.BytesIO(content), filename)
        else:
            out[key] = value.format(**names)
    return out


def passed_gate(response, expected):
    """Whether the gate let the request through: exactly the status the route gives then (so a
    400 for a refused CSRF token or form is not a pass), and never the login page."""
    return response.status_code == expected and "/login" not in response.headers.get("Location", "")


@pytest.fixture
def staff(app, forum):
    """A logged-in test client per role; the '_elsewhere' ones are assigned to no forum."""
    clients = {"nobody": app.test_client()}
    with app.app_context():
        db = get_db()
        for role in ROLES[1:]:
            users.create(db, role, f"{role}-password", role.replace("_elsewhere", ""))
            if not role.endswith("_elsewhere") and role != "admin":
                users.assign(db, forum["id"], db.execute(
                    "SELECT id FROM users WHERE username = ?", [role]).fetchone()[0])
    for role in ROLES[1:]:
        client = app.test_client()
        client.post("/login", data={"username": role, "password": f"{role}-password",
                                    "csrf_token": csrf_token(client, "/login")})
        clients[role] = client
    return clients


def set_state(app, forum, state):
    with app.app_context():
        get_db().execute("UPDATE forums SET status = ? WHERE id = ?", [state, forum["id"]])
        get_db().conn.commit()


@pytest.mark.parametrize("method,path,predicate,not_now,data,passed", ROUTES)
def test_route_table(app, forum, staff, world, method, path, predicate, not_now, data, passed):
    url = path.format(**world)
    for state in STATES:
        set_state(app, forum, state)
        for role, client in staff.items():
            r = client.open(url, method=method, data=request_data(data, world, csrf_token(client, "/login")))
            cell = f"{role} × {method} {path} × {state}: {r.status_code}"
            if allowed(TABLE[predicate], role, state):
                assert passed_gate(r, passed), cell
            elif role == "nobody":
                assert r.status_code == 302 and "/login" in r.headers["Location"], cell
            elif "Y" in TABLE[predicate].get(role, ""):  # the right role, the wrong moment
                assert r.status_code == not_now, cell
            else:
                assert r.status_code == 403, cell


def test_an_allowed_request_refused_for_its_token_or_form_is_not_a_pass(app, forum, staff, world):
    """The trap the route table used to fall into: 400 (no CSRF token, or a form the view
    refuses) passed for "allowed". Here the admin may post, and only the real request passes."""
    admin, url = staff["admin"], "/m/{code}/focus".format(**world)
    token = csrf_token(admin, "/login")
    without_token = admin.post(url, data={"service_id": world["service"], "aspect_id": world["aspect"]})
    empty_form = admin.post(url, data={"csrf_token": token})
    real = admin.post(url, data=request_data({"service_id": "{service}", "aspect_id": "{aspect}"}, world, token))
    assert (without_token.status_code, empty_form.status_code) == (400, 400)
    assert not passed_gate(without_token, 302) and not passed_gate(empty_form, 302)
    assert passed_gate(real, 302)


# What a guarded step's confirmation sends besides its token: the box ticked, the open record
# accepted, the reason for unlocking it.
CONFIRMED = {"confirm": "y", "accept_open": "y", "reason": "Tanda tangan unsur media salah."}


@pytest.mark.parametrize("action", STEPS)
def test_each_lifecycle_step_is_refused_to_those_who_may_not_take_it(app, forum, staff, action):
    """The step and, for a guarded one, its confirmation page follow the same table."""
    for state in STATES:
        for role, client in staff.items():
            set_state(app, forum, state)
            page = f"/staff/forums/{forum['code']}"
            shown = client.get(f"{page}/lifecycle/{action}")
            r = client.post(f"{page}/lifecycle/{action}", data={"csrf_token": csrf_token(client, "/login"),
                                                                 **CONFIRMED})
            with app.app_context():
                now = get_db().execute("SELECT status FROM forums WHERE id = ?", [forum["id"]]).fetchone()[0]
            cell = f"{role} × {action} × {state}: {shown.status_code}, {r.status_code}"
            if allowed(STEPS[action], role, state):
                assert r.status_code == 302 and now != state, cell
                assert shown.status_code == (200 if action in lifecycle.GUARDED else 404), cell
            else:
                assert r.status_code in (302, 403) and now == state, cell
                assert r.status_code == 403 or role == "nobody", cell
                assert shown.status_code == r.status_code, cell


@pytest.mark.parametrize("path", ["/staff/users/", "/staff/restricted-words/", "/staff/library/", "/staff/forums/new",
                                  "/staff/forums/import"])
def test_admin_only_pages(staff, path):
    for role, client in staff.items():
        r = client.get(path)
        if role == "admin":
            assert r.status_code == 200, role
        elif role == "nobody":
            assert r.status_code == 302 and "/login" in r.headers["Location"], role
        else:
            assert r.status_code == 403, role
