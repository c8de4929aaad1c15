// The scenarios of the golden suite (golden.test.ts): for each served kind, what to create, how long
// to let the cluster run, and which kubectl commands to record. Test-only.

export interface GoldenCase {
  /** the kind this file is about (every kind in RESOURCES needs one case) */
  kind: string;
  /** the golden file, in this folder */
  file: string;
  /** the upstream functions whose format the output follows */
  upstream: string[];
  /** one line saying what the scenario does */
  scenario: string;
  /** manifests applied in order; the cluster then runs `thenMs` of simulated time */
  setup: Array<{ text: string; thenMs?: number }>;
  /** kubectl command lines without `kubectl` */
  commands: string[];
}

const FIVE_MIN = 5 * 60_000;

const WEB_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`;

const WEB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
`;

const CRONTAB_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames: [ct]
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string}
              image: {type: string}
              replicas: {type: integer}
    additionalPrinterColumns:
    - name: Spec
      type: string
      description: The cron spec defining the interval a CronJob is run
      jsonPath: .spec.cronSpec
    - name: Replicas
      type: integer
      description: The number of jobs launched by the CronJob
      jsonPath: .spec.replicas
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
`;

export const GOLDEN_CASES: GoldenCase[] = [
  {
    kind: 'Pod',
    file: 'pod.txt',
    upstream: ['printers.go printPod', 'describe.go PodDescriber.Describe -> describePod'],
    scenario: 'a bare nginx pod with a port, a request and a label, running for 5m',
    setup: [
      {
        text: `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
    resources:
      requests: {cpu: 100m, memory: 64Mi}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get pods', 'get pods -o wide', 'describe pod web'],
  },
  {
    kind: 'Deployment',
    file: 'deployment.txt',
    upstream: ['printers.go printDeployment', 'describe.go DeploymentDescriber.Describe'],
    scenario: 'a 2-replica nginx Deployment, available for 5m',
    setup: [{ text: WEB_DEPLOYMENT, thenMs: FIVE_MIN }],
    commands: ['get deployments', 'get deployments -o wide', 'describe deployment web'],
  },
  {
    kind: 'ReplicaSet',
    file: 'replicaset.txt',
    upstream: ['printers.go printReplicaSet', 'describe.go ReplicaSetDescriber.Describe'],
    scenario: "the ReplicaSet of a 2-replica nginx Deployment, 5m old",
    setup: [{ text: WEB_DEPLOYMENT, thenMs: FIVE_MIN }],
    commands: ['get replicasets', 'get replicasets -o wide', 'describe replicasets'],
  },
  {
    kind: 'ReplicationController',
    file: 'replicationcontroller.txt',
    upstream: ['printers.go printReplicationController', 'describe.go ReplicationControllerDescriber.Describe'],
    scenario: 'a 2-replica nginx ReplicationController, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  replicas: 2
  selector: {app: legacy}
  template:
    metadata:
      labels: {app: legacy}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get replicationcontrollers', 'get replicationcontrollers -o wide', 'describe replicationcontroller legacy'],
  },
  {
    kind: 'StatefulSet',
    file: 'statefulset.txt',
    upstream: ['printers.go printStatefulSet', 'describe.go StatefulSetDescriber.Describe'],
    scenario: 'a 2-replica StatefulSet behind a headless Service, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: postgres
        image: postgres:16
        ports:
        - containerPort: 5432
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get statefulsets', 'get statefulsets -o wide', 'describe statefulset db'],
  },
  {
    kind: 'DaemonSet',
    file: 'daemonset.txt',
    upstream: ['printers.go printDaemonSet', 'describe.go DaemonSetDescriber.Describe'],
    scenario: 'a DaemonSet on the three worker nodes, 5m old',
    setup: [
      {
        text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: [sleep, infinity]
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get daemonsets', 'get daemonsets -o wide', 'describe daemonset agent'],
  },
  {
    kind: 'ControllerRevision',
    file: 'controllerrevision.txt',
    upstream: ['printers.go printControllerRevision', 'describe.go GenericDescriberFor (no ControllerRevision describer)'],
    scenario: 'the revision a StatefulSet records, 5m old',
    setup: [
      {
        text: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: postgres
        image: postgres:16
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get controllerrevisions', 'get controllerrevisions -o wide', 'describe controllerrevisions'],
  },
  {
    kind: 'Job',
    file: 'job.txt',
    upstream: ['printers.go printJob', 'describe.go JobDescriber.Describe'],
    scenario: 'a one-pod Job that completes, 5m old',
    setup: [
      {
        text: `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: busybox:1.36
        command: [sh, -c, 'echo 3.14']
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get jobs', 'get jobs -o wide', 'describe job pi'],
  },
  {
    kind: 'CronJob',
    file: 'cronjob.txt',
    upstream: ['printers.go printCronJob', 'describe.go CronJobDescriber.Describe'],
    scenario: 'a CronJob every 2 minutes, 5m old',
    setup: [
      {
        text: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: '*/2 * * * *'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox:1.36
            command: [sh, -c, 'date; echo hello']
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get cronjobs', 'get cronjobs -o wide', 'describe cronjob hello'],
  },
  {
    kind: 'Service',
    file: 'service.txt',
    upstream: ['printers.go printService', 'describe.go ServiceDescriber.Describe -> describeService'],
    scenario: 'a ClusterIP Service in front of a 2-replica Deployment, and a NodePort one, 5m old',
    setup: [
      {
        text: `${WEB_DEPLOYMENT}---
${WEB_SERVICE}---
apiVersion: v1
kind: Service
metadata:
  name: web-np
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: 80
    nodePort: 30080
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get services web web-np', 'get services web web-np -o wide', 'describe service web', 'describe service web-np'],
  },
  {
    kind: 'EndpointSlice',
    file: 'endpointslice.txt',
    upstream: ['printers.go printEndpointSlice', 'describe.go EndpointSliceDescriber.Describe -> describeEndpointSliceV1'],
    scenario: "the EndpointSlice of a Service in front of a 2-replica Deployment, 5m old",
    setup: [{ text: `${WEB_DEPLOYMENT}---\n${WEB_SERVICE}`, thenMs: FIVE_MIN }],
    commands: ['get endpointslices -l kubernetes.io/service-name=web', 'get endpointslices -l kubernetes.io/service-name=web -o wide', 'describe endpointslices -l kubernetes.io/service-name=web'],
  },
  {
    kind: 'Endpoints',
    file: 'endpoints.txt',
    upstream: ['printers.go printEndpoints -> formatEndpoints', 'describe.go EndpointsDescriber.Describe -> describeEndpoints', 'the API server\'s deprecation warning for v1 Endpoints (stderr, printed here after stdout)'],
    scenario: 'the Endpoints the endpoints controller keeps for a Service in front of a 2-replica Deployment, and hand-written Endpoints (4 ready addresses, 1 not ready) of a Service without a selector, 5m old',
    setup: [
      {
        text: `${WEB_DEPLOYMENT}---\n${WEB_SERVICE}---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  ports:
  - name: pg
    port: 5432
---
apiVersion: v1
kind: Endpoints
metadata:
  name: db
subsets:
- addresses: [{ip: 10.0.0.11}, {ip: 10.0.0.12}, {ip: 10.0.0.13}, {ip: 10.0.0.14}]
  notReadyAddresses: [{ip: 10.0.0.15}]
  ports: [{name: pg, port: 5432}]
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get endpoints', 'get ep db -o wide', 'describe endpoints web', 'describe ep db'],
  },
  {
    kind: 'Node',
    file: 'node.txt',
    upstream: ['printers.go printNode', 'describe.go NodeDescriber.Describe -> describeNode'],
    scenario: 'the worker node node-1 with one pod, 5m after the pod started',
    setup: [
      {
        text: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: node-1
  containers:
  - name: nginx
    image: nginx:1.25
    resources:
      requests: {cpu: 100m, memory: 64Mi}
      limits: {memory: 128Mi}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get nodes', 'get nodes -o wide', 'describe node node-1'],
  },
  {
    kind: 'Namespace',
    file: 'namespace.txt',
    upstream: ['printers.go printNamespace', 'describe.go NamespaceDescriber.Describe -> describeNamespace'],
    scenario: 'a namespace with a ResourceQuota and a LimitRange, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  labels: {team: a}
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: team-a
spec:
  hard: {pods: '10', requests.cpu: '2'}
---
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: team-a
spec:
  limits:
  - type: Container
    default: {cpu: 500m}
    defaultRequest: {cpu: 100m}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get namespace team-a', 'get namespace team-a -o wide', 'describe namespace team-a'],
  },
  {
    kind: 'ConfigMap',
    file: 'configmap.txt',
    upstream: ['printers.go printConfigMap', 'describe.go ConfigMapDescriber.Describe'],
    scenario: 'a ConfigMap with two keys, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: info
  app.properties: |
    color=blue
    size=3
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get configmap app-config', 'get configmap app-config -o wide', 'describe configmap app-config'],
  },
  {
    kind: 'Secret',
    file: 'secret.txt',
    upstream: ['printers.go printSecret', 'describe.go SecretDescriber.Describe -> describeSecret'],
    scenario: 'an Opaque Secret with two keys, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: Secret
metadata:
  name: db-pass
type: Opaque
stringData:
  username: admin
  password: s3cr3t!
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get secret db-pass', 'get secret db-pass -o wide', 'describe secret db-pass'],
  },
  {
    kind: 'ServiceAccount',
    file: 'serviceaccount.txt',
    upstream: ['printers.go printServiceAccount', 'describe.go ServiceAccountDescriber.Describe -> describeServiceAccount'],
    scenario: 'a ServiceAccount with an image pull secret, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder
imagePullSecrets:
- name: registry-cred
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get serviceaccount builder', 'get serviceaccount builder -o wide', 'describe serviceaccount builder'],
  },
  {
    kind: 'Event',
    file: 'event.txt',
    upstream: ['printers.go printEvent', 'describe.go GenericDescriberFor (no Event describer)'],
    scenario: 'the events of a bare pod started 5m ago',
    setup: [
      {
        text: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: node-1
  containers:
  - name: nginx
    image: nginx:1.25
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get events', 'get events -o wide', 'describe event web.1887ca2c76759c40'],
  },
  {
    kind: 'Lease',
    file: 'lease.txt',
    upstream: ['printers.go printLease', 'describe.go GenericDescriberFor (no Lease describer)'],
    scenario: "node-1's heartbeat Lease in kube-node-lease",
    setup: [{ text: '', thenMs: FIVE_MIN }],
    commands: ['get lease node-1 -n kube-node-lease', 'get lease node-1 -n kube-node-lease -o wide', 'describe lease node-1 -n kube-node-lease'],
  },
  {
    kind: 'PriorityClass',
    file: 'priorityclass.txt',
    upstream: ['printers.go printPriorityClass', 'describe.go PriorityClassDescriber.Describe -> describePriorityClass'],
    scenario: 'a PriorityClass with a description, 5m old',
    setup: [
      {
        text: `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high-priority
value: 1000000
globalDefault: false
description: For the checkout service only.
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get priorityclass high-priority', 'get priorityclass high-priority -o wide', 'describe priorityclass high-priority'],
  },
  {
    kind: 'PodDisruptionBudget',
    file: 'poddisruptionbudget.txt',
    upstream: ['printers.go printPodDisruptionBudget', 'describe.go PodDisruptionBudgetDescriber.Describe -> describePodDisruptionBudgetV1'],
    scenario: 'a minAvailable 1 PDB over a 2-replica Deployment, 5m old',
    setup: [
      {
        text: `${WEB_DEPLOYMENT}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: web}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get pdb', 'get pdb -o wide', 'describe pdb web-pdb'],
  },
  {
    kind: 'PersistentVolumeClaim',
    file: 'persistentvolumeclaim.txt',
    upstream: ['printers.go printPersistentVolumeClaim', 'describe.go PersistentVolumeClaimDescriber.Describe -> describePersistentVolumeClaim'],
    scenario: 'a network-disk PVC bound for a pod that uses it, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: network-disk
  resources:
    requests: {storage: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, infinity]
    volumeMounts:
    - {name: data, mountPath: /data}
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get pvc', 'get pvc -o wide', 'describe pvc data'],
  },
  {
    kind: 'PersistentVolume',
    file: 'persistentvolume.txt',
    upstream: ['printers.go printPersistentVolume', 'describe.go PersistentVolumeDescriber.Describe -> describePersistentVolume'],
    scenario: 'a statically provisioned hostPath PV bound to a claim, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-manual
  labels: {type: local}
spec:
  storageClassName: manual
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: /mnt/data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim-manual
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get pv', 'get pv -o wide', 'describe pv pv-manual'],
  },
  {
    kind: 'StorageClass',
    file: 'storageclass.txt',
    upstream: ['printers.go printStorageClass', 'describe.go StorageClassDescriber.Describe -> describeStorageClass'],
    scenario: "the cluster's StorageClasses (installed at boot)",
    setup: [{ text: '', thenMs: FIVE_MIN }],
    commands: ['get storageclass', 'get storageclass -o wide', 'describe storageclass standard', 'describe storageclass network-disk'],
  },
  {
    kind: 'CSIDriver',
    file: 'csidriver.txt',
    upstream: ['printers.go printCSIDriver', 'describe.go GenericDescriberFor (no CSIDriver describer)'],
    scenario: "the sandbox's CSI driver (installed at boot)",
    setup: [{ text: '', thenMs: FIVE_MIN }],
    commands: ['get csidrivers', 'get csidrivers -o wide', 'describe csidriver disk.csi.kube-sandbox.dev'],
  },
  {
    kind: 'CSINode',
    file: 'csinode.txt',
    upstream: ['printers.go printCSINode', 'describe.go CSINodeDescriber.Describe -> describeCSINode'],
    scenario: "node-1's CSINode",
    setup: [{ text: '', thenMs: FIVE_MIN }],
    commands: ['get csinode node-1', 'get csinode node-1 -o wide', 'describe csinode node-1'],
  },
  {
    kind: 'VolumeAttachment',
    file: 'volumeattachment.txt',
    upstream: ['printers.go printVolumeAttachment', 'describe.go GenericDescriberFor (no VolumeAttachment describer)'],
    scenario: 'the attachment of a network-disk volume to the node of the pod using it, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: network-disk
  resources:
    requests: {storage: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, infinity]
    volumeMounts:
    - {name: data, mountPath: /data}
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get volumeattachments', 'get volumeattachments -o wide', 'describe volumeattachments'],
  },
  {
    kind: 'LimitRange',
    file: 'limitrange.txt',
    upstream: ['no print handler: the API server default table (NAME, CREATED AT; apimachinery pkg/registry/rest/table.go)', 'describe.go LimitRangeDescriber.Describe -> describeLimitRange'],
    scenario: 'a LimitRange with container defaults and a max, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 100m, memory: 128Mi}
    max: {cpu: '1'}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get limitrange defaults', 'get limitrange defaults -o wide', 'describe limitrange defaults'],
  },
  {
    kind: 'ResourceQuota',
    file: 'resourcequota.txt',
    upstream: ['printers.go printResourceQuota', 'describe.go ResourceQuotaDescriber.Describe -> describeQuota'],
    scenario: 'a ResourceQuota counting one running pod, 5m old',
    setup: [
      {
        text: `apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
spec:
  hard:
    pods: '10'
    requests.cpu: '2'
    requests.memory: 2Gi
`,
        thenMs: 1000,
      },
      {
        text: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    resources:
      requests: {cpu: 250m, memory: 256Mi}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get resourcequota compute', 'get resourcequota compute -o wide', 'describe resourcequota compute'],
  },
  {
    kind: 'NetworkPolicy',
    file: 'networkpolicy.txt',
    upstream: ['printers.go printNetworkPolicy', 'describe.go NetworkPolicyDescriber.Describe -> describeNetworkPolicy'],
    scenario: 'a policy letting only frontend pods reach the api pods on 8080, 5m old',
    setup: [
      {
        text: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-allow-frontend
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels: {role: frontend}
    ports:
    - protocol: TCP
      port: 8080
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get networkpolicy', 'get networkpolicy -o wide', 'describe networkpolicy api-allow-frontend'],
  },
  {
    kind: 'IngressClass',
    file: 'ingressclass.txt',
    upstream: ['printers.go printIngressClass', 'describe.go IngressClassDescriber.Describe -> describeIngressClass'],
    scenario: 'an nginx IngressClass marked default, 5m old',
    setup: [
      {
        text: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get ingressclass nginx', 'get ingressclass nginx -o wide', 'describe ingressclass nginx'],
  },
  {
    kind: 'Ingress',
    file: 'ingress.txt',
    upstream: ['printers.go printIngress', 'describe.go IngressDescriber.Describe -> describeIngressV1'],
    scenario: 'a host/path Ingress to a Service with two ready pods, 5m old',
    setup: [
      {
        text: `${WEB_DEPLOYMENT}---
${WEB_SERVICE}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port: {number: 80}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get ingress', 'get ingress -o wide', 'describe ingress web'],
  },
  {
    kind: 'HorizontalPodAutoscaler',
    file: 'horizontalpodautoscaler.txt',
    upstream: ['printers.go printHorizontalPodAutoscaler', 'describe.go HorizontalPodAutoscalerDescriber.Describe -> describeHorizontalPodAutoscalerV2'],
    scenario: 'a CPU HPA over a 2-replica Deployment with requests, 5m old',
    setup: [
      {
        text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        resources:
          requests: {cpu: 200m}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 50}
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get hpa', 'get hpa -o wide', 'describe hpa web'],
  },
  {
    kind: 'Role',
    file: 'role.txt',
    upstream: ['no print handler: the API server default table (NAME, CREATED AT; apimachinery pkg/registry/rest/table.go)', 'describe.go RoleDescriber.Describe'],
    scenario: 'a Role reading pods and their logs, 5m old',
    setup: [
      {
        text: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: ['']
  resources: [pods, pods/log]
  verbs: [get, list, watch]
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get role pod-reader', 'get role pod-reader -o wide', 'describe role pod-reader'],
  },
  {
    kind: 'ClusterRole',
    file: 'clusterrole.txt',
    upstream: ['no print handler: the API server default table (NAME, CREATED AT; apimachinery pkg/registry/rest/table.go)', 'describe.go ClusterRoleDescriber.Describe'],
    scenario: 'a ClusterRole reading nodes and deployments, 5m old',
    setup: [
      {
        text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: node-viewer
rules:
- apiGroups: ['']
  resources: [nodes]
  verbs: [get, list]
- apiGroups: [apps]
  resources: [deployments]
  resourceNames: [web]
  verbs: [get]
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get clusterrole node-viewer', 'get clusterrole node-viewer -o wide', 'describe clusterrole node-viewer'],
  },
  {
    kind: 'RoleBinding',
    file: 'rolebinding.txt',
    upstream: ['printers.go printRoleBinding', 'describe.go RoleBindingDescriber.Describe'],
    scenario: 'a RoleBinding of a Role to a user and a ServiceAccount, 5m old',
    setup: [
      {
        text: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: ['']
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
- kind: ServiceAccount
  name: builder
  namespace: default
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get rolebinding read-pods', 'get rolebinding read-pods -o wide', 'describe rolebinding read-pods'],
  },
  {
    kind: 'ClusterRoleBinding',
    file: 'clusterrolebinding.txt',
    upstream: ['printers.go printClusterRoleBinding', 'describe.go ClusterRoleBindingDescriber.Describe'],
    scenario: 'a ClusterRoleBinding of view to a group, 5m old',
    setup: [
      {
        text: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: auditors-view
subjects:
- kind: Group
  name: auditors
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: ClusterRole
  name: view
  apiGroup: rbac.authorization.k8s.io
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get clusterrolebinding auditors-view', 'get clusterrolebinding auditors-view -o wide', 'describe clusterrolebinding auditors-view'],
  },
  {
    kind: 'CustomResourceDefinition',
    file: 'customresourcedefinition.txt',
    upstream: ['no print handler: the API server default table (NAME, CREATED AT; apimachinery pkg/registry/rest/table.go)', 'describe.go GenericDescriberFor (no CRD describer)'],
    scenario: 'the CronTab CRD of the Kubernetes docs, 5m old',
    setup: [{ text: CRONTAB_CRD, thenMs: FIVE_MIN }],
    commands: ['get crd crontabs.stable.example.com', 'get crd crontabs.stable.example.com -o wide', 'describe crd crontabs.stable.example.com'],
  },
  {
    kind: 'CronTab',
    file: 'customresource.txt',
    upstream: ['apiextensions-apiserver pkg/registry/customresource/tableconvertor (additionalPrinterColumns)', 'describe.go GenericDescriberFor -> printUnstructuredContent'],
    scenario: 'a CronTab custom resource with Spec/Replicas/Age printer columns, 5m old',
    setup: [
      { text: CRONTAB_CRD, thenMs: 1000 },
      {
        text: `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: '* * * * */5'
  image: my-awesome-cron-image
  replicas: 1
`,
        thenMs: FIVE_MIN,
      },
    ],
    commands: ['get crontabs', 'get crontabs -o wide', 'describe crontab my-new-cron-object'],
  },
];
