-- Sets ddbbackup.io/backup-now to the current UTC time; the operator takes one backup per new
-- value and remembers it in status.lastManualTrigger. Other annotations are kept. Argo CD's
-- own Deployment "restart" action uses the same os.date call (os only through require: Argo CD
-- opens no global os).
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
obj.metadata.annotations["ddbbackup.io/backup-now"] = os.date("!%Y-%m-%dT%H:%M:%SZ")
return obj
