"""Documented things exist, and existing things are documented."""
import re
from pathlib import Path

from fkp import commands, config, events, live
from fkp.extensions import socketio

ROOT = Path(__file__).resolve().parents[1]
EVENTS_MD = (ROOT / "docs/events.md").read_text()
# Events Socket.IO itself raises on the client; a page may listen to them undocumented.
RESERVED = {"connect", "disconnect", "connect_error"}


def documented_events():
    return set(re.findall(r"^### `(\w+)`", EVENTS_MD, re.M))


def documented_in(section):
    """{name: payload line} of the events under the `## <section>` heading of docs/events.md."""
    text = re.search(rf"^## {section}.*?$(.*?)(?=^## |\Z)", EVENTS_MD, re.M | re.S).group(1)
    return dict(re.findall(r"^### `(\w+)`\n`?(\{[^}]*\})?", text, re.M))


def payload_keys(line):
    """The keys of a documented payload such as `{id, pinned: true|false, comment_id?}`."""
    return {part.split(":")[0].strip().rstrip("?") for part in line.strip("{}").split(",") if part.strip()}


def server_events():
    return {v for k, v in vars(events).items() if k.isupper() and isinstance(v, str)}


def client_commands(app):
    return {name for name, handler in socketio.server.handlers.get(live.NAMESPACE, {}).items()
            if name not in ("connect", "disconnect")}


def test_every_server_event_is_routed_and_documented():
    assert server_events() == set(live.ROUTES)
    assert server_events() - documented_events() == set()


def test_every_client_command_is_documented(app):
    commands = client_commands(app)
    assert commands >= {"approve_comment", "hide_comment", "pin_comment", "set_focus"}
    assert commands - documented_events() == set()


def test_no_stale_event_in_the_docs(app):
    assert documented_events() - server_events() - client_commands(app) == set()


def test_the_documented_commands_are_the_command_table(app):
    """docs/events.md "Client → server" lists exactly the commands of fkp/commands.py, each
    with the arguments its entry reads; and each has its socket handler."""
    documented = documented_in("Client → server")
    assert set(documented) == set(commands.COMMANDS)
    assert {name: payload_keys(line) for name, line in documented.items()} == {
        name: set(command.args) for name, command in commands.COMMANDS.items()}
    attendees = documented_in("Attendee → server")
    assert attendees == {"submit_comment": "{service_id, aspect_id, kind, text, client_id}"}
    assert client_commands(app) == set(commands.COMMANDS) | set(attendees)
    assert set(documented_in("Server → client")) == server_events()


def script_listeners(source):
    """The event names a script listens to with `.on(…)`: string literals, and the names of
    an array a `forEach(function (name) { socket.on(name, …` walks. Anything else is
    returned as `?<argument>`, so a listener whose name cannot be read here is not missed."""
    found = set()
    loops = {}
    for names, variable, start in ((m.group(1), m.group(2), m.end()) for m in re.finditer(
            r"\[([^\]]*)\]\s*\.forEach\(\s*function\s*\(\s*(\w+)\s*\)\s*\{", source)):
        loops[start] = (variable, re.findall(r"[\"'](\w+)[\"']", names))
    for m in re.finditer(r"\.on\(\s*([^,)]+)", source):
        argument = m.group(1).strip()
        literal = re.fullmatch(r"[\"'](\w+)[\"']", argument)
        if literal:
            found.add(literal.group(1))
            continue
        # the nearest loop opened before this call, over the same variable
        opened = [(start, names) for start, (variable, names) in loops.items()
                  if start <= m.start() and variable == argument]
        found.update(max(opened)[1] if opened else {f"?{argument}"})
    return found


def test_every_event_a_script_listens_to_is_a_documented_server_event():
    server_side = set(documented_in("Server → client"))
    scripts = sorted((ROOT / "fkp/static/js").glob("*.js"))
    heard = {path.name: script_listeners(path.read_text()) for path in scripts}
    assert heard["moderator.js"] >= {"comment_submitted", "participant_joined"}  # the walker reads them
    assert heard["attendee.js"] >= {"participant_banned", "comment_merged", "comment_pinned"}
    undocumented = {name: sorted(names - server_side - RESERVED) for name, names in heard.items()}
    assert {name: names for name, names in undocumented.items() if names} == {}


def test_the_listener_walker_reads_loops_and_flags_what_it_cannot_read():
    source = """socket.on("focus_changed", f); x.on('connect', g);
    ["comment_hidden", "comment_typo"].forEach(function (name) { socket.on(name, h); });
    socket.on(pickName(), k);"""
    assert script_listeners(source) == {"focus_changed", "connect", "comment_hidden", "comment_typo",
                                        "?pickName("}


def test_every_command_a_script_sends_is_in_the_command_table():
    """... or the attendees' (docs/events.md "Attendee → server")."""
    sent = set()
    for path in (ROOT / "fkp/static/js").glob("*.js"):
        source = path.read_text()
        sent |= set(re.findall(r"\.emit\(\s*[\"'](\w+)[\"']", source))
        sent |= set(re.findall(r":\s*\[\s*[\"'](\w+)[\"']\s*,\s*function", source))  # moderator.js COMMANDS
    assert {"approve_comment", "set_focus", "set_display", "sort_display", "submit_comment"} <= sent
    assert sent - set(commands.COMMANDS) - set(documented_in("Attendee → server")) == set()


def test_events_are_only_published_by_name_constant():
    """A literal event name in code would bypass the documented list above."""
    for path in (ROOT / "fkp").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"(Event|raise_event)\(\s*['\"]", source), path
        assert not re.search(r"\.emit\(\s*['\"]", source), path


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert [name for name in config.ENV_VARS if f"`{name}`" not in readme] == []


def test_every_setting_is_read_by_the_app():
    """A setting nothing reads would let an operator believe they changed something."""
    from flask import Flask
    read_by_extensions = {"WTF_CSRF_TIME_LIMIT", "BABEL_DEFAULT_LOCALE"}
    sources = [path.read_text() for path in (ROOT / "fkp").rglob("*.py") if path.name != "config.py"]
    unread = [name for name in config.defaults()
              if name not in Flask.default_config and name not in read_by_extensions
              and not any(re.search(rf"[\"']{name}[\"']", source) for source in sources)]
    assert unread == []


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, re.S)
    assert blocks[0].strip() == "scripts/run"
    assert blocks[1].strip() == "scripts/test"
    assert "scripts/test" in (ROOT / ".ci/run").read_text()
