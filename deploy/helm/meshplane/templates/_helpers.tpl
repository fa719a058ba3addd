{{- define "meshplane.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "meshplane.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "meshplane.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "meshplane.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The Service the App Mesh API is reached at (all-in-one server or frontend). */}}
{{- define "meshplane.apiService" -}}
{{ include "meshplane.fullname" . }}-api
{{- end -}}

{{- define "meshplane.xdsService" -}}
{{ include "meshplane.fullname" . }}-xds
{{- end -}}

{{- define "meshplane.adminSecret" -}}
{{ .Values.admin.existingSecret | default (printf "%s-admin" (include "meshplane.fullname" .)) }}
{{- end -}}

{{- define "meshplane.podAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/path: /metrics
prometheus.io/port: {{ .port | quote }}
{{- end }}
{{- end -}}

{{/* Common env: account, region, admin key or IAM file, TLS paths. */}}
{{- define "meshplane.commonEnv" -}}
- name: MESHPLANE_REGION
  value: {{ .Values.region | quote }}
- name: MESHPLANE_ACCOUNT_ID
  value: {{ .Values.accountId | quote }}
{{- if or .Values.iam.file .Values.iam.existingSecret }}
- name: MESHPLANE_IAM_FILE
  value: /etc/meshplane/iam/iam.json
{{- else }}
- name: MESHPLANE_ADMIN_ACCESS_KEY_ID
  valueFrom: {secretKeyRef: {name: {{ include "meshplane.adminSecret" . }}, key: access-key-id}}
- name: MESHPLANE_ADMIN_SECRET_ACCESS_KEY
  valueFrom: {secretKeyRef: {name: {{ include "meshplane.adminSecret" . }}, key: secret-access-key}}
{{- end }}
{{- end -}}

{{/* /ready on the API port speaks HTTPS when the API has TLS; the metrics ports are plain HTTP. */}}
{{- define "meshplane.probe" -}}
httpGet: {path: /ready, port: {{ .port }}, scheme: {{ ternary "HTTPS" "HTTP" (and (eq .port "api") .root.Values.tls.api.enabled) }}}
periodSeconds: {{ .root.Values.probes.periodSeconds }}
timeoutSeconds: {{ .root.Values.probes.timeoutSeconds }}
failureThreshold: {{ .root.Values.probes.failureThreshold }}
{{- end -}}

{{- define "meshplane.liveness" -}}
httpGet: {path: /ready, port: {{ .port }}, scheme: {{ ternary "HTTPS" "HTTP" (and (eq .port "api") .root.Values.tls.api.enabled) }}}
initialDelaySeconds: 30
periodSeconds: 20
timeoutSeconds: {{ .root.Values.probes.timeoutSeconds }}
failureThreshold: 6
{{- end -}}

{{- define "meshplane.apiTlsSecret" -}}
{{ .Values.tls.api.existingSecret | default (printf "%s-api-tls" (include "meshplane.fullname" .)) }}
{{- end -}}

{{- define "meshplane.xdsTlsSecret" -}}
{{ .Values.tls.xds.existingSecret | default (printf "%s-xds-tls" (include "meshplane.fullname" .)) }}
{{- end -}}

{{- define "meshplane.iamSecret" -}}
{{ .Values.iam.existingSecret | default (printf "%s-iam" (include "meshplane.fullname" .)) }}
{{- end -}}

{{/* Volumes for TLS material and the IAM file, and their mounts. */}}
{{- define "meshplane.volumes" -}}
{{- if .Values.tls.api.enabled }}
- name: api-tls
  secret: {secretName: {{ include "meshplane.apiTlsSecret" . }}}
{{- end }}
{{- if .Values.tls.xds.enabled }}
- name: xds-tls
  secret: {secretName: {{ include "meshplane.xdsTlsSecret" . }}}
{{- end }}
{{- if or .Values.iam.file .Values.iam.existingSecret }}
- name: iam
  secret: {secretName: {{ include "meshplane.iamSecret" . }}}
{{- end }}
- name: tmp
  emptyDir: {}
{{- end -}}

{{- define "meshplane.volumeMounts" -}}
{{- if .Values.tls.api.enabled }}
- {name: api-tls, mountPath: /etc/meshplane/api-tls, readOnly: true}
{{- end }}
{{- if .Values.tls.xds.enabled }}
- {name: xds-tls, mountPath: /etc/meshplane/xds-tls, readOnly: true}
{{- end }}
{{- if or .Values.iam.file .Values.iam.existingSecret }}
- {name: iam, mountPath: /etc/meshplane/iam, readOnly: true}
{{- end }}
- {name: tmp, mountPath: /tmp}
{{- end -}}

{{- define "meshplane.apiTlsArgs" -}}
{{- if .Values.tls.api.enabled }}
- --api-tls-cert=/etc/meshplane/api-tls/tls.crt
- --api-tls-key=/etc/meshplane/api-tls/tls.key
{{- end }}
{{- end -}}

{{- define "meshplane.xdsTlsArgs" -}}
{{- if .Values.tls.xds.enabled }}
- --xds-tls-cert=/etc/meshplane/xds-tls/tls.crt
- --xds-tls-key=/etc/meshplane/xds-tls/tls.key
{{- if .Values.tls.xds.clientCa }}
- --xds-client-ca=/etc/meshplane/xds-tls/client-ca.crt
{{- end }}
{{- end }}
{{- end -}}

{{- define "meshplane.apiScheme" -}}
{{ if .Values.tls.api.enabled }}https{{ else }}http{{ end }}
{{- end -}}
