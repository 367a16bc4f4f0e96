{{/* Chart name, shortened to 63 characters (a label value). */}}
{{- define "ddbbackup.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name. */}}
{{- define "ddbbackup.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ddbbackup.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ddbbackup.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ddbbackup.labels" -}}
{{ include "ddbbackup.commonLabels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "ddbbackup.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "ddbbackup.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ddbbackup.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ddbbackup.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The replay Jobs' ServiceAccount: its own IAM role writes only restored tables. */}}
{{- define "ddbbackup.replayServiceAccountName" -}}
{{- if .Values.replay.serviceAccount.create }}
{{- default (printf "%s-replay" (include "ddbbackup.fullname" . | trunc 56 | trimSuffix "-")) .Values.replay.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.replay.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ddbbackup.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "ddbbackup.leaseName" -}}
{{- default (include "ddbbackup.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
The rules on the operator's own resource and on Events: used by the ClusterRole (all namespaces)
or by one Role per watched namespace. Nothing else: no Secrets, no Pods; delete only for the
schedules a backup policy generated.
*/}}
{{- define "ddbbackup.scheduleRules" -}}
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbbackupschedules"]
  # create and delete: the schedules a DynamoDBBackupPolicy generates (owned by it)
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbbackupschedules/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbbackupschedules/finalizers"]
  verbs: ["update"]
# create and delete: the drills of the export chain restore it through a DynamoDBRestore
# the schedule owns (spec.verify.source export or both)
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbrestores"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbrestores/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbrestores/finalizers"]
  verbs: ["update"]
# backup policies: read, their status written; no finalizer (owner references delete
# the generated schedules)
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbbackuppolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["ddbbackup.io"]
  resources: ["dynamodbbackuppolicies/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "get", "update", "patch"]
{{- end }}
