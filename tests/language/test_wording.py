"""Indonesian wording for documents: terbilang, day and month names, official date phrases."""
from datetime import date, datetime

import pytest

from fkp import vocabulary
from fkp.language.wording import (
    GROUP_LABELS,
    KIND_LABELS,
    MODE_LABELS,
    STATUS_LABELS,
    date_in_words,
    date_long,
    day_name,
    month_name,
    number_words,
)


@pytest.mark.parametrize("n, words", [
    (0, "nol"),
    (1, "satu"),
    (9, "sembilan"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (14, "empat belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (99, "sembilan puluh sembilan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (111, "seratus sebelas"),
    (200, "dua ratus"),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1999, "seribu sembilan ratus sembilan puluh sembilan"),
    (2000, "dua ribu"),
    (2025, "dua ribu dua puluh lima"),
    (2026, "dua ribu dua puluh enam"),
    (9999, "sembilan ribu sembilan ratus sembilan puluh sembilan"),
    (11000, "sebelas ribu"),
    (100000, "seratus ribu"),
    (1000000, "satu juta"),
    (2500000, "dua juta lima ratus ribu"),
    (3000000000, "tiga miliar"),
])
def test_number_words(n, words):
    assert number_words(n) == words


def test_number_words_negative_and_wrong_types():
    assert number_words(-15) == "minus lima belas"
    with pytest.raises(TypeError):
        number_words(2.5)
    with pytest.raises(TypeError):
        number_words(True)


@pytest.mark.parametrize("iso, name", [
    ("2025-09-01", "Senin"), ("2025-09-02", "Selasa"), ("2025-09-03", "Rabu"),
    ("2025-09-04", "Kamis"), ("2025-09-05", "Jumat"), ("2025-09-06", "Sabtu"),
    ("2025-08-17", "Minggu"), ("2024-01-01", "Senin"),
])
def test_day_name(iso, name):
    assert day_name(date.fromisoformat(iso)) == name
    assert day_name(iso) == name  # the forums table stores ISO strings


def test_month_name():
    assert [month_name(m) for m in (1, 2, 8, 12)] == ["Januari", "Februari", "Agustus", "Desember"]
    with pytest.raises(ValueError):
        month_name(13)


def test_date_long():
    assert date_long(date(2025, 9, 4)) == "Kamis, 4 September 2025"
    assert date_long(datetime(2025, 8, 17, 10, 30)) == "Minggu, 17 Agustus 2025"


def test_date_in_words_is_the_official_letter_phrase():
    assert date_in_words("2025-09-04") == (
        "hari Kamis tanggal empat bulan September tahun dua ribu dua puluh lima")
    assert date_in_words(date(2026, 11, 11)) == (
        "hari Rabu tanggal sebelas bulan November tahun dua ribu dua puluh enam")


def test_labels_cover_the_catalog_in_its_order():
    # A group or kind added to the catalog without an Indonesian label would print blank.
    assert list(GROUP_LABELS) == list(vocabulary.GROUPS)
    assert list(KIND_LABELS) == list(vocabulary.KINDS)
    assert set(STATUS_LABELS) == set(vocabulary.STATUSES)
    assert set(MODE_LABELS) == set(vocabulary.MODES)
    assert GROUP_LABELS["service_user"] == "Masyarakat pengguna layanan"
    assert MODE_LABELS["online"] == "Daring"


# Expected date words built on the test side from tables of its own, never from the module's
# helpers, so a wrong table or rule in fkp.language.wording cannot agree with itself.
T_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # date.weekday() order
T_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
            "September", "Oktober", "November", "Desember")
T_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
T_TEENS = {10: "sepuluh", 11: "sebelas"}


def spell_below_100(n):
    if n in T_TEENS:
        return T_TEENS[n]
    if n < 10:
        return T_UNITS[n]
    if n < 20:
        return f"{T_UNITS[n - 10]} belas"
    tens, ones = divmod(n, 10)
    return " ".join(w for w in (T_UNITS[tens], "puluh", T_UNITS[ones]) if w)


def spell(n):
    """Terbilang for 1..9999, the range days and years need."""
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    words = []
    if thousands:
        words.append("seribu" if thousands == 1 else f"{spell_below_100(thousands)} ribu")
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{T_UNITS[hundreds]} ratus")
    if rest:
        words.append(spell_below_100(rest))
    return " ".join(words)


def expected_words(d):
    return (f"hari {T_DAYS[d.weekday()]} tanggal {spell(d.day)} bulan {T_MONTHS[d.month - 1]} "
            f"tahun {spell(d.year)}")


def test_date_words_for_every_day_2024_to_2030():
    day, last, checked = date(2024, 1, 1), date(2030, 12, 31), 0
    wrong = []
    while day <= last:
        if date_in_words(day) != expected_words(day) or date_in_words(day.isoformat()) != \
                expected_words(day):
            wrong.append((day.isoformat(), date_in_words(day), expected_words(day)))
        if day_name(day) != T_DAYS[day.weekday()]:
            wrong.append((day.isoformat(), day_name(day), T_DAYS[day.weekday()]))
        day, checked = day.fromordinal(day.toordinal() + 1), checked + 1
    assert checked == 2557  # 7 years, 2024 and 2028 leap
    assert wrong == []


def test_the_test_side_speller_itself():
    # The independent tables are only worth something if they are right.
    assert [spell(n) for n in (1, 11, 21, 31, 1999, 2000, 2100, 2024)] == [
        "satu", "sebelas", "dua puluh satu", "tiga puluh satu",
        "seribu sembilan ratus sembilan puluh sembilan", "dua ribu", "dua ribu seratus",
        "dua ribu dua puluh empat"]


@pytest.mark.parametrize("iso, words", [
    ("2025-10-01", "hari Rabu tanggal satu bulan Oktober tahun dua ribu dua puluh lima"),
    ("2025-01-11", "hari Sabtu tanggal sebelas bulan Januari tahun dua ribu dua puluh lima"),
    ("2025-03-21", "hari Jumat tanggal dua puluh satu bulan Maret tahun dua ribu dua puluh lima"),
    ("2025-12-31", ("hari Rabu tanggal tiga puluh satu bulan Desember tahun dua ribu dua "
                    "puluh lima")),
    ("2000-01-01", "hari Sabtu tanggal satu bulan Januari tahun dua ribu"),
    ("2100-12-31", "hari Jumat tanggal tiga puluh satu bulan Desember tahun dua ribu seratus"),
    ("1999-12-31", ("hari Jumat tanggal tiga puluh satu bulan Desember tahun seribu sembilan "
                    "ratus sembilan puluh sembilan")),
    # 29 February: leap years, 2000 included (divisible by 400)
    ("2000-02-29", "hari Selasa tanggal dua puluh sembilan bulan Februari tahun dua ribu"),
    ("2024-02-29", ("hari Kamis tanggal dua puluh sembilan bulan Februari tahun dua ribu dua "
                    "puluh empat")),
    ("2028-02-29", ("hari Selasa tanggal dua puluh sembilan bulan Februari tahun dua ribu dua "
                    "puluh delapan")),
])
def test_date_in_words_edge_cases(iso, words):
    assert date_in_words(iso) == words
    assert date_in_words(date.fromisoformat(iso)) == words


def test_no_29_february_in_a_common_year():
    # 2100 is not a leap year (divisible by 100, not by 400): there is no such date to word.
    with pytest.raises(ValueError):
        date_in_words("2100-02-29")
    with pytest.raises(ValueError):
        date_in_words("2025-02-29")
