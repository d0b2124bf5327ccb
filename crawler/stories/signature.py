"""A body's story signature: MinHash (datasketch) for the band keys, the shingles to verify.

MinHash LSH only finds candidates: an article's bands are looked up in the store, and the
few articles sharing a band are verified on their exact shingle sets, which the signature
keeps (4 bytes a shingle). The estimate of 128 permutations is too noisy (±0.08 on the
containment of a district's short version) for the verification's narrow margins.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from crawler.stories.text import SHINGLE_WORDS, normalised_words, number_hashes, shingle_hashes

__all__ = ["Signature", "band_keys", "signature", "similarity"]

#: Permutations of the body's MinHash: 32 bands of 4 rows. A band is shared with probability
#: 1-(1-J^4)^32: 0.87 at Jaccard 0.5, 0.99 at 0.6, 0.0002 between unrelated bodies (J ~ 0.05).
NUM_PERM = 128
ROWS = 4
#: The head: the first words, which a district's shortened version and a repost with a closing
#: line keep whole while the body's Jaccard falls to 0.3. 21 bands of 3 rows over 30 words:
#: of the (HEAD_WORDS, rows) tried on the dev reposts, 30 words and 3 rows left the fewest
#: expected LSH misses (0.03 of 69) in 53 bands; 60 words lost 0.4, 4 rows lost 0.2-1.2.
HEAD_WORDS = 30
HEAD_PERM = 63
HEAD_ROWS = 3
#: A very long body keeps its smallest shingle hashes only (a consistent sample, so two
#: copies keep the same ones): 4,000 shingles are ~30 pages of text, 16 KB a signature.
MAX_SHINGLES = 4000
_VERSION = 1
_HEADER = struct.Struct("<BHHII")
# Fixed seed, fixed scheme: signatures made by other processes and datasketch releases
# must stay comparable, and 2.0's default scheme differs from 1.x's.
_SCHEME = "affine32"
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME).permutations
# The head's sketch uses the body's first permutations, contiguous so datasketch shares them.
_HEAD_PERMUTATIONS = np.ascontiguousarray(_PERMUTATIONS[:, :HEAD_PERM])
# Band keys: each band's values folded with odd 64-bit multipliers, then the splitmix64
# finalizer; the same in every process, and 50 times cheaper than a blake2b call per band.
_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                     dtype=np.uint64)
_SPLITMIX = [(np.uint64(30), np.uint64(0xBF58476D1CE4E5B9)), (np.uint64(27), np.uint64(0x94D049BB133111EB))]


@dataclass(frozen=True)
class Signature:
    """What the store keeps of a body to find and check its copies."""

    minhash: np.ndarray  # uint32[NUM_PERM]
    head: np.ndarray  # uint32[HEAD_PERM]
    shingles: np.ndarray  # sorted distinct uint32 shingle hashes
    numbers: np.ndarray  # sorted distinct uint32 hashes of the body's numbers

    def to_bytes(self) -> bytes:
        header = _HEADER.pack(_VERSION, len(self.minhash), len(self.head), len(self.shingles), len(self.numbers))
        return header + b"".join(a.astype("<u4").tobytes() for a in (self.minhash, self.head, self.shingles,
                                                                      self.numbers))

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature:
        version, *sizes = _HEADER.unpack_from(blob)
        if version != _VERSION:
            raise ValueError(f"story signature version {version}, expected {_VERSION}")
        arrays, offset = [], _HEADER.size
        for size in sizes:
            arrays.append(np.frombuffer(blob, dtype="<u4", count=size, offset=offset))
            offset += 4 * size
        return cls(*arrays)


def _minhash(hashes: np.ndarray, permutations: np.ndarray) -> np.ndarray:
    sketch = MinHash(num_perm=permutations.shape[1], scheme=_SCHEME, hashfunc=int, permutations=permutations)
    sketch.update_batch(hashes)
    return np.asarray(sketch.hashvalues, dtype=np.uint32)


def signature(text: str) -> Signature:
    """The signature of a cleaned body."""
    words = normalised_words(text)
    runs = shingle_hashes(words)
    shingles = np.unique(runs)[:MAX_SHINGLES]
    head = np.unique(runs[:max(1, HEAD_WORDS - SHINGLE_WORDS + 1)])
    return Signature(_minhash(shingles, _PERMUTATIONS), _minhash(head, _HEAD_PERMUTATIONS), shingles,
                     np.array(sorted(number_hashes(text)), dtype=np.uint32))


def _bands(values: np.ndarray, rows: int, salt: int) -> np.ndarray:
    grid = values[: len(values) // rows * rows].astype(np.uint64).reshape(-1, rows)
    key: np.ndarray = np.arange(grid.shape[0], dtype=np.uint64) + np.uint64(salt)
    for column in range(rows):
        key = np.multiply(np.bitwise_xor(key, grid[:, column]), _BAND_MIX[column])
    for shift, multiplier in _SPLITMIX:
        key = np.multiply(np.bitwise_xor(key, np.right_shift(key, shift)), multiplier)
    folded: np.ndarray = np.bitwise_xor(key, np.right_shift(key, np.uint64(31)))
    return folded


def band_keys(sig: Signature) -> list[int]:
    """The LSH band keys: signed 64-bit (SQLite INTEGER), body bands first, then head bands."""
    if not sig.shingles.size:
        return []  # an empty body has no copies to find
    keys = np.concatenate([_bands(sig.minhash, ROWS, 1 << 40), _bands(sig.head, HEAD_ROWS, 2 << 40)])
    return [int(k) for k in keys.view(np.int64)]


def similarity(a: Signature, b: Signature) -> float:
    """Jaccard similarity of the two bodies' shingle sets."""
    common = np.intersect1d(a.shingles, b.shingles, assume_unique=True).size
    union = a.shingles.size + b.shingles.size - common
    return float(common / union) if union else 0.0
