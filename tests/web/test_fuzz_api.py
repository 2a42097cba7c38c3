"""Fuzzing the JSON API from its OpenAPI description (schemathesis) against the real server.

Every operation gets generated requests, valid and invalid; each answer must not be a 5xx,
must use a status code the description lists for it, and must match the schema it gives.
The default budget keeps CI near a minute; scripts/fuzz runs many more cases with a new
seed each time (FKP_FUZZ_EXAMPLES).

The generated forum code, ids and comment ids are mostly replaced by real ones, so the
requests reach the code behind "this forum exists" and "this id is one of its services"
rather than stopping at a 404 or a 400.
"""
import os
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from tests.helpers.app import LiveServer
from tests.helpers.live_http import post_form, staff_session

pytestmark = pytest.mark.server

SPEC = Path(__file__).resolve().parents[2] / "fkp" / "web" / "openapi.json"  # what /api/v1/openapi.json serves
EXAMPLES = int(os.environ.get("FKP_FUZZ_EXAMPLES") or 40)
schema = schemathesis.openapi.from_path(SPEC)


class Forum:
    """A served demo forum with one attendee holding a token, another one's input shown
    (supportable), the attendee's own input (not supportable) and one still pending."""

    def __init__(self, server):
        self.url, self.code = server.url, server.code
        summary = requests.get(f"{self.url}/api/v1/forums/{self.code}", timeout=30).json()
        self.services = [s["id"] for s in summary["services"]]
        self.aspects = [a["id"] for a in summary["aspects"]]
        self.token = self.join("Budi Fuzz")
        other = self.join("Rina Lain")
        shown, pending = self.submit(other, "c1"), self.submit(other, "c2")
        moderator = staff_session(self.url, "moderator", "moderator-pass")
        r = post_form(moderator, f"{self.url}/m/{self.code}/comments/{shown}/approve")
        assert r.status_code == 302
        self.comments = [shown, self.submit(self.token, "c3"), pending]

    def join(self, name):
        r = requests.post(f"{self.url}/api/v1/forums/{self.code}/participants", timeout=30, json={
            "name": name, "institution": "Perorangan", "group": "service_user", "consent": True})
        assert r.status_code == 201, r.text
        return r.json()["token"]

    def submit(self, token, client_id):
        r = requests.post(f"{self.url}/api/v1/forums/{self.code}/comments", timeout=30, json={
            "service_id": self.services[0], "aspect_id": self.aspects[0], "kind": "question",
            "text": "Berapa lama prosesnya?", "client_id": client_id},
            headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def aim(self, case):
        """Point a generated case at this forum. One case in eight keeps its generated code
        (an unknown forum); integer ids become real ones, which keeps a valid case valid."""
        generated = case.path_parameters.get("code")
        # A code the schema refuses (too long) is a negative case: it stays as generated.
        if isinstance(generated, str) and len(unquote(generated)) <= 12 and \
                zlib.crc32(generated.encode()) % 8:
            case.path_parameters["code"] = self.code
        comment_id = str(case.path_parameters.get("comment_id", ""))
        if comment_id.lstrip("-").isdigit():  # generated as an integer (path values are text)
            case.path_parameters["comment_id"] = self.pick(self.comments + [10**9], int(comment_id))
        if isinstance(case.body, dict):
            for key, ids in (("service_id", self.services), ("aspect_id", self.aspects)):
                if type(case.body.get(key)) is int:
                    case.body[key] = self.pick(ids, case.body[key])

    @staticmethod
    def pick(ids, number):
        return ids[abs(number) % len(ids)]


@pytest.fixture(scope="module")
def forum(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("fuzz"))
    server.code = server.new_forum()
    server.cli("create-user", "moderator", "--role", "moderator", "--forum", server.code,
               password="moderator-pass")
    server.start()
    yield Forum(server)
    server.stop()


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize="FKP_FUZZ_EXAMPLES" not in os.environ, database=None,
          deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_description_says(case, forum):
    forum.aim(case)
    # The participantToken scheme: the joined attendee's token, unless this case tests a
    # missing or broken one (then the generated header stays).
    if not case.operation.schema.is_security_param_negated(case):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {forum.token}"}
    # Every check but positive_data_acceptance: the schema cannot say "an id of this forum"
    # or "text that is not only spaces", and the API refuses those with 400 by design.
    case.call_and_validate(base_url=forum.url,
                           excluded_checks=[schemathesis.checks.positive_data_acceptance])
