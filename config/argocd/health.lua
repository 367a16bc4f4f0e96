-- Argo CD health check for ddbbackup.io/DynamoDBBackupSchedule.
-- Ready True:  Scheduled -> Healthy, BackingUp (backup CREATING) -> Progressing,
--              Suspended -> Suspended.
-- Ready False: any reason (InvalidSpec, TableNotFound, AccessDenied, Throttled, BackupFailed,
--              NotPermitted, SharedPrefix) -> Degraded, with the condition's message.
-- No status, or a spec generation the operator has not observed yet -> Progressing.
local hs = {}

local function readyCondition(status)
  if status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == "Ready" then
      return condition
    end
  end
  return nil
end

local function describe(condition)
  local text = condition.reason or "Unknown"
  if condition.message ~= nil and condition.message ~= "" then
    text = text .. ": " .. condition.message
  end
  return text
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = readyCondition(obj.status)
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

if ready.reason == "Suspended" then
  hs.status = "Suspended"
  hs.message = describe(ready)
  return hs
end

if ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

if ready.status == "True" then
  if ready.reason == "BackingUp" or obj.status.lastBackupStatus == "CREATING" then
    hs.status = "Progressing"
    hs.message = describe(ready)
    return hs
  end
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready)
return hs
