"""Cleaning what people type before it is stored.

Control characters (other than newline and tab) have no place in a comment or a name:
they break XML documents and can hide text on screens, so they never reach the database.
"""
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def clean(value, multiline=False):
    """NFC-normalised text without control characters; single-line unless multiline."""
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    text = text.strip()
    # Text made only of invisible format characters (zero-width spaces, direction marks) looks
    # empty on every screen and document, so it counts as empty: a name or an input must show.
    if all(unicodedata.category(ch) in _INVISIBLE for ch in text):
        return ""
    return text
