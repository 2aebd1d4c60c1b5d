"""Lists, for every dataset text, the AWS sentences closest to it in wording, for a reader to
judge whether the text follows one of them.

    python3 tests/audit/close_wording.py --docs DIR > close.jsonl

`own_words.py` flags runs of eight words in the same order; a sentence copied with a few words
swapped for synonyms has no such run. This compares each sentence of a text with every sentence
of the exported AWS guides (the same `--docs` folder as `own_words.py`, one folder per
`awsdocs/<guide>` repository): content words, lightly stemmed, "you" read as "customer". The
candidates are the guide sentences that share the text's rarer words (a sparse product over
inverse document frequencies, numpy and scipy); each candidate, and every sentence of the page
the text cites, is scored by the words the two share in the same order over their mean length
(`closeness`). Each text is one JSON line: service, duty, field, index, text, source, and its
`nearest` sentences (closeness, the sentence, the file it is in, whether that is the cited
page), best first. A reader then judges each text whose closeness reaches `--floor`.
"""

import argparse
import difflib
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import own_words  # noqa: E402

# Words that carry no wording of their own; the order of the rest is what a copy keeps.
STOPWORDS = set(
    "a an the of to in on for and or is are be by with as at it its this that these those "
    "from can may must not no if when which who whose than then so such into out up each "
    "every any all only also their there they them has have had do does was were being been "
    "will would should could".split()
)
# Our texts name the actor where AWS addresses the reader.
READER = {"you": "customer", "your": "customer", "yours": "customer", "we": "aws", "our": "aws"}
# Where a page's sentences, list items and headings end.
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n\s*\n|\n\s*[-*+]\s+|\n\s*\d+\.\s+|\n#+\s+")
# Sentences with fewer content words are names, headings and fragments.
MIN_CONTENT_WORDS = 5
# A word in more guide sentences than this does not pick candidates (it still counts in
# `closeness`): "customer", "aws", "data" would make every sentence a candidate.
MAX_CANDIDATE_DF = 40_000
# Guide sentences scored in full for each sentence of a text (ties kept in a fixed order, so
# that two runs list the same sentences).
CANDIDATES = 40
# Closest sentences kept per text.
KEEP = 3
BATCH = 256


def stem(word):
    word = READER.get(word, word)
    for ending in ("ies", "es", "s", "ed", "ing", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def content(text):
    return [stem(w) for w in own_words.words(text) if w not in STOPWORDS]


def sentences(path):
    """The plain sentences of one exported page."""
    plain = own_words.strip_markup(path.read_text(encoding="utf-8", errors="replace"))
    return SENTENCE_END.split(plain)


def closeness(ours, theirs):
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return 2 * matched / (len(ours) + len(theirs))


def load_guides(docs):
    """Distinct guide sentences: their content words, text and first file, and each one's
    position keyed by its content words."""
    index_of = {}
    stems, texts, files = [], [], []
    for path in sorted(Path(docs).rglob("*")):
        if path.suffix not in (".md", ".adoc") or not path.is_file():
            continue
        for sentence in sentences(path):
            words = tuple(content(sentence))
            if len(words) < MIN_CONTENT_WORDS or words in index_of:
                continue
            index_of[words] = len(stems)
            stems.append(words)
            texts.append(" ".join(sentence.split())[:500])
            files.append(str(path.relative_to(docs)))
    return stems, texts, files, index_of


def idf_matrix(stems, max_df=None):
    """The guide sentences as rows of idf-weighted content words: the word-to-column map, the
    idf of each column and the sparse matrix. Words in more than `max_df` sentences weigh 0."""
    vocabulary = {}
    for words in stems:
        for word in sorted(set(words)):
            vocabulary.setdefault(word, len(vocabulary))
    df = np.zeros(len(vocabulary))
    rows, cols = [], []
    for row, words in enumerate(stems):
        for word in sorted(set(words)):
            column = vocabulary[word]
            rows.append(row)
            cols.append(column)
            df[column] += 1
    idf = np.log(len(stems) / df)
    if max_df is not None:
        idf[df > max_df] = 0.0
    matrix = sparse.csr_matrix(
        (idf[cols], (rows, cols)), shape=(len(stems), len(vocabulary)), dtype=np.float32
    )
    return vocabulary, idf, matrix


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", required=True, help="folder of exported awsdocs repositories")
    args = parser.parse_args()
    docs = str(Path(args.docs).resolve())
    stems, texts, files, index_of = load_guides(docs)
    print(f"{len(stems)} distinct guide sentences", file=sys.stderr)
    vocabulary, idf, matrix = idf_matrix(stems, MAX_CANDIDATE_DF)

    @lru_cache(maxsize=None)
    def cited(url):
        """The guide sentences of the page `url` names (many texts cite the same page)."""
        found = []
        for path in own_words.page_files(docs, url):
            for sentence in sentences(path):
                candidate = index_of.get(tuple(content(sentence)))
                if candidate is not None:
                    found.append(candidate)
        return found

    items = list(own_words.texts())
    # The content words of each sentence of each text that is long enough to compare.
    parts = [
        [words for words in map(content, SENTENCE_END.split(text)) if len(words) >= MIN_CONTENT_WORDS]
        for _, _, _, _, text, _ in items
    ]
    queries = [(number, words) for number, own in enumerate(parts) for words in own]
    best = [dict() for _ in items]  # item -> guide sentence -> (closeness, cited page)
    for start in range(0, len(queries), BATCH):
        batch = queries[start : start + BATCH]
        q_rows, q_cols = [], []
        for row, (_, words) in enumerate(batch):
            for word in sorted(set(words)):
                if word in vocabulary:
                    q_rows.append(row)
                    q_cols.append(vocabulary[word])
        query = sparse.csr_matrix(
            (np.ones(len(q_rows), dtype=np.float32), (q_rows, q_cols)),
            shape=(len(batch), len(vocabulary)),
        )
        scores = (query @ matrix.T).tocsr()
        for row, (number, words) in enumerate(batch):
            line = scores.getrow(row)
            if line.nnz == 0:
                continue
            top = line.indices[np.argsort(-line.data, kind="stable")[:CANDIDATES]]
            for candidate in top:
                value = closeness(words, stems[candidate])
                if value > best[number].get(candidate, (0.0, False))[0]:
                    best[number][candidate] = (value, False)
        print(f"{min(start + BATCH, len(queries))}/{len(queries)} sentences", file=sys.stderr)
    for number, (_, _, _, _, _, urls) in enumerate(items):
        # The cited page is read in full: its sentences are the likeliest models.
        for url in urls:
            for candidate in cited(url):
                for ours in parts[number]:
                    value = closeness(ours, stems[candidate])
                    if value >= best[number].get(candidate, (0.0, False))[0]:
                        best[number][candidate] = (value, True)
    for number, (service, duty, field, index, text, urls) in enumerate(items):
        nearest = sorted(best[number].items(), key=lambda kv: -kv[1][0])[:KEEP]
        line = {
            "service": service, "duty": duty, "field": field, "index": index, "text": text,
            "source": urls[:1],
            "nearest": [
                {"closeness": round(value, 3), "sentence": texts[c], "file": files[c], "cited_page": cited}
                for c, (value, cited) in nearest
            ],
        }
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
