-- Argo CD resource actions for ddbbackup.io/DynamoDBBackupSchedule: "backup-now" takes one
-- backup now (works while suspended too); not offered while the schedule is being deleted.
local actions = {}
actions["backup-now"] = {
  ["disabled"] = obj.metadata.deletionTimestamp ~= nil,
  ["iconClass"] = "fa fa-fw fa-play"
}
return actions
