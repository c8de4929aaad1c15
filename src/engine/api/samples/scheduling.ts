// Manifests that show the scheduler at work, for the editor's Samples menu (static data the UI may
// import; engine tests apply each one and check what it is meant to show).

/** MostAllocated bin packing: the same Deployment lands on one node instead of three. */
export const BIN_PACKING = `# kube-scheduler's own configuration. On a real cluster this is the file passed to
# kube-scheduler --config, not an API object; here Apply restarts the simulated kube-scheduler.
# MostAllocated scores fuller nodes higher (bin packing); the two plugins that prefer spreading are
# turned off. Apply it, then a Deployment: its pods pile onto one node.
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
    plugins:
      score:
        disabled:
          - name: NodeResourcesBalancedAllocation
          - name: PodTopologySpread
    pluginConfig:
      - name: NodeResourcesFit
        args:
          scoringStrategy:
            type: MostAllocated
            resources:
              - name: cpu
                weight: 1
              - name: memory
                weight: 1
`;

/** Required pod anti-affinity on hostname: one pod per node; the fourth stays Pending. */
export const ANTI_AFFINITY = `# At most one "cache" pod per node (required pod anti-affinity on the node's hostname).
# With 3 workers the 4th replica stays Pending: "node(s) didn't match pod anti-affinity rules".
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  replicas: 4
  selector:
    matchLabels:
      app: cache
  template:
    metadata:
      labels:
        app: cache
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels:
                  app: cache
              topologyKey: kubernetes.io/hostname
      containers:
        - name: redis
          image: redis:7.4
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`;

/** A hard topology spread constraint: 6 replicas, at most 1 apart between nodes. */
export const SPREAD = `# Spread 6 replicas over the nodes, never more than 1 apart (maxSkew 1, DoNotSchedule).
# nodeTaintsPolicy Honor: without it (default Ignore) the tainted control-plane node counts as a
# domain with 0 pods, so every worker could hold only 1 pod and 3 replicas would stay Pending.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread
spec:
  replicas: 6
  selector:
    matchLabels:
      app: spread
  template:
    metadata:
      labels:
        app: spread
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: DoNotSchedule
          nodeTaintsPolicy: Honor
          labelSelector:
            matchLabels:
              app: spread
      containers:
        - name: nginx
          image: nginx:1.27
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`;

/** Three priority-0 pods that leave no worker room for a 1500m pod. */
export const FILL_WORKERS = `# Step 1 of priority and preemption: a priority-0 pod on each worker, 1500m CPU each,
# so no worker has room for another 1500m pod. Apply, wait until they run, then add step 2.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: filler
spec:
  replicas: 3
  selector:
    matchLabels:
      app: filler
  template:
    metadata:
      labels:
        app: filler
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          resources:
            requests:
              cpu: 1500m
              memory: 64Mi
`;

/** A PriorityClass and a pod using it: on a full cluster it preempts a priority-0 pod. */
export const PREEMPTION = `# Step 2: a PriorityClass and a pod that uses it. It fits nowhere, so the scheduler preempts a
# lower-priority pod (watch it turn Terminating), nominates its node, and binds the pod there.
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000000
description: for pods that must run
---
apiVersion: v1
kind: Pod
metadata:
  name: vip
spec:
  priorityClassName: high
  containers:
    - name: nginx
      image: nginx:1.27
      resources:
        requests:
          cpu: 1500m
          memory: 64Mi
`;
