"""The helpers every audience's views share (fkp/web/common.py)."""
import re
from pathlib import Path

import pytest
from flask import g
from werkzeug.exceptions import Forbidden, NotFound

from fkp import permissions
from fkp.web.common import forum_or_403

WEB = Path(__file__).resolve().parents[2] / "fkp/web"


def test_forum_or_403_gives_the_forum_only_to_whom_the_predicate_allows(app, forum):
    seen = []

    def note(user, found):
        seen.append((user["id"], found["id"]))
        return True

    with app.test_request_context():
        g.user = {"id": 5, "role": "moderator", "forum_ids": {forum["id"]}}
        assert forum_or_403(forum["code"], permissions.can_view_forum)["id"] == forum["id"]
        assert forum_or_403(forum["code"], note)["code"] == forum["code"]
        assert seen == [(5, forum["id"])]  # asked with the current user and this forum
        with pytest.raises(Forbidden):
            forum_or_403(forum["code"], permissions.can_edit_forum)  # admins only
        with pytest.raises(NotFound):  # no forum: 404 before anyone is asked
            forum_or_403("NOPE00", note)
        assert len(seen) == 1


def test_no_view_checks_a_forum_permission_by_hand():
    """`forum = forum_or_404(code)` then `abort(403)` is forum_or_403's job: written by hand it
    is one more place to get the order (404 before 403) or the predicate wrong."""
    by_hand = []
    for path in sorted(WEB.rglob("*.py")):
        if path.name == "common.py":
            continue
        source = path.read_text()
        for m in re.finditer(r"forum_or_404\(.*\n(?:.*\n){0,2}?.*abort\(403\)", source):
            by_hand.append(f"{path.relative_to(WEB)}:{source[:m.start()].count(chr(10)) + 1}")
    assert by_hand == []


def test_no_view_reads_a_posted_form_by_hand():
    """Every POST is validated by a WTForms class (fkp/web/forms/), so its refusals come from one
    place in the user's language. The one exception: the login rate limit's key reads the
    username before any view runs (web/limits.py), and validates nothing."""
    by_hand = []
    for path in sorted(WEB.rglob("*.py")):
        if path.name == "limits.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"request\.(form|values|files)\b", line) and "formdata=request.form" not in line:
                by_hand.append(f"{path.relative_to(WEB)}:{number}: {line.strip()}")
    assert by_hand == []
