-- Searches and answers that do not repeat, for wrk: `wrk -s benches/distinct.lua URL`.
-- Every request is a cache miss, so this measures the engine with the response cache on,
-- and fills the cache towards its bound (peak memory then includes a fuller cache).
local services = {"s3", "rds", "ec2", "lambda", "dynamodb", "eks", "kms", "iam", "sqs", "cloudtrail"}
local topics = {"encryption", "patching", "key+rotation", "logging", "backup", "network+access",
  "access+keys", "public+access", "maintenance+window", "incident+response", "data+residency",
  "vulnerability+scanning"}
local askers = {"who+handles", "who+is+responsible+for", "do+I+or+AWS+handle", "who+owns"}

-- Each wrk thread has its own Lua state: give each its own stretch of the sequence.
local threads = 0
setup = function(thread)
  thread:set("start", threads * 100000)
  threads = threads + 1
end

local counter
init = function(args)
  counter = start or 0
end

local function pick(list, n)
  return list[(n % #list) + 1]
end

request = function()
  counter = counter + 1
  local n = math.floor(counter / 2)
  local service = pick(services, n)
  local topic = pick(topics, math.floor(n / #services))
  if counter % 2 == 0 then
    -- 10 services x 12 topics x 12 second topics x 20 page sizes: 28,800 distinct searches.
    local second = pick(topics, math.floor(n / (#services * #topics)))
    local limit = math.floor(n / (#services * #topics * #topics)) % 20 + 1
    return wrk.format("GET", string.format("/v1/search?q=%s+%s+%s&limit=%d", service, topic, second, limit))
  end
  -- The trailing number makes every question new; numbers do not change the answer.
  return wrk.format("GET", string.format("/v1/answer?q=%s+%s+on+%s+%d",
    pick(askers, math.floor(n / (#services * #topics))), topic, service, n))
end
