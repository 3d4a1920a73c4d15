{{/*
Names, labels and the shared per-role templates. Every role (web, worker, worker-short,
scheduler, devworker) renders its Deployment/HPA/PDB from the same definitions below, so the
roles differ only in values (.Values.roles.<role>), never in template logic.
*/}}

{{- define "deckhand.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "deckhand.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "deckhand.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels shared by every object. */}}
{{- define "deckhand.labels" -}}
helm.sh/chart: {{ include "deckhand.chart" . }}
app.kubernetes.io/name: {{ include "deckhand.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: deckhand
{{- end -}}

{{/* Labels of one role; dict "root" . "role" "web". */}}
{{- define "deckhand.roleLabels" -}}
{{ include "deckhand.labels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{/* Selector labels of one role: stable across upgrades (no version). */}}
{{- define "deckhand.selectorLabels" -}}
app.kubernetes.io/name: {{ include "deckhand.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "deckhand.roleName" -}}
{{- printf "%s-%s" (include "deckhand.fullname" .root) .role | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "deckhand.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "deckhand.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Non-secret settings (ConfigMap). */}}
{{- define "deckhand.configMapName" -}}
{{- printf "%s-config" (include "deckhand.fullname" .) -}}
{{- end -}}

{{/* App secrets (least-privilege DATABASE_URL, REDIS_URL, SECRET_KEY, ...). */}}
{{- define "deckhand.secretName" -}}
{{- default (printf "%s-secrets" (include "deckhand.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Elevated migration credentials: referenced by the migrations Job only. */}}
{{- define "deckhand.migrationSecretName" -}}
{{- default (printf "%s-migrations" (include "deckhand.fullname" .)) .Values.migrations.existingSecret -}}
{{- end -}}

{{/* Image of one proctype: <image.repository>-<proctype>:<tag>, or the role's own override. */}}
{{- define "deckhand.image" -}}
{{- $role := ternary .root.Values.migrations (index .root.Values.roles .role | default dict) (eq .role "migrations") -}}
{{- $img := $role.image | default dict -}}
{{- $repo := $img.repository | default (printf "%s-%s" .root.Values.image.repository .role) -}}
{{- $tag := $img.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{/* Drain timeout the app uses on SIGTERM (JOB_DRAIN_TIMEOUT_SECONDS, default 25). */}}
{{- define "deckhand.drainSeconds" -}}
{{- .Values.config.JOB_DRAIN_TIMEOUT_SECONDS | default "25" | int -}}
{{- end -}}

{{/* Refuses a grace period that would SIGKILL pods before preStop + drain are over. */}}
{{- define "deckhand.checkGracePeriod" -}}
{{- $drain := include "deckhand.drainSeconds" . | int -}}
{{- $pre := .Values.lifecycle.preStopSleepSeconds | int -}}
{{- $grace := .Values.lifecycle.terminationGracePeriodSeconds | int -}}
{{- if le $grace (add $pre $drain) -}}
{{- fail (printf "lifecycle.terminationGracePeriodSeconds (%d) must exceed lifecycle.preStopSleepSeconds (%d) + config.JOB_DRAIN_TIMEOUT_SECONDS (%d)" $grace $pre $drain) -}}
{{- end -}}
{{- end -}}

{{/* Hardened pod and container security contexts. */}}
{{- define "deckhand.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "deckhand.containerSecurityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end -}}

{{/* Writable paths on a read-only root filesystem: /tmp and $PROJECT_ROOT/var. */}}
{{- define "deckhand.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: var
  mountPath: {{ printf "%s/var" .Values.projectRoot }}
{{- end -}}

{{- define "deckhand.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
- name: var
  emptyDir:
    sizeLimit: {{ .Values.varSizeLimit }}
{{- end -}}

{{/* Egress rules shared by the NetworkPolicies: DNS, then each networkPolicy.egress target, then extraEgress. */}}
{{- define "deckhand.networkPolicyEgress" -}}
{{- $np := .Values.networkPolicy -}}
- to:
    {{- toYaml $np.dns | nindent 4 }}
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
{{- range $name := list "postgres" "redis" "s3" "oauthProvider" "accountApis" }}
{{- $t := index $np.egress $name }}
{{- if $t.ports }}
# {{ $name }}
- ports:
    {{- range $t.ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- with $t.cidrs }}
  to:
    {{- range . }}
    - ipBlock:
        cidr: {{ . | quote }}
    {{- end }}
  {{- end }}
{{- end }}
{{- end }}
{{- with $np.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end -}}
