-- Sets ddbbackup.io/backup-now to the current UTC time; the operator takes one backup per new
-- value and remembers it in status.lastManualTrigger. Run again within the same second, it adds
-- a count ("...Z#2"), so every run is a new value and a backup. Other annotations are kept. Argo
-- CD's own Deployment "restart" action uses the same os.date call.
local os = require("os")
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
local key = "ddbbackup.io/backup-now"
local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
local previous = obj.metadata.annotations[key]
local value = now
if previous ~= nil and string.sub(previous, 1, string.len(now)) == now then
  local count = tonumber(string.match(previous, "#(%d+)$")) or 1
  value = now .. "#" .. tostring(count + 1)
end
obj.metadata.annotations[key] = value
return obj
