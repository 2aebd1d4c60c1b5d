-- A mix of lookups, searches and answers for wrk: `wrk -s benches/mix.lua URL`.
local paths = {
  "/v1/services/s3",
  "/v1/services/Amazon%20EC2",
  "/v1/services/rds/duties?owner=customer",
  "/v1/search?q=dynamodb+encryption",
  "/v1/search?q=who+patches+rds&owner=aws",
  "/v1/search?q=security+group+inbound+rules&limit=5",
  "/v1/answer?q=who+patches+the+OS+on+RDS",
  "/v1/answer?q=who+rotates+customer+managed+KMS+keys",
  "/v1/answer?q=S3+block+public+access+who+configures+it",
  "/v1/matrix?services=ec2,rds,s3",
}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
-- Any non-2xx answer counts as an error in the report.
local errors = 0
response = function(status, headers, body)
  if status >= 300 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
