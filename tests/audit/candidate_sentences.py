"""Lists, for each statement, the AWS guide sentences most likely to state the same fact, for a
reader to judge (by the strict rule) whether the statement follows one of them.

    python3 tests/audit/candidate_sentences.py --docs DIR [--close close.jsonl] \
        [--skip read.jsonl] [--count 7] > candidates.jsonl

`close_wording.py` ranks guide sentences by the words a text shares with them in the same order;
a copy made with synonyms shares few such words and is often missed. This ranks them by shared
meaning words instead: the cosine of idf-weighted content words (the same `--docs` export and
word handling as `close_wording.py`). With `--close`, the sentences `close_wording.py` listed
for the statement come first. On the 225 copies the 2026-12-07 pass found through the live
pages, the AWS sentence is in the guide copies for about half, and among a statement's first
ten candidates for 56 of those 112.

Each line: key (service|duty|index), owner, text, source and `nearest` (closeness, sentence cut
to 280 characters, repository/file). `--skip` leaves out statements whose `key` a JSON-lines
file lists with a verdict of `copy` or `own` (already judged).
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import close_wording  # noqa: E402
import draw_sample  # noqa: E402

# How many cosine-ranked sentences are computed per statement before merging.
COSINE_CANDIDATES = 10
# Longest sentence shown to a reader.
SHOWN_CHARACTERS = 280


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", required=True, help="folder of exported awsdocs repositories")
    parser.add_argument("--close", help="output of close_wording.py, merged in first")
    parser.add_argument("--skip", action="append", default=[], help="JSON lines of judged keys")
    parser.add_argument("--count", type=int, default=7, help="candidates kept per statement")
    args = parser.parse_args()

    judged = set()
    for path in args.skip:
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            if row.get("verdict") in ("copy", "own"):
                judged.add(row["key"])
    close = {}
    if args.close:
        for line in open(args.close, encoding="utf-8"):
            row = json.loads(line)
            if row.get("field") == "statement.text":
                close[f"{row['service']}|{row['duty']}|{row['index']}"] = row["nearest"]

    stems, texts, files, _ = close_wording.load_guides(str(Path(args.docs).resolve()))
    vocabulary, idf, matrix = close_wording.idf_matrix(stems)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()) + 1e-9
    by_word = matrix.T.tocsr()

    for statement in draw_sample.statements():
        key = f"{statement['service']}|{statement['duty']}|{statement['index']}"
        if key in judged:
            continue
        nearest, seen = [], set()
        for item in close.get(key, []):
            if item["sentence"] not in seen:
                seen.add(item["sentence"])
                nearest.append((item["closeness"], item["sentence"], item["file"]))
        words = close_wording.content(statement["text"])
        ids = sorted({vocabulary[w] for w in words if w in vocabulary})
        if ids:
            weights = idf[ids]
            scores = np.asarray(by_word[ids].multiply(weights[:, None]).sum(axis=0)).ravel()
            scores /= norms * np.sqrt((weights * weights).sum())
            top = np.argpartition(-scores, COSINE_CANDIDATES)[:COSINE_CANDIDATES]
            for candidate in top[np.argsort(-scores[top], kind="stable")]:
                if texts[candidate] not in seen:
                    seen.add(texts[candidate])
                    value = close_wording.closeness(words, stems[candidate])
                    nearest.append((round(value, 3), texts[candidate], files[candidate]))
        line = {
            "key": key, "owner": statement["owner"], "text": statement["text"],
            "source": statement["source"],
            "nearest": [
                {"closeness": value, "sentence": sentence[:SHOWN_CHARACTERS],
                 "file": f"{file.split('/')[0]}/{file.split('/')[-1]}"}
                for value, sentence, file in nearest[: args.count]
            ],
        }
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
