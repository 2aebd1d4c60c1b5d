"""Draws a seeded random sample of the dataset's statements for an audit against AWS pages.

    python3 tests/audit/draw_sample.py [--seed 20261201] [--count 40] > sample.jsonl

Each line holds the service, duty, owner, text and cited source of one statement, and the
fields the auditor fills in: `owner_ok`, `current`, `own_words` and a `note`. The same seed
over the same data draws the same sample.
"""

import argparse
import json
import random
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "services"


def statements():
    for path in sorted(DATA.glob("*.toml")):
        record = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in record.get("duties", []):
            for index, statement in enumerate(entry.get("statements", [])):
                yield {
                    "service": record["id"],
                    "duty": entry["id"],
                    "index": index,
                    "owner": statement["owner"],
                    "text": statement["text"],
                    "source": statement.get("source"),
                }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--count", type=int, default=40)
    args = parser.parse_args()
    population = list(statements())
    sample = random.Random(args.seed).sample(population, args.count)
    for item in sample:
        item.update({"owner_ok": None, "current": None, "own_words": None, "note": ""})
        print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    main()
