"""The clock: every stored timestamp is UTC, ISO 8601 to the second (`*_utc` columns).

One function, so that a test or a restored database never meets a second format.
"""
from datetime import datetime, timezone


def utc_now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
