-- wrk script for the resident actions of bench/http_bench.py (see bench/actions.py).
--
-- wrk ... -s bench/post.lua URL -- PATH BODY COOKIE REFERER POOL_FILE OFFSET STRIDE TAG SESSION_COOKIE
--
-- Every request is the same form POST with a fresh submission key (__KEY__, a UUID)
-- and a unique token (__UNIQUE__, for e-mail addresses). With a pool file, each
-- request also sends the next unused session of the pool; thread N takes lines
-- OFFSET+N, OFFSET+N+STRIDE, ... so no session is sent twice. done() prints one
-- line the harness reads: requests built, sessions missing, and the next offset.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   path, body, cookie, referer = args[1], args[2], args[3], args[4]
   pool_file, offset, stride, tag = args[5], tonumber(args[6]), tonumber(args[7]), args[8]
   session_cookie = args[9]
   sent, exhausted, pool = 0, 0, {}
   if pool_file ~= "-" then
      local line_number = 0
      for line in io.lines(pool_file) do
         if line_number >= offset and (line_number - offset) % stride == id then
            pool[#pool + 1] = line
         end
         line_number = line_number + 1
      end
   end
   math.randomseed(os.time() + id * 7919)
end

function request()
   -- wrk calls this once more on the first thread to check the script: that
   -- request is never sent, so "sent" is at most one too high (an upper bound).
   sent = sent + 1
   local key = string.format("%s-%04x-4%03x-8%03x-%012x", tag, id,
      math.random(0, 4095), math.random(0, 4095), sent)
   local unique = string.format("%s-%d-%d", tag, id, sent)
   local cookies = cookie
   if pool_file ~= "-" then
      local session = pool[sent]
      if session == nil then
         exhausted = exhausted + 1
         session = "pool-exhausted"
      end
      cookies = cookies .. "; " .. session_cookie .. "=" .. session
   end
   local headers = {}
   for name, value in pairs(wrk.headers) do
      headers[name] = value
   end
   headers["Content-Type"] = "application/x-www-form-urlencoded"
   headers["Cookie"] = cookies
   headers["Referer"] = referer
   local filled = body:gsub("__KEY__", key):gsub("__UNIQUE__", unique)
   return wrk.format("POST", path, headers, filled)
end

function done(summary, latency, requests)
   local total, missing, most = 0, 0, 0
   for _, thread in ipairs(threads) do
      local built = thread:get("sent") or 0
      total = total + built
      missing = missing + (thread:get("exhausted") or 0)
      if built > most then most = built end
   end
   local next_offset = (tonumber(threads[1]:get("offset")) or 0) + most * #threads
   io.write(string.format("bench-action: sent=%d exhausted=%d next_offset=%d\n",
      total, missing, next_offset))
end
