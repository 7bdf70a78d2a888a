-- wrk script for Lotsen's load benchmark (bench/run.sh).
--
-- Arguments (after `--`): COOKIE_FILE CONNS_PER_THREAD
--   COOKIE_FILE       one session cookie value per line, or "-" for anonymous requests
--   CONNS_PER_THREAD  how many connections each wrk thread has
--
-- Every thread takes its own slice of CONNS_PER_THREAD sessions from the file and sends
-- them round-robin, so concurrent requests carry different sessions: one shared session
-- would serialise on its row whenever its last_seen_at is refreshed (at most once a minute).
--
-- At the end one line is printed for run.sh to read:
--   RESULT <requests/s> <p50 ms> <p99 ms> <requests> <errors>
-- where errors = non-2xx/3xx responses + connect, read, write and timeout errors.

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local file, per_thread = args[1], tonumber(args[2] or "1")
  cookies = {}
  if file and file ~= "-" then
    local all = {}
    for line in io.lines(file) do
      if line ~= "" then all[#all + 1] = line end
    end
    assert(#all > 0, "no sessions in " .. file)
    local first = id * per_thread
    for i = 0, per_thread - 1 do
      -- Wraps around when there are fewer sessions than connections.
      cookies[#cookies + 1] = all[((first + i) % #all) + 1]
    end
  end
  turn = 0
  wrk.headers["Accept-Encoding"] = "gzip, br"
  wrk.headers["Accept"] = "text/html,application/xhtml+xml,*/*;q=0.8"
end

function request()
  if #cookies > 0 then
    turn = turn % #cookies + 1
    wrk.headers["Cookie"] = "lotsen_session=" .. cookies[turn]
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
