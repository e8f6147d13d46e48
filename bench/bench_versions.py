"""Before/after: the bench's rare and phrase queries on one archive, this checkout against another
(e.g. `git worktree add --detach /tmp/base <commit>`), interleaved in fresh processes.

  uv run python bench/bench_versions.py /tmp/base bench/data/a10k [rounds] [other archive]

Prints the median ms of each query per checkout and round. Open the archive writable once with
the newer code first if its schema is older (the runs open it read-only); when the other
checkout cannot open the newer schema, give it its own copy of the archive as it was.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUERIES = [
    ("脱贫攻坚", None),
    ("区块链", None),
    ("碳达峰", None),
    ('"三会一课"', None),
    ('"三会一课"', (2020, 2020)),
    ('"行政处罚决定"', None),
    ('"行政处罚决定"', (2020, 2020)),
    ('"中华人民共和国"', (2020, 2020)),
]
REPS = 60


def measure(archive: str) -> dict[str, float]:
    """Median ms per query through Archive.search (as the search box calls it)."""
    from core.archive import Archive

    out = {}
    with Archive.open(archive, read_only=True) as a:
        for q, years in QUERIES:
            for _ in range(5):  # patterns compiled, pages cached: the steady state
                a.search(q, years=years)
            times = []
            for _ in range(REPS):
                t0 = time.perf_counter()
                a.search(q, years=years)
                times.append((time.perf_counter() - t0) * 1000)
            out[q + ("+year" if years else "")] = round(statistics.median(times), 3)
    return out


def main(argv: list[str]) -> None:
    if argv[0] == "--measure":
        sys.path.insert(0, argv[1])
        print(json.dumps(measure(argv[2]), ensure_ascii=False))
        return
    other, archive = argv[0], str(Path(argv[1]).resolve())
    rounds = int(argv[2]) if len(argv) > 2 else 2
    other_archive = str(Path(argv[3]).resolve()) if len(argv) > 3 else archive
    here = str(Path(__file__).resolve().parents[1])
    for n in range(rounds):
        for name, root, folder in (("other", other, other_archive), ("this", here, archive)):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", root, folder],
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"round {n + 1} {name:5} {out.stdout.strip()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
