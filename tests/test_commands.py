"""The moderator's command table (fkp/commands.py): every command runs the same over the socket
and as the console's plain form, and is refused the same way with the same message."""
import pytest
from flask_babel import force_locale, gettext

from fkp import commands
from fkp.forums import agreement, forums
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.app import csrf_token

# Each console button -> (its command, the socket payload, the form's path under /m/CODE/ and
# its fields, the event it raises). In payloads and paths, {x}/{into}/{who} are the input
# acted on, another input, and the input's giver: the socket and the form each get their own.
BUTTONS = {
    "approve": ("approve_comment", {"id": "{x}"}, "comments/{x}/approve", {}, "comment_approved"),
    "hide": ("hide_comment", {"id": "{x}"}, "comments/{x}/hide", {}, "comment_hidden"),
    "pin": ("pin_comment", {"id": "{x}", "pinned": True}, "comments/{x}/pin", {}, "comment_pinned"),
    "unpin": ("pin_comment", {"id": "{x}", "pinned": False}, "comments/{x}/unpin", {}, "comment_unpinned"),
    "answer": ("answer_comment", {"id": "{x}", "answered": True}, "comments/{x}/answer", {},
               "comment_answered"),
    "unanswer": ("answer_comment", {"id": "{x}", "answered": False}, "comments/{x}/unanswer", {},
                 "comment_unanswered"),
    "merge": ("merge_comment", {"id": "{x}", "into_id": "{into}"}, "comments/{x}/merge",
              {"into_id": "{into}"}, "comment_merged"),
    "merge_group": ("merge_comments", {"into_id": "{into}", "ids": ["{x}"]}, "merge-group",
                    {"into_id": "{into}", "ids": "{x}"}, "comment_merged"),
    "unmerge": ("unmerge_comment", {"id": "{x}"}, "comments/{x}/unmerge", {}, "comment_unmerged"),
    "correct": ("correct_comment", {"id": "{x}", "text": "Diperbaiki.", "kind": "question"},
                "comments/{x}/correct", {"text": "Diperbaiki.", "kind": "question"}, "comment_edited"),
    "ban": ("ban_participant", {"id": "{who}", "banned": True}, "participants/{who}/ban", {},
            "participant_banned"),
    "unban": ("ban_participant", {"id": "{who}", "banned": False}, "participants/{who}/unban", {},
              "participant_unbanned"),
    "focus": ("set_focus", {"service_id": "{service}", "aspect_id": "{aspect}"}, "focus",
              {"service_id": "{service}", "aspect_id": "{aspect}"}, "focus_changed"),
    "display": ("set_display", {"mode": "chart"}, "display", {"mode": "chart"}, "display_changed"),
    "highlight": ("set_display", {"mode": "highlight", "comment_id": "{x}"}, "display",
                  {"mode": "highlight", "comment_id": "{x}"}, "display_changed"),
    "sort": ("sort_display", {"sort": "support"}, "display/sort", {"sort": "support"}, "display_changed"),
    "ask agreement": ("open_agreement", {}, "agreement/open", {}, "agreement_opened"),
    "close agreement": ("close_agreement", {}, "agreement/close", {}, "agreement_closed"),
    "show promises": ("show_promises", {}, "promises/show", {}, "promises_changed"),
    "hide promises": ("hide_promises", {}, "promises/hide", {}, "promises_changed"),
    "approve selected": ("approve_comments", {"ids": ["{x}", "{into}"]}, "bulk",
                         {"ids": ["{x}", "{into}"], "action": "approve"}, "comment_approved"),
    "hide selected": ("hide_comments", {"ids": ["{x}", "{into}"]}, "bulk",
                      {"ids": ["{x}", "{into}"], "action": "hide"}, "comment_hidden"),
}

def _ask(db, forum, t):
    """A question on the focus, open: the one to close."""
    forums.set_focus(db, forum, t["service"], t["aspect"])
    agreement.open_for_focus(db, forums.get(db, forum["id"]))


def _no_open_question(db, forum, t):
    """A focus to ask about, and no question open (the socket's asked one is closed first)."""
    forums.set_focus(db, forum, t["service"], t["aspect"])
    if agreement.open_question(db, forum["id"]):
        agreement.close(db, forum)


