"""The architecture, checked on the real import graph: no cycles, and the layer rule.

Every `import` and `from … import` in fkp/ (at module level or inside a function) is an
edge from the importing module to the fkp module it names; `from pkg import name` names
the module pkg.name when there is one, else pkg. The rules (docs/architecture.md):
- no cycles: a module never needs, directly or through others, a module that needs it;
- the two transports, fkp/web/ and fkp/live.py, are imported only by each other and by the
  app's wiring (fkp/__init__.py's create_app, fkp/cli.py, fkp/__main__.py);
- outside the transports and the wiring nothing imports Flask's request or session, nor
  Socket.IO: the domain answers calls, it does not read requests or talk to sockets;
- one path for every domain change (fkp/events.py's change()), and one writer of the
  comments table (fkp/inputs/comments.py).
"""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "fkp"
WIRING = {"fkp", "fkp.cli", "fkp.__main__", "fkp.extensions"}  # extensions: created unbound
TRANSPORTS = ("fkp.web", "fkp.live")
REQUEST_STATE = {"request", "session"}
SOCKETS = ("flask_socketio", "socketio", "engineio")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _base(module, node):
    """The absolute module an ImportFrom node starts from."""
    if node.level == 0:
        return node.module
    parts = module.split(".")
    if MODULES[module].name != "__init__.py":
        parts = parts[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def imports(module):
    """(fkp modules it imports, every (module, name) pair of its `from … import`)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    edges, outside = set(), set()  # outside: every (base, name), fkp's own too
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            edges |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, node)
            outside |= {(base, a.name) for a in node.names}
            if base in MODULES:
                for alias in node.names:
                    edges.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    edges.discard(module)
    return edges, outside


GRAPH = {m: imports(m)[0] for m in MODULES}


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def is_transport(module):
    return any(module == t or module.startswith(t + ".") for t in TRANSPORTS)


def test_the_graph_is_the_real_one():
    """A guard on the reader itself: edges it must see, or the rules below prove nothing."""
    assert "fkp.inputs.comments" in GRAPH["fkp.inputs.moderation"]
    assert "fkp.store.db" in GRAPH["fkp.web.moderator"]
    assert "fkp.live" in GRAPH["fkp"]  # imported inside create_app
    assert len(MODULES) > 60


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not is_transport(m) and m not in WIRING))
def test_only_the_transports_and_the_wiring_import_the_transports(module):
    assert not {m for m in GRAPH[module] if is_transport(m)}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not is_transport(m) and m not in WIRING))
def test_the_domain_reads_no_request(module):
    _edges, outside = imports(module)
    assert not {name for base, name in outside if base == "flask" and name in REQUEST_STATE}


def test_the_top_level_holds_only_the_wiring():
    """A dozen modules at most beside the packages: the app's wiring, not its concepts."""
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top


@pytest.mark.parametrize("package", sorted(p.parent.relative_to(ROOT).as_posix()
                                           for p in PACKAGE.rglob("__init__.py")))
def test_every_package_says_what_it_is_for(package):
    doc = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 5, f"{package}/__init__.py should say what the package is for"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not is_transport(m) and m not in WIRING))
def test_the_domain_does_not_talk_to_sockets(module):
    """A read model or a domain change that used Socket.IO would reach back up the layers
    (and drag it into the CLI and the document worker)."""
    _edges, pairs = imports(module)
    assert not {(base, name) for base, name in pairs
                if base.split(".")[0] in SOCKETS or (base, name) == ("fkp.extensions", "socketio")}


def test_the_import_reader_sees_relative_and_lazy_imports():
    edges, pairs = imports("fkp.inputs.resync")
    assert {"fkp.inputs.comments", "fkp.forums.display", "fkp.inputs.projection"} <= edges
    assert ("fkp.inputs.projection", "public_comment") in pairs


def test_only_events_change_advances_a_seq_or_tells_an_event():
    """One path for every domain change (fkp/events.py): a change that advanced the seq or
    told its event by hand could tell of a write that then rolled back."""
    by_hand = re.compile(r"bump_seq|publish\(|_subscribers|forums\s+SET\s+seq|\bseq\s*=\s*seq\s*\+", re.I)
    offenders = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
                 if path != PACKAGE / "events.py" and by_hand.search(path.read_text())]
    assert offenders == []


COMMENT_WRITE = re.compile(
    r"(INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(\s+OR\s+\w+)?|DELETE\s+FROM)\s+[\[\"']?comments\b"
    r"|\[\s*[\"']comments[\"']\s*\]\s*\.\s*(insert|upsert|update|delete|add_column|transform|drop)"
    r"|insert_row\(\s*\w+\s*,\s*[\"']comments[\"']", re.I)
COMMENT_WRITERS = {PACKAGE / "inputs" / "comments.py", PACKAGE / "store" / "migrations.py"}


def test_only_comments_py_writes_the_comments_table():
    """Moderation, support and the chat import change an input through fkp/inputs/comments.py,
    so what an input may hold is decided in one place."""
    offenders = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
                 if path not in COMMENT_WRITERS and COMMENT_WRITE.search(path.read_text())]
    assert offenders == []


def test_the_comment_write_scan_sees_each_way_of_writing():
    writes = ['db.execute("UPDATE comments SET x = 1")', "db.execute('DELETE FROM [comments]')",
              'INSERT OR IGNORE INTO comments (a) VALUES (1)', 'db["comments"].insert(row)',
              "db['comments'].update(1, row)", 'insert_row(w, "comments", row)']
    assert [w for w in writes if not COMMENT_WRITE.search(w)] == []
    assert not COMMENT_WRITE.search('db.execute("SELECT * FROM comments c JOIN participants p")')
    assert COMMENT_WRITE.search((PACKAGE / "inputs" / "comments.py").read_text())


def test_only_the_lifecycle_decides_that_a_record_is_final():
    """One guard (lifecycle.is_final / refuse_if_final): a copy of the rule elsewhere would
    drift the day a status is added. (A shipped migration is history and keeps its SQL.)"""
    rule = re.compile(r"\bLOCKED\b|[\"']finalised[\"']\s*,\s*[\"']published[\"']")
    allowed = {PACKAGE / "forums" / "lifecycle.py", PACKAGE / "store" / "migrations.py"}
    offenders = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
                 if path not in allowed and rule.search(path.read_text())]
    assert offenders == []
