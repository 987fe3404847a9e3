"""Score the extractor on annotated corpus folders without a store (fast, for development).

    python scripts/eval_corpus.py tests/realworld/dev [--details]

Each folder (searched recursively) holding reports/*.txt, reports.tsv (expected metadata) and
figures.tsv (gold figures) is one batch; the batches given are scored together.
"""

import sys
from pathlib import Path

from kgbuild.build import process_report
from kgbuild.evaluate import built_from_reports, read_expected, read_gold, score


def batches(root: Path) -> list[Path]:
    return sorted(p.parent for p in root.rglob("figures.tsv"))


def evaluate(roots):
    built, found, gold, expected = [], {}, [], {}
    for folder in [b for r in roots for b in batches(Path(r))]:
        gold += read_gold(folder / "figures.tsv")
        expected.update(read_expected(folder / "reports.tsv"))
        b, f, _ = built_from_reports(process_report(p) for p in sorted((folder / "reports").glob("*.txt")))
        built += b
        found.update(f)
    return score(gold, built, expected, found), built


if __name__ == "__main__":
    roots = [a for a in sys.argv[1:] if not a.startswith("--")]
    s, _ = evaluate(roots)
    print(" ".join(roots), s.details() if "--details" in sys.argv else s.summary())
