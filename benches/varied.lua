-- A stream of varied searches or answers for wrk, 20 services x 15 topics taken in turn:
--   wrk -s benches/varied.lua http://127.0.0.1:8080/v1/search
--   wrk -s benches/varied.lua http://127.0.0.1:8080/v1/answer
--   wrk -s benches/varied.lua http://127.0.0.1:3000/api/    (tantivy-cli `serve`, 20 hits as srmap)
-- The URL's path picks the route; the script writes the query.
-- Run against a server with `--response-cache-mb 0`, every request costs the engine its full
-- price; the 300 requests repeat, so with the cache on they would be cache hits.
local services = {"s3", "rds", "ec2", "lambda", "dynamodb", "eks", "kms", "iam", "sqs",
  "cloudtrail", "ecs", "aurora", "elasticache", "redshift", "cloudfront", "sns", "efs",
  "opensearch", "apigateway", "secretsmanager"}
local topics = {"encryption at rest", "os patching", "key rotation", "logging", "backups",
  "network access", "access keys", "public access", "maintenance window", "incident response",
  "data residency", "vulnerability scanning", "tls in transit", "mfa", "monitoring"}
local answer_forms = {"who handles %s on %s", "who is responsible for %s in %s",
  "do I or AWS handle %s for %s"}

local mode
init = function(args)
  if wrk.path:find("/api", 1, true) then
    mode = "tantivy"
  elseif wrk.path:find("answer", 1, true) then
    mode = "answer"
  else
    mode = "search"
  end
  counter = 0
end

local function encode(text)
  return (text:gsub(" ", "+"))
end

request = function()
  local n = counter
  counter = counter + 1
  local service = services[(n % #services) + 1]
  local topic = topics[(math.floor(n / #services) % #topics) + 1]
  if mode == "answer" then
    local form = answer_forms[(math.floor(n / (#services * #topics)) % #answer_forms) + 1]
    return wrk.format("GET", "/v1/answer?q=" .. encode(string.format(form, topic, service)))
  end
  local query = encode(string.format("%s %s", service, topic))
  if mode == "tantivy" then
    return wrk.format("GET", "/api/?nhits=20&q=" .. query)
  end
  return wrk.format("GET", "/v1/search?q=" .. query)
end