def _reviewing(db, forum, t):
    """The forum reviews a past one (setup.review sets this), so it has promises to show."""
    if not forum["previous_forum_id"]:
        past = factories.forum(db, title="Forum tahun lalu")
        db.execute("UPDATE forums SET previous_forum_id = ? WHERE id = ?", [past["id"], forum["id"]])
        db.conn.commit()


# What a button needs done before it is pressed, run before each transport's press with that
# transport's targets: undoing a merge needs a merge; closing a question needs one open.
BEFORE = {"unmerge": lambda db, forum, t: moderation.merge(db, forum, t["x"], t["into"], None),
          "ask agreement": _no_open_question, "close agreement": _ask,
          "show promises": _reviewing, "hide promises": _reviewing}


@pytest.fixture
def console(app, actions, forum, sockets):
    """A logged-in moderator's client and socket, and two sets of approved inputs to act on:
    one for the socket, one for the form."""
    with app.app_context():
        db = get_db()
        service, aspect = forums.services(db, forum["id"])[2], forums.aspects(db, forum["id"])[1]
        targets = []
        for n in range(2):
            made = []
            for text in (f"Masukan {n}", f"Yang lain {n}"):
                person = participants.join(db, forum, name=f"Warga {text}", institution="RT 3",
                                           group="service_user", consent=True)[0]
                c, _ = comments.submit(db, forum, person, service_id=service["id"], aspect_id=aspect["id"],
                                       kind="suggestion", text=text, client_id=text)
                made.append(moderation.approve(db, forum, c["id"], None))
            targets.append({"x": made[0]["id"], "into": made[1]["id"], "who": made[0]["participant_id"],
                            "service": service["id"], "aspect": aspect["id"]})
    assert actions.login().status_code == 302
    mod = sockets(actions.client, forum=forum["code"], view="moderator")
    assert mod.is_connected("/live")
    return {"client": actions.client, "socket": mod, "forum": forum, "targets": targets}


