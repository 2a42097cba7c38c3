"""The container image's Dockerfile and .dockerignore, read as the builder reads them (enough
of their syntax for this project's), and where its final stage's Python comes from in the tests
(tests/serve/test_container.py; the shared install: tests/serve/conftest.py)."""
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from tests.helpers.app import ROOT
from tests.helpers.package import project_files

# --- the Dockerfile, read as the builder reads it (enough of its syntax for this project's) ---

def instructions(text):
    """(KEYWORD, arguments) for each instruction: continuation lines joined, comments and blank
    lines dropped, wherever they are (a comment may sit inside a continued RUN)."""
    found, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        keyword, _, args = (current + stripped).partition(" ")
        found.append((keyword.upper(), args.strip()))
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    return found


def stages(text):
    """Each build stage: its base image, its name and its instructions after FROM."""
    result = []
    for keyword, args in instructions(text):
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            result.append({"from": words[0], "name": name, "steps": []})
        else:
            assert result, f"{keyword} before the first FROM"
            result[-1]["steps"].append((keyword, args))
    return result


def flags_and_rest(args):
    """An instruction's leading --flags as a dict, and what follows them."""
    flags = {}
    while args.startswith("--"):
        flag, _, args = args.partition(" ")
        name, _, value = flag[2:].partition("=")
        flags[name] = value
        args = args.lstrip()
    return flags, args


def command(args):
    """An exec-form ["…"] command as a list, a shell-form one as /bin/sh -c would run it."""
    return json.loads(args) if args.startswith("[") else ["/bin/sh", "-c", args]


def environment(stage):
    """The stage's ENV, in order (both the key=value form and the old `ENV key value`)."""
    env = {}
    for keyword, args in stage["steps"]:
        if keyword == "ENV":
            words = shlex.split(args)
            if all("=" in w for w in words):
                env.update(w.split("=", 1) for w in words)
            else:
                env[words[0]] = " ".join(words[1:])
    return env


def last(stage, keyword):
    """The arguments of the stage's last `keyword`, which is the one in force; None if none."""
    found = [args for k, args in stage["steps"] if k == keyword]
    return found[-1] if found else None


def healthcheck(stage):
    """(its options, its command) of the stage's HEALTHCHECK."""
    options, rest = flags_and_rest(last(stage, "HEALTHCHECK"))
    keyword, _, cmd = rest.partition(" ")
    assert keyword.upper() == "CMD", rest
    return options, command(cmd.strip())


DOCKERFILE = stages((ROOT / "Dockerfile").read_text())
BUILDER, FINAL = DOCKERFILE[0], DOCKERFILE[-1]


def copies(stage):
    """(sources, destination) of each COPY/ADD of the stage from the build context."""
    result = []
    for keyword, args in stage["steps"]:
        if keyword in ("COPY", "ADD"):
            flags, rest = flags_and_rest(args)
            if "from" in flags:
                continue
            *sources, destination = command(rest) if rest.startswith("[") else shlex.split(rest)
            result.append((sources, destination))
    return result


# --- .dockerignore, with Docker's rules: the last pattern that matches a path or a folder above it wins ---

def pattern(text):
    out, i = "", 0
    while i < len(text):
        if text.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif text.startswith("**", i):
            out, i = out + ".*", i + 2
        elif text[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif text[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(text[i]), i + 1
    return re.compile(out + r"\Z")


def ignore_rules():
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            negate = line.startswith("!")
            cleaned = os.path.normpath(line[1:] if negate else line).lstrip("/")  # Docker cleans "fkp/" to "fkp"
            rules.append((negate, pattern(cleaned)))
    return rules


def in_context(path, rules):
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    excluded = False
    for negate, pattern in rules:
        if any(pattern.match(p) for p in prefixes):
            excluded = not negate
    return not excluded


def copied_by(stage, path):
    return any(path == src.rstrip("/") or path.startswith(src.rstrip("/") + "/")
               for sources, _dest in copies(stage) for src in sources)


def context_files():
    """The project's files the builder stage copies, as the build context holds them."""
    rules = ignore_rules()
    return [f for f in project_files() if copied_by(BUILDER, f) and in_context(f, rules)]


# --- the Python the image's user runs ---

def reachable_by_others(path):
    """Whether a user other than the owner can reach path: every folder on the way is o+x."""
    path = Path(path).resolve()
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents] if p.is_dir())


def python_another_user_can_run():
    """A Python 3.11 the unprivileged user can run, for its environment (the tests' own may
    live in root's home, which no one else may enter). None when the tests do not run as root:
    the server then runs as this user, and the tests' own Python serves. LookupError when they
    run as root and there is none."""
    if os.geteuid() != 0:
        return None
    for candidate in (sys.executable, shutil.which("python3.11"), "/usr/bin/python3.11", "/usr/local/bin/python3.11"):
        if candidate and Path(candidate).exists() and reachable_by_others(Path(candidate).resolve().parent):
            ok = subprocess.run([candidate, "-c", "import sys, venv, ensurepip; assert sys.version_info >= (3, 11)"],
                                capture_output=True, env={"PATH": "/usr/bin:/bin"})
            if ok.returncode == 0:
                return candidate
    raise LookupError("no Python 3.11 with venv that an unprivileged user may run (apt-get install python3-venv)")
