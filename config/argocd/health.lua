-- Argo CD health check for ddbbackup.io/DynamoDBBackupSchedule.
-- Ready True:  Scheduled -> Healthy, BackingUp (backup CREATING) -> Progressing,
--              Suspended -> SUSPENDED_HEALTH (Suspended unless changed below).
-- Ready False: Throttled -> Progressing while retried, Degraded from THROTTLED_DEGRADED_AFTER
--              consecutive failures on; any other reason (InvalidSpec, TableNotFound,
--              AccessDenied, BackupFailed, NotPermitted, SharedPrefix) -> Degraded, with the
--              condition's message.
-- No status, or a spec generation the operator has not observed yet -> Progressing.
-- Verified False (the last restore drill Failed, or DrillError: it could not run) -> Degraded with
-- its message, unless Ready already says Degraded; Skipped (Verified Unknown) and Passed do not,
-- nor a Verified condition left over once spec.verify is removed.
-- ExportVerified False (the last drill of the export chain, spec.verify.source export or both,
-- Failed or could not run) -> Degraded the same way, while spec.verify drills the chain.
-- PointInTimeRecovery False (spec.pointInTimeRecovery not in force: AccessDenied, Drifted with
-- enforce false, ...) -> Degraded with its message, unless Ready or Verified already says
-- Degraded; Throttled there -> Progressing while retried (a Healthy schedule only).
-- Exported False (spec.export: exports fail, point-in-time recovery is off, a gap was found and a
-- new base is on its way) -> Degraded with its message, unless an earlier condition already says
-- Degraded; only while spec.export is set.
-- A condition with no reason is told by its type and status ("Ready=False (no reason given)").
-- Argo CD runs this with only the base, table and package libraries (os via require): no string
-- or math functions, no string methods.

-- Settings (docs/argocd.md shows how to change them in argocd-cm):
-- the health of a suspended schedule: "Suspended" (its Application shows Suspended too) or "Healthy"
local SUSPENDED_HEALTH = "Suspended"
-- Throttled is retried with backoff: Progressing until this many consecutive failures, then Degraded
local THROTTLED_DEGRADED_AFTER = 3

local hs = {}

local function findCondition(status, type)
  if status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == type then
      return condition
    end
  end
  return nil
end

local function given(text)
  return text ~= nil and text ~= ""
end

-- "reason: message"; without a reason, the condition's type and status stand in for it
local function describe(condition)
  local text = condition.reason
  if not given(text) then
    text = tostring(condition.type) .. "=" .. tostring(condition.status or "Unknown")
      .. " (no reason given)"
  end
  if given(condition.message) then
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

-- The health the Ready condition gives.
local function fromReady(ready)
  local hs = {}
  if ready == nil then
    hs.status = "Progressing"
    hs.message = "Waiting for the Ready condition"
    return hs
  end

  if ready.reason == "Suspended" then
    hs.status = SUSPENDED_HEALTH
    -- the operator's message already says "Suspended: ..."; the reason is not repeated
    hs.message = ready.message
    if not given(hs.message) then
      hs.message = "Suspended"
    end
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
end

local ready = findCondition(obj.status, "Ready")
hs = fromReady(ready)
if hs.status == "Degraded" then
  return hs
end

-- A drill that did not verify: Degraded, its message first telling the condition. Skipped is
-- Unknown, not False; were it ever False, a skipped drill still found nothing wrong.
local function failedDrill(condition)
  if condition == nil or condition.status ~= "False" or condition.reason == "Skipped" then
    return nil
  end
  -- the operator's message already starts with what happened ("Failed: ...", "Restore drill: ...")
  local message = condition.type .. "=False"
  if given(condition.message) then
    message = message .. ": " .. condition.message
  elseif given(condition.reason) then
    message = message .. ": " .. condition.reason
  end
  return { status = "Degraded", message = message }
end

-- a failed restore drill: the backups may not restore. The operator leaves the condition in place
-- when spec.verify is removed: only drills still asked for count.
local verify = nil
if obj.spec ~= nil then
  verify = obj.spec.verify
end
if verify ~= nil then
  local drill = failedDrill(findCondition(obj.status, "Verified"))
  if drill ~= nil then
    return drill
  end
end

-- a failed drill of the export chain: the off-site copy may not restore
if verify ~= nil and (verify.source == "export" or verify.source == "both") then
  local drill = failedDrill(findCondition(obj.status, "ExportVerified"))
  if drill ~= nil then
    return drill
  end
end

-- spec.pointInTimeRecovery not in force: a declared setting the table does not have
local pitr = findCondition(obj.status, "PointInTimeRecovery")
if pitr ~= nil and pitr.status == "False" then
  if pitr.reason == "Throttled" then
    if hs.status == "Healthy" then
      hs.status = "Progressing"
      hs.message = describe(pitr) .. " (retried)"
    end
    return hs
  end
  hs.status = "Degraded"
  hs.message = describe(pitr)
  return hs
end

-- the off-site copies: the bucket is not receiving the table's changes
local exported = nil
if obj.spec ~= nil and obj.spec.export ~= nil then
  exported = findCondition(obj.status, "Exported")
end
if exported ~= nil and exported.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(exported)
end
return hs
