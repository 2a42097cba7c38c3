"""GET /healthz: whether this server process can answer, for a container's HEALTHCHECK, a
load balancer or a monitoring probe.

"ok" (200) when the database answers a `SELECT 1`, else 503: a worker that lost its disk or
its database file is taken out of rotation instead of failing every phone that reaches it.
It says nothing else, needs no login and stores nothing (no session, no cookie): a probe
every few seconds must not fill the logs, the limits or the database.
"""
import sqlite3

from flask import Blueprint, current_app

from ..store.db import get_db

bp = Blueprint("health", __name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/healthz")
def healthz():
    try:
        get_db().execute("SELECT 1").fetchone()
    except (sqlite3.Error, OSError) as e:
        current_app.logger.warning("health check: the database does not answer: %s", e)
        return "database unavailable\n", 503, PLAIN
    return "ok\n", 200, PLAIN
