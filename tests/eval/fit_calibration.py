#!/usr/bin/env python3
"""Fits the confidence model of `src/answer/calibrate.rs` on the tune half.

Reads the JSON report of `srmap eval --format json tests/eval/tune.jsonl` (each outcome has
the features its confidence came from and whether its owner was right), fits a logistic
regression of "owner right" on the features (plain gradient descent with a little L2, no
libraries), and prints the coefficients to paste into calibrate.rs, then the calibration on
the data it was fitted on. Only ever run it on the tune half.

    srmap eval --format json tests/eval/tune.jsonl > /tmp/tune.json
    python3 tests/eval/fit_calibration.py /tmp/tune.json
"""
import json
import math
import sys

FEATURES = [
    "named", "loosely_named", "inferred", "lexical", "semantic", "owner_margin",
    "rankings_agree", "translated", "statement", "default_answered", "default_unanswered",
]
L2 = 0.001
STEPS = 6000
RATE = 0.5


def main() -> None:
    report = json.load(open(sys.argv[1]))
    outcomes = [o for r in report.values() for o in r["outcomes"]]
    # Questions that are not about AWS security are not part of the owner model.
    rows = [
        ([o["features"][name] for name in FEATURES], 1.0 if o["owner_right"] else 0.0)
        for o in outcomes
        if o["expected_owner"] is not None and o["duty_id"] is not None
    ]
    weights = [0.0] * len(FEATURES)
    bias = 0.0
    for _ in range(STEPS):
        grad_w = [0.0] * len(FEATURES)
        grad_b = 0.0
        for x, y in rows:
            z = bias + sum(w * v for w, v in zip(weights, x))
            p = 1 / (1 + math.exp(-z))
            for i, v in enumerate(x):
                grad_w[i] += (p - y) * v
            grad_b += p - y
        n = len(rows)
        weights = [w - RATE * (g / n + L2 * w) for w, g in zip(weights, grad_w)]
        bias -= RATE * grad_b / n
    print(f"INTERCEPT = {bias:.2f}")
    for name, weight in zip(FEATURES, weights):
        print(f"{name.upper()} = {weight:.2f}")
    bands = [(0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
    for low, high in bands:
        inside = []
        for x, y in rows:
            z = bias + sum(w * v for w, v in zip(weights, x))
            p = 1 / (1 + math.exp(-z))
            if low <= p < high:
                inside.append((p, y))
        if inside:
            mean = sum(p for p, _ in inside) / len(inside)
            right = sum(y for _, y in inside) / len(inside)
            print(f"{low:.2f}-{high:.2f}: {len(inside):3} answers, mean {mean:.2f}, right {right:.2f}")


if __name__ == "__main__":
    main()
