"""Documented things exist, and existing things are documented."""
import re
from pathlib import Path

from fkp import config, events, live
from fkp.extensions import socketio

ROOT = Path(__file__).resolve().parents[1]


def documented_events():
    return set(re.findall(r"^### `(\w+)`", (ROOT / "docs/events.md").read_text(), re.M))


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
