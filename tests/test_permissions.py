"""Permissions as a table: every role (and nobody) against every action."""
import pytest

from fkp import permissions

FORUM = {"id": 1, "status": "open"}
ROLES = [None, "notulis", "moderator", "admin"]
TABLE = {
    #                    nobody  notulis moderator admin
    "can_moderate":      (False, False,  True,     True),
    "can_export":        (False, True,   True,     True),
}


@pytest.mark.parametrize("predicate", TABLE)
@pytest.mark.parametrize("index,role", list(enumerate(ROLES)))
def test_role_table(predicate, index, role):
    user = {"id": 1, "role": role, "forum_ids": {FORUM["id"]}} if role else None
    assert getattr(permissions, predicate)(user, FORUM) is TABLE[predicate][index]


ROUTES = [  # (method, path, who may)  — the web layer applies the predicates above
    ("GET", "/m/{code}", {"moderator", "admin"}),
    ("GET", "/staff/forums/{code}/berita-acara.docx", {"notulis", "moderator", "admin"}),
    ("GET", "/staff/forums/{code}/inputs.csv", {"notulis", "moderator", "admin"}),
    ("GET", "/staff/", {"notulis", "moderator", "admin"}),
]


@pytest.mark.parametrize("method,path,allowed", ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_route_table(actions, client, forum, method, path, allowed, role):
    if role:
        actions.login(role, f"{role}-password", role=role)
    r = client.open(path.format(code=forum["code"]), method=method)
    if role in allowed:
        assert r.status_code == 200
    elif role is None:
        assert r.status_code == 302 and "/login" in r.headers["Location"]
    else:
        assert r.status_code == 403
