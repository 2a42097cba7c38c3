"""The time a card shows, drawn in the browser, is the time the server would have written.

The moderator console and the notulis page draw an input's time from the event
(FKP.setClock); a reload draws it from the server (localise.local_time, Babel's short
time). The two must agree at every hour, not only at the hour the suite happens to run:
Intl's "numeric" hour once wrote "0.03 WITA" where the server writes "00.03 WITA".
"""
from datetime import datetime, timedelta, timezone

import pytest
from babel.dates import format_time

from fkp.language import timezones

CASES = [(lang, zone) for lang in ("id", "en") for zone in ("WIB", "WITA", "WIT")]


def _server_clock(moment, lang, zone):
    local = moment.astimezone(timezones.zone(zone))
    return f"{format_time(local, 'short', tzinfo=local.tzinfo, locale=lang)} {zone}"


def _same(text):
    # CLDR puts a narrow no-break space before AM/PM; the reader hears the same either way
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("lang,zone", CASES)
def test_browser_clock_matches_the_server_at_every_hour(live_server, contexts, lang, zone):
    page = contexts().new_page()
    page.goto(f"{live_server.url}/d/{live_server.code}")
    start = datetime(2026, 12, 6, 0, 3, tzinfo=timezone.utc)
    moments = [start + timedelta(hours=hour, minutes=7 * hour) for hour in range(24)]
    drawn = page.evaluate(
        """([lang, zone, iana, moments]) => {
             document.documentElement.lang = lang;
             const root = document.createElement("div");
             root.innerHTML = "<time class='at'></time>";
             return moments.map((iso) => {
               FKP.setClock(root, ".at", iso, {code: zone, iana: iana});
               return root.querySelector(".at").textContent;
             });
           }""",
        [lang, zone, timezones.IANA[zone], [m.isoformat() for m in moments]])
    expected = [_server_clock(m, lang, zone) for m in moments]
    assert [_same(t) for t in drawn] == [_same(t) for t in expected]
