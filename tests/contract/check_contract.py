"""Checks a running srmap against its own OpenAPI document with schemathesis (PyPI).

Run by tests/integration/contract.rs against the shared test server, or by hand:

    python tests/contract/check_contract.py --api http://127.0.0.1:8080 [--examples 50] [--seed 1]

It loads the document the server serves (`/openapi.yaml`, the same file as the repository's,
embedded at build time), generates valid and invalid requests for every operation in it
(`/mcp` is not described there, so it is left out), and checks every response:

- not_a_server_error: no 5xx, whatever the input;
- status_code_conformance, content_type_conformance, response_headers_conformance,
  response_schema_conformance: the status, media type, headers and body are those the
  document declares for the operation;
- unsupported_method: a method the path does not have gets 405 with an `Allow` header.

Not checked: `negative_data_rejection` and `positive_data_acceptance`, which ask the document
to state every rule the server enforces and expect a plain 4xx list. srmap answers an overlong
`q` with 414 (DESIGN.md) and checks categories, areas and service names against the dataset,
which a static document cannot enumerate; those answers are covered by tests/integration/errors.rs.

The number of generated cases per operation is bounded (`--examples`) and the seed fixed, so a
run is reproducible and takes well under a minute. Schemathesis keeps a cache of failures in
`.schemathesis/` under its working directory; it runs in a temporary one so that nothing is
written to the repository. Exits with schemathesis's status: 0 when every check passed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "unsupported_method",
]
# A single request slower than this is a hang, not a slow answer.
REQUEST_TIMEOUT_SECONDS = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="base URL of the running server")
    parser.add_argument("--examples", type=int, default=50, help="test cases per operation")
    parser.add_argument("--seed", type=int, default=1, help="random seed, for reproducible runs")
    # One worker: with several, hypothesis parses lambdas' source on many threads at once,
    # which trips a CPython 3.11 bug ("SystemError: AST constructor recursion depth mismatch",
    # python/cpython#106905) and fails the run at random.
    parser.add_argument("--workers", default="1", help="concurrent workers (1-64 or `auto`)")
    args = parser.parse_args()

    api = args.api.rstrip("/")
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{api}/openapi.yaml",
        # The document's `servers` names the default 127.0.0.1:8080; test this server instead.
        "--url",
        api,
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(args.examples),
        "--seed",
        str(args.seed),
        "--workers",
        args.workers,
        "--request-timeout",
        str(REQUEST_TIMEOUT_SECONDS),
        "--wait-for-schema",
        "30",
        "--generation-database",
        "none",
        "--no-color",
    ]
    print("running:", " ".join(command), flush=True)
    with tempfile.TemporaryDirectory(prefix="srmap-contract-") as scratch:
        status = subprocess.run(command, cwd=scratch, check=False).returncode
    if status == 0:
        print("contract checks succeeded", flush=True)
    else:
        print(f"contract checks failed: schemathesis exited with {status}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
