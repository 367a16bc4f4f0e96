-- Argo CD health check for ddbbackup.io/DynamoDBBackupPolicy: the policy and, through its status,
-- the schedules it generated.
-- No status, or metadata.generation newer than status.observedGeneration -> Progressing.
-- Ready False: Throttled -> Progressing (discovery is tried again within a minute); any other
-- reason (InvalidSpec, AccessDenied, DiscoveryFailed) -> Degraded with the condition's message.
-- Ready True and status.failing > 0 (generated schedules whose Ready is False) -> Degraded,
-- saying how many of how many.
-- Ready True otherwise -> Healthy; skipped tables (covered elsewhere, not permitted) are named in
-- the message, not a reason for Degraded: they are backed up elsewhere, or are refused on purpose.
-- Argo CD runs this with only the base, table and package libraries: no string or math functions.
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

local function describe(condition)
  local text = condition.reason
  if not given(text) then
    text = "Ready=" .. tostring(condition.status or "Unknown") .. " (no reason given)"
  end
  if given(condition.message) then
    text = text .. ": " .. condition.message
  end
  return text
end

local function count(n)
  if n == nil then
    return 0
  end
  return n
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to discover the tables"
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
  hs.message = "Waiting for the operator to report Ready"
  return hs
end

if ready.status == "False" then
  if ready.reason == "Throttled" then
    hs.status = "Progressing"
  else
    hs.status = "Degraded"
  end
  hs.message = describe(ready)
  return hs
end

local covered = count(obj.status.covered)
local failing = count(obj.status.failing)
local skipped = count(obj.status.skipped)
if failing > 0 then
  hs.status = "Degraded"
  hs.message = tostring(failing) .. " of " .. tostring(covered)
    .. " generated schedule(s) not Ready: kubectl get ddbbs -l ddbbackup.io/policy="
    .. tostring(obj.metadata.name)
  return hs
end

hs.status = "Healthy"
hs.message = tostring(covered) .. " table(s) covered"
if skipped > 0 then
  hs.message = hs.message .. ", " .. tostring(skipped)
    .. " skipped (covered elsewhere or not permitted: see status.skippedTables)"
end
return hs
