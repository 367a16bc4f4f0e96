-- Argo CD health check for ddbbackup.io/DynamoDBBackupSchedule.
-- Ready True:  Scheduled -> Healthy, BackingUp (backup CREATING) -> Progressing,
--              Suspended -> SUSPENDED_HEALTH (Suspended unless changed below).
-- Ready False: Throttled -> Progressing while retried, Degraded from THROTTLED_DEGRADED_AFTER
--              consecutive failures on; any other reason (InvalidSpec, TableNotFound,
--              AccessDenied, BackupFailed, NotPermitted) -> Degraded, with the condition's message.
-- No status, or a spec generation the operator has not observed yet -> Progressing.
-- Argo CD runs this with only the base, table and package libraries (os via require): no string
-- or math functions, no string methods.

-- Settings (docs/argocd.md shows how to change them in argocd-cm):
-- the health of a suspended schedule: "Suspended" (its Application shows Suspended too) or "Healthy"
local SUSPENDED_HEALTH = "Suspended"
-- Throttled is retried with backoff: Progressing until this many consecutive failures, then Degraded
local THROTTLED_DEGRADED_AFTER = 3

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
  hs.status = SUSPENDED_HEALTH
  -- the operator's message already says "Suspended: ..."; the reason is not repeated
  hs.message = ready.message or "Suspended"
  return hs
end

if ready.status == "False" then
  if ready.reason == "Throttled" then
    local failures = obj.status.consecutiveFailures or 0
    if failures < THROTTLED_DEGRADED_AFTER then
      hs.status = "Progressing"
      hs.message = describe(ready) .. " (failure " .. tostring(failures) .. " of "
        .. tostring(THROTTLED_DEGRADED_AFTER) .. " before Degraded)"
      return hs
    end
    hs.status = "Degraded"
    hs.message = describe(ready) .. " (" .. tostring(failures) .. " consecutive failures)"
    return hs
  end
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
