"""Text folding for search without diacritics: `so khoa hoc` finds `Sở Khoa học`."""

import re
import unicodedata

# NFKD splits most Vietnamese letters into base + marks, but not đ/Đ.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics and collapse spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def nfc(value):
    """`value` with every string in Unicode's composed form (NFC), through lists and dicts.

    macOS keyboards and some Word pastes send Vietnamese decomposed ("e" + U+0302 + U+0301
    for "ế"): stored as it came, it would look the same but match nothing and sort apart.
    """
    if isinstance(value, str):
        return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    return value


# The longest free text (a finding, a directive, a note) the portal stores.
MAX_TEXT = 20_000


WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str | None) -> list[str]:
    """The folded words of `text`, in order (punctuation and search operators dropped)."""
    return WORD.findall(fold(text))
