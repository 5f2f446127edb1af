import re
import unicodedata

BRACKETS = str.maketrans({"（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "－": "-"})


def normalise_name(text: str | None) -> str:
    """The form names are compared in: full-width folded, brackets and quotes unified, spaces dropped."""
    text = unicodedata.normalize("NFKC", text or "").translate(BRACKETS)
    return re.sub(r"\s+", "", text).lower()


def parse_id(value: str | None) -> int | None:
    """An id read from a query string or a form by hand: "12" → 12; anything else → None. "²" is a digit to
    str.isdigit() but not to int(), and 100,000 nines are digits int() refuses: neither may reach a query."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)
