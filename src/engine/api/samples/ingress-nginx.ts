// An Ingress controller and an Ingress, for the editor's Samples menu (static data the UI may import;
// an engine test applies it and checks the Ingress gets its address).
// SIMPLIFICATION: ingress-nginx's install manifest trimmed to what the simulation uses: no RBAC,
// admission webhook, ConfigMap or probes. The controller pod's args decide what it serves.

/** ingress-nginx (namespace, controller Deployment, LoadBalancer Service, IngressClass nginx). */
export const INGRESS_NGINX_CONTROLLER = `# The ingress-nginx controller, trimmed from its install manifest (no RBAC or admission webhook).
# While its pod runs it serves every Ingress of class "nginx" and publishes the address of its
# LoadBalancer Service in their status (--publish-service).
apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
      app.kubernetes.io/component: controller
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.14.0
          args:
            - /nginx-ingress-controller
            - --publish-service=$(POD_NAMESPACE)/ingress-nginx-controller
            - --election-id=ingress-nginx-leader
            - --controller-class=k8s.io/ingress-nginx
            - --ingress-class=nginx
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
          ports:
            - name: http
              containerPort: 80
              protocol: TCP
            - name: https
              containerPort: 443
              protocol: TCP
          resources:
            requests:
              cpu: 100m
              memory: 90Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
      appProtocol: http
    - name: https
      port: 443
      targetPort: https
      protocol: TCP
      appProtocol: https
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
spec:
  controller: k8s.io/ingress-nginx
`;

/** Two apps behind one host: /apple and /banana (class nginx). */
export const INGRESS_FANOUT_DEMO = `# Two Deployments and Services behind one Ingress: http://fruit.example.com/apple goes to the
# apple pods, /banana to the banana pods. Apply the ingress-nginx sample first: its controller
# fills in the Ingress's ADDRESS (kubectl get ingress).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: apple
spec:
  replicas: 2
  selector:
    matchLabels:
      app: apple
  template:
    metadata:
      labels:
        app: apple
    spec:
      containers:
        - name: web
          image: hashicorp/http-echo:1.0
          args: ["-text=apple", "-listen=:5678"]
          ports:
            - containerPort: 5678
---
apiVersion: v1
kind: Service
metadata:
  name: apple
spec:
  selector:
    app: apple
  ports:
    - port: 80
      targetPort: 5678
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: banana
spec:
  replicas: 2
  selector:
    matchLabels:
      app: banana
  template:
    metadata:
      labels:
        app: banana
    spec:
      containers:
        - name: web
          image: hashicorp/http-echo:1.0
          args: ["-text=banana", "-listen=:5678"]
          ports:
            - containerPort: 5678
---
apiVersion: v1
kind: Service
metadata:
  name: banana
spec:
  selector:
    app: banana
  ports:
    - port: 80
      targetPort: 5678
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fruit
spec:
  ingressClassName: nginx
  rules:
    - host: fruit.example.com
      http:
        paths:
          - path: /apple
            pathType: Prefix
            backend:
              service:
                name: apple
                port:
                  number: 80
          - path: /banana
            pathType: Prefix
            backend:
              service:
                name: banana
                port:
                  number: 80
`;
