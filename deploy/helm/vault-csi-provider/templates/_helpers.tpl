{{/* Object names: the chart name, as in deploy/kubernetes/ (one provider per cluster). */}}
{{- define "vault-csi-provider.fullname" -}}
{{- default .Chart.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels the DaemonSet selects its pods by (and the Service, for the ServiceMonitor). */}}
{{- define "vault-csi-provider.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "vault-csi-provider.labels" -}}
{{ include "vault-csi-provider.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The HMAC key Secret: hmacSecretName, else the provider's default for the socket's name (the OpenBao fork's on
  openbao.sock). */}}
{{- define "vault-csi-provider.hmacSecretName" -}}
{{- if .Values.hmacSecretName -}}
{{ .Values.hmacSecretName }}
{{- else if eq .Values.socketName "openbao.sock" -}}
openbao-csi-provider-hmac-key
{{- else -}}
vault-csi-provider-hmac-key
{{- end -}}
{{- end -}}

{{/* The CA file for -vault-tls-ca-cert: vault.tls.caCert, else the key of the mounted vault.tls.caSecret. */}}
{{- define "vault-csi-provider.caCert" -}}
{{- if .Values.vault.tls.caCert -}}
{{ .Values.vault.tls.caCert }}
{{- else if .Values.vault.tls.caSecret -}}
/vault/tls/{{ .Values.vault.tls.caSecretKey }}
{{- end -}}
{{- end -}}
