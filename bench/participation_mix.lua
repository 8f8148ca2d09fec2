-- wrk script: a mix of anonymous and signed-in page views over several paths.
--
-- Usage: wrk -t2 -c16 -d20s -s bench/participation_mix.lua http://127.0.0.1:8790 -- DATAFILE
-- DATAFILE (written by bench/participation_servers.py) is a Lua chunk returning
--   { paths = {"/ideen/", ...}, sessions = {"<sessionid>", ...}, signed_in_every = N }
-- Request k of a thread goes to paths[k % #paths + 1]. Every N-th request (N = signed_in_every, 0 for
-- never) carries the session cookie of a signed-in person: the page cache never answers it, so it
-- is a cache miss; the others are anonymous and, once the cache is warm, cache hits.
-- Prints one BENCH_MIX line: wrk's totals and latencies, responses outside 2xx, and how many
-- responses said "X-Cache: hit" and "miss" (so the caller can check the mix it asked for).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  data = dofile(args[1])
  issued = 0
  non2xx = 0
  hits = 0
  misses = 0
end

function request()
  issued = issued + 1
  local path = data.paths[(issued % #data.paths) + 1]
  local headers = {}
  if data.signed_in_every > 0 and issued % data.signed_in_every == 0 then
    headers["Cookie"] = "sessionid=" .. data.sessions[(issued % #data.sessions) + 1]
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local bad, hit, miss = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    hit = hit + thread:get("hits")
    miss = miss + thread:get("misses")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_MIX {"requests": %d, "duration_us": %d, "mean_us": %.1f, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "non2xx": %d, "cache_hits": %d, "cache_misses": %d, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, bad, hit, miss, e.connect, e.read, e.write, e.status, e.timeout))
end
