-- Argo CD health check for ddbbackup.io/DynamoDBRestore.
-- phase Completed -> Healthy; Failed -> Degraded (the spec cannot succeed: create a new one).
-- Ready False while Pending or Restoring (TargetExists, SourceNotFound, AccessDenied,
-- Throttled, ...) -> Degraded with the condition's message: it needs a person or waits on AWS.
-- Pending or Restoring otherwise, no status, or a generation not observed yet -> Progressing.
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

local function describe(condition, fallback)
  if condition == nil then
    return fallback
  end
  local text = condition.reason or "Unknown"
  if condition.message ~= nil and condition.message ~= "" then
    text = text .. ": " .. condition.message
  end
  return text
end

if obj.status == nil or obj.status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  return hs
end

local ready = readyCondition(obj.status)
local phase = obj.status.phase

if phase == "Completed" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Completed")
  return hs
end

if phase == "Failed" or (ready ~= nil and ready.status == "False") then
  hs.status = "Degraded"
  hs.message = describe(ready, phase)
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready, phase)
return hs
