"""Permissions as a table: every role against every forum state, for each predicate,
then every staff route against that table, then every lifecycle step."""
import pytest

from fkp import permissions
from fkp.people import users
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
    "can_update_followup": {"notulis": "YYYYYY", "moderator": "YYYYYY", "admin": "YYYYYY"},
    "can_assign_staff": {"admin": "YYYYYY"},
}
STEPS = {  # lifecycle action -> who may take it, per state
    "open": {"moderator": "Y.Y...", "admin": "Y.Y..."},
    "pause": {"moderator": ".Y....", "admin": ".Y...."},
    "close": {"moderator": ".YY...", "admin": ".YY..."},
    "finalise": {"admin": "...Y.."},
    "publish": {"admin": "....Y."},
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


# route -> the predicate that guards it, and how it answers a role that may use it but not
# in the forum's present state: 403, or 409 ("not now", the page says when), or 200 for a
# page that explains. Allowed GETs answer 200; allowed POSTs a redirect, or 400 for the
# empty form we send.
ROUTES = [
    ("GET", "/staff/forums/{code}", "can_view_forum", 403),
    ("GET", "/staff/forums/{code}/definition.json", "can_view_forum", 403),
    ("GET", "/n/{code}", "can_view_forum", 403),
    ("GET", "/m/{code}/changes", "can_view_forum", 403),
    ("GET", "/staff/forums/{code}/attendance", "can_view_forum", 403),
    ("POST", "/staff/forums/{code}/attendance/1", "can_check_in", 403),
    ("POST", "/staff/forums/{code}/attendance/1/delete", "can_delete_participant", 403),
    ("GET", "/m/{code}", "can_moderate", 403),
    ("POST", "/m/{code}/focus", "can_moderate", 403),
    ("POST", "/m/{code}/display", "can_moderate", 403),
    ("POST", "/m/{code}/comments/1/approve", "can_moderate", 403),
    ("POST", "/m/{code}/participants/1/ban", "can_moderate", 403),
    ("POST", "/n/{code}/spoken", "can_record_spoken", 409),
    ("POST", "/n/{code}/check-in", "can_check_in", 409),
    ("GET", "/m/{code}/chat", "can_import_chat", 200),
    ("POST", "/m/{code}/chat", "can_import_chat", 409),
    ("GET", "/staff/forums/{code}/berita-acara.docx", "can_export", 403),
    ("GET", "/staff/forums/{code}/inputs.csv", "can_export", 403),
    ("GET", "/staff/forums/{code}/edit", "can_edit_forum", 403),
    ("GET", "/staff/forums/{code}/drafts", "can_edit_forum", 403),
    ("GET", "/staff/forums/{code}/structure", "can_edit_structure", 403),
    ("GET", "/staff/forums/{code}/responses", "can_view_forum", 403),
    ("POST", "/staff/forums/{code}/responses/1", "can_write_record", 403),
    ("GET", "/staff/forums/{code}/conclusions", "can_view_forum", 403),
    ("POST", "/staff/forums/{code}/conclusions", "can_write_record", 403),
    ("POST", "/staff/forums/{code}/signatories/media", "can_write_record", 403),
    ("GET", "/staff/forums/{code}/documents", "can_export", 403),
    ("GET", "/staff/forums/{code}/documents/inputs.csv", "can_export", 403),
    ("POST", "/staff/forums/{code}/photos", "can_write_record", 403),
    ("POST", "/staff/followups/{code}/1", "can_update_followup", 403),
    ("POST", "/staff/forums/{code}/staff", "can_assign_staff", 403),
    ("POST", "/staff/forums/{code}/staff/1/remove", "can_assign_staff", 403),
]


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


@pytest.mark.parametrize("method,path,predicate,not_now", ROUTES)
def test_route_table(app, forum, staff, method, path, predicate, not_now):
    url = path.format(code=forum["code"])
    for state in STATES:
        set_state(app, forum, state)
        for role, client in staff.items():
            data = {"csrf_token": csrf_token(client, "/login")} if method == "POST" else None
            r = client.open(url, method=method, data=data)
            cell = f"{role} × {method} {path} × {state}: {r.status_code}"
            if allowed(TABLE[predicate], role, state):
                assert r.status_code in ((200,) if method == "GET" else (302, 400)), cell
            elif role == "nobody":
                assert r.status_code == 302 and "/login" in r.headers["Location"], cell
            elif "Y" in TABLE[predicate].get(role, ""):  # the right role, the wrong moment
                assert r.status_code == not_now, cell
            else:
                assert r.status_code == 403, cell


@pytest.mark.parametrize("action", STEPS)
def test_each_lifecycle_step_is_refused_to_those_who_may_not_take_it(app, forum, staff, action):
    for state in STATES:
        for role, client in staff.items():
            set_state(app, forum, state)
            page = f"/staff/forums/{forum['code']}"
            r = client.post(f"{page}/lifecycle/{action}", data={"csrf_token": csrf_token(client, "/login")})
            with app.app_context():
                now = get_db().execute("SELECT status FROM forums WHERE id = ?", [forum["id"]]).fetchone()[0]
            cell = f"{role} × {action} × {state}: {r.status_code}"
            if allowed(STEPS[action], role, state):
                assert r.status_code == 302 and now != state, cell
            else:
                assert r.status_code in (302, 403) and now == state, cell
                assert r.status_code == 403 or role == "nobody", cell


@pytest.mark.parametrize("path", ["/staff/users/", "/staff/library/", "/staff/forums/new",
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
