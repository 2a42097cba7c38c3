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


COMMENT_WRITE = re.compile(
    r"(INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(\s+OR\s+\w+)?|DELETE\s+FROM)\s+[\[\"']?comments\b"
    r"|\[\s*[\"']comments[\"']\s*\]\s*\.\s*(insert|upsert|update|delete|add_column|transform|drop)"
    r"|insert_row\(\s*\w+\s*,\s*[\"']comments[\"']", re.I)
COMMENT_WRITERS = {FKP / "inputs" / "comments.py", FKP / "store" / "migrations.py"}


def test_only_comments_py_writes_the_comments_table():
    """Moderation, support and the chat import change an input through fkp/inputs/comments.py,
    so what an input may hold is decided in one place."""
    offenders = [str(path.relative_to(ROOT)) for path in FKP.rglob("*.py")
                 if path not in COMMENT_WRITERS and COMMENT_WRITE.search(path.read_text())]
    assert offenders == []


def test_the_comment_write_scan_sees_each_way_of_writing():
    writes = ['db.execute("UPDATE comments SET x = 1")', "db.execute('DELETE FROM [comments]')",
              'INSERT OR IGNORE INTO comments (a) VALUES (1)', 'db["comments"].insert(row)',
              "db['comments'].update(1, row)", 'insert_row(w, "comments", row)']
    assert [w for w in writes if not COMMENT_WRITE.search(w)] == []
    assert not COMMENT_WRITE.search('db.execute("SELECT * FROM comments c JOIN participants p")')
    assert COMMENT_WRITE.search((FKP / "inputs" / "comments.py").read_text())
