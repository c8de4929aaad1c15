// YAML that network and scenario tests apply again and again: an nginx Deployment behind a Service,
// and a client pod with network tools to send packets from. Tests only.

export interface WebAppOptions {
  name?: string;
  replicas?: number;
  image?: string;
  /** ClusterIP (default) or NodePort */
  serviceType?: 'ClusterIP' | 'NodePort';
  nodePort?: number;
  /** pin the pods to one node (kubernetes.io/hostname) */
  node?: string;
  /** leave the Service out */
  noService?: boolean;
}

/** A Deployment of nginx pods labelled app=<name>, with containerPort 80, and its Service on port 80. */
export function webApp(o: WebAppOptions = {}): string {
  const name = o.name ?? 'web';
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${o.replicas ?? 3}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${o.node ? `      nodeSelector: {kubernetes.io/hostname: ${o.node}}\n` : ''}      containers: [{name: nginx, image: ${o.image ?? 'nginx:1.27'}, ports: [{containerPort: 80}]}]
`;
  if (o.noService) return deployment;
  const type = o.serviceType ?? 'ClusterIP';
  const port = `{port: 80, targetPort: 80${o.nodePort !== undefined ? `, nodePort: ${o.nodePort}` : ''}}`;
  return `${deployment}---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  type: ${type}
  selector: {app: ${name}}
  ports: [${port}]
`;
}

/** A pod that sleeps forever with curl, nslookup and ping (netshoot by default). */
export function clientPod(o: { name?: string; image?: string; node?: string; labels?: Record<string, string> } = {}): string {
  const labels = o.labels ? `\n  labels: {${Object.entries(o.labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}` : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${o.name ?? 'client'}${labels}
spec:
${o.node ? `  nodeName: ${o.node}\n` : ''}  containers: [{name: shell, image: ${o.image ?? 'nicolaka/netshoot:v0.13'}, command: [sleep, infinity]}]
`;
}
