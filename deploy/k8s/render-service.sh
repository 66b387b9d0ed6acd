#!/usr/bin/env bash
# Writes deploy/k8s/<name>.yaml for a service of the catalog (services/Cica.Platform/PlatformModules.cs):
#   deploy/k8s/render-service.sh NAME GRPC_PORT REST_PORT [stateless]
# "stateless" adds a HorizontalPodAutoscaler (the gateway). PlatformCatalogTests checks the result.
set -euo pipefail
name=$1 grpc=$2 rest=$3 kind=${4:-}
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$name.yaml"
replicas=1
[[ "$kind" == stateless ]] && replicas=2
cat >"$out" <<YAML
# The $name service: one Cica.Platform container with Cica__Services=$name (rendered by render-service.sh).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cica-$name
  namespace: cica
  labels: { app.kubernetes.io/name: cica-$name, app.kubernetes.io/part-of: cica }
spec:
  replicas: $replicas
  selector:
    matchLabels: { app.kubernetes.io/name: cica-$name }
  template:
    metadata:
      labels: { app.kubernetes.io/name: cica-$name, app.kubernetes.io/part-of: cica }
    spec:
      initContainers:
        # This service's exchanges, queues and bindings before it starts (the cica-topology Job
        # declares everyone's; this keeps a lone rollout safe too). Idempotent.
        - name: topology
          image: cica-platform:dev
          args: ["--Cica:Services=$name", "--Messaging:DeployTopologyOnly=true", "--Persistence:Provider=Sqlite"]
          envFrom:
            - configMapRef: { name: cica-platform }
          env:
            - name: Messaging__RabbitMq
              valueFrom: { secretKeyRef: { name: cica-rabbitmq, key: uri } }
          volumeMounts: [{ name: tmp, mountPath: /tmp }]
      containers:
        - name: $name
          image: cica-platform:dev
          ports:
            - { name: grpc, containerPort: $grpc }
            - { name: rest, containerPort: $rest }
          envFrom:
            - configMapRef: { name: cica-platform }
          env:
            - { name: Cica__Services, value: "$name" }
            - { name: Kestrel__Endpoints__Grpc__Url, value: "http://0.0.0.0:$grpc" }
            - { name: Kestrel__Endpoints__Rest__Url, value: "http://0.0.0.0:$rest" }
            # The service's own broker user, cica-$name (README "Broker trust"); the topology step above uses the admin uri.
            - name: Messaging__RabbitMq
              valueFrom: { secretKeyRef: { name: cica-rabbitmq, key: $name } }
            - name: ConnectionStrings__$name
              valueFrom: { secretKeyRef: { name: cica-sqlserver, key: $name } }
          # grpc.health.v1: NOT_SERVING until migrated and seeded, SERVING after.
          startupProbe:
            grpc: { port: $grpc }
            periodSeconds: 2
            failureThreshold: 90
          readinessProbe:
            grpc: { port: $grpc }
            periodSeconds: 5
          livenessProbe:
            grpc: { port: $grpc }
            periodSeconds: 10
            failureThreshold: 6
          resources:
            requests: { cpu: 100m, memory: 192Mi }
            limits: { memory: 512Mi }
          volumeMounts: [{ name: tmp, mountPath: /tmp }]
      volumes:
        - { name: tmp, emptyDir: {} }
---
apiVersion: v1
kind: Service
metadata:
  name: $name
  namespace: cica
  labels: { app.kubernetes.io/part-of: cica }
spec:
  selector: { app.kubernetes.io/name: cica-$name }
  ports:
    - { name: grpc, port: $grpc, targetPort: grpc, appProtocol: kubernetes.io/h2c }
    - { name: rest, port: $rest, targetPort: rest }
YAML
if [[ "$kind" == stateless ]]; then
cat >>"$out" <<YAML
---
# Stateless (its feed log aside, which lives in SQL Server): scale on CPU.
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: cica-$name
  namespace: cica
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: cica-$name }
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
YAML
fi
echo "wrote $out"
