import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_MANIFEST, SAMPLES, sampleInsertion } from './samples';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML is walked freely in assertions
type Doc = Record<string, any>;

function docs(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Doc;
  });
}

describe('samples', () => {
  it('the default manifest is a 3-replica nginx Deployment web and a Service web on port 80', () => {
    const [deploy, svc, ...rest] = docs(DEFAULT_MANIFEST);
    expect(rest).toHaveLength(0);
    expect(deploy).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
    expect(deploy.spec.replicas).toBe(3);
    expect(deploy.spec.selector.matchLabels).toEqual({ app: 'web' });
    expect(deploy.spec.template.metadata.labels).toEqual({ app: 'web' });
    const c = deploy.spec.template.spec.containers[0];
    expect(c.image).toMatch(/^nginx/);
    expect(c.resources.requests).toEqual({ cpu: '100m', memory: '64Mi' });
    expect(svc).toMatchObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.ports[0].port).toBe(80);
  });

  it('the too-big sample requests 3 CPUs, more than a 2-CPU node has', () => {
    const [d] = docs(SAMPLES.find((s) => s.id === 'too-big')!.yaml);
    expect(d.kind).toBe('Deployment');
    expect(d.spec.template.spec.containers[0].resources.requests.cpu).toBe('3');
  });

  it('the pod sample is a bare Pod without owner', () => {
    const [p] = docs(SAMPLES.find((s) => s.id === 'pod')!.yaml);
    expect(p.kind).toBe('Pod');
    expect(p.metadata.ownerReferences).toBeUndefined();
  });

  it.each([
    ['an empty buffer', '', 1],
    ['a buffer ending with a newline', DEFAULT_MANIFEST, 3],
    ['a buffer without a final newline', DEFAULT_MANIFEST.trimEnd(), 3],
  ])('inserting a sample into %s adds exactly one document', (_name, current, expected) => {
    const pod = SAMPLES.find((s) => s.id === 'pod')!.yaml;
    const text = current + sampleInsertion(current, pod);
    const all = docs(text);
    expect(all).toHaveLength(expected);
    expect(all[all.length - 1].kind).toBe('Pod');
  });
});
