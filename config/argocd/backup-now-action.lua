-- Sets ddbbackup.io/backup-now to the current UTC time; the operator takes one backup per new
-- value and remembers it in status.lastManualTrigger. Other annotations are kept. Argo CD's
-- own Deployment "restart" action uses the same os.date call.
local os = require("os")
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["ddbbackup.io/backup-now"] = os.date("!%Y-%m-%dT%H:%M:%SZ")
return obj
