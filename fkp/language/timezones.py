"""Indonesia's three time zones, and a forum's times in its own zone.

Timestamps are stored in UTC (`*_utc` columns); a forum's start and end are stored as it
writes them, "HH.MM" in its own zone (forums.time_zone: WIB, WITA or WIT). The offsets are
fixed: Indonesia has kept no daylight saving time since 1964 and these offsets since 1988,
so they are exact for any forum, and no tz database is needed (Windows has none). The IANA
names are for browsers, whose Intl API formats times in a named zone.
"""
from datetime import datetime, time, timedelta, timezone

OFFSET_HOURS = {"WIB": 7, "WITA": 8, "WIT": 9}
IANA = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
DEFAULT = "WIB"


def utc_now():
    """Now, as every stored timestamp is written: UTC, ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def zone(code):
    """The tzinfo of WIB, WITA or WIT (named so, for strftime's %Z and Babel's z)."""
    return timezone(timedelta(hours=OFFSET_HOURS[code]), code)


def local(utc_iso, code):
    """A stored UTC timestamp ("2025-09-04T05:30:00+00:00") as an aware datetime in the
    zone `code`, or None when there is none. A naive timestamp is taken as UTC."""
    if not utc_iso:
        return None
    moment = datetime.fromisoformat(str(utc_iso))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone(code))


def clock(utc_iso, code):
    """"13.30", the local time of a UTC timestamp as Indonesian documents write it; "" if none."""
    moment = local(utc_iso, code)
    return moment.strftime("%H.%M") if moment else ""


def wall_time(hhmm):
    """A forum's start or end ("09.00" or "09:00") as a time, or None when unset or malformed."""
    try:
        hours, minutes = str(hhmm or "").strip().replace(":", ".").split(".")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def hours(start, end, code):
    """A forum's hours as official Indonesian letters write them: "09.00 s.d. 12.00 WITA",
    "09.00 WITA s.d. selesai" without an end, "" without a start."""
    begin, finish = wall_time(start), wall_time(end)
    if begin is None:
        return ""
    if finish is None:
        return f"{begin:%H.%M} {code} s.d. selesai"
    return f"{begin:%H.%M} s.d. {finish:%H.%M} {code}"
