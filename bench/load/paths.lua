-- wrk script: GETs the paths listed in the file $PATHS (one a line) in turn, each thread
-- starting at a different place, with the headers in $COOKIE (a session) when set.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
local cookie = os.getenv("COOKIE")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

function init(args)
  i = offset or 0
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

-- wrk's summary counts "Non-2xx or 3xx responses" (429s, 503s), so no response() hook: it
-- would cost every response a trip into Lua.
function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
