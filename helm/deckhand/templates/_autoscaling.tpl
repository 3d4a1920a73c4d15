{{/* HorizontalPodAutoscaler of one role (when roles.<role>.autoscaling.enabled). */}}
{{- define "deckhand.hpa" -}}
{{- $r := index .root.Values.roles .role -}}
{{- if $r.autoscaling.enabled }}
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
  minReplicas: {{ $r.autoscaling.minReplicas }}
  maxReplicas: {{ $r.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $r.autoscaling.targetCPUUtilizationPercentage }}
    {{- with $r.autoscaling.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
  {{- with $r.autoscaling.behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
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
