// A KubectlContext over a real ApiServer (defaulting, validation, admission), for tests of kubectl's
// writing commands (create, replace, patch, scale), with a Deployment manifest they share. Test-only.

import { ApiServer } from '../apiserver/apiserver';
import { Store } from '../apiserver/store';
import { validateObject } from '../apiserver/validation/validate';
import { RngStreams } from '../sim/rng';
import { runKubectl, type KubectlContext } from '../kubectl/kubectl';

/** A KubectlContext over a real ApiServer (validation included), with files to read. */
export function apiKubectlContext(files: Record<string, string> = {}) {
  const store = new Store();
  const api = new ApiServer(store, new RngStreams(1), () => 0, { serviceCIDR: '10.96.0.0/12', epochMs: Date.UTC(2026, 0, 1) });
  api.addValidator((obj, resource) => validateObject(obj, resource));
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, 'test');
  const ctx: KubectlContext = {
    list: (r, ns) => api.list(r, ns),
    get: (r, ns, name) => api.get(r, ns, name),
    nowMs: () => Date.UTC(2026, 0, 1),
    apply: () => ({ ok: true, documents: [] }),
    delete: (r, ns, name) => {
      const res = api.delete(r, ns, name, 'kubectl');
      return res.ok ? { ok: true } : { ok: false, status: res.status };
    },
    readFile: (path) => {
      if (files[path] === undefined) throw new Error('ENOENT');
      return files[path];
    },
    create: (obj) => api.create(obj, 'kubectl'),
    update: (obj) => api.update(obj, 'kubectl'),
    patch: (r, ns, name, patch, type) => api.patch(r, ns, name, patch, 'kubectl', type),
    evict: (ns, name) => api.evict(ns, name, 'kubectl'),
  };
  return { api, ctx, files, run: (line: string) => runKubectl(ctx, line) };
}

/** A 2-replica nginx Deployment with a port and an env var (merge keys to patch). */
export const WEB = `apiVersion: apps/v1
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
        ports:
        - containerPort: 80
        env:
        - {name: A, value: '1'}
`;