def fill(value, names):
    """A payload or path with its {placeholders} filled: ids stay ints in payloads."""
    if isinstance(value, dict):
        return {k: fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    return value.format(**names) if isinstance(value, str) else value


def heard(socket):
    return [m["name"] for m in socket.get_received("/live")]


def post(console, path, data):
    client, code = console["client"], console["forum"]["code"]
    return client.post(f"/m/{code}/{path}", data={**data, "csrf_token": csrf_token(client, f"/m/{code}")})


def test_every_command_has_a_console_button():
    """A command added to the table without a plain-form way to send it fails here (and
    BUTTONS below would need a case to test it)."""
    assert {command for command, *_ in BUTTONS.values()} == set(commands.COMMANDS)


@pytest.mark.parametrize("button", BUTTONS)
def test_a_command_does_the_same_over_the_socket_and_as_a_plain_form(app, console, button):
    name, payload, path, data, event = BUTTONS[button]
    mod, (for_socket, for_form) = console["socket"], console["targets"]

    def before(targets):
        if button in BEFORE:
            with app.app_context():
                BEFORE[button](get_db(), forums.get(get_db(), console["forum"]["id"]), targets)
        heard(mod)
    before(for_socket)

    ack = mod.emit(name, fill(payload, for_socket), namespace="/live", callback=True)
    assert ack.get("ok") is True, ack
    assert event in heard(mod)
    with app.app_context():
        seq = forums.get(get_db(), console["forum"]["id"])["seq"]
    assert ack["seq"] == seq

    before(for_form)
    with app.app_context():
        seq = forums.get(get_db(), console["forum"]["id"])["seq"]
    r = post(console, fill(path, for_form), {k: [str(i) for i in v] if isinstance(v, list) else str(v)
                                             for k, v in fill(data, for_form).items()})
    assert r.status_code == 302 and r.headers["Location"] == f"/m/{console['forum']['code']}"
    assert event in heard(mod)
    with app.app_context():
        assert forums.get(get_db(), console["forum"]["id"])["seq"] > seq  # the form changed it too


def indonesian(app, msgid, **values):
    """The message as the (Indonesian) moderator reads it; it must really be translated."""
    with app.test_request_context(), force_locale("id"):
        text, english = gettext(msgid, **values), msgid % values
    assert text != english, f"no Indonesian translation of {msgid!r}"
    return text


# A refused command: the same message whichever way it came, and nothing changed.
REFUSALS = [
    ("merge_comment", {"id": "{x}", "into_id": 99999}, "comments/{x}/merge", {"into_id": "99999"},
     ("This input was not found in the forum.", {})),
    ("correct_comment", {"id": "{x}", "kind": "rumour"}, "comments/{x}/correct", {"kind": "rumour"},
     ("Choose the kind of input.", {})),
    ("correct_comment", {"id": "{x}", "text": "x" * 1001}, "comments/{x}/correct", {"text": "x" * 1001},
     ("Input is at most %(n)d characters.", {"n": 1000})),
    ("set_display", {"mode": "disco"}, "display", {"mode": "disco"}, ("Unknown display mode.", {})),
    ("sort_display", {"sort": "loudest"}, "display/sort", {"sort": "loudest"}, ("Unknown sort order.", {})),
    ("approve_comment", {"id": 99999}, "comments/99999/approve", {}, ("This input was not found in the forum.", {})),
    ("close_agreement", {}, "agreement/close", {}, ("No question is open.", {})),
    ("show_promises", {}, "promises/show", {},
     ("This forum was not started from a previous forum: it has no promises to show.", {})),
]


@pytest.mark.parametrize("name,payload,path,data,refusal", REFUSALS)
def test_a_refused_command_says_the_same_both_ways_and_changes_nothing(app, console, name, payload, path,
                                                                       data, refusal):
    mod, (target, _other) = console["socket"], console["targets"]
    with app.app_context():
        before = forums.get(get_db(), console["forum"]["id"])["seq"]
    message = indonesian(app, refusal[0], **refusal[1])
    assert mod.emit(name, fill(payload, target), namespace="/live", callback=True) == {"error": message}
    r = post(console, fill(path, target), data)
    assert r.status_code == 302
    assert message in console["client"].get(r.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert forums.get(get_db(), console["forum"]["id"])["seq"] == before


@pytest.mark.parametrize("payload", [None, ["id", 1], "1", {"id": "abc"}, {"id": {"a": 1}}, {"id": 2**63},
                                     {"id": -(2**63) - 1}])
def test_a_payload_that_is_not_the_commands_is_not_valid(app, console, payload):
    args = () if payload is None else (payload,)
    ack = console["socket"].emit("approve_comment", *args, namespace="/live", callback=True)
    assert ack == {"error": indonesian(app, "The request is not valid.")}


def test_a_display_form_without_a_mode_is_refused_as_the_domain_refused_it(app, console):
    before = console["socket"].emit("set_display", {}, namespace="/live", callback=True)
    assert before == {"error": indonesian(app, "The request is not valid.")}  # the socket must name one
    r = post(console, "display", {})
    page = console["client"].get(r.headers["Location"]).get_data(as_text=True)
    assert r.status_code == 302 and indonesian(app, "Unknown display mode.") in page


def test_text_that_is_not_a_string_is_not_valid(app, console):
    target = console["targets"][0]["x"]
    for change in ({"text": 5}, {"kind": ["suggestion"]}, {"service_id": "abc"}):
        ack = console["socket"].emit("correct_comment", {"id": target, **change}, namespace="/live",
                                     callback=True)
        assert ack == {"error": indonesian(app, "The request is not valid.")}, change


def test_each_reader_refuses_what_sqlite_cannot_hold():
    command = commands.COMMANDS["set_display"]
    assert command.read({"mode": "feed"}) == {"mode": "feed", "comment_id": None}
    assert command.read({"mode": "feed", "comment_id": 0}) == {"mode": "feed", "comment_id": None}
    assert command.read({"mode": "feed", "comment_id": 2**63 - 1})["comment_id"] == 2**63 - 1
    with pytest.raises(commands.InvalidArguments):
        command.read({"mode": "feed", "comment_id": 2**63})
    with pytest.raises(commands.InvalidArguments):
        commands.COMMANDS["merge_comment"].read({"id": 1})  # into_id is required
