{{/*
Autoscaling of one role. Each role scales on what limits it:
- worker roles (a non-empty workerQueues: worker, worker-short, devworker) on their queues: ready
  jobs per replica and the oldest ready job's age, per queue consumed, never on CPU. With
  queueScaling.provider "prometheus-adapter" an autoscaling/v2 HPA on External metrics; with "keda"
  a KEDA ScaledObject (deckhand.scaledObject) and no HPA, so no Deployment has two autoscalers.
- web and scheduler on CPU (and optionally memory) utilisation of their requests.
*/}}

{{/* Queue names a role consumes, as a JSON list: "default=10,short=5" -> ["default","short"] (WorkerConfig.parseQueues). */}}
{{- define "deckhand.roleQueues" -}}
{{- $r := index .root.Values.roles .role -}}
{{- $queues := list -}}
{{- range (splitList "," ($r.workerQueues | default "")) }}
{{- $name := trim (first (splitList "=" .)) }}
{{- if $name }}
{{- $queues = append $queues $name }}
{{- end }}
{{- end }}
{{- toJson $queues -}}
{{- end -}}

{{/* The Redis list of a queue's ready jobs: jobqueue's QueueKeys.ready (HelmChartQueueScalingTest checks they agree). */}}
{{- define "deckhand.queueReadyKey" -}}
{{- printf "dh:q:%s:ready" . -}}
{{- end -}}

{{/* Refuses autoscaling values that do not fit the role (checked whenever the role autoscales). */}}
{{- define "deckhand.checkAutoscaling" -}}
{{- $r := index .root.Values.roles .role -}}
{{- $a := $r.autoscaling -}}
{{- $qs := .root.Values.queueScaling -}}
{{- if $r.workerQueues }}
{{- range $k := list "targetCPUUtilizationPercentage" "targetMemoryUtilizationPercentage" }}
{{- if hasKey $a $k }}
{{- fail (printf "roles.%s.autoscaling.%s: worker roles scale on their queues (targetReadyJobsPerReplica, targetOldestJobAgeSeconds), not on CPU or memory" $.role $k) }}
{{- end }}
{{- end }}
{{- if not (and $a.targetReadyJobsPerReplica $a.targetOldestJobAgeSeconds) }}
{{- fail (printf "roles.%s.autoscaling: worker roles need targetReadyJobsPerReplica and targetOldestJobAgeSeconds" .role) }}
{{- end }}
{{- if eq $qs.provider "keda" }}
{{- if not (or $qs.keda.redis.enabled $qs.keda.prometheus.enabled) }}
{{- fail "queueScaling.keda: enable the redis or the prometheus trigger (or both)" }}
{{- end }}
{{- if and $qs.keda.redis.enabled (not $qs.keda.redis.address) }}
{{- fail "queueScaling.keda.redis.address: set host:port of the queue's Redis (REDIS_URL's host and port)" }}
{{- end }}
{{- if and $qs.keda.prometheus.enabled (not $qs.keda.prometheus.serverAddress) }}
{{- fail "queueScaling.keda.prometheus.serverAddress: set the URL of the Prometheus KEDA queries" }}
{{- end }}
{{- if and (eq (int $a.minReplicas) 0) (not $qs.keda.redis.enabled) }}
{{- fail (printf "roles.%s.autoscaling.minReplicas 0 needs queueScaling.keda.redis: at zero replicas no worker exports the queue metrics Prometheus would read" .role) }}
{{- end }}
{{- else if lt (int $a.minReplicas) 1 }}
{{- fail (printf "roles.%s.autoscaling.minReplicas must be >= 1 with an HPA (scaling to zero needs queueScaling.provider keda)" .role) }}
{{- end }}
{{- else if not $a.targetCPUUtilizationPercentage }}
{{- fail (printf "roles.%s.autoscaling.targetCPUUtilizationPercentage is required (this role scales on CPU)" .role) }}
{{- end }}
{{- end -}}

