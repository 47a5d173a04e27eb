-- wrk script: POST /api/tickets/{id}/messages, a public staff reply (with its mail to the requester).
--
-- Environment (set by bench/update-tickets.sh, through bench/create-tickets.sh):
--   BENCH_TOKEN     the JWT from POST /api/auth/login
--   BENCH_IDS_FILE  a file with one ticket id per line (tickets seeded before the run)
--   BENCH_IDS_PART  "warm" (first half of the ids) or "load" (second half), so the
--                   measured run starts from tickets at version 1
--   BENCH_THREADS   wrk's thread count, to split the ids between threads
--
-- Every thread owns its own tickets and goes round them, one request in flight per ticket
-- at most. Each reply is about 300 characters: the message, the ticket's first response
-- and updated_at, message.created and ticket.updated, and the requester's mail in the
-- outbox (with its single-use portal link).
-- done() prints the same "BENCH key=value" line as create-tickets.lua.

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local idsfile = os.getenv("BENCH_IDS_FILE") or error("BENCH_IDS_FILE is not set")
local part = os.getenv("BENCH_IDS_PART") or "load"
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  samples = ""
  nsamples = 0
  local all = {}
  for line in io.lines(idsfile) do
    local id = tonumber(line)
    if id then table.insert(all, id) end
  end
  local half = math.floor(#all / 2)
  local from, to = 1, half
  if part == "load" then from, to = half + 1, #all end
  queue = {}
  head, tail = 1, 0
  for i = from, to do
    if (i % nthreads) == (tid - 1) then
      tail = tail + 1
      queue[tail] = { all[i], 1 }
    end
  end
end

local reply = '{"type":"reply","body":"Hello Bob, thanks for the details. We have reset the printer on floor 3'
  .. ' and cleared the rear tray sensor; the paper jam message should not come back. If it does, please reply'
  .. ' here with a photo of the display and we will send someone over this afternoon. Kind regards, Support"}'

function request()
  if head > tail then
    error("thread " .. tid .. " has no ticket left to answer")
  end
  local t = queue[head]
  queue[head] = nil
  head = head + 1
  inflight = inflight or {}
  return wrk.format(nil, "/api/tickets/" .. t[1] .. "/messages", nil, reply)
end

function response(status, headers, body)
  local id = tonumber((body or ""):match('"ticketId":(%d+)'))
  if id then
    tail = tail + 1
    queue[tail] = { id, 1 }
  end
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if nsamples < 3 then
      nsamples = nsamples + 1
      local b = (body or ""):sub(1, 300):gsub("[\r\n]", " ")
      samples = samples .. "  HTTP " .. status .. ": " .. b .. "\n"
    end
  end
end

function done(summary, latency, requests)
  local bad, sampletext = 0, ""
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
    sampletext = sampletext .. (t:get("samples") or "")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f "
      .. "non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    bad, e.connect, e.read, e.write, e.timeout))
  if sampletext ~= "" then
    io.write("BENCH_SAMPLES\n" .. sampletext)
  end
end
