"""Occurrences counted while verifying equal the counts ranking took from the texts."""

import random

from core.search.evaluate import capped_count
from core.search.rank import OCC_CAP


def test_capped_count_is_bytes_count_up_to_the_cap_overlaps_included():
    rng = random.Random(7)
    alphabet = ["a", "b", "党", "黨", "建"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))).encode()
        needle = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))).encode()
        assert capped_count(text, needle) == min(OCC_CAP, text.count(needle)), (text, needle)
    # "aa" in "aaaaa": two non-overlapping occurrences, as bytes.count (and ranking) count them
    assert capped_count(b"aaaaa", b"aa") == 2
    assert capped_count("三会一课三会一课三会一课三会一课".encode(), "三会一课".encode()) == OCC_CAP
