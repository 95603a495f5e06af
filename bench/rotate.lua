-- wrk script for the warm-up of bench/http_bench.py: GETs that cycle through the
-- paths given after "--", so one warm-up of the stack touches every page.
--
-- wrk ... -s bench/rotate.lua URL -- PATH [PATH ...]

local paths = {}
local next_index = 0

function init(args)
   for _, path in ipairs(args) do
      paths[#paths + 1] = path
   end
end

function request()
   next_index = next_index % #paths + 1
   return wrk.format("GET", paths[next_index], { ["X-Forwarded-Proto"] = "https" })
end
