"""Documents built outside the web server's process, and kept once built.

Laying out a document is CPU work that holds the interpreter: under gevent, a Matriks PDF
of a few thousand inputs built inside the server would freeze every phone, display and
moderator screen of a live forum until it was done. So the server hands each build to a
worker process (`python -m fkp.exports.worker`), one at a time, and keeps the result in a
folder beside the database, named by a fingerprint of the exact minutes model and of the
writers' code: an unchanged forum's document is built once and served at once after that,
a changed forum's is never served stale.

The folder holds what the database holds (the internal attendance list has contact
details), so it lives with it; `forget` removes a forum's documents when its data must go.
"""
import hashlib
import os
import pickle
import subprocess
import sys
import threading
from collections import namedtuple
from functools import lru_cache
from pathlib import Path

from . import registry

PACKAGE = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_S = 3600

Job = namedtuple("Job", "code name fmt blob key")
Result = namedtuple("Result", "state path message")  # state: ready|building|failed


@lru_cache(maxsize=1)
def _writers_version():
    """A digest of every file that decides how a document looks: a new release of a writer
    or template makes new documents rather than serving ones laid out by the old code."""
    digest = hashlib.sha256()
    folder = PACKAGE / "exports"  # the writers and the Word and PDF layouts
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css"):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def job(code, name, fmt, models, photos=(), scans=()):
    """The build of document (name, fmt) of forum `code`; models(audience) -> minutes model;
    the evidence pack also takes the photos and the signed scans, with their bytes.
    Raises KeyError for a combination the registry does not have."""
    if (name, fmt) == ("evidence", "zip"):
        payload = {"name": name, "fmt": fmt, "model": models("official"), "code": code,
                   "photos": [dict(p) for p in photos], "scans": [dict(s) for s in scans]}
    else:
        audience = registry.DOCUMENTS[(name, fmt)].audience
        payload = {"name": name, "fmt": fmt, "model": models(audience)}
    blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    key = hashlib.sha256(_writers_version().encode() + blob).hexdigest()[:32]
    return Job(code, name, fmt, blob, key)


def dossier_job(unit, year, kop, forums):
    """The build of a unit's evaluation dossier for a year (exports/dossier.py). Its file is
    named by the forums' codes, so that removing a forum's personal data (`forget`) removes it."""
    payload = {"name": "dossier", "fmt": "zip", "unit": unit, "year": year, "kop": kop, "forums": forums}
    blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    key = hashlib.sha256(_writers_version().encode() + blob).hexdigest()[:32]
    codes = "-".join(f["summary"]["code"] for f in forums)
    return Job(f"{year}-{codes}", "dossier", "zip", blob, key)


def folder_beside(database):
    """Where the documents of the database at this path are kept."""
    return Path(database).resolve().parent / "documents"


class _Build:
    def __init__(self):
        self.done = threading.Event()
        self.state, self.message = "building", ""


class Builds:
    """The document builds of one server process: at most `concurrency` workers at a time
    (on a 2-core machine, one core stays with the live forum); a document asked for again
    while it is being built joins that build."""

    def __init__(self, folder, concurrency=1):
        self.folder = Path(folder)
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._running = {}

    def path(self, job):
        return self.folder / f"{registry.filename(job.name, job.fmt, job.code)}.{job.key}"

    def get(self, job, wait_s):
        """The document of `job`: ready at once when kept, else built (or joined) and waited
        for up to wait_s seconds; a Result whose state is "building" means ask again later."""
        target = self.path(job)
        if target.exists():
            return Result("ready", target, "")
        with self._lock:
            build = self._running.get(job.key)
            if build is None:
                build = self._running[job.key] = _Build()
                threading.Thread(target=self._run, args=(job, build), daemon=True).start()
        build.done.wait(wait_s)
        if build.state == "ready":
            return Result("ready", target, "")
        return Result(build.state, None, build.message)

    def _run(self, job, build):
        try:
            with self._slots:
                build.state, build.message = self._work(job)
        except Exception as e:  # noqa: BLE001 - the waiting request reports it; never lost
            build.state, build.message = "failed", repr(e)
        finally:
            with self._lock:
                self._running.pop(job.key, None)
            build.done.set()

    def _work(self, job):
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(job)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(PACKAGE.parent), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, "-m", "fkp.exports.worker", str(target)],
                              input=job.blob, capture_output=True, env=env, timeout=BUILD_TIMEOUT_S)
        error = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 or not target.exists():
            return "failed", error[-2000:] or f"worker exited with {done.returncode}"
        self._drop_older(job, target)
        return "ready", ""

    def _drop_older(self, job, kept):
        """Only the newest build of each document is kept."""
        prefix = registry.filename(job.name, job.fmt, job.code) + "."
        for path in self.folder.glob(prefix + "*"):
            if path != kept and len(path.name) == len(kept.name):
                path.unlink(missing_ok=True)

    def forget(self, code):
        """Remove every kept document of forum `code` (its personal data is being removed)."""
        for path in self.folder.glob(f"*-{code}.*"):
            path.unlink(missing_ok=True)
        for path in self.folder.glob("dossier-*"):  # a dossier names every forum it holds
            if f"-{code}-" in path.name or f"-{code}." in path.name:
                path.unlink(missing_ok=True)
