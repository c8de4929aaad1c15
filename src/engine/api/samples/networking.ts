// Manifests that show the network at work, for the editor's Samples menu (static data the UI may
// import; engine tests apply each one and trace the packets it is meant to show).

/**
 * The seed notes' first lesson (001): 2 nginx, 3 tomcat and 2 mysql, the nginx tier exposed to
 * clients outside the cluster through every node's IP (NodePort), the others reachable only inside.
 */
export const THREE_TIER = `# The seed notes' picture: 2 nginx in front, 3 tomcat behind them, 2 mysql at the back.
# Clients outside reach nginx through any node's IP on port 30080 (a NodePort Service);
# tomcat and mysql get ClusterIP Services, reachable only from inside the cluster.
# Then try, in the Terminal:   kubectl exec client -- curl -s http://nginx
# or send a packet from "external client" to 192.168.49.3:30080 in the Packets tab.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    matchLabels: {app: nginx, tier: frontend}
  template:
    metadata:
      labels: {app: nginx, tier: frontend}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports: [{containerPort: 80}]
          resources: {requests: {cpu: 100m, memory: 64Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  type: NodePort
  selector: {app: nginx}
  ports:
    - port: 80
      targetPort: 80
      nodePort: 30080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tomcat
spec:
  replicas: 3
  selector:
    matchLabels: {app: tomcat, tier: backend}
  template:
    metadata:
      labels: {app: tomcat, tier: backend}
    spec:
      containers:
        - name: tomcat
          image: tomcat:10.1
          ports: [{containerPort: 8080, name: http}]
          resources: {requests: {cpu: 100m, memory: 128Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: tomcat
spec:
  selector: {app: tomcat}
  ports:
    - port: 8080
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql
spec:
  replicas: 2
  selector:
    matchLabels: {app: mysql, tier: db}
  template:
    metadata:
      labels: {app: mysql, tier: db}
    spec:
      containers:
        - name: mysql
          image: mysql:8.4
          env: [{name: MYSQL_ROOT_PASSWORD, value: example}]
          ports: [{containerPort: 3306}]
          resources: {requests: {cpu: 100m, memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  selector: {app: mysql}
  ports:
    - port: 3306
---
# A pod with network tools (curl, nslookup, ping) to send packets from.
apiVersion: v1
kind: Pod
metadata:
  name: client
  labels: {app: client}
spec:
  containers:
    - name: shell
      image: nicolaka/netshoot:v0.13
      command: [sleep, infinity]
`;

/**
 * Default deny for the namespace: with a CNI that enforces NetworkPolicy (calico-*, canal) every
 * new connection to or from pods in default is dropped, DNS included. flannel ignores it.
 */
export const DEFAULT_DENY = `# Isolate every pod in "default" for ingress and egress: nothing is allowed in or out,
# not even DNS. Only a CNI that enforces NetworkPolicy drops the packets (Calico or canal:
# switch the CNI in the header); flannel stores the policy and ignores it, as on a real cluster.
# Then:  kubectl exec client -- curl -s -m 3 http://nginx   (times out)
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`;

/** Only the frontend may talk to the backend, only the backend to the database, DNS allowed. */
export const TIERS_POLICY = `# Tier rules for the three-tier sample: tomcat accepts only nginx, mysql accepts only tomcat.
# Enforced by Calico or canal. Try: kubectl exec client -- curl -s -m 3 http://tomcat:8080  (dropped)
#                                   kubectl exec deploy/nginx -- curl -s http://tomcat:8080 (allowed)
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-from-frontend
spec:
  podSelector:
    matchLabels: {tier: backend}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {tier: frontend}
      ports:
        - port: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-backend
spec:
  podSelector:
    matchLabels: {tier: db}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {tier: backend}
      ports:
        - port: 3306
`;
