"""Draws a seeded sample of the statements most like the copies the audits found, for reading
beside their AWS pages.

    python3 tests/audit/risky_statements.py [--seed 20261207] [--count 80] [--floor 3] > batch.jsonl

Of the 823 texts the audits judged for own words, about 12% followed an AWS sentence; among
texts that name no customer action, speak of a default or of encryption, or are short, 17 to
20% did, and among texts framed with a colon 6%. Each statement scores one point for each of the
first four traits and loses one for a colon; statements already in an audit sample are left
out. The same seed over the same data draws the same batch (the first batch was drawn on the
data of commit 6842aaa).
"""

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import draw_sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AUDITS = ROOT / "tests" / "audit"
# Texts shorter than this were copies more often in the audits.
SHORT_CHARS = 140
DEFAULT_WORDING = re.compile(r"\bdefault\b|out of the box|on its own|automatically|itself")


def risk(text):
    score = 0
    if not re.search(r"\bcustomer\b", text):
        score += 1
    if DEFAULT_WORDING.search(text):
        score += 1
    if "encrypt" in text:
        score += 1
    if len(text) < SHORT_CHARS:
        score += 1
    if ":" in text:
        score -= 1
    return score


def audited():
    keys = set()
    for path in AUDITS.glob("sample-*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                keys.add(f"{item['service']}|{item['duty']}|{item['index']}")
    return keys


def statements():
    """Every statement as `draw_sample.statements` reads it, keyed `service|duty|index`."""
    for item in draw_sample.statements():
        yield {
            "key": f"{item['service']}|{item['duty']}|{item['index']}",
            "service": item["service"],
            "duty": item["duty"],
            "owner": item["owner"],
            "text": item["text"],
            "source": item["source"] or "",
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--count", type=int, default=80)
    parser.add_argument("--floor", type=int, default=3)
    parser.add_argument(
        "--skip", type=Path, action="append", default=[],
        help="a JSON-lines file of statements already read (a `key` per line), to leave out",
    )
    args = parser.parse_args()
    skip = audited()
    for path in args.skip:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                skip.add(json.loads(line)["key"])
    population = [
        item
        for item in statements()
        if risk(item["text"]) >= args.floor and item["key"] not in skip
    ]
    random.Random(args.seed).shuffle(population)
    for item in population[: args.count]:
        print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    main()
