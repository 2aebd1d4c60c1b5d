#!/usr/bin/env python3
"""Splits reviewed question files once into a tune half and a held-out half.

Questions are grouped by style (and, for multilingual questions, by language), each group is
shuffled with a fixed seed, and alternate questions go to each half, so both halves have the
same mix. Run once; the held-out half is only ever used to report (`srmap eval`).

    python3 tests/eval/split.py REVIEWED.jsonl... --tune tests/eval/tune.jsonl \
        --held-out tests/eval/held-out.jsonl
"""
import argparse
import json
import random

SEED = 20261201


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--tune", required=True)
    parser.add_argument("--held-out", required=True)
    args = parser.parse_args()

    questions, seen = [], set()
    for path in args.files:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                question = json.loads(line)
                key = question["q"].strip().lower()
                if key in seen:
                    continue
                seen.add(key)
                questions.append(question)

    groups: dict[tuple, list] = {}
    for question in questions:
        style = question.get("style", "-")
        lang = question.get("lang", "en") if style in ("multilingual", "off-topic") else "en"
        groups.setdefault((style, lang), []).append(question)

    rng = random.Random(SEED)
    tune, held_out = [], []
    for key in sorted(groups):
        group = groups[key]
        rng.shuffle(group)
        # Alternate which half takes a group's odd question, so neither half grows.
        first, second = (tune, held_out) if len(tune) <= len(held_out) else (held_out, tune)
        for i, question in enumerate(group):
            (first if i % 2 == 0 else second).append(question)

    for path, half in ((args.tune, tune), (args.held_out, held_out)):
        with open(path, "w", encoding="utf-8") as handle:
            for question in half:
                handle.write(json.dumps(question, ensure_ascii=False) + "\n")
    print(f"{len(questions)} questions: {len(tune)} tune, {len(held_out)} held out")


if __name__ == "__main__":
    main()
