{{/*
Deployment of one role; called as: include "deckhand.deployment" (dict "root" . "role" "web").
Settings: ConfigMap (non-secret) + Secret (secret) via envFrom, then the role's PORT and
WORKER_QUEUES, then the role's extraEnv (which wins).
*/}}
{{- define "deckhand.deployment" -}}
{{- $root := .root -}}
{{- $r := index $root.Values.roles .role -}}
{{- include "deckhand.checkGracePeriod" $root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "deckhand.roleName" . }}
  labels:
    {{- include "deckhand.roleLabels" . | nindent 4 }}
spec:
  {{- if not $r.autoscaling.enabled }}
  replicas: {{ $r.replicas }}
  {{- end }}
  revisionHistoryLimit: {{ $root.Values.revisionHistoryLimit }}
  {{- with $r.strategy }}
  strategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "deckhand.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "deckhand.roleLabels" . | nindent 8 }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # Roll pods when settings change (the values are read at boot only).
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        checksum/secrets: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- if $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $r.port | quote }}
        prometheus.io/path: {{ $root.Values.metrics.path | quote }}
        {{- end }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "deckhand.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountToken }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      # Must exceed preStop sleep + JOB_DRAIN_TIMEOUT_SECONDS (checked at render time).
      terminationGracePeriodSeconds: {{ $root.Values.lifecycle.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "deckhand.podSecurityContext" $root | nindent 8 }}
      containers:
        - name: {{ .role }}
          image: {{ include "deckhand.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- include "deckhand.containerSecurityContext" $root | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $r.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "deckhand.configMapName" $root }}
            - secretRef:
                name: {{ include "deckhand.secretName" $root }}
          env:
            - name: PORT
              value: {{ $r.port | quote }}
            - name: PROJECT_ROOT
              value: {{ $root.Values.projectRoot | quote }}
            {{- with $r.workerQueues }}
            - name: WORKER_QUEUES
              value: {{ . | quote }}
            {{- end }}
            {{- with $r.javaOpts }}
            - name: JAVA_OPTS
              value: {{ . | quote }}
            {{- end }}
            {{- with $r.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
            timeoutSeconds: {{ $root.Values.probes.timeoutSeconds }}
          livenessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
            timeoutSeconds: {{ $root.Values.probes.timeoutSeconds }}
          readinessProbe:
            httpGet:
              path: /health/readiness
              port: http
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
            timeoutSeconds: {{ $root.Values.probes.timeoutSeconds }}
          lifecycle:
            preStop:
              # Give endpoints/load balancers time to drop the pod before the JVM gets SIGTERM.
              exec:
                command: ["sleep", {{ $root.Values.lifecycle.preStopSleepSeconds | quote }}]
          resources:
            {{- toYaml $r.resources | nindent 12 }}
          volumeMounts:
            {{- include "deckhand.volumeMounts" $root | nindent 12 }}
      volumes:
        {{- include "deckhand.volumes" $root | nindent 8 }}
      {{- with ($r.nodeSelector | default $root.Values.nodeSelector) }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with ($r.tolerations | default $root.Values.tolerations) }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with ($r.affinity | default $root.Values.affinity) }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $r.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- tpl (toYaml .) $root | nindent 8 }}
      {{- end }}
{{- end -}}
