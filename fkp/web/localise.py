"""Dates, times and numbers on pages: in the reader's language, and a forum's times in the
forum's own time zone ("Kamis, 4 September 2025", "13.30 WITA"; "Thursday, September 4,
2025", "1:30 PM WITA"). Registered as template filters.

The official documents do not use these: they are Indonesian whatever the interface
language, and get their wording from the minutes model (fkp/record/minutes.py, fkp/language/wording.py).
"""
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal
from flask import current_app, request
from flask_babel import get_locale

from ..language import timezones
from ..language.wording import as_date

# Babel's "full" Indonesian date pads the day ("Kamis, 04 September 2025"); letters and the
# issue write "Kamis, 4 September 2025".
LONG_DATE = {"id": "EEEE, d MMMM y"}
LANG_COOKIE = "lang"  # the language a person chose with the ID/EN switch


def select_locale():
    """The language the person chose (cookie), else Indonesian."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANG_COOKIE) if request else None
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _locale():
    return str(get_locale())


def long_date(value):
    """"Kamis, 4 September 2025" / "Thursday, September 4, 2025"; "" for no date."""
    if not value:
        return ""
    return format_date(as_date(value), LONG_DATE.get(_locale(), "full"), locale=_locale())


def short_date(value):
    """"4 Sep 2025" / "Sep 4, 2025"."""
    return format_date(as_date(value), "medium", locale=_locale()) if value else ""


def _wall_clock(hhmm):
    moment = timezones.wall_time(hhmm)
    return format_time(moment, "short", locale=_locale()) if moment else ""


def forum_hours(forum):
    """A forum's start and end in its own zone: "09.00–12.00 WITA", "9:00 AM WITA"."""
    start, end = _wall_clock(forum["start_time"]), _wall_clock(forum["end_time"])
    if not start:
        return ""
    return f"{start}–{end} {forum['time_zone']}" if end else f"{start} {forum['time_zone']}"


def local_time(utc_iso, zone):
    """A UTC timestamp's time in the zone: "13.30 WITA" / "1:30 PM WITA"."""
    moment = timezones.local(utc_iso, zone)
    return f"{format_time(moment, 'short', tzinfo=moment.tzinfo, locale=_locale())} {zone}" \
        if moment else ""


def local_datetime(utc_iso, zone):
    """A UTC timestamp in the zone, to the second: "4 Sep 2025 13.30.05 WITA"."""
    moment = timezones.local(utc_iso, zone)
    return f"{format_datetime(moment, 'medium', tzinfo=moment.tzinfo, locale=_locale())} {zone}" \
        if moment else ""


def local_date(utc_iso, zone):
    """The date of a UTC timestamp in the zone (a day starts at local midnight)."""
    moment = timezones.local(utc_iso, zone)
    return short_date(moment.date()) if moment else ""


def number(value):
    """1.234 / 1,234."""
    return format_decimal(value, locale=_locale())


def time_zone_data(zone):
    """What a page's script needs to show times like local_time: the code and IANA name."""
    return {"code": zone, "iana": timezones.IANA[zone]}


FILTERS = {f.__name__: f for f in (long_date, short_date, forum_hours, local_time, local_datetime,
                                   local_date, number)}


def init_app(app):
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals["time_zone_data"] = time_zone_data
