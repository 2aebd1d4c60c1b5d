// The official TypeScript SDK as a client of srmap, over stdio or Streamable HTTP.
//
//   node check_client.mjs --stdio /path/to/srmap
//   node check_client.mjs --http http://127.0.0.1:8080/mcp
//
// It lists the tools and compiles every input and output schema with a default-configured Ajv
// (as clients do before calling), calls each tool (the SDK validates each structured result
// against the tool's output schema), checks the sizes a model's context can take and the
// error texts, reads a resource and gets the prompt. Prints "all TypeScript SDK checks
// succeeded" when every check passes.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import Ajv from "ajv";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [mode, target] = process.argv.slice(2);
if (!["--stdio", "--http"].includes(mode) || !target) {
  console.error("usage: check_client.mjs --stdio BINARY | --http URL");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const template = readFileSync(join(here, "../../examples/architecture/shoppingcart-service.yaml"), "utf8");

const transport =
  mode === "--stdio"
    ? new StdioClientTransport({ command: target, args: ["mcp"], env: { RUST_LOG: "error" } })
    : new StreamableHTTPClientTransport(new URL(target));
const client = new Client({ name: "srmap-ts-check", version: "1.0.0" });

let failed = 0;
let passed = 0;
async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok    ${mode.slice(2)}: ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL  ${mode.slice(2)}: ${name}: ${error?.stack ?? error}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
const text = (result) => result.content.find((block) => block.type === "text")?.text ?? "";

await client.connect(transport);

await check("the server says who it is", async () => {
  const version = client.getServerVersion();
  assert(version?.name === "srmap", JSON.stringify(version));
  assert(client.getServerCapabilities()?.tools, "tools capability");
});

let tools = [];
await check("every schema compiles with a default Ajv", async () => {
  tools = (await client.listTools()).tools;
  const names = tools.map((tool) => tool.name).sort();
  assert(
    JSON.stringify(names) ===
      JSON.stringify([
        "answer_question",
        "architecture_matrix",
        "list_services",
        "lookup_service",
        "responsibility_matrix",
        "search_duties",
      ]),
    names.join(","),
  );
  const ajv = new Ajv(); // default options: strict mode, unknown formats refused
  for (const tool of tools) {
    ajv.compile(tool.inputSchema);
    if (tool.outputSchema) ajv.compile(tool.outputSchema);
  }
});

await check("answer_question answers briefly with its sources", async () => {
  const result = await client.callTool({ name: "answer_question", arguments: { question: "who patches the OS on RDS?" } });
  assert(!result.isError, text(result));
  assert(result.structuredContent.owner === "aws" && result.structuredContent.service_id === "rds", JSON.stringify(result.structuredContent));
  assert(text(result).length < 1000, `${text(result).length} characters`);
  assert(result.structuredContent.sources.length <= 3, "at most 3 sources");
});

await check("lookup_service is brief unless asked for detail", async () => {
  const brief = await client.callTool({ name: "lookup_service", arguments: { service: "Amazon S3" } });
  const detail = await client.callTool({ name: "lookup_service", arguments: { service: "s3", detail: true } });
  assert(text(brief).length < 4000, `${text(brief).length} characters`);
  assert(text(detail).length > 2 * text(brief).length, "the detail has the statements");
});

await check("list_services pages compactly, a whole number given as 3.0", async () => {
  const page = await client.callTool({ name: "list_services", arguments: { limit: 3.0, model: "Container" } });
  assert(!page.isError, text(page));
  assert(page.structuredContent.items.length === 3, JSON.stringify(page.structuredContent));
  const all = await client.callTool({ name: "list_services", arguments: {} });
  assert(text(all).length < 6000, `${text(all).length} characters`);
});

await check("search_duties and responsibility_matrix answer", async () => {
  const search = await client.callTool({ name: "search_duties", arguments: { query: "maintenance window", owner: "AWS", limit: 5 } });
  assert(!search.isError && search.structuredContent.hits.length > 0, text(search));
  const matrix = await client.callTool({ name: "responsibility_matrix", arguments: { services: ["ec2", "rds", "s3"] } });
  assert(text(matrix).includes("| Operating system patching |"), text(matrix).slice(0, 300));
});

await check("architecture_matrix reads a real SAM template", async () => {
  const result = await client.callTool({ name: "architecture_matrix", arguments: { template } });
  assert(!result.isError, text(result));
  const ids = result.structuredContent.services.map((used) => used.id);
  assert(["lambda", "apigateway", "dynamodb", "iam"].every((id) => ids.includes(id)), ids.join(","));
  assert(result.structuredContent.review.length === 7, "seven questions");
});

await check("errors are tool errors in MCP words, with the API's codes", async () => {
  const empty = await client.callTool({ name: "answer_question", arguments: { question: " " } });
  assert(empty.isError && text(empty).startsWith("missing_query:"), text(empty));
  assert(!/`q`|q=|i64|sequence/.test(text(empty)), text(empty));
  const unknown = await client.callTool({ name: "lookup_service", arguments: { service: "lamda" } });
  assert(unknown.isError && text(unknown).startsWith("service_not_found:") && text(unknown).includes("lambda"), text(unknown));
  const wrongType = await client.callTool({ name: "responsibility_matrix", arguments: { services: "ec2" } });
  assert(wrongType.isError && !/sequence|i64/.test(text(wrongType)), text(wrongType));
});

await check("resources and the prompt", async () => {
  const resources = (await client.listResources()).resources;
  assert(resources.length > 0, "resources are listed");
  const read = await client.readResource({ uri: resources[0].uri });
  assert(read.contents.length > 0, "a resource reads");
  const prompt = await client.getPrompt({ name: "responsibility_review", arguments: { services: "ec2,rds,s3" } });
  assert(prompt.messages[0].content.text.includes("How is compliance monitored"), "the review questions");
});

await client.close();
if (failed) {
  console.log(`${failed} of ${passed + failed} TypeScript SDK checks failed (${mode.slice(2)})`);
  process.exit(1);
}
console.log(`all TypeScript SDK checks succeeded (${mode.slice(2)}, ${passed} checks)`);
