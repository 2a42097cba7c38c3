"""fkp/inputs/flags.py: which restricted words an input contains (pure), and the staff's words."""
import pytest

from fkp.errors import DomainError
from fkp.inputs import flags, restricted_words
from fkp.people import users


@pytest.mark.parametrize("text, found", [
    ("Dasar ANJING kalian", ["anjing"]),
    ("anjiiiing!!", ["anjing"]),  # repeated letters collapsed
    ("B4NGS4T", ["bangsat"]),  # 4 → a
    ("kamu t0l0l dan b3go", ["tolol", "bego"]),  # 0 → o, 3 → e; in the order they appear
    ("dasar @su", ["asu"]),  # @ → a
    ("g0bl0000k", ["goblok"]),
    ("petugasnya kurang   ajar sekali", ["kurang ajar"]),  # a phrase, whatever the spacing
    ("otak-udang semua", ["otak udang"]),  # words split at punctuation
    ("tolol, tolol, TOLOL", ["tolol"]),  # each word once
    ("ANJÍNG ｂａｎｇｓａｔ", ["anjing", "bangsat"]),  # accents and full-width letters
])
def test_restricted_words_are_found_after_normalising(text, found):
    assert flags.matched(text) == found


@pytest.mark.parametrize("text", [
    "Terima kasih atas kontribusi warga",  # never inside another word
    "Pelayanan sudah baik, maaf jika ada kekurangan",
    "Kurang jelas dan ajaran baru",  # a phrase's words must be adjacent and whole
    "asuransi kesehatan dan tahi lalat",  # "asu" in "asuransi"; "tahi kucing" is the phrase
    "Jadwal 2024 pukul 10.30",
    "",
])
def test_ordinary_input_is_not_flagged(text):
    assert flags.matched(text) == []


def test_staff_words_match_like_the_project_list():
    assert flags.matched("Ada pungliii di loket", ["Pungli"]) == ["Pungli"]
    assert flags.matched("ada calo tiket", ["calo tiket"]) == ["calo tiket"]
    assert flags.matched("kalori", ["calo"]) == []
    assert flags.matched("anjing dan pungli", ["pungli"]) == ["anjing", "pungli"]


def test_the_project_list_is_read_with_its_comments_left_out():
    assert "bangsat" in flags.BUILT_IN and "kurang ajar" in flags.BUILT_IN
    assert not any(word.startswith("#") or not word for word in flags.BUILT_IN)
    assert all(flags.normalised(word) for word in flags.BUILT_IN)


def test_an_admin_adds_a_word_audited_and_a_listed_word_is_refused(db):
    admin = users.create(db, "admin", "admin-password", "admin")
    assert restricted_words.add(db, "  pungli ", admin) == "pungli"
    assert restricted_words.staff_words(db) == ["pungli"]
    [entry] = db.query("SELECT * FROM audit_log WHERE action = 'restricted_word.add'")
    assert entry["user_id"] == admin and entry["subject"] == "pungli"
    for word in ("PUNGLIII", "b4ngsat", "   ", "!!!", "x" * (flags.MAX_WORD + 1)):
        with pytest.raises(DomainError):
            restricted_words.add(db, word, admin)
    assert restricted_words.staff_words(db) == ["pungli"]
