-- Sets ddbbackup.io/backup-now to the current UTC time; the operator takes one backup per new
-- value and remembers it in status.lastManualTrigger. Run again within the same second, it adds
-- a count ("...Z#2", "...Z#3"), so every run is a new value and a backup. Other annotations are
-- kept. Argo CD's own Deployment "restart" action uses the same os.date call (os only through
-- require: Argo CD opens no global os, and no string library, hence the loop below).
-- The discovery script disables the action on a schedule being deleted, but that only greys out
-- the button in the UI: `argocd app actions run` and the API run this script anyway. So it checks
-- again and leaves a deleting schedule unchanged.
if obj.metadata.deletionTimestamp ~= nil then
  return obj
end
local os = require("os")
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
local key = "ddbbackup.io/backup-now"
local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
local previous = obj.metadata.annotations[key]
local value = now
if previous == now then
  value = now .. "#2"
else
  for count = 2, 999 do
    if previous == now .. "#" .. count then
      value = now .. "#" .. (count + 1)
      break
    end
  end
end
obj.metadata.annotations[key] = value
return obj
