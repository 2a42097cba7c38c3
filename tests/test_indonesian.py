"""Indonesian wording for documents: terbilang, day and month names, official date phrases."""
from datetime import date, datetime

import pytest

from fkp import catalog
from fkp.indonesian import (GROUP_LABELS, KIND_LABELS, MODE_LABELS, STATUS_LABELS, date_in_words,
                            date_long, day_name, month_name, number_words)


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
    assert list(GROUP_LABELS) == list(catalog.GROUPS)
    assert list(KIND_LABELS) == list(catalog.KINDS)
    assert set(STATUS_LABELS) == set(catalog.STATUSES)
    assert set(MODE_LABELS) == set(catalog.MODES)
    assert GROUP_LABELS["service_user"] == "Masyarakat pengguna layanan"
    assert MODE_LABELS["online"] == "Daring"
