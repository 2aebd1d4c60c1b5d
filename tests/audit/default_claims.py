"""Lists the statements that say something is off, absent or waits for the customer, for a
check of each against today's AWS documentation (defaults are what AWS changes most often).

    python3 tests/audit/default_claims.py > default-claims.jsonl

Each line holds the service, duty, index, owner, text and cited source of one statement; the
last line is a count: {"counts": {"statements", "services"}}.
"""

import json
import re

from draw_sample import statements

# Phrases of a claim that nothing happens until the customer acts, or that a feature starts
# off.
DEFAULT_CLAIM = re.compile(
    r"\b(until the customer|only (if|when|after|once) the customer|off by default"
    r"|not (enabled|on) by default|disabled by default|stays off"
    r"|unless the customer (turns|switches|enables)|is off until|are off until|none until"
    r"|no .* until)\b",
    re.IGNORECASE,
)


def main():
    matched = [s for s in statements() if DEFAULT_CLAIM.search(s["text"])]
    for statement in matched:
        print(json.dumps(statement, ensure_ascii=False))
    services = {s["service"] for s in matched}
    print(json.dumps({"counts": {"statements": len(matched), "services": len(services)}}))


if __name__ == "__main__":
    main()
