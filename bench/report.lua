-- Counts answers by status and prints one JSON line at the end, for bench/load.py.
-- BUST=1 in the environment adds a counter to every address (a cache miss each time),
-- as the parameter BUST_PARAM names (_b unless told).
local counter = 0
local threads = {}
local bust = os.getenv("BUST") == "1"
local bust_param = os.getenv("BUST_PARAM") or "_b"
local method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
local cookie = os.getenv("COOKIE")

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  wrk.method = method
  if body then
    wrk.body = body
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  if cookie then wrk.headers["Cookie"] = cookie end
  -- As a browser asks: the page cache answers with its gzip copy.
  wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"
end

function request()
  if bust then
    counter = counter + 1
    local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. sep .. bust_param .. "=" .. id .. "-" .. counter)
  end
  return wrk.format()
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do table.insert(parts, string.format('"%d": %d', status, n)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "statuses": {%s}, ' ..
    '"socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, table.concat(parts, ", "),
    e.connect + e.read + e.write + e.timeout))
end
