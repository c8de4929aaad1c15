// The scenario gallery's ready-made scenarios: cluster settings plus manifests, loaded exactly as an
// imported scenario file is (src/ui/persistence/scenario-actions.ts `loadScenario`: rebuild, then
// apply through the API server). Each keeps its manifests as YAML text, which also becomes the
// editor's text, so the learner sees (and can change and re-apply) what was loaded.

import { parseAllDocuments } from 'yaml';
import { DEFAULT_CNI, DEFAULT_PROXY_MODE, type ClusterSettings } from '../../worker/protocol';
import { THREE_TIER, TIERS_POLICY } from '../../engine/api/samples/networking';
import { WEBSITE_EXAMPLE, WEBSITE_OPERATOR } from '../../engine/api/samples/website-operator';
import { INGRESS_FANOUT_DEMO, INGRESS_NGINX_CONTROLLER } from '../../engine/api/samples/ingress-nginx';
import { makeScenario, type Scenario } from '../persistence/scenario-codec';

export type GalleryTag = 'workloads' | 'networking' | 'storage' | 'batch' | 'autoscaling' | 'security' | 'extending' | 'resilience' | 'rollouts';

export interface GalleryEntry {
  id: string;
  title: { en: string; zh: string };
  /** one line: what the learner will see and what to try */
  description: { en: string; zh: string };
  tags: readonly GalleryTag[];
  settings: ClusterSettings;
  /** the manifests (multi-document YAML); also the editor's text after loading */
  yaml: string;
}

const BASE: ClusterSettings = { seed: 1, workerNodes: 3, cni: DEFAULT_CNI, proxyMode: DEFAULT_PROXY_MODE };

const WEB_SERVICE = `# A Deployment of 3 nginx pods and the Service that load-balances over them.
# Try: click the Service to see its endpoints, or in the Terminal:
#   kubectl get endpointslices
#   kubectl scale deployment web --replicas=5
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
          resources:
            requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: 80
`;

const ROLLING_UPDATE = `# A Deployment ready for a rolling update: at most 1 extra pod (maxSurge) and none missing
# (maxUnavailable: 0) while the pods are replaced.
# Try: change the image below to nginx:1.28, press Apply, and watch the Timeline (Alt+6),
# or run  kubectl rollout status deployment/shop  then  kubectl rollout undo deployment/shop
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels: {app: shop}
spec:
  replicas: 4
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
        - name: shop
          image: nginx:1.27
          ports:
            - containerPort: 80
          readinessProbe:
            httpGet: {path: /, port: 80}
            periodSeconds: 2
          resources:
            requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector: {app: shop}
  ports:
    - port: 80
`;

const STATEFUL_STORAGE = `# A StatefulSet with stable names (db-0, db-1), a headless Service for their DNS names, and a
# PersistentVolumeClaim per pod from the default StorageClass "standard".
# Try:  kubectl exec db-0 -- sh -c 'echo hello > /data/file'
#       kubectl delete pod db-0      (it comes back with the same name and the same claim)
#       kubectl exec db-0 -- cat /data/file
#       kubectl get pvc,pv
apiVersion: v1
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
        - name: db
          image: busybox
          command: ["sh", "-c", "sleep 3600"]
          volumeMounts:
            - {name: data, mountPath: /data}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
`;

const DAEMONSET = `# A DaemonSet runs one pod on every node, as log collectors and node agents do. It tolerates the
# control plane's taint, so the control-plane node gets one too.
# Try: change the number of worker nodes in the header (the cluster is rebuilt), or
#      kubectl get daemonset node-agent -o wide
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  labels: {app: node-agent}
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
      containers:
        - name: agent
          image: busybox
          command: ["sh", "-c", "sleep 3600"]
          resources:
            requests: {cpu: 50m, memory: 32Mi}
`;

const CRONJOB = `# A CronJob that starts a Job every minute; each Job runs one pod to completion.
# Press play on the clock and watch pods appear, run and turn Completed.
# Try:  kubectl get cronjobs,jobs
#       kubectl create job manual --from=cronjob/report
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "*/1 * * * *"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: busybox
              command: ["sh", "-c", "echo building the report; sleep 5"]
`;

const HPA = `# A HorizontalPodAutoscaler keeps the web pods at about 50% of their CPU request, between 1 and 6.
# Try: click the Deployment "web" on the canvas and raise its Load slider in the inspector,
#      then watch  kubectl get hpa  and the pods being added (and removed, 5 minutes after the load stops).
apiVersion: apps/v1
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
          image: nginx:1.27
          ports:
            - containerPort: 80
          resources:
            requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 50
`;

const RBAC = `# A ServiceAccount that may read pods in "default" and nothing else: a Role lists what is allowed,
# a RoleBinding grants it to the account.
# Try:  kubectl auth can-i list pods --as=system:serviceaccount:default:reader        (yes)
#       kubectl auth can-i delete pods --as=system:serviceaccount:default:reader      (no)
#       kubectl get pods -n kube-system --as=system:serviceaccount:default:reader     (Forbidden)
apiVersion: v1
kind: ServiceAccount
metadata:
  name: reader
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader-reads-pods
subjects:
  - kind: ServiceAccount
    name: reader
    namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
`;

const NODE_FAILURE = `# Six web pods spread over the worker nodes, ready for a node to fail.
# Try: click a node's name on the canvas and press "Stop node" in the inspector. About 40 s later
# the node turns NotReady; after the 300 s toleration its pods are evicted and the ReplicaSet
# starts replacements on the other nodes (press play, or raise the clock speed).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 6
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {app: web}
      containers:
        - name: nginx
          image: nginx:1.27
          resources:
            requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
`;