{{/* HorizontalPodAutoscaler of one role (when roles.<role>.autoscaling.enabled and no ScaledObject replaces it). */}}
{{- define "deckhand.hpa" -}}
{{- $root := .root -}}
{{- $r := index $root.Values.roles .role -}}
{{- $a := $r.autoscaling -}}
{{- if $a.enabled }}
{{- include "deckhand.checkAutoscaling" . }}
{{- if not (and $r.workerQueues (eq $root.Values.queueScaling.provider "keda")) }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "deckhand.roleName" . }}
  labels:
    {{- include "deckhand.roleLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "deckhand.roleName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    {{- if $r.workerQueues }}
    {{- range $queue := fromJsonArray (include "deckhand.roleQueues" .) }}
    # Queue {{ $queue }}: ready jobs spread over the replicas ...
    - type: External
      external:
        metric:
          name: {{ $root.Values.queueScaling.readyJobsMetric }}
          selector:
            matchLabels:
              queue: {{ $queue | quote }}
        target:
          type: AverageValue
          averageValue: {{ $a.targetReadyJobsPerReplica | quote }}
    # ... and how long its oldest ready job has waited (seconds).
    - type: External
      external:
        metric:
          name: {{ $root.Values.queueScaling.oldestJobAgeMetric }}
          selector:
            matchLabels:
              queue: {{ $queue | quote }}
        target:
          type: Value
          value: {{ $a.targetOldestJobAgeSeconds | quote }}
    {{- end }}
    {{- else }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    {{- with $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- end }}
  {{- with $a.behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
KEDA ScaledObject of a worker role (queueScaling.provider keda): per queue the role consumes, a
redis trigger on the queue's ready list (LLEN; can scale from zero) and/or prometheus triggers on
the series the workers export. KEDA creates and owns the HPA itself.
*/}}
{{- define "deckhand.scaledObject" -}}
{{- $root := .root -}}
{{- $r := index $root.Values.roles .role -}}
{{- $a := $r.autoscaling -}}
{{- $qs := $root.Values.queueScaling -}}
{{- if and $a.enabled $r.workerQueues (eq $qs.provider "keda") }}
{{- include "deckhand.checkAutoscaling" . }}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "deckhand.roleName" . }}
  labels:
    {{- include "deckhand.roleLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "deckhand.roleName" . }}
  pollingInterval: {{ $qs.keda.pollingInterval }}
  cooldownPeriod: {{ $qs.keda.cooldownPeriod }}
  minReplicaCount: {{ $a.minReplicas }}
  maxReplicaCount: {{ $a.maxReplicas }}
  {{- with $a.behavior }}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        {{- toYaml . | nindent 8 }}
  {{- end }}
  triggers:
    {{- range $queue := fromJsonArray (include "deckhand.roleQueues" .) }}
    {{- if $qs.keda.redis.enabled }}
    - type: redis
      name: {{ printf "%s-ready-jobs" $queue | quote }}
      metadata:
        address: {{ $qs.keda.redis.address | quote }}
        listName: {{ include "deckhand.queueReadyKey" $queue | quote }}
        listLength: {{ $a.targetReadyJobsPerReplica | quote }}
        databaseIndex: {{ $qs.keda.redis.databaseIndex | quote }}
        enableTLS: {{ $qs.keda.redis.enableTLS | quote }}
      {{- if $qs.keda.redis.passwordSecret.name }}
      authenticationRef:
        name: {{ printf "%s-redis" (include "deckhand.fullname" $root) }}
      {{- end }}
    {{- end }}
    {{- if $qs.keda.prometheus.enabled }}
    {{- $matchers := printf "queue=%q" $queue }}
    {{- with $qs.keda.prometheus.namespaceLabel }}
    {{- $matchers = printf "%s,%s=%q" $matchers . $root.Release.Namespace }}
    {{- end }}
    {{- if not $qs.keda.redis.enabled }}
    - type: prometheus
      name: {{ printf "%s-ready-jobs" $queue | quote }}
      metricType: AverageValue
      metadata:
        serverAddress: {{ $qs.keda.prometheus.serverAddress | quote }}
        # Every worker of the queue exports the same queue-wide value: max, not sum.
        query: {{ printf "max(%s{%s})" $qs.readyJobsMetric $matchers | quote }}
        threshold: {{ $a.targetReadyJobsPerReplica | quote }}
    {{- end }}
    - type: prometheus
      name: {{ printf "%s-oldest-job-age" $queue | quote }}
      metricType: Value
      metadata:
        serverAddress: {{ $qs.keda.prometheus.serverAddress | quote }}
        query: {{ printf "max(%s{%s})" $qs.oldestJobAgeMetric $matchers | quote }}
        threshold: {{ $a.targetOldestJobAgeSeconds | quote }}
    {{- end }}
    {{- end }}
{{- end }}
{{- end -}}

{{/* PodDisruptionBudget of one role (when roles.<role>.pdb.enabled). */}}
{{- define "deckhand.pdb" -}}
{{- $r := index .root.Values.roles .role -}}
{{- if $r.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "deckhand.roleName" . }}
  labels:
    {{- include "deckhand.roleLabels" . | nindent 4 }}
spec:
  {{- if hasKey $r.pdb "minAvailable" }}
  minAvailable: {{ $r.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $r.pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "deckhand.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
