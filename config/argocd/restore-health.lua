-- Argo CD health check for ddbbackup.io/DynamoDBRestore.
-- phase Failed -> Degraded (the spec cannot succeed: create a new one; the operator never looks at
-- a Failed restore again, so its generation is not compared).
-- No status or no phase, or metadata.generation newer than status.observedGeneration
-- -> Progressing.
-- phase Completed -> Healthy: the table is restored. A follow-up check that then fails (Ready
-- False, e.g. Throttled while the item count is refreshed) keeps it Healthy, with a message that
-- says the table is restored and what is retried.
-- Ready False while Pending, Restoring or Replaying (TargetExists, SourceNotFound, AccessDenied,
-- Throttled, ...) -> Degraded with the condition's message: it needs a person or waits on AWS.
-- Pending, Restoring or Replaying (a restore from exports replays its incremental exports in
-- Jobs; the message says which and how many pods are done) otherwise -> Progressing.
-- ReplayFailed ends the restore: phase Failed -> Degraded.
-- A condition with no reason is told by its type and status ("Ready=False (no reason given)").
local hs = {}

local function given(text)
  return text ~= nil and text ~= ""
end

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

-- "reason: message"; without a condition, the fallback
local function describe(condition, fallback)
  if condition == nil then
    return fallback
  end
  local text = condition.reason
  if not given(text) then
    text = "Ready=" .. tostring(condition.status or "Unknown") .. " (no reason given)"
  end
  if given(condition.message) then
    text = text .. ": " .. condition.message
  end
  return text
end

-- what a Completed restore made, from its status: "Restored <source> into table <t> in <n>s"
local function restored(status)
  local text = "Restored"
  if given(status.source) then
    text = text .. " " .. status.source
  end
  if obj.spec ~= nil and given(obj.spec.targetTableName) then
    text = text .. " into table " .. obj.spec.targetTableName
  end
  if status.durationSeconds ~= nil then
    text = text .. " in " .. tostring(status.durationSeconds) .. "s"
  end
  return text
end

if obj.status == nil or not given(obj.status.phase) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  return hs
end

local ready = readyCondition(obj.status)
local phase = obj.status.phase

if phase == "Failed" then
  hs.status = "Degraded"
  hs.message = describe(ready, "Failed (no Ready condition)")
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

if phase == "Completed" then
  hs.status = "Healthy"
  if ready ~= nil and ready.status == "False" then
    -- the table is there and the restore is done: a check after it is no reason for Degraded
    hs.message = "Completed: " .. restored(obj.status) .. "; a follow-up check of the table is"
      .. " retried after " .. describe(ready, "")
  elseif ready ~= nil and given(ready.reason) and given(ready.message) then
    hs.message = describe(ready, "")
  else
    hs.message = "Completed: " .. restored(obj.status)
  end
  return hs
end

if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready, phase)
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready, phase)
return hs
