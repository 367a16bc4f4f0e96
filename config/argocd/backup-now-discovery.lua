-- Argo CD resource actions for ddbbackup.io/DynamoDBBackupSchedule: "backup-now" takes one
-- backup now (works while suspended too). Disabled while the schedule is being deleted: a UI
-- guard only (the button is greyed out); the action script itself refuses to change a deleting
-- schedule, for the CLI and the API.
local actions = {}
actions["backup-now"] = {
  ["disabled"] = obj.metadata.deletionTimestamp ~= nil,
  ["iconClass"] = "fa fa-fw fa-play"
}
return actions
