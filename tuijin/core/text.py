import re
import unicodedata

BRACKETS = str.maketrans({"（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "－": "-"})


def normalise_name(text: str | None) -> str:
    """The form names are compared in: full-width folded, brackets and quotes unified, spaces dropped."""
    text = unicodedata.normalize("NFKC", text or "").translate(BRACKETS)
    return re.sub(r"\s+", "", text).lower()
