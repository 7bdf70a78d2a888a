-- wrk script for bench/arenden.sh: like sessions.lua (distinct sessions per connection,
-- round-robin), and each request also takes the next path from a list, so that a detail
-- page benchmark visits many different ärenden instead of one cached row.
--
-- Arguments (after `--`): COOKIE_FILE CONNS_PER_THREAD [PATHS_FILE]
--   COOKIE_FILE       one session cookie value per line, or "-" for anonymous requests
--   CONNS_PER_THREAD  how many connections each wrk thread has
--   PATHS_FILE        one path per line (optional; without it the URL's path is used)
--
-- Prints the same RESULT line as sessions.lua:
--   RESULT <requests/s> <p50 ms> <p99 ms> <requests> <errors>

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local function lines(file)
  local all = {}
  for line in io.lines(file) do
    if line ~= "" then all[#all + 1] = line end
  end
  assert(#all > 0, "nothing in " .. file)
  return all
end

function init(args)
  local file, per_thread, path_file = args[1], tonumber(args[2] or "1"), args[3]
  cookies = {}
  if file and file ~= "-" then
    local all = lines(file)
    local first = id * per_thread
    for i = 0, per_thread - 1 do
      cookies[#cookies + 1] = all[((first + i) % #all) + 1]
    end
  end
  paths = {}
  if path_file then
    paths = lines(path_file)
  end
  -- Threads start at different places in the path list.
  step = id * 7919
  turn = 0
  wrk.headers["Accept-Encoding"] = "gzip, br"
  wrk.headers["Accept"] = "text/html,application/xhtml+xml,*/*;q=0.8"
end

function request()
  turn = turn + 1
  if #cookies > 0 then
    wrk.headers["Cookie"] = "lotsen_session=" .. cookies[(turn - 1) % #cookies + 1]
  end
  if #paths > 0 then
    return wrk.format(nil, paths[(step + turn - 1) % #paths + 1])
  end
  return wrk.format()
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.requests,
    errors))
end