export const GALLERY: readonly GalleryEntry[] = [
  {
    id: 'web-service',
    title: { en: 'Web app behind a Service', zh: '带 Service 的 Web 应用' },
    description: { en: 'A 3-replica nginx Deployment and the ClusterIP Service that spreads traffic over its pods.', zh: '3 副本的 nginx Deployment，以及把流量分发到这些 Pod 的 ClusterIP Service。' },
    tags: ['workloads', 'networking'],
    settings: BASE,
    yaml: WEB_SERVICE,
  },
  {
    id: 'rolling-update',
    title: { en: 'Rolling update', zh: '滚动更新（Rolling update）' },
    description: { en: 'Change the image and watch pods replaced one at a time, with none missing.', zh: '修改镜像，观察 Pod 被逐个替换，服务始终不缺副本。' },
    tags: ['rollouts', 'workloads'],
    settings: BASE,
    yaml: ROLLING_UPDATE,
  },
  {
    id: 'statefulset-storage',
    title: { en: 'StatefulSet with storage', zh: '带存储的 StatefulSet' },
    description: { en: 'Pods with stable names, each with its own PersistentVolumeClaim that outlives it.', zh: '名字固定的 Pod，各自拥有一个比 Pod 活得更久的 PersistentVolumeClaim。' },
    tags: ['storage', 'workloads'],
    settings: BASE,
    yaml: STATEFUL_STORAGE,
  },
  {
    id: 'daemonset',
    title: { en: 'DaemonSet on every node', zh: '每个节点一个 Pod：DaemonSet' },
    description: { en: 'A node agent that runs exactly one pod per node, the control plane included.', zh: '节点代理：每个节点（包括控制平面节点）恰好运行一个 Pod。' },
    tags: ['workloads'],
    settings: BASE,
    yaml: DAEMONSET,
  },
  {
    id: 'cronjob',
    title: { en: 'CronJob every minute', zh: '每分钟运行的 CronJob' },
    description: { en: 'A schedule that creates a Job each minute; its pods run to Completed.', zh: '按计划每分钟创建一个 Job，它的 Pod 运行到 Completed。' },
    tags: ['batch'],
    settings: BASE,
    yaml: CRONJOB,
  },
  {
    id: 'hpa',
    title: { en: 'Autoscaling under load', zh: '负载下的自动扩缩容' },
    description: { en: 'A HorizontalPodAutoscaler adds pods when you raise the Deployment’s load slider.', zh: '调高 Deployment 的负载滑块，HorizontalPodAutoscaler 就会增加 Pod。' },
    tags: ['autoscaling'],
    settings: BASE,
    yaml: HPA,
  },
  {
    id: 'networkpolicy-calico',
    title: { en: 'NetworkPolicy on Calico', zh: 'Calico 上的 NetworkPolicy' },
    description: { en: 'Three tiers on a Calico cluster; policies let only nginx reach tomcat and only tomcat reach mysql.', zh: 'Calico 集群上的三层应用；策略只允许 nginx 访问 tomcat、tomcat 访问 mysql。' },
    tags: ['networking', 'security'],
    settings: { ...BASE, cni: 'calico-ipip' },
    yaml: `${THREE_TIER}---\n${TIERS_POLICY}`,
  },
  {
    id: 'ingress',
    title: { en: 'Ingress with ingress-nginx', zh: '使用 ingress-nginx 的 Ingress' },
    description: { en: 'An ingress controller and an Ingress that routes two paths to two Services.', zh: 'Ingress 控制器，以及把两个路径路由到两个 Service 的 Ingress。' },
    tags: ['networking'],
    settings: BASE,
    yaml: `${INGRESS_NGINX_CONTROLLER}---\n${INGRESS_FANOUT_DEMO}`,
  },
  {
    id: 'rbac',
    title: { en: 'RBAC: a read-only ServiceAccount', zh: 'RBAC：只读的 ServiceAccount' },
    description: { en: 'A Role and RoleBinding; ask kubectl auth can-i what the account may do.', zh: 'Role 与 RoleBinding；用 kubectl auth can-i 查看该账号能做什么。' },
    tags: ['security'],
    settings: BASE,
    yaml: RBAC,
  },
  {
    id: 'website-operator',
    title: { en: 'Website operator (CRD)', zh: 'Website Operator（CRD）' },
    description: { en: 'A CustomResourceDefinition and its operator turn a Website into a Deployment and a Service.', zh: 'CustomResourceDefinition 及其 Operator 把一个 Website 变成 Deployment 和 Service。' },
    tags: ['extending'],
    settings: BASE,
    yaml: `${WEBSITE_OPERATOR}---\n${WEBSITE_EXAMPLE}`,
  },
  {
    id: 'node-failure',
    title: { en: 'Node failure', zh: '节点故障' },
    description: { en: 'Six pods over three nodes: stop a node and watch its pods evicted and replaced.', zh: '6 个 Pod 分布在 3 个节点上：停掉一个节点，观察它的 Pod 被驱逐并在别处重建。' },
    tags: ['resilience'],
    settings: BASE,
    yaml: NODE_FAILURE,
  },
];

/** The YAML documents as plain objects (comments and empty documents dropped), in their order. */
export function manifestsOf(yaml: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const doc of parseAllDocuments(yaml)) {
    if (doc.errors.length) throw new Error(`gallery YAML: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(value as Record<string, unknown>);
  }
  return out;
}

/** The entry as a scenario, named in the learner's language; the editor gets its YAML. */
export function galleryScenario(entry: GalleryEntry, lang: 'en' | 'zh'): Scenario {
  return makeScenario(entry.settings, manifestsOf(entry.yaml), entry.yaml, entry.title[lang]);
}
