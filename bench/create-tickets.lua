-- wrk script: POST /api/tickets with a bearer token, one new ticket per request.
--
-- Environment (set by bench/create-tickets.sh):
--   BENCH_TOKEN       the JWT from POST /api/auth/login
--   BENCH_CONTACT_ID  the id of the contact used as requester
--
-- Each request carries a distinct subject (thread number and counter) so that the
-- rows look like real tickets. Any answer other than 2xx is counted (wrk itself
-- counts only >= 400 as errors) and the first few are printed with their body.
-- done() prints one machine-readable line, "BENCH key=value ...", with exact
-- latency percentiles in microseconds; bench/create-tickets.sh parses it.

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local contact = tonumber(os.getenv("BENCH_CONTACT_ID") or error("BENCH_CONTACT_ID is not set"))

wrk.method = "POST"
wrk.path = "/api/tickets"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

-- About 450 bytes of description: a typical e-mailed request.
local description = "Hello, since this morning the printer on the third floor (next to the kitchen) "
  .. "shows a paper jam although there is no paper stuck in it. I opened tray 2 and the "
  .. "rear door, switched it off and on again, and the message comes back after a minute. "
  .. "Several people need to print contracts today, so this is getting urgent for us. "
  .. "Could someone from IT have a look, or tell us which other printer we may use? Thanks, Bob"

local body_head = '{"subject":"Printer on floor 3 reports a paper jam #'
local body_tail = '","description":"' .. description .. '","requester":{"type":"contact","id":'
  .. contact .. '},"channel":"email","priority":"medium","category":"general","tags":["bench"]}'

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  non2xx = 0
  samples = ""
  nsamples = 0
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, body_head .. tid .. "-" .. counter .. body_tail)
end

function response(status, headers, body)
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
