#!/usr/bin/env python3
"""Opens srmap's exports with the tools auditors import them into.

- The XLSX workbook of `GET /v1/matrix` and of `POST /v1/architecture` with openpyxl: its
  sheets, header rows (frozen, filtered) and some cells.
- The OSCAL component definition of both with compliance-trestle: parsed by trestle's OSCAL
  models (which refuse unknown fields and wrong types) and checked by `trestle validate` in a
  trestle workspace.

    check_exports.py --api http://127.0.0.1:8080 --template examples/architecture/shoppingcart-service.yaml

Prints "all export checks succeeded" when every check passes.
"""
from __future__ import annotations

import argparse
import io
import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.request

import openpyxl
from trestle.oscal.component import ComponentDefinition

SHEETS = ["Matrix", "Customer duties", "Resources"]


def fetch(url: str, body: bytes | None = None, content_type: str | None = None) -> tuple[str, bytes]:
    headers = {"Content-Type": content_type} if content_type else {}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers.get("Content-Type", ""), response.read()


def check_workbook(data: bytes, services: list[str], resource_ids: list[str]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == SHEETS, book.sheetnames
    matrix = book["Matrix"]
    header = [cell.value for cell in matrix[1]]
    assert header[:3] == ["Duty id", "Duty", "Area"], header
    for service in services:
        assert service in header, (service, header)
    assert matrix.freeze_panes is not None, "the matrix header row is frozen"
    assert matrix.auto_filter.ref, "the matrix has filters"
    rows = {row[0].value: [cell.value for cell in row] for row in matrix.iter_rows(min_row=2)}
    assert "os-patching" in rows, list(rows)
    owners = dict(zip(header, rows["os-patching"]))
    if "ec2" in services:
        assert owners["ec2"] == "customer" and owners["rds"] == "aws", owners
    for value in owners.values():
        assert not isinstance(value, (int, float)), "owners and ids are text"
    duties = book["Customer duties"]
    duty_header = [cell.value for cell in duties[1]]
    assert duties.freeze_panes is not None and duties.auto_filter.ref, "customer duties: frozen, filtered"
    assert duties.max_row > 10, duties.max_row
    text = json.dumps([[cell.value for cell in row] for row in duties.iter_rows()])
    assert "docs.aws.amazon.com" in text, "statements carry their sources"
    assert any("control" in str(title).lower() for title in duty_header), duty_header
    resources = book["Resources"]
    listed = json.dumps([[cell.value for cell in row] for row in resources.iter_rows()])
    for resource in resource_ids:
        assert resource in listed, (resource, listed[:500])


def check_oscal(data: bytes, services: list[str]) -> None:
    document = json.loads(data)
    with tempfile.TemporaryDirectory() as workspace:
        root = pathlib.Path(workspace)
        subprocess.run([sys.executable, "-m", "trestle", "init"], cwd=root, check=True, capture_output=True)
        folder = root / "component-definitions" / "srmap"
        folder.mkdir(parents=True)
        path = folder / "component-definition.json"
        path.write_bytes(data)
        definition = ComponentDefinition.oscal_read(path)
        assert definition is not None
        components = definition.components or []
        titles = [component.title for component in components]
        assert len(components) == len(services), titles
        roles = {
            role.role_id
            for component in components
            for implementation in component.control_implementations or []
            for requirement in implementation.implemented_requirements
            for role in requirement.responsible_roles or []
        }
        assert roles == {"aws", "customer"}, roles
        checked = subprocess.run(
            [sys.executable, "-m", "trestle", "validate", "-f", str(path)], cwd=root, capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    again = json.loads(data)
    assert again == document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", required=True)
    parser.add_argument("--template", required=True)
    options = parser.parse_args()
    api = options.api.rstrip("/")
    template = pathlib.Path(options.template).read_bytes()
    failed = 0

    def check(name: str, body) -> None:
        nonlocal failed
        try:
            body()
            print(f"ok    {name}")
        except Exception as error:  # report every check, then fail
            failed += 1
            print(f"FAIL  {name}: {error!r}")

    services = ["ec2", "rds", "s3"]
    check(
        "the matrix workbook opens in openpyxl",
        lambda: check_workbook(fetch(f"{api}/v1/matrix?services=ec2,rds,s3&format=xlsx")[1], services, []),
    )
    check(
        "the architecture workbook lists the template's resources",
        lambda: check_workbook(
            fetch(f"{api}/v1/architecture?format=xlsx", template, "application/yaml")[1],
            ["lambda", "dynamodb"],
            ["DynamoDBShoppingCartTable", "CartApi"],
        ),
    )
    check(
        "the matrix OSCAL validates with compliance-trestle",
        lambda: check_oscal(fetch(f"{api}/v1/matrix?services=ec2,rds,s3&format=oscal")[1], services),
    )

    def architecture_oscal() -> None:
        content_type, body = fetch(f"{api}/v1/architecture?format=oscal", template, "application/yaml")
        assert content_type.startswith("application/oscal+json"), content_type
        services = [used["id"] for used in json.loads(fetch(f"{api}/v1/architecture", template, "application/yaml")[1])["services"]]
        check_oscal(body, services)

    check("the architecture OSCAL validates with compliance-trestle", architecture_oscal)
    if failed:
        print(f"{failed} export checks failed")
        return 1
    print("all export checks succeeded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
