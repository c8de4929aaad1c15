// Manifests the editor starts with and the "Samples" menu inserts. Plain text, not objects: the
// engine parses what the learner applies, exactly as `kubectl apply -f` would. The scheduling
// samples live with the engine's static data, where engine tests check what each one shows.

import { ANTI_AFFINITY, BIN_PACKING, FILL_WORKERS, PREEMPTION, SPREAD } from '../../engine/api/samples/scheduling';
import { DEFAULT_DENY, THREE_TIER, TIERS_POLICY } from '../../engine/api/samples/networking';
import { INGRESS_FANOUT_DEMO, INGRESS_NGINX_CONTROLLER } from '../../engine/api/samples/ingress-nginx';
import { WEBSITE_EXAMPLE, WEBSITE_OPERATOR } from '../../engine/api/samples/website-operator';

export interface Sample {
  id:
    | 'web' | 'pod' | 'too-big' | 'anti-affinity' | 'spread' | 'bin-packing' | 'fill' | 'preemption'
    | 'three-tier' | 'default-deny' | 'tiers-policy' | 'ingress-controller' | 'ingress-demo'
    | 'website-operator' | 'website';
  /** i18n id of the menu label */
  labelId:
    | 'editor.sample.web' | 'editor.sample.pod' | 'editor.sample.tooBig' | 'editor.sample.antiAffinity' | 'editor.sample.spread'
    | 'editor.sample.binPacking' | 'editor.sample.fill' | 'editor.sample.preemption'
    | 'editor.sample.threeTier' | 'editor.sample.defaultDeny' | 'editor.sample.tiersPolicy'
    | 'editor.sample.ingressController' | 'editor.sample.ingressDemo'
    | 'editor.sample.websiteOperator' | 'editor.sample.website';
  yaml: string;
}

/** The starting buffer: a 3-replica nginx Deployment and the Service in front of it. */
export const DEFAULT_MANIFEST = `# Press Apply (Ctrl/Cmd+Enter) and watch the cluster reconcile.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
`;

const BARE_POD = `# A Pod with no controller: delete it and nothing brings it back.
apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  containers:
    - name: busybox
      image: busybox:1.37
      command: ["sleep", "3600"]
      resources:
        requests:
          cpu: 50m
          memory: 32Mi
`;

const TOO_BIG = `# Each pod asks for 3 CPUs, more than any node has: the pods stay Pending.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
  labels:
    app: big
spec:
  replicas: 1
  selector:
    matchLabels:
      app: big
  template:
    metadata:
      labels:
        app: big
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          resources:
            requests:
              cpu: "3"
              memory: 64Mi
`;

export const SAMPLES: readonly Sample[] = [
  { id: 'web', labelId: 'editor.sample.web', yaml: DEFAULT_MANIFEST },
  { id: 'pod', labelId: 'editor.sample.pod', yaml: BARE_POD },
  { id: 'too-big', labelId: 'editor.sample.tooBig', yaml: TOO_BIG },
  { id: 'anti-affinity', labelId: 'editor.sample.antiAffinity', yaml: ANTI_AFFINITY },
  { id: 'spread', labelId: 'editor.sample.spread', yaml: SPREAD },
  { id: 'bin-packing', labelId: 'editor.sample.binPacking', yaml: BIN_PACKING },
  { id: 'fill', labelId: 'editor.sample.fill', yaml: FILL_WORKERS },
  { id: 'preemption', labelId: 'editor.sample.preemption', yaml: PREEMPTION },
  { id: 'three-tier', labelId: 'editor.sample.threeTier', yaml: THREE_TIER },
  { id: 'default-deny', labelId: 'editor.sample.defaultDeny', yaml: DEFAULT_DENY },
  { id: 'tiers-policy', labelId: 'editor.sample.tiersPolicy', yaml: TIERS_POLICY },
  { id: 'ingress-controller', labelId: 'editor.sample.ingressController', yaml: INGRESS_NGINX_CONTROLLER },
  { id: 'ingress-demo', labelId: 'editor.sample.ingressDemo', yaml: INGRESS_FANOUT_DEMO },
  { id: 'website-operator', labelId: 'editor.sample.websiteOperator', yaml: WEBSITE_OPERATOR },
  { id: 'website', labelId: 'editor.sample.website', yaml: WEBSITE_EXAMPLE },
];

/**
 * The buffer after inserting `sample` at the end of `current`, as its own YAML document. Returns
 * the text to insert (with the `---` separator when the buffer already holds something).
 */
export function sampleInsertion(current: string, sample: string): string {
  if (current.trim() === '') return sample;
  const sep = current.endsWith('\n') ? '' : '\n';
  return `${sep}---\n${sample}`;
}
