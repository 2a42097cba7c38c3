"""fkp on Windows, as far as a Linux machine can tell: CI cannot run Windows here.

Windows has no fcntl, resource, pwd, grp, termios … and no os.fork or os.getuid. Every use
of one in fkp must sit behind a guard (an `except ImportError`, a `hasattr(os, …)`), as the
restore lock's fcntl does. Two checks: one reads the source for unguarded uses, one runs
the commands an office runs (import every module, create the demo, export the documents,
back up) in a process where those modules and functions are missing for fkp's own code.
"""
import ast
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
import requests

from tests.helpers.app import free_port

ROOT = Path(__file__).resolve().parents[2]
# Standard-library modules that exist on POSIX systems only.
POSIX_MODULES = {"fcntl", "resource", "pwd", "grp", "termios", "tty", "pty", "syslog", "crypt",
                 "nis", "spwd", "posix", "_posixsubprocess", "readline", "curses"}
# os functions Windows lacks.
POSIX_OS = {"fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "setsid", "setuid", "setgid",
            "killpg", "getpgid", "wait3", "wait4", "sync", "statvfs", "uname", "chown", "lchown",
            "getloadavg", "sched_getaffinity", "sched_setaffinity", "nice", "mkfifo", "getppid"}


def _guarded_import(node, parents):
    """True if the import sits in a try whose handlers catch ImportError."""
    for parent in parents:
        if isinstance(parent, ast.Try) and node in ast.walk(ast.Module(body=parent.body, type_ignores=[])):
            names = {ast.unparse(h.type) for h in parent.handlers if h.type is not None}
            if names & {"ImportError", "ModuleNotFoundError", "(ImportError, ModuleNotFoundError)"}:
                return True
    return False


def _unguarded(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    found, stack = [], []

    def visit(node):
        stack.append(node)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                if module.split(".")[0] in POSIX_MODULES and not _guarded_import(node, stack[:-1]):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} import {module}")
        if (isinstance(node, ast.Attribute) and node.attr in POSIX_OS
                and isinstance(node.value, ast.Name) and node.value.id == "os"):
            function = next((n for n in reversed(stack) if isinstance(n, (ast.FunctionDef, ast.Module))), None)
            guard = f"hasattr(os, '{node.attr}')"  # as ast.unparse writes it
            callers = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
            # guarded in this function, or in every function that calls this one
            guarded = guard in ast.unparse(function) or any(
                guard in ast.unparse(caller) for caller in callers
                if isinstance(function, ast.FunctionDef) and f"{function.name}(" in ast.unparse(caller))
            if not guarded:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} os.{node.attr}")
        for child in ast.iter_child_nodes(node):
            visit(child)
        stack.pop()

    visit(tree)
    return found


def test_no_posix_only_module_or_function_is_used_unguarded():
    found = [line for path in sorted((ROOT / "fkp").rglob("*.py")) for line in _unguarded(path)]
    assert found == []


def test_the_source_check_sees_an_unguarded_use(tmp_path):
    """The check above can fail: it finds a bare import and a bare os.fork, not guarded ones."""
    sample = ROOT / "fkp" / "_sample_posix_check.py"
    try:
        sample.write_text(textwrap.dedent("""
            import os
            import fcntl
            try:
                import resource
            except ImportError:
                resource = None

            def bare():
                return os.fork()

            def guarded():
                return os.getuid() if hasattr(os, "getuid") else 0
        """))
        assert [line.split(" ", 1)[1] for line in _unguarded(sample)] == ["import fcntl", "os.fork"]
    finally:
        sample.unlink()


# Run in a child process: fkp's own code sees no POSIX-only module or os function (the
# libraries keep theirs: on Windows they bring their own ways, gevent's libuv among them).
WINDOWS_LIKE = """
import builtins, importlib, os, pkgutil, sys
POSIX_MODULES = {posix_modules!r}
# Not for `serve`: gevent's own POSIX code needs them here (on Windows it has other code).
for name in {posix_os!r} if sys.argv[1:2] != ["serve"] else ():
    if hasattr(os, name):
        delattr(os, name)
real_import = builtins.__import__

def windows_import(name, globals=None, locals=None, fromlist=(), level=0):
    caller = (globals or {{}}).get("__name__", "")
    if level == 0 and name.split(".")[0] in POSIX_MODULES and caller.split(".")[0] == "fkp":
        raise ImportError(f"No module named {{name!r}} (hidden: Windows has none)")
    return real_import(name, globals, locals, fromlist, level)

builtins.__import__ = windows_import
if sys.argv[1:2] == ["serve"]:
    import fkp.__main__  # gevent's monkey-patch first, as the fkp command does
import fkp
for module in pkgutil.walk_packages(fkp.__path__, "fkp."):
    if module.name != "fkp.__main__":
        importlib.import_module(module.name)
from fkp.__main__ import main
sys.argv = ["fkp"] + sys.argv[1:]
main(prog_name="fkp")
"""


def _windows_like(home):
    script = WINDOWS_LIKE.format(posix_modules=POSIX_MODULES, posix_os=POSIX_OS)
    # cp1252: what Windows gives a program whose output goes to a file rather than a console
    env = {"FKP_HOME": str(home), "HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
           "PYTHONIOENCODING": "cp1252"}
    return [sys.executable, "-c", script], env


def _run_windows_like(home, *args):
    command, env = _windows_like(home)
    done = subprocess.run([*command, *args], env=env, cwd=home, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode("cp1252")
    return done.stdout.decode("cp1252")


def test_an_office_s_commands_run_without_posix_modules(tmp_path):
    out = _run_windows_like(tmp_path, "demo", "--with-sample-input")
    code = out.strip().rsplit(" ", 1)[-1]
    assert (tmp_path / "data" / "fkp.db").is_file()
    for document, fmt in [("berita-acara", "docx"), ("berita-acara", "pdf"), ("notulen", "docx"),
                          ("matriks", "xlsx"), ("matriks", "csv"), ("daftar-hadir", "pdf")]:
        target = tmp_path / f"{document}.{fmt}"
        _run_windows_like(tmp_path, "export", code, "--document", document, "--format", fmt, "-o", str(target))
        assert target.stat().st_size > 0
    assert zipfile.is_zipfile(tmp_path / "berita-acara.docx")
    assert (tmp_path / "berita-acara.pdf").read_bytes().startswith(b"%PDF")
    _run_windows_like(tmp_path, "backup", str(tmp_path / "copy.db"))
    assert (tmp_path / "copy.db").stat().st_size > 0


@pytest.mark.server
def test_serve_runs_without_posix_modules_and_prints_in_a_windows_code_page(tmp_path):
    """`fkp serve` with no `resource` module (its connection cap falls back), its QR code and
    the forum's title printed into a file in cp1252, which has no block characters."""
    command, env = _windows_like(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen([*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              env={**env, "FKP_TLS": "off"}, cwd=tmp_path, stdout=log.open("wb"),
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_bytes().decode("cp1252")
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/staff/", timeout=5, allow_redirects=False)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log.read_bytes().decode("cp1252")
                time.sleep(0.2)
        assert answer.status_code in (302, 303)
        printed = log.read_bytes().decode("cp1252")
        assert "attendees (phones)" in printed and "First admin created" in printed
    finally:
        server.terminate()
        server.wait(30)
