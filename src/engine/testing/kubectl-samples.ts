// Real kubectl output copied verbatim from /work/shared/reference/ (api-defaults.md for -o yaml,
// kubectl-get.md for tables; sources named per constant). Tests rebuild the objects and expect these bytes.

/** §2a: a Deployment's pod, `kubectl get pod ... -o yaml` (website debug-running-pod.md). */
export const podYaml = `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2022-02-17T21:51:01Z"
  generateName: nginx-deployment-67d4bdd6f5-
  labels:
    app: nginx
    pod-template-hash: 67d4bdd6f5
  name: nginx-deployment-67d4bdd6f5-w6kd7
  namespace: default
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: ReplicaSet
    name: nginx-deployment-67d4bdd6f5
    uid: 7d41dfd4-84c0-4be4-88ab-cedbe626ad82
  resourceVersion: "1364"
  uid: a6501da1-0447-4262-98eb-c03d4002222e
spec:
  containers:
  - image: nginx
    imagePullPolicy: Always
    name: nginx
    ports:
    - containerPort: 80
      protocol: TCP
    resources:
      limits:
        cpu: 500m
        memory: 128Mi
      requests:
        cpu: 500m
        memory: 128Mi
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-bgsgp
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  nodeName: kube-worker-1
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-bgsgp
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2022-02-17T21:51:01Z"
    status: "True"
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: "2022-02-17T21:51:06Z"
    status: "True"
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: "2022-02-17T21:51:06Z"
    status: "True"
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: "2022-02-17T21:51:01Z"
    status: "True"
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://5403af59a2b46ee5a23fb0ae4b1e077f7ca5c5fb7af16e1ab21c00e0e616462a
    image: docker.io/library/nginx:latest
    imageID: docker.io/library/nginx@sha256:2834dc507516af02784808c5f48b7cbe38b8ed5d0f4837f16e78d00deb7e7767
    lastState: {}
    name: nginx
    ready: true
    restartCount: 0
    started: true
    state:
      running:
        startedAt: "2022-02-17T21:51:05Z"
  hostIP: 192.168.0.113
  phase: Running
  podIP: 10.88.0.3
  podIPs:
  - ip: 10.88.0.3
  - ip: 2001:db8::1
  qosClass: Guaranteed
  startTime: "2022-02-17T21:51:01Z"
`;

/** §2b: `kubectl get deployment hello-world -o yaml` (with managedFields, as captured). */
export const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2023-03-31T00:50:27Z"
  generation: 1
  labels:
    app: hello-world
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:metadata:
        f:labels:
          .: {}
          f:app: {}
      f:spec:
        f:progressDeadlineSeconds: {}
        f:replicas: {}
        f:revisionHistoryLimit: {}
        f:selector: {}
        f:strategy:
          f:rollingUpdate:
            .: {}
            f:maxSurge: {}
            f:maxUnavailable: {}
          f:type: {}
        f:template:
          f:metadata:
            f:labels:
              .: {}
              f:app: {}
          f:spec:
            f:containers:
              k:{"name":"hello-app"}:
                .: {}
                f:image: {}
                f:imagePullPolicy: {}
                f:name: {}
                f:resources: {}
                f:terminationMessagePath: {}
                f:terminationMessagePolicy: {}
            f:dnsPolicy: {}
            f:restartPolicy: {}
            f:schedulerName: {}
            f:securityContext: {}
            f:terminationGracePeriodSeconds: {}
    manager: kubectl-create
    operation: Update
    time: "2023-03-31T00:50:27Z"
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:metadata:
        f:annotations:
          .: {}
          f:deployment.kubernetes.io/revision: {}
      f:status:
        f:availableReplicas: {}
        f:conditions:
          .: {}
          k:{"type":"Available"}:
            .: {}
            f:lastTransitionTime: {}
            f:lastUpdateTime: {}
            f:message: {}
            f:reason: {}
            f:status: {}
            f:type: {}
          k:{"type":"Progressing"}:
            .: {}
            f:lastTransitionTime: {}
            f:lastUpdateTime: {}
            f:message: {}
            f:reason: {}
            f:status: {}
            f:type: {}
        f:observedGeneration: {}
        f:readyReplicas: {}
        f:replicas: {}
        f:updatedReplicas: {}
    manager: kube-controller-manager
    operation: Update
    time: "2023-03-31T00:50:28Z"
  name: hello-world
  namespace: default
  resourceVersion: "57965"
  uid: 6f138915-2f67-40af-8ae6-6e74028327d5
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: hello-world
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: hello-world
    spec:
      containers:
      - image: gcr.io/google-samples/hello-app:1.0
        imagePullPolicy: IfNotPresent
        name: hello-app
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 1
  conditions:
  - lastTransitionTime: "2023-03-31T00:50:28Z"
    lastUpdateTime: "2023-03-31T00:50:28Z"
    message: Deployment has minimum availability.
    reason: MinimumReplicasAvailable
    status: "True"
    type: Available
  - lastTransitionTime: "2023-03-31T00:50:27Z"
    lastUpdateTime: "2023-03-31T00:50:28Z"
    message: ReplicaSet "hello-world-5457b44555" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: "True"
    type: Progressing
  observedGeneration: 1
  readyReplicas: 1
  replicas: 1
  updatedReplicas: 1
