#!/usr/bin/env python3
"""The cross-face test: one table of inputs, sent through every face that takes them.

Each case is one operation with its inputs, valid or not. It is sent through the HTTP API
(`/v1/...`), MCP (the official Python SDK over stdio, the real binary), the CLI (the real
binary) and the HTML page, where the face has the operation, and every face must give the
same result (the same hits, duties, services or owner) or the same error code.

    check_faces.py --api http://127.0.0.1:8080 --binary target/debug/srmap

Prints "all cross-face cases agree" when every case does.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import anyio
from mcp import Client
from mcp.client.stdio import StdioServerParameters

LONG = "encryption " * 140  # 1,540 characters: over the 1,000 every face allows
TOO_MANY = ",".join(["ec2", "s3"] * 3 + [f"x{n}" for n in range(101)])
ALL_IDS: list[str] = []  # filled from /v1/services

# (name, operation, inputs). Inputs use the API's names; each face maps them to its own.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("owner in capitals", "search", {"q": "rds encryption", "owner": "AWS"}),
    ("owner with spaces and case", "search", {"q": "rds encryption", "owner": " Customer "}),
    ("area alias with a hyphen", "search", {"q": "logging", "area": "detective-controls"}),
    ("area alias in words", "search", {"q": "logging", "area": "Detective Controls"}),
    ("model in capitals", "search", {"q": "patching", "model": "CONTAINER"}),
    ("the default page size", "search", {"q": "backup"}),
    ("a page size of 3.0", "search", {"q": "backup", "limit": "3.0"}),
    ("an unknown owner", "search", {"q": "rds", "owner": "nobody"}),
    ("an unknown area", "search", {"q": "rds", "area": "astrology"}),
    ("a page size of 0", "search", {"q": "rds", "limit": "0"}),
    ("a page size over the cap", "search", {"q": "rds", "limit": "501"}),
    ("a fractional page size", "search", {"q": "rds", "limit": "2.5"}),
    ("a long query", "search", {"q": LONG}),
    ("an empty query", "search", {"q": "   "}),
    ("an unknown service filter", "search", {"q": "rds", "service": "nosuch"}),
    ("lookup by alias, filtered", "lookup", {"key": "Amazon S3", "owner": "customer", "area": "detective controls"}),
    ("lookup by id in capitals", "lookup", {"key": "EC2", "area": "infrastructure-protection"}),
    ("lookup of an unknown service", "lookup", {"key": "lamda"}),
    ("lookup with an unknown owner", "lookup", {"key": "s3", "owner": "everyone"}),
    ("lookup with an unknown area", "lookup", {"key": "s3", "area": "astrology"}),
    ("matrix with aliases and repeats", "matrix", {"services": "Amazon EC2, ec2 ,Simple Storage Service"}),
    ("matrix of 100 services", "matrix", {"services": "@first-100"}),
    ("matrix of too many services", "matrix", {"services": TOO_MANY}),
    ("matrix with an unknown service", "matrix", {"services": "ec2,nosuch"}),
    ("matrix of nothing", "matrix", {"services": " , "}),
    ("answer", "answer", {"q": "who patches the OS on RDS?"}),
    ("answer in capitals", "answer", {"q": "WHO PATCHES THE OS ON RDS?"}),
    ("answer to a long question", "answer", {"q": "who patches " + "x" * 1000}),
    ("answer to nothing", "answer", {"q": ""}),
]

# Faces of each operation.
FACES = {
    "search": ["http", "mcp", "cli", "page"],
    "lookup": ["http", "mcp", "cli", "page"],
    "matrix": ["http", "mcp", "cli", "page"],
    "answer": ["http", "mcp", "cli", "page"],
}


def expand(inputs: dict[str, Any]) -> dict[str, Any]:
    if inputs.get("services") == "@first-100":
        return {**inputs, "services": ",".join(ALL_IDS[:100])}
    return inputs


# ---------------------------------------------------------------- HTTP
def http_get(api: str, path: str, query: dict[str, Any]) -> tuple[int, str]:
    url = api + path + ("?" + urllib.parse.urlencode(query) if query else "")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def outcome(operation: str, value: Any) -> tuple[str, Any]:
    """The part of a result every face must agree on."""
    if operation == "search":
        return ("ok", (value["total"], [(h["kind"], h["service_id"], h["duty_id"], h["title"]) for h in value["hits"]]))
    if operation == "lookup":
        items = value["items"] if "items" in value else value["duties"]
        return ("ok", sorted(entry["id"] for entry in items))
    if operation == "matrix":
        return ("ok", value["services"])
    if operation == "answer":
        return ("ok", (value["owner"], value["service_id"], value["duty_id"], value["confidence"]))
    raise AssertionError(operation)


def via_http(api: str, operation: str, inputs: dict[str, Any]) -> tuple[str, Any]:
    if operation == "lookup":
        query = {k: v for k, v in inputs.items() if k != "key"}
        status, body = http_get(api, "/v1/services/" + urllib.parse.quote(inputs["key"]) + "/duties", query)
    else:
        path = {"search": "/v1/search", "matrix": "/v1/matrix", "answer": "/v1/answer"}[operation]
        status, body = http_get(api, path, inputs)
    data = json.loads(body)
    if status >= 400:
        return ("error", data["error"]["code"])
    return outcome(operation, data)


# ---------------------------------------------------------------- MCP
def number_or_text(value: str) -> Any:
    try:
        number = float(value)
    except ValueError:
        return value
    return number if not number.is_integer() or "." in value else int(number)


async def via_mcp(client: Client, operation: str, inputs: dict[str, Any]) -> tuple[str, Any]:
    if operation == "search":
        arguments = {("query" if k == "q" else k): (number_or_text(v) if k == "limit" else v) for k, v in inputs.items()}
        tool = "search_duties"
    elif operation == "lookup":
        arguments = {("service" if k == "key" else k): v for k, v in inputs.items()}
        tool = "lookup_service"
    elif operation == "matrix":
        arguments = {"services": [part for part in inputs["services"].split(",")]}
        tool = "responsibility_matrix"
    else:
        arguments = {"question": inputs["q"]}
        tool = "answer_question"
    result = await client.call_tool(tool, arguments)
    if result.is_error:
        text = result.content[0].text
        return ("error", text.split(":", 1)[0].strip())
    return outcome(operation, result.structured_content)


# ---------------------------------------------------------------- CLI
def via_cli(binary: str, operation: str, inputs: dict[str, Any]) -> tuple[str, Any]:
    flags: list[str] = []
    for name in ("owner", "area", "model", "service", "limit"):
        if name in inputs:
            flags += [f"--{name}", inputs[name]]
    if operation == "search":
        args = ["search", inputs["q"], *flags, "--format", "json"]
    elif operation == "lookup":
        args = ["lookup", inputs["key"], *flags, "--format", "json"]
    elif operation == "matrix":
        args = ["matrix", inputs["services"], "--format", "json"]
    else:
        args = ["ask", inputs["q"], "--format", "json"]
    run = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120, env={"RUST_LOG": "error", "PATH": "/usr/bin:/bin"})
    if run.returncode != 0:
        found = re.search(r"error\[([a-z_]+)\]", run.stderr)
        assert found, f"the CLI names the error code: {run.stderr}"
        return ("error", found.group(1))
    data = json.loads(run.stdout)
    if operation == "lookup":
        return ("ok", sorted(entry["id"] for entry in data["duties"]))
    return outcome(operation, data)


# ---------------------------------------------------------------- pages
def page_get(api: str, path: str, query: dict[str, Any]) -> tuple[int, str]:
    url = api + path + ("?" + urllib.parse.urlencode(query) if query else "")
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def page_error(status: int, body: str) -> tuple[str, Any] | None:
    if status < 400:
        return None
    found = re.search(r'<code id="error-code">([a-z_]+)</code>', body)
    assert found, f"the page shows the error code ({status})"
    return ("error", found.group(1))


def via_page(api: str, operation: str, inputs: dict[str, Any]) -> tuple[str, Any] | None:
    if operation == "search":
        status, body = page_get(api, "/search", inputs)
        if (error := page_error(status, body)) is not None:
            return error
        total = int(re.search(r'<p id="result-count">(\d+) results', body).group(1))
        titles = [html.unescape(t) for t in re.findall(r'<li class="hit">\s*<div><a href="[^"]*">([^<]*)</a>', body)]
        return ("ok", (total, titles))
    if operation == "lookup":
        if set(inputs) != {"key"}:
            return None  # the service page has no filters
        status, body = page_get(api, "/services/" + urllib.parse.quote(inputs["key"]), {})
        if (error := page_error(status, body)) is not None:
            return error
        return ("ok", sorted(set(re.findall(r'id="duty-([a-z-]+)"', body))))
    if operation == "matrix":
        status, body = page_get(api, "/compare", {"services": inputs["services"]})
        if (error := page_error(status, body)) is not None:
            return error
        if "<table id=\"matrix\">" not in body:
            return ("error", "missing_services")
        head = body.split("<thead>", 1)[1].split("</thead>", 1)[0]
        return ("ok", re.findall(r'<a href="/services/([a-z0-9-]+)">', head))
    status, body = page_get(api, "/search", {"q": inputs["q"]})
    if (error := page_error(status, body)) is not None:
        return error
    found = re.search(r'<div class="notice" id="answer"[^>]*>.*?</div>', body, re.S)
    if not found:
        return ("ok", None)
    owner = re.search(r'class="owner owner-([a-z]+)"', found.group(0))
    return ("ok", owner.group(1) if owner else None)


def comparable(face: str, operation: str, result: tuple[str, Any]) -> tuple[str, Any]:
    """What a face can show of a result: the page lists hit titles only, and an answer's owner."""
    kind, value = result
    if kind == "error":
        return result
    if operation == "search" and face == "page":
        return result
    if operation == "search":
        total, hits = value
        return ("ok", (total, [title for _, _, _, title in hits]))
    if operation == "answer" and face == "page":
        return result
    return result


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", required=True)
    parser.add_argument("--binary", required=True)
    options = parser.parse_args()
    api = options.api.rstrip("/")
    services = json.loads(http_get(api, "/v1/services", {"limit": 500})[1])["items"]
    ALL_IDS.extend(service["id"] for service in services)
    failures = 0
    server = StdioServerParameters(command=options.binary, args=["mcp"], env={"RUST_LOG": "error"})
    async with Client(server, mode="legacy", read_timeout_seconds=60) as client:
        for name, operation, raw in CASES:
            inputs = expand(raw)
            results: dict[str, tuple[str, Any]] = {}
            try:
                results["http"] = via_http(api, operation, inputs)
                results["mcp"] = await via_mcp(client, operation, inputs)
                results["cli"] = via_cli(options.binary, operation, inputs)
                page = via_page(api, operation, inputs)
                if page is not None:
                    results["page"] = page
                reference = results["http"]
                for face, result in results.items():
                    if face == "page" and operation == "search" and reference[0] == "ok":
                        total, hits = reference[1]
                        page_total, titles = result[1]
                        # The page shows the same hits, first page, 20 to a page like the API.
                        assert (page_total, titles) == (total, [h[3] for h in hits]), (face, result, reference)
                    elif face == "page" and operation == "answer" and reference[0] == "ok":
                        assert result == ("ok", reference[1][0]), (face, result, reference)
                    else:
                        assert result == reference, (face, result, reference)
                print(f"ok    {name}: {reference[0]} {str(reference[1])[:60]}")
            except Exception as error:  # report every case, then fail
                failures += 1
                print(f"FAIL  {name}: {error!r}")
                print(f"      {json.dumps({face: str(result)[:200] for face, result in results.items()})}")
    if failures:
        print(f"{failures} of {len(CASES)} cross-face cases disagree")
        return 1
    print(f"all cross-face cases agree ({len(CASES)} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(anyio.run(main))
