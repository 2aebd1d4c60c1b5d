"""Checks srmap's MCP server with the official MCP Python SDK (PyPI package `mcp`).

Run by tests/integration/mcp.rs, once per transport and protocol revision:

    python tests/mcp/check_server.py --transport stdio --command target/debug/srmap \
        --protocol 2026-07-28 --api http://127.0.0.1:8080
    python tests/mcp/check_server.py --transport http --url http://127.0.0.1:8080/mcp \
        --protocol 2025-11-25 --api http://127.0.0.1:8080

It connects (the initialize handshake for 2025-11-25, `server/discover` for 2026-07-28),
lists tools, resources, templates and prompts, calls every tool with good and bad arguments,
reads resources, gets the prompt, and compares every answer with what the HTTP API (`--api`)
says for the same input. It prints one line per check and exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import traceback
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import anyio
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

TOOLS = {
    "answer_question", "lookup_service", "search_duties", "responsibility_matrix", "list_services",
    "architecture_matrix",
}
# A real public SAM template (see its README) for `architecture_matrix`.
TEMPLATE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "architecture" / "shoppingcart-service.yaml"
# JSON-RPC "invalid params": an unknown tool or prompt, or a prompt's bad arguments.
INVALID_PARAMS = -32602
# Resource not found: -32002 before 2026-07-28, "invalid params" from then on.
RESOURCE_NOT_FOUND = {-32002, INVALID_PARAMS}
# The whole run may not take longer than this: a hung session fails instead of waiting.
RUN_TIMEOUT_SECONDS = 240


class Checks:
    """Runs named checks, printing each outcome and keeping the failures."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.passed = 0
        self.failed: list[str] = []

    def record(self, name: str, error: BaseException | None) -> None:
        if error is None:
            self.passed += 1
            print(f"ok    {self.label}: {name}", flush=True)
        else:
            self.failed.append(name)
            print(f"FAIL  {self.label}: {name}: {error!r}", flush=True)
            traceback.print_exception(error, file=sys.stdout)


