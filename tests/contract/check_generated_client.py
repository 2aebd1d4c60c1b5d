#!/usr/bin/env python3
"""A client generated from openapi.yaml by openapi-python-client, used against the server.

Generates the client into a temporary folder, imports it, and checks that its answers are
typed: `answerQuestion` gives an `Answer` model (not a string), `listServices` a page of
`ServiceSummary` models, `getMatrix` a `Matrix`, `getOpenApi` the document's text.

    check_generated_client.py --api http://127.0.0.1:8080 --spec openapi.yaml

Prints "the generated client gets typed answers" when every check passes.
"""
from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--spec", required=True)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        output = pathlib.Path(folder) / "client"
        generator = pathlib.Path(sys.executable).with_name("openapi-python-client")
        run = subprocess.run(
            [str(generator), "generate", "--path", options.spec, "--output-path", str(output), "--overwrite"],
            capture_output=True,
            text=True,
        )
        print(run.stdout[-2000:])
        assert run.returncode == 0, run.stderr
        sys.path.insert(0, str(output))
        from srmap_api_client import Client  # type: ignore[import-not-found]
        from srmap_api_client.api.operations import get_open_api  # type: ignore[import-not-found]
        from srmap_api_client.api.search import answer_question  # type: ignore[import-not-found]
        from srmap_api_client.api.services import get_matrix, list_services  # type: ignore[import-not-found]
        from srmap_api_client.models import Answer, Matrix, Model, ServicePage  # type: ignore[import-not-found]

        client = Client(base_url=options.api.rstrip("/"))
        answer = answer_question.sync(client=client, q="who patches the OS on RDS?")
        assert isinstance(answer, Answer), type(answer)
        assert answer.owner == "aws" or getattr(answer.owner, "value", None) == "aws", answer.owner
        assert answer.service_id == "rds" and len(answer.sources) <= 3, answer
        page = list_services.sync(client=client, model=Model.CONTAINER, limit=5)
        assert isinstance(page, ServicePage) and len(page.items) == 5, page
        matrix = get_matrix.sync(client=client, services="ec2,rds,s3")
        assert isinstance(matrix, Matrix) and matrix.services == ["ec2", "rds", "s3"], matrix
        document = get_open_api.sync(client=client)
        assert isinstance(document, str) and document.startswith("openapi: 3.1"), type(document)
    print("the generated client gets typed answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
