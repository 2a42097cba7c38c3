"""What people type is cleaned before it is stored."""
import pytest

from fkp.language.text import clean


@pytest.mark.parametrize("typed", ["\u200b", "\u200b\u200c\u200d", "\u202e", " \u2060 \ufeff ", "\u00a0"])
def test_text_of_only_invisible_characters_counts_as_empty(typed):
    assert clean(typed) == "" and clean(typed, multiline=True) == ""


def test_visible_text_keeps_its_joiners_and_direction_marks():
    family = "Keluarga \U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert clean(family) == family
    assert clean("\u202eabc") == "\u202eabc"  # shown isolated (unicode-bidi in the CSS)
    assert clean("  Siti \x07Aminah\n ") == "Siti Aminah"
    assert clean("baris satu\r\nbaris dua", multiline=True) == "baris satu\nbaris dua"