`;

/** §1h: a ClusterIP Service as stored (`kubectl edit` buffer). */
export const serviceYaml = `apiVersion: v1
kind: Service
metadata:
  creationTimestamp: "2023-02-16T06:22:57Z"
  name: mysql-service
  namespace: alpha
  resourceVersion: "754"
  uid: 36784a99-894d-401f-8fd1-695ca70e8c8f
spec:
  clusterIP: 10.43.214.229
  clusterIPs:
  - 10.43.214.229
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - port: 3306
    protocol: TCP
    targetPort: 3306
  selector:
    name: mysql
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
`;

/** kubectl get pods (website debug-running-pod.md) */
export const podsTable = `NAME                                READY   STATUS    RESTARTS   AGE
nginx-deployment-67d4bdd6f5-cx2nz   1/1     Running   0          13s
nginx-deployment-67d4bdd6f5-w6kd7   1/1     Running   0          13s
`;

/** kubectl get pods -o wide, 2025 (gh-file id 4028268900) */
export const podsWide = `NAME    READY   STATUS    RESTARTS   AGE     IP         NODE             NOMINATED NODE   READINESS GATES
nginx   1/1     Running   0          7m15s   10.1.0.6   docker-desktop   <none>           <none>
`;

/** Job pods Completed / Error (gh-file id 62677646464) */
export const jobPods = `NAME       READY   STATUS      RESTARTS   AGE
pi-5b9q4   0/1     Completed   0          4s
pi-9xlsk   0/1     Error       0          4s
`;

/** kubectl get deployments right after create (website deployment.md) */
export const deploymentZero = `NAME               READY   UP-TO-DATE   AVAILABLE   AGE
nginx-deployment   0/3     0            0           1s
`;

/** kubectl get deployments once ready (website deployment.md) */
export const deploymentReady = `NAME               READY   UP-TO-DATE   AVAILABLE   AGE
nginx-deployment   3/3     3            3           18s
`;

/** kubectl get rs after a rollout (website deployment.md) */
export const replicaSets = `NAME                          DESIRED   CURRENT   READY   AGE
nginx-deployment-1564180365   3         3         3       6s
nginx-deployment-2035384211   0         0         0       36s
`;

/** ClusterIP service (website connect-applications-service.md) */
export const serviceClusterIP = `NAME       TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE
my-nginx   ClusterIP   10.0.162.149   <none>        80/TCP    21s
`;

/** kube-dns with two ports (same page) */
export const serviceKubeDns = `NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE
kube-dns   ClusterIP   10.0.0.10    <none>        53/UDP,53/TCP   8m
`;

/** NodePort (gh-file id 55290671251) */
export const serviceNodePort = `NAME             TYPE       CLUSTER-IP     EXTERNAL-IP   PORT(S)          AGE
redis-nodeport   NodePort   10.0.118.143   <none>        6379:30001/TCP   107s
`;

/** LoadBalancer with MetalLB address (gh-file id 6097209428) */
export const serviceLoadBalancer = `NAME         TYPE           CLUSTER-IP       EXTERNAL-IP    PORT(S)        AGE
web-svc-lb   LoadBalancer   10.110.192.195   172.17.255.1   80:30853/TCP   7m24s
`;

/** pending LoadBalancer, kubernetes, ExternalName (gh-file id 6717343238) */
export const serviceMixed = `NAME         TYPE           CLUSTER-IP     EXTERNAL-IP       PORT(S)        AGE
deploy1      LoadBalancer   10.111.52.75   <pending>         80:32000/TCP   9m9s
kubernetes   ClusterIP      10.96.0.1      <none>            443/TCP        3h22m
my-ext-svc   ExternalName   <none>         www.mozilla.org   <none>         4m19s
`;

/** ExternalName with a port (istio.io docs) */
export const serviceExternalNameWithPort = `NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
my-httpbin   ExternalName   <none>       httpbin.org   80/TCP    4s
`;

/** headless service (gh-file id 6097209428) */
export const serviceHeadless = `NAME      TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
web-svc   ClusterIP   None         <none>        80/TCP    43s
`;

/** four service types (gh-file id 38774186198) */
export const serviceFour = `NAME                 TYPE           CLUSTER-IP      EXTERNAL-IP                    PORT(S)        AGE
myweb                ClusterIP      10.97.70.147    <none>                         80/TCP         4h12m
myweb-externalip     ClusterIP      10.99.149.3     192.168.241.130                80/TCP         3m
myweb-externalname   ExternalName   <none>          myweb.mytest.svc.example.com   <none>         44m
myweb-nodeport       NodePort       10.110.40.185   <none>                         80:30568/TCP   57m
`;

/** kubectl get endpointslices (website connect-applications-service.md) */
export const endpointSlices = `NAME             ADDRESSTYPE   PORTS   ENDPOINTS               AGE
my-nginx-7vzhx   IPv4          80      10.244.2.5,10.244.3.4   21s
`;

/** kubectl get nodes -o wide on minikube (gh-file id 4603990642) */
export const nodeWide = `NAME       STATUS   ROLES           AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION    CONTAINER-RUNTIME
minikube   Ready    control-plane   12d   v1.26.1   192.168.49.2   <none>        Ubuntu 20.04.5 LTS   6.10.4-linuxkit   docker://20.10.23
`;

/** kubectl get namespaces (gh-file id 36205313294) */
export const namespaces = `NAME              STATUS   AGE
default           Active   6m56s
kube-node-lease   Active   6m56s
kube-public       Active   6m56s
kube-system       Active   6m56s
`;

/** kubectl get events, rows only (gh-file id 6879481517) */
export const eventRows = `5m49s       Warning   Failed              pod/hello-node-85dffbd7bb-mr4bw    Error: ErrImagePull
2m8s        Normal    BackOff             pod/hello-node-85dffbd7bb-mr4bw    Back-off pulling image "127.0.0.1:5000/tiny_home:latest"
5m38s       Warning   Failed              pod/hello-node-85dffbd7bb-mr4bw    Error: ImagePullBackOff
7m17s       Normal    SuccessfulCreate    replicaset/hello-node-85dffbd7bb   Created pod: hello-node-85dffbd7bb-mr4bw
7m17s       Normal    ScalingReplicaSet   deployment/hello-node              Scaled up replica set hello-node-85dffbd7bb to 1
`;

/** kubectl get all in kube-system (gh-file id 36205313294); the DaemonSet block is left out, as this API server serves no DaemonSets yet */
export const getAllKubeSystem = `NAME                                              READY   STATUS    RESTARTS        AGE
pod/calico-kube-controllers-558d465845-5j2sk      1/1     Running   1 (4m39s ago)   5m10s
pod/calico-node-f8f7x                             1/1     Running   0               5m10s
pod/calico-node-kftmb                             1/1     Running   0               5m11s
pod/calico-node-l6qvn                             1/1     Running   0               4m59s
pod/coredns-5dd5756b68-7xqc6                      1/1     Running   2 (4m44s ago)   5m10s
pod/etcd-netrix-k8s-workshop                      1/1     Running   0               5m24s
pod/kube-apiserver-netrix-k8s-workshop            1/1     Running   0               5m24s
pod/kube-controller-manager-netrix-k8s-workshop   1/1     Running   0               5m24s
pod/kube-proxy-9lnmx                              1/1     Running   0               5m11s
pod/kube-proxy-jqdc9                              1/1     Running   0               5m10s
pod/kube-proxy-pqgvg                              1/1     Running   0               4m59s
pod/kube-scheduler-netrix-k8s-workshop            1/1     Running   0               5m24s
pod/storage-provisioner                           1/1     Running   1 (4m40s ago)   5m23s

