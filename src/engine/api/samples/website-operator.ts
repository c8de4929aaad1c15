// The Website CRD and its operator, and an example Website, for the editor's Samples menu (static
// data the UI may import; engine tests apply them and watch the operator reconcile).
// SIMPLIFICATION: the operator's code runs inside the engine (operator/website/website-operator.ts);
// its Deployment here only decides when it runs (while its pod is Running), as ingress-nginx's does.

/** The Website CRD, the operator's ServiceAccount and RBAC, and the operator Deployment. */
export const WEBSITE_OPERATOR = `# A CustomResourceDefinition adds a new kind, Website, to the API; the operator watches Websites
# and creates a Deployment and a Service for each (owned by the Website), heals them, and writes
# the Website's status. Apply this first, then the "Website" sample.
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: websites.learn.kube-sandbox.dev
spec:
  group: learn.kube-sandbox.dev
  scope: Namespaced
  names:
    plural: websites
    singular: website
    kind: Website
    shortNames: [ws]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
    additionalPrinterColumns:
    - {name: Image, type: string, jsonPath: .spec.image}
    - {name: Desired, type: integer, jsonPath: .spec.replicas}
    - {name: Available, type: integer, jsonPath: .status.availableReplicas}
    - {name: URL, type: string, jsonPath: .status.url, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        description: A website served by a Deployment and a Service that the website-operator manages.
        properties:
          spec:
            type: object
            required: [image]
            properties:
              image:
                type: string
                description: Container image that serves the site.
                minLength: 1
              replicas:
                type: integer
                description: Number of pods.
                minimum: 0
                maximum: 10
                default: 2
              port:
                type: integer
                description: Port the container listens on; the Service uses the same port.
                minimum: 1
                maximum: 65535
                default: 80
          status:
            type: object
            properties:
              availableReplicas:
                type: integer
              url:
                type: string
              observedGeneration:
                type: integer
---
apiVersion: v1
kind: Namespace
metadata:
  name: website-operator
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: website-operator
  namespace: website-operator
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: website-operator
rules:
- apiGroups: [learn.kube-sandbox.dev]
  resources: [websites]
  verbs: [get, list, watch]
- apiGroups: [learn.kube-sandbox.dev]
  resources: [websites/status]
  verbs: [get, update, patch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [services]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: website-operator
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: website-operator
subjects:
- kind: ServiceAccount
  name: website-operator
  namespace: website-operator
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: website-operator
  namespace: website-operator
  labels:
    app.kubernetes.io/name: website-operator
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: website-operator
  template:
    metadata:
      labels:
        app.kubernetes.io/name: website-operator
    spec:
      serviceAccountName: website-operator
      containers:
      - name: manager
        image: ghcr.io/kube-sandbox/website-operator:v0.1.0
`;

/** A Website for the operator to reconcile. */
export const WEBSITE_EXAMPLE = `# A custom resource: the operator creates Deployment "blog" and Service "blog" for it.
# Try: kubectl get websites; kubectl delete deployment blog (the operator heals it);
# kubectl describe website blog (its Events).
apiVersion: learn.kube-sandbox.dev/v1
kind: Website
metadata:
  name: blog
spec:
  image: nginx:1.27
  replicas: 2
  port: 80
`;
