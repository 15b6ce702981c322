"""Text rules: folding for matching (case, accents, punctuation and Cyrillic spelling), and the
characters a terminal obeys instead of showing."""

from __future__ import annotations

import functools
import re
import unicodedata

# A simple Russian romanisation, close to the spellings NASA and the press use
# ("Sergey Ryzhikov", "Alexey Zubritsky"); fold() then compares both scripts in one form.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
# Everything but ASCII digits and lower-case letters and the rest of the BMP, written as the
# ranges it takes rather than as [^0-9a-z\u0080-\uffff], which compiles many times slower.
_NON_ALNUM = re.compile(r"[\x00-/:-`{-\x7f\U00010000-\U0010ffff]+")

# What a terminal obeys rather than shows, as a regex character class: the C0 controls but tab
# and newline, DEL, the C1 controls (U+009B is CSI by itself), Unicode's bidirectional
# controls (U+202E, right-to-left override, reorders the rest of a line) and the line and
# paragraph separators. A dataset may not hold them; output writes them as escapes.
CONTROL_CHARACTERS = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069\u2028\u2029")


def transliterate(text: str) -> str:
    """Romanise Cyrillic letters; other characters pass through unchanged."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text.lower())


def fold(text: str) -> str:
    """A key for matching: lower case, no accents, no punctuation or spaces, Latin letters."""
    if text.isascii():  # most names: nothing to romanise, no accents, lower() is casefold()
        return _NON_ALNUM.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", transliterate(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", stripped.casefold())


def fold_words(text: str) -> list[str]:
    """fold() applied word by word, for queries that give part of a name."""
    return [w for w in (fold(part) for part in re.split(r"[\s,;/]+", text)) if w]


# Latin spellings of Russian names vary by source ("Alexey", "Alexei", "Aleksei";
# "Zubritsky", "Zubritskiy"; "Solovyev", "Solovyov"). Folding both sides with these rules lets
# any of them, or the Cyrillic, find the one record.
_NAME_VARIANTS = (
    (re.compile(r"x"), "ks"),
    (re.compile(r"y[eo]"), "e"),
    (re.compile(r"(?:iy|yy|ii|ij|i)$"), "y"),
)


@functools.cache  # a search reads every person's names twice, as whole names and as words
def name_key(word: str) -> str:
    """fold() plus common romanisation variants, for comparing one word of a person's name."""
    key = fold(word)
    for pattern, replacement in _NAME_VARIANTS:
        key = pattern.sub(replacement, key)
    return key


def name_keys(text: str) -> list[str]:
    """name_key() of each word of a name; hyphenated parts count as words, and so does the whole."""
    out: list[str] = []
    for part in re.split(r"[\s,;/()]+", text):
        pieces = [part, *part.split("-")] if "-" in part else [part]
        for piece in pieces:
            key = name_key(piece)
            if key and key not in out:
                out.append(key)
    return out
