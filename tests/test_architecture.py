"""The layout's rules, checked on the source: which module may do what."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FKP = ROOT / "fkp"
# The domain: what views and socket handlers call. It knows nothing of Socket.IO.
DOMAIN = ("forums", "inputs", "people", "record", "language", "store", "exports")


def modules(*packages):
    for package in packages:
        yield from sorted((FKP / package).rglob("*.py"))


def imported(path):
    """Every module and name path imports, as absolute dotted names (fkp.live, fkp.live.ROUTES)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def test_the_domain_does_not_import_socket_io():
    """A read model or a domain change that imported live.py would reach back up the layers
    (and drag Socket.IO into the CLI and the exports)."""
    offenders = {str(path.relative_to(ROOT)): name for path in modules(*DOMAIN) for name in imported(path)
                 if name == "fkp.live" or name.startswith(("fkp.live.", "flask_socketio", "socketio",
                                                           "fkp.extensions.socketio"))}
    assert offenders == {}


def test_the_import_scan_sees_relative_imports():
    imports = set(imported(FKP / "inputs" / "resync.py"))
    assert {"fkp.inputs.comments", "fkp.forums.display", "fkp.inputs.projection.public_comment"} <= imports


def test_only_events_change_advances_a_seq_or_tells_an_event():
    """One path for every domain change (fkp/events.py): a change that advanced the seq or
    told its event by hand could tell of a write that then rolled back."""
    by_hand = re.compile(r"bump_seq|publish\(|_subscribers|forums\s+SET\s+seq|\bseq\s*=\s*seq\s*\+", re.I)
    offenders = [str(path.relative_to(ROOT)) for path in FKP.rglob("*.py")
                 if path != FKP / "events.py" and by_hand.search(path.read_text())]
    assert offenders == []
