-- wrk script: a burst of "unterstützen" clicks by many distinct signed-in people.
--
-- Usage: wrk -t2 -c16 -d20s -s bench/participation_burst.lua http://127.0.0.1:8777 -- DATAFILE
-- DATAFILE (written by bench/participation_run.py) is a Lua chunk returning
--   { sessions = {"<sessionid>", ...}, csrf = "<32-char token>", ideas = {<idea id>, ...} }
-- Click k of thread t (global index g = t + threads * k) is made by person g % #sessions on idea
-- ideas[(person * 7 + g // #sessions) % #ideas + 1]: every (person, idea) pair occurs at most once
-- (as long as fewer than #ideas rounds are made), so every click should add a new support.
-- Counts 302 (the PRG redirect of a click) and everything else; prints one BENCH_BURST line with
-- the number of clicks issued per thread, so the caller can compute exactly which pairs were sent.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  data = dofile(args[1])
  nthreads = tonumber(args[2])
  issued = 0
  ok302 = 0
  other = 0
  statuses = {}
end

function request()
  local g = tid + nthreads * issued
  issued = issued + 1
  local n = #data.sessions
  local person = g % n
  local round = math.floor(g / n)
  local idea = data.ideas[((person * 7 + round) % #data.ideas) + 1]
  local headers = {
    ["Cookie"] = "sessionid=" .. data.sessions[person + 1] .. "; csrftoken=" .. data.csrf,
    ["X-CSRFToken"] = data.csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", "/ideen/" .. idea .. "/unterstuetzen/", headers, "")
end

function response(status, headers, body)
  if status == 302 then
    ok302 = ok302 + 1
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local parts = {}
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    table.insert(parts, string.format('"%d": %d', thread:get("tid"), thread:get("issued")))
    ok = ok + thread:get("ok302")
    bad = bad + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_BURST {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"mean_us": %.1f, "status302": %d, "other": %d, "issued": {%s}, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, ok, bad, table.concat(parts, ", "), e.connect, e.read, e.write, e.status,
    e.timeout))
end
