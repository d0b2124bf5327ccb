"""Words, shingles and numbers of a cleaned body, normalised so typography does not count.

Another site's quotes, dashes, ё, spacing and case are not another story: the words are
casefolded, ё is е, and everything but letters and digits is a word break.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

__all__ = ["SHINGLE_WORDS", "normalised_words", "number_hashes", "shingle_hashes"]

#: Words per shingle, measured on the dev pairs (python -m benchmarks.stories). With the number
#: check on, 1 and 2 words leave the widest gap between reposts and same-template news (2: no
#: error from 0.76 to 0.79 containment; 3: only at 0.76); but when the number check cannot
#: help (texts with no or the same numbers) 2 words let 13 template pairs through at 0.78 and
#: 3 words 4. Longer shingles lose the short versions (5: a repost at 0.65).
SHINGLE_WORDS = 3

# An odd 64-bit multiplier (the golden ratio's): wraps modulo 2^64 in numpy's uint64.
_MIX = np.uint64(0x9E3779B97F4A7C15)
_WORD = re.compile(r"[^\W_]+")
# A number as one token: «7,6 млн» is not 7 and 6, «928 225 рублей» is not 928 and 225 (the
# word split made two budget reports of different districts share all their numbers).
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?")


def normalised_words(text: str) -> list[str]:
    """Casefolded words with ё as е; punctuation, dashes and quotes are gone."""
    return _WORD.findall(text.casefold().replace("ё", "е"))


def shingle_hashes(words: list[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """uint32 hashes of every run of `size` words, in text order (a shorter text: one run).

    Each word is hashed once (CRC-32, not Python's hash(): the hashes go into signatures
    stored across processes, and hash() of a str changes with PYTHONHASHSEED) and the runs
    are combined in numpy, a third of the cost of hashing each run's string."""
    if not words:
        return np.zeros(0, dtype=np.uint32)
    hashed = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    size = min(size, len(words))
    runs = hashed[: len(words) - size + 1].copy()
    for offset in range(1, size):
        runs = runs * _MIX + hashed[offset: len(words) - size + 1 + offset]
    # Fold 64 bits to 32 so that the high bits, where the multiplier mixes, count.
    return ((runs ^ (runs >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def number_hashes(text: str) -> set[int]:
    """The numbers of a text (dates, sums, counts): what differs between two reports of one template."""
    found = (re.sub(r"\s", "", n).replace(",", ".") for n in _NUMBER.findall(text))
    return {zlib.crc32(number.encode()) for number in found}
