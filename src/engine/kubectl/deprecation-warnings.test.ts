import { beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster';
import { applyOutput } from './apply';

const WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

describe('the API server\'s deprecation warning for v1 Endpoints', () => {
  let cluster: TestCluster;
  beforeAll(() => {
    cluster = new TestCluster();
    cluster.applyOk(`apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`);
    cluster.settle();
  });

  it('comes once on stderr with every command that reads or writes Endpoints', () => {
    for (const cmd of ['get endpoints', 'get ep web', 'get ep,svc', 'describe ep web', 'get ep nope', 'label ep web tier=front', 'delete ep nope']) {
      const out = cluster.world.kubectl(cmd);
      expect(out.stderr.startsWith(WARNING), cmd).toBe(true);
      expect(out.stderr.split(WARNING)).toHaveLength(2);
    }
    expect(cluster.world.kubectl('get ep nope').stderr).toBe(`${WARNING}Error from server (NotFound): endpoints "nope" not found\n`);
  });

  it('does not come with commands that never touch Endpoints', () => {
    for (const cmd of ['get svc', 'get endpointslices', 'describe svc web', 'get all', 'api-resources']) {
      expect(cluster.world.kubectl(cmd).stderr, cmd).not.toContain('deprecated');
    }
  });

  it('comes once for an apply of Endpoints, however many documents', () => {
    const yaml = (name: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {ports: [{port: 5432}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: ${name}}
subsets: [{addresses: [{ip: 10.0.0.9}], ports: [{port: 5432}]}]
`;
    const r = cluster.world.apply(`${yaml('db1')}---\n${yaml('db2')}`);
    expect(r.ok).toBe(true);
    expect(r.documents.filter((d) => d.warnings?.includes(WARNING.trimEnd()))).toHaveLength(2);
    expect(r.documents.map((d) => d.message)).toEqual(['service/db1 created', 'endpoints/db1 created', 'service/db2 created', 'endpoints/db2 created']);
    // kubectl's warning writer prints a repeated warning once.
    expect(applyOutput(r).stderr).toBe(WARNING);
  });
});