NAME               TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE
service/kube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   5m24s

NAME                                      READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/calico-kube-controllers   1/1     1            1           5m23s
deployment.apps/coredns                   1/1     1            1           5m24s

NAME                                                 DESIRED   CURRENT   READY   AGE
replicaset.apps/calico-kube-controllers-558d465845   1         1         1       5m11s
replicaset.apps/coredns-5dd5756b68                   1         1         1       5m11s
`;

/** kubectl get statefulsets (gh-file id 205540610) */
export const statefulSets = `NAME   READY   AGE
web    2/2     37s
`;

/** kubectl get daemonsets (gh-file id 2626689359) */
export const daemonSets = `NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
kube-proxy   5         5         5       5            5           kubernetes.io/os=linux   3m1s
`;

/** kubectl get jobs (gh-file id 17081377495) */
export const jobComplete = `NAME   STATUS     COMPLETIONS   DURATION   AGE
pi     Complete   1/1           84s        2m8s
`;

/** a Job with parallelism and no completions (gh-file id 62677646464) */
export const jobParallel = `NAME   STATUS     COMPLETIONS   DURATION   AGE
pi     Complete   4/1 of 6      3s         8s
`;

/** kubectl get jobs -o wide (gh-file id 37779631409) */
export const jobWide = `NAME   STATUS     COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES        SELECTOR
pi     Complete   1/1           22s        67s   pi           perl:5.34.0   batch.kubernetes.io/controller-uid=d79aa899-fc81-4eee-8887-908058f9e04d
`;

/** kubectl get cronjobs after a run (gh-file id 7399610864) */
export const cronJobs = `NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
hello   */1 * * * *   <none>     False     0        27s             3m12s
`;

/** kubectl get cronjobs before the first run (gh-file id 3982474305) */
export const cronJobsNew = `NAME         SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
every3mins   */3 * * * *   <none>     False     0        <none>          73s
`;

/** kubectl get configmaps (website connect-applications-service.md) */
export const configMaps = `NAME             DATA   AGE
nginxconfigmap   1      114s
`;

/** kubectl get serviceaccounts (gh-file id 11040682899) */
export const serviceAccounts = `NAME      SECRETS   AGE
default   0         5m41s
spark     0         2m49s
`;

/** kubectl get hpa (gh-file id 29706379179) */
export const hpa = `NAME         REFERENCE               TARGETS       MINPODS   MAXPODS   REPLICAS   AGE
php-apache   Deployment/php-apache   cpu: 0%/50%   1         10        1          20h
`;
