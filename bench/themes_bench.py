"""Benchmark: theme suggestion for 10,000 Swedish free-text answers (target < 10 s).

Run with ``.venv/bin/python bench/themes_bench.py`` (no database needed: it times
the analysis itself, which is where the time goes; saving is one bulk insert).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "delaktig.settings.test")

from delaktig.themes.analysis import suggest_themes  # noqa: E402
from delaktig.themes.tests.corpus import generate, purity  # noqa: E402

TARGET_SECONDS = 10.0
ANSWERS = 10_000


def main() -> int:
    texts, labels = generate(per_topic=ANSWERS // 4, seed=11, noise=0.15)
    started = time.perf_counter()
    result = suggest_themes(texts)
    elapsed = time.perf_counter() - started
    groups = [[index for index, _w in theme.members] for theme in result.themes]
    print(
        f"themes: {len(texts)} answers, {len(result.themes)} themes, "
        f"purity {purity(groups, labels):.2f}, {elapsed:.2f} s (target < {TARGET_SECONDS:.0f} s)"
    )
    return 0 if elapsed < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