class Api:
    """The HTTP API the MCP answers are compared with."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def get(self, path: str, query: dict[str, Any] | None = None, accept: str | None = None) -> tuple[int, str]:
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, body: str, content_type: str, query: dict[str, Any] | None = None) -> tuple[int, str]:
        url = self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": content_type}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def json(self, path: str, query: dict[str, Any] | None = None) -> Any:
        status, body = self.get(path, query)
        assert status == 200, f"{path} {query}: {status} {body}"
        return json.loads(body)

    def error_code(self, path: str, query: dict[str, Any] | None = None) -> str:
        status, body = self.get(path, query)
        assert status >= 400, f"{path} {query} should fail: {status} {body}"
        return json.loads(body)["error"]["code"]

    def text(self, path: str, query: dict[str, Any]) -> str:
        status, body = self.get(path, query)
        assert status == 200, f"{path} {query}: {status} {body}"
        return body


def text_of(result: Any) -> str:
    """The first text block of a tool result."""
    blocks = [block for block in result.content if getattr(block, "type", None) == "text"]
    assert blocks, f"a text block in {result!r}"
    return blocks[0].text


def formats_in(schema: Any) -> list[str]:
    """The `format` keywords anywhere in a schema (a property named `format` is not one)."""
    found: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "format" and isinstance(value, str):
                found.append(value)
            elif key == "properties" and isinstance(value, dict):
                for child in value.values():
                    found.extend(formats_in(child))
            else:
                found.extend(formats_in(value))
    elif isinstance(schema, list):
        for item in schema:
            found.extend(formats_in(item))
    return found


def without_snippets(body: Any) -> Any:
    """A search body without the HTML `snippet` the JSON API adds to each hit for pages."""
    for hit in body["hits"]:
        hit.pop("snippet", None)
    return body


def expect_success(result: Any) -> Any:
    assert not result.is_error, f"the call should succeed: {text_of(result)}"
    assert result.structured_content is not None, "structured content"
    assert text_of(result).strip(), "text content"
    return result.structured_content


def expect_tool_error(result: Any, code: str) -> str:
    assert result.is_error, f"the call should fail with {code}: {result!r}"
    text = text_of(result)
    assert text.startswith(f"{code}: "), f"text should start with `{code}: `: {text}"
    return text


async def expect_jsonrpc_error(call: Any, codes: set[int], prefix: str | None = None) -> MCPError:
    try:
        await call
    except MCPError as error:
        assert error.code in codes, f"JSON-RPC code {error.code} not in {codes}: {error.message}"
        if prefix is not None:
            assert error.message.startswith(prefix), f"message should start with {prefix!r}: {error.message}"
        return error
    raise AssertionError("a JSON-RPC error was expected")


async def run_checks(client: Client, api: Api, checks: Checks, protocol: str) -> None:
    async def check(name: str, body: Any) -> None:
        try:
            await body()
        except Exception as error:  # every failure is reported, the run goes on
            checks.record(name, error)
        else:
            checks.record(name, None)

    async def negotiated() -> None:
        assert client.protocol_version == protocol, f"negotiated {client.protocol_version}"
        capabilities = client.server_capabilities
        assert capabilities.tools is not None and capabilities.resources is not None
        assert capabilities.prompts is not None
        if client.server_info is not None:
            assert client.server_info.name == "srmap", client.server_info

    async def tools_are_listed() -> None:
        tools = (await client.list_tools()).tools
        assert {tool.name for tool in tools} == TOOLS, [tool.name for tool in tools]
        for tool in tools:
            assert tool.description and len(tool.description) > 80, tool.name
            assert tool.input_schema["type"] == "object", tool.name
            assert tool.output_schema is not None, f"{tool.name} has an output schema"
            assert tool.annotations is not None and tool.annotations.read_only_hint, tool.name
        question = next(tool for tool in tools if tool.name == "answer_question")
        assert question.input_schema["required"] == ["question"], question.input_schema
        for tool in tools:
            # The strict form every client takes: no `$schema`, every property required (the
            # optional ones nullable), nothing else allowed.
            schema = tool.input_schema
            assert "$schema" not in schema and schema.get("additionalProperties") is False, tool.name
            assert sorted(schema["required"]) == sorted(schema["properties"]), tool.name
            assert not formats_in(schema) and not formats_in(tool.output_schema), tool.name
        text = (await client.call_tool("answer_question", {"question": "who patches the OS on RDS"})).content[0].text
        assert len(text) < 1000, len(text)
        # The brief look-up stays small enough for a model's context: one line per duty,
        # far shorter than the detailed form with every statement.
        lookup = (await client.call_tool("lookup_service", {"service": "s3"})).content[0].text
        detailed = (await client.call_tool("lookup_service", {"service": "s3", "detail": True})).content[0].text
        assert len(lookup) < 4000 and 3 * len(lookup) < len(detailed), (len(lookup), len(detailed))

    async def answer_question() -> None:
        question = "who patches the OS on RDS"
        result = await client.call_tool("answer_question", {"question": question})
        structured = expect_success(result)
        assert structured == api.json("/v1/answer", {"q": question}), structured
        assert structured["owner"] == "aws" and structured["service_id"] == "rds", structured
        assert text_of(result) == api.text("/v1/answer", {"q": question, "format": "markdown"})
        assert text_of(result).startswith("**Owner: AWS**"), text_of(result)

    async def answer_question_fails_with_the_api_codes() -> None:
        expect_tool_error(await client.call_tool("answer_question", {"question": "  "}), "missing_query")
        assert api.error_code("/v1/answer", {"q": "  "}) == "missing_query"
        long = "who patches " + "x" * 1000
        expect_tool_error(await client.call_tool("answer_question", {"question": long}), "query_too_long")
        assert api.error_code("/v1/answer", {"q": long}) == "query_too_long"

    async def arguments_that_do_not_fit_the_schema_are_tool_errors() -> None:
        for arguments, named in (({"question": 5}, "`question`"), ({"question": "who patches ec2", "extra": True}, "`extra`")):
            text = expect_tool_error(await client.call_tool("answer_question", arguments), "invalid_parameter")
            assert "input schema" in text and named in text, text
        expect_tool_error(await client.call_tool("answer_question", {}), "missing_query")
        expect_tool_error(await client.call_tool("responsibility_matrix", {"services": "ec2"}), "invalid_parameter")
        # A whole number written as 3.0 is an integer in JSON Schema.
        paged = expect_success(await client.call_tool("search_duties", {"query": "rds", "limit": 3.0}))
        assert paged["limit"] == 3 and len(paged["hits"]) == 3, paged["limit"]

    async def lookup_service() -> None:
        structured = expect_success(await client.call_tool("lookup_service", {"service": "Amazon S3"}))
        record = api.json("/v1/services/Amazon%20S3")
        assert structured["id"] == record["id"] == "s3", structured["id"]
        owners = lambda duties: [(duty["id"], duty["owner"], duty["basis"]) for duty in duties]
        assert owners(structured["duties"]) == owners(record["duties"]), structured["duties"]
        assert all("statements" not in duty for duty in structured["duties"]), "brief by default"
        detailed = expect_success(await client.call_tool("lookup_service", {"service": "s3", "detail": True}))
        statements = lambda duties: [[s["text"] for s in duty["statements"]] for duty in duties]
        assert statements(detailed["duties"]) == statements(record["duties"])
        filtered = expect_success(
            await client.call_tool("lookup_service", {"service": "ec2", "owner": "customer", "area": "data-protection"})
        )
        expected = api.json("/v1/services/ec2/duties", {"owner": "customer", "area": "data-protection"})
        assert owners(filtered["duties"]) == owners(expected["items"]), filtered["duties"]
        assert filtered["duties"], "EC2 has customer data-protection duties"

    async def lookup_service_fails_with_the_api_codes() -> None:
        text = expect_tool_error(await client.call_tool("lookup_service", {"service": "lamda"}), "service_not_found")
        assert "lambda" in text, text
        assert api.error_code("/v1/services/lamda") == "service_not_found"
        expect_tool_error(await client.call_tool("lookup_service", {"service": "s3", "owner": "bogus"}), "invalid_parameter")
        assert api.error_code("/v1/services/s3/duties", {"owner": "bogus"}) == "invalid_parameter"
        expect_tool_error(await client.call_tool("lookup_service", {"service": "s3", "area": "nope"}), "invalid_parameter")

    async def search_duties() -> None:
        arguments = {"query": "rds maintenance window", "owner": "customer", "limit": 5}
        structured = expect_success(await client.call_tool("search_duties", arguments))
        expected = without_snippets(api.json("/v1/search", {"q": arguments["query"], "owner": "customer", "limit": 5}))
        assert structured == expected, structured
        assert structured["hits"] and all(hit["owner"] == "customer" for hit in structured["hits"])
        paged = expect_success(
            await client.call_tool("search_duties", {"query": "encryption", "service": "s3", "kind": "statement", "offset": 2, "limit": 3})
        )
        expected = without_snippets(
            api.json("/v1/search", {"q": "encryption", "service": "s3", "kind": "statement", "offset": 2, "limit": 3})
        )
        assert paged == expected, paged

    async def search_duties_fails_with_the_api_codes() -> None:
        expect_tool_error(await client.call_tool("search_duties", {"query": "x", "limit": 0}), "invalid_limit")
        assert api.error_code("/v1/search", {"q": "x", "limit": 0}) == "invalid_limit"
        expect_tool_error(await client.call_tool("search_duties", {"query": "x", "offset": -1}), "invalid_offset")
        expect_tool_error(await client.call_tool("search_duties", {"query": "x", "kind": "bogus"}), "invalid_parameter")
        expect_tool_error(await client.call_tool("search_duties", {"query": ""}), "missing_query")
        expect_tool_error(await client.call_tool("search_duties", {"query": "x", "service": "nosuch"}), "service_not_found")

    async def responsibility_matrix() -> None:
        result = await client.call_tool("responsibility_matrix", {"services": ["ec2", "rds", "s3"]})
        structured = expect_success(result)
        assert structured == api.json("/v1/matrix", {"services": "ec2,rds,s3"}), structured
        assert text_of(result) == api.text("/v1/matrix", {"services": "ec2,rds,s3", "format": "markdown"})
        as_json = await client.call_tool("responsibility_matrix", {"services": ["Amazon EC2", "ec2"], "format": "json"})
        assert json.loads(text_of(as_json)) == expect_success(as_json)
        assert expect_success(as_json)["services"] == ["ec2"]

    async def responsibility_matrix_fails_with_the_api_codes() -> None:
        expect_tool_error(await client.call_tool("responsibility_matrix", {"services": []}), "missing_services")
        assert api.error_code("/v1/matrix", {"services": ""}) == "missing_services"
        too_many = [f"s{i}" for i in range(101)]
        expect_tool_error(await client.call_tool("responsibility_matrix", {"services": too_many}), "too_many_services")
        expect_tool_error(
            await client.call_tool("responsibility_matrix", {"services": ["ec2"], "format": "csv"}), "invalid_parameter"
        )
        expect_tool_error(
            await client.call_tool("responsibility_matrix", {"services": ["ec2", "nosuch"]}), "service_not_found"
        )

    async def list_services() -> None:
        structured = expect_success(await client.call_tool("list_services", {"model": "container"}))
        expected = api.json("/v1/services", {"model": "container"})
        assert structured == expected, structured["total"]
        everything = expect_success(await client.call_tool("list_services", {}))
        assert everything["total"] == api.json("/v1/services", {"limit": 1})["total"]
        expect_tool_error(await client.call_tool("list_services", {"category": "nope"}), "invalid_parameter")
        assert api.error_code("/v1/services", {"category": "nope"}) == "invalid_parameter"

    async def architecture_matrix() -> None:
        template = TEMPLATE.read_text()
        result = await client.call_tool("architecture_matrix", {"template": template})
        structured = expect_success(result)
        status, body = api.post("/v1/architecture", template, "application/yaml")
        assert status == 200, (status, body)
        assert structured == json.loads(body), "the tool and the route read the template alike"
        assert {"lambda", "apigateway", "dynamodb", "iam"} <= {used["id"] for used in structured["services"]}
        assert len(structured["review"]) == 7, structured["review"]
        text = text_of(result)
        assert text.startswith("## Architecture:") and "What the customer must do" in text, text
        assert len(text) < 8000, len(text)

    async def architecture_matrix_fails_with_the_api_codes() -> None:
        expect_tool_error(await client.call_tool("architecture_matrix", {"template": "   "}), "missing_template")
        expect_tool_error(await client.call_tool("architecture_matrix", {"template": "a: [1, 2"}), "invalid_template")
        expect_tool_error(
            await client.call_tool("architecture_matrix", {"template": '{"just": "data"}'}), "not_a_template"
        )
        big = "#" * (2 * 1024 * 1024 + 1)
        expect_tool_error(await client.call_tool("architecture_matrix", {"template": big}), "payload_too_large")

    async def unknown_tool_is_a_jsonrpc_error() -> None:
        await expect_jsonrpc_error(client.call_tool("no_such_tool", {}), {INVALID_PARAMS}, "not_found:")

    async def resources_are_listed() -> None:
        resources = (await client.list_resources()).resources
        uris = {str(resource.uri) for resource in resources}
        total = api.json("/v1/services", {"limit": 1})["total"]
        assert len(resources) == total + 1, len(resources)
        assert {"srmap://duties", "srmap://services/s3", "srmap://services/ec2"} <= uris
        templates = (await client.list_resource_templates()).resource_templates
        assert [template.uri_template for template in templates] == ["srmap://services/{id}"]

    async def resources_are_read() -> None:
        for uri, path in (
            ("srmap://services/s3", "/v1/services/s3"),
            ("srmap://services/Amazon%20S3", "/v1/services/s3"),
            ("srmap://duties", "/v1/duties"),
        ):
            contents = (await client.read_resource(uri)).contents
            assert len(contents) == 1 and contents[0].mime_type == "application/json", contents
            assert json.loads(contents[0].text) == api.json(path), uri

    async def unknown_resources_are_jsonrpc_errors() -> None:
        error = await expect_jsonrpc_error(
            client.read_resource("srmap://services/lamda"), RESOURCE_NOT_FOUND, "service_not_found:"
        )
        assert "lambda" in json.dumps(error.data), error.data
        await expect_jsonrpc_error(client.read_resource("srmap://nothing"), RESOURCE_NOT_FOUND, "not_found:")

    async def prompt() -> None:
        prompts = (await client.list_prompts()).prompts
        assert [prompt.name for prompt in prompts] == ["responsibility_review"]
        arguments = {argument.name: argument.required for argument in prompts[0].arguments or []}
        assert arguments == {"services": True, "focus": False}, arguments
        result = await client.get_prompt("responsibility_review", {"services": "ec2, Amazon RDS,s3", "focus": "patching"})
        assert len(result.messages) == 1 and result.messages[0].role == "user"
        text = result.messages[0].content.text
        assert api.text("/v1/matrix", {"services": "ec2,rds,s3", "format": "markdown"}) in text
        assert "patching" in text and "Amazon Relational Database Service" in text
        assert "Who needs access" in text and "how compliance is monitored" in text.lower(), text

    async def prompt_errors_are_jsonrpc_errors() -> None:
        await expect_jsonrpc_error(
            client.get_prompt("responsibility_review", {"services": "nosuch"}), {INVALID_PARAMS}, "service_not_found:"
        )
        await expect_jsonrpc_error(
            client.get_prompt("responsibility_review", {"services": " , "}), {INVALID_PARAMS}, "missing_services:"
        )
        await expect_jsonrpc_error(client.get_prompt("no_such_prompt", {}), {INVALID_PARAMS}, "not_found:")

    async def session_still_answers_after_the_errors() -> None:
        result = await client.call_tool("answer_question", {"question": "who encrypts objects stored in Amazon S3?"})
        assert expect_success(result)["service_id"] == "s3"

    for name, body in (
        ("negotiated", negotiated),
        ("tools are listed with schemas", tools_are_listed),
        ("answer_question matches /v1/answer", answer_question),
        ("answer_question fails with the API codes", answer_question_fails_with_the_api_codes),
        ("arguments that do not fit the schema are tool errors", arguments_that_do_not_fit_the_schema_are_tool_errors),
        ("lookup_service matches /v1/services", lookup_service),
        ("lookup_service fails with the API codes", lookup_service_fails_with_the_api_codes),
        ("search_duties matches /v1/search", search_duties),
        ("search_duties fails with the API codes", search_duties_fails_with_the_api_codes),
        ("responsibility_matrix matches /v1/matrix", responsibility_matrix),
        ("responsibility_matrix fails with the API codes", responsibility_matrix_fails_with_the_api_codes),
        ("list_services matches /v1/services", list_services),
        ("architecture_matrix matches /v1/architecture", architecture_matrix),
        ("architecture_matrix fails with the API codes", architecture_matrix_fails_with_the_api_codes),
        ("an unknown tool is a JSON-RPC error", unknown_tool_is_a_jsonrpc_error),
        ("resources and the template are listed", resources_are_listed),
        ("resources match the API", resources_are_read),
        ("unknown resources are JSON-RPC errors", unknown_resources_are_jsonrpc_errors),
        ("the prompt embeds the matrix", prompt),
        ("prompt errors are JSON-RPC errors", prompt_errors_are_jsonrpc_errors),
        ("the session still answers after the errors", session_still_answers_after_the_errors),
    ):
        await check(name, body)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transport", choices=["stdio", "http"], required=True)
    parser.add_argument("--protocol", choices=["2026-07-28", "2025-11-25"], required=True)
    parser.add_argument("--command", help="the srmap binary (stdio)")
    parser.add_argument("--url", help="the /mcp endpoint (http)")
    parser.add_argument("--api", required=True, help="the HTTP API to compare with")
    options = parser.parse_args()

    if options.transport == "stdio":
        if not options.command:
            parser.error("--transport stdio needs --command")
        server: Any = StdioServerParameters(command=options.command, args=["mcp"], env={"RUST_LOG": "error"})
    else:
        if not options.url:
            parser.error("--transport http needs --url")
        server = options.url
    # 2026-07-28 has no handshake: "auto" probes server/discover and adopts the newest revision
    # both sides speak. "legacy" is the initialize handshake, which offers 2025-11-25.
    mode = "auto" if options.protocol == "2026-07-28" else "legacy"
    checks = Checks(f"{options.transport} {options.protocol}")
    with anyio.fail_after(RUN_TIMEOUT_SECONDS):
        async with Client(server, mode=mode, read_timeout_seconds=60) as client:
            await run_checks(client, Api(options.api), checks, options.protocol)
    if checks.failed:
        print(f"{len(checks.failed)} of {checks.passed + len(checks.failed)} MCP checks failed ({checks.label})")
        return 1
    print(f"all {checks.passed} MCP checks succeeded ({checks.label})")
    return 0


if __name__ == "__main__":
    sys.exit(anyio.run(main))
