import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CNI_NAMES, PROXY_MODE_NAMES } from '../../worker/protocol';
import {
  applyBatches, decodeScenarioText, decodeShareFragment, encodeScenarioText, encodeShareFragment, makeScenario, manifestsToYaml, MAX_FILE_BYTES, MAX_FRAGMENT_CHARS, SHARE_PREFIX,
  validateScenario, type Scenario,
} from './scenario-codec';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const manifest = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1'),
  kind: fc.constantFrom('Pod', 'Deployment', 'Service', 'ConfigMap', 'Job'),
  metadata: fc.record({ name, namespace: fc.constantFrom('default', 'team-a') }, { requiredKeys: ['name'] }),
  spec: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), { nil: undefined }),
});
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    settings: fc.record(
      {
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        workerNodes: fc.integer({ min: 1, max: 5 }),
        cni: fc.constantFrom(...CNI_NAMES),
        proxyMode: fc.constantFrom(...PROXY_MODE_NAMES),
      },
      { requiredKeys: ['seed', 'workerNodes'] },
    ),
    manifests: fc.array(manifest, { maxLength: 6 }),
    editor: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
  })
  .map(({ settings, manifests, editor }) => makeScenario(settings, JSON.parse(JSON.stringify(manifests)) as Array<Record<string, unknown>>, editor));

function web(): Scenario {
  return makeScenario({ seed: 1, workerNodes: 3, cni: 'flannel-vxlan' }, [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }], 'kind: Pod\n');
}

describe('scenario files', () => {
  it('round-trips any valid scenario', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = decodeScenarioText(encodeScenarioText(s));
        expect(r).toEqual({ ok: true, scenario: s });
      }),
    );
  });

  it('refuses a wrong version with the version it read', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer().filter((v) => v !== 1), fc.string()), (version) => {
        const r = decodeScenarioText(JSON.stringify({ ...web(), version }));
        expect(r).toEqual({ ok: false, issues: [{ path: 'version', code: 'wrongVersion', detail: JSON.stringify(version) }] });
      }),
    );
  });

  it('refuses oversized input before parsing it', () => {
    const r = decodeScenarioText('{', MAX_FILE_BYTES + 1);
    expect(r).toEqual({ ok: false, issues: [{ path: '$', code: 'tooLarge', detail: String(MAX_FILE_BYTES) }] });
  });

  it('says where each problem is', () => {
    const s = web() as unknown as Record<string, unknown>;
    const bad = {
      ...s,
      extra: 1,
      settings: { seed: 1.5, workerNodes: 0, cni: 'weave', hack: true },
      manifests: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: '' } }, 'x', { kind: 'Pod', metadata: {} }],
    };
    const r = validateScenario(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'extra:unknownField',
      'settings.hack:unknownField',
      'settings.seed:notInteger',
      'settings.workerNodes:outOfRange',
      'settings.cni:notOneOf',
      'manifests[0].metadata.name:notString',
      'manifests[1]:notObject',
      'manifests[2].apiVersion:missing',
      'manifests[2].metadata.name:missing',
    ]);
  });

  it('refuses malformed JSON and non-scenarios', () => {
    expect(decodeScenarioText('{"format":')).toMatchObject({ ok: false, issues: [{ path: '$', code: 'notJson' }] });
    expect(decodeScenarioText('[1,2]')).toMatchObject({ ok: false, issues: [{ path: '$', code: 'notObject' }] });
    expect(decodeScenarioText('{"format":"other"}')).toMatchObject({ ok: false, issues: [{ path: 'format', code: 'wrongFormat' }] });
  });

  it('refuses manifests nested deeper than any real object', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 60; i++) deep = { a: deep };
    const r = validateScenario({ ...web(), manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: deep }] });
    expect(r).toMatchObject({ ok: false, issues: [{ path: 'manifests[0]', code: 'tooDeep' }] });
  });

  // Tampering: any single field replaced by a value of the wrong type is refused, never accepted silently.
  it('refuses a field replaced by a wrong-typed value', () => {
    const paths: Array<(s: Record<string, unknown>, v: unknown) => void> = [
      (s, v) => ((s.settings as Record<string, unknown>).workerNodes = v),
      (s, v) => ((s.settings as Record<string, unknown>).seed = v),
      (s, v) => (((s.manifests as unknown[])[0] as Record<string, unknown>).kind = v),
      (s, v) => (((s.manifests as unknown[])[0] as Record<string, unknown>).metadata = v),
      (s, v) => (s.manifests = v),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: paths.length - 1 }), fc.oneof(fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([1]), fc.double({ noInteger: true })), (i, v) => {
        const s = JSON.parse(JSON.stringify(web())) as Record<string, unknown>;
        paths[i](s, v);
        expect(validateScenario(s).ok).toBe(false);
      }),
    );
  });

  it('joins manifests into one text apply reads as documents', () => {
    expect(manifestsToYaml([{ kind: 'A' }, { kind: 'B' }])).toBe('{"kind":"A"}\n{"kind":"B"}');
  });
});

describe('share links', () => {
  it('round-trip through the fragment', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const fragment = await encodeShareFragment(s);
        expect(fragment.startsWith(SHARE_PREFIX)).toBe(true);
        expect(fragment.slice(SHARE_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(await decodeShareFragment(fragment)).toEqual({ ok: true, scenario: s });
      }),
      { numRuns: 40 },
    );
  });

  it('ignore fragments that carry no scenario', async () => {
    expect(await decodeShareFragment('#section-2')).toBeUndefined();
  });

  it('refuse damaged, oversized and tampered links', async () => {
    expect(await decodeShareFragment('#scenario=***')).toMatchObject({ ok: false, issues: [{ code: 'badEncoding' }] });
    expect(await decodeShareFragment(`#scenario=${'A'.repeat(MAX_FRAGMENT_CHARS + 1)}`)).toMatchObject({ ok: false, issues: [{ code: 'tooLarge' }] });
    // valid base64url that is not deflate data
    expect(await decodeShareFragment('#scenario=AAECAwQFBgcICQ')).toMatchObject({ ok: false });
    // a well-formed link to a tampered scenario
    const tampered = await encodeShareFragment({ ...web(), settings: { seed: 1, workerNodes: 500 } });
    expect(await decodeShareFragment(tampered)).toMatchObject({ ok: false, issues: [{ path: 'settings.workerNodes', code: 'outOfRange' }] });
  });

  it('stop inflating a small link that expands past the file limit (a zip bomb)', async () => {
    const bomb = makeScenario({ seed: 1, workerNodes: 1 }, [], ' '.repeat(MAX_FILE_BYTES + 100));
    const fragment = await encodeShareFragment(bomb);
    expect(fragment.length).toBeLessThan(MAX_FRAGMENT_CHARS);
    expect(await decodeShareFragment(fragment)).toEqual({ ok: false, issues: [{ path: '#scenario', code: 'tooLarge', detail: String(MAX_FILE_BYTES) }] });
  });
});

describe('applyBatches', () => {
  it('applies CustomResourceDefinitions before the custom resources that need them, keeping the rest in order', () => {
    const crd = { kind: 'CustomResourceDefinition', metadata: { name: 'websites.learn.kube-sandbox.dev' } };
    const ns = { kind: 'Namespace', metadata: { name: 'a' } };
    const site = { kind: 'Website', metadata: { name: 'blog' } };
    expect(applyBatches([ns, site, crd])).toEqual([[crd], [ns, site]]);
    expect(applyBatches([ns, site])).toEqual([[ns, site]]);
    expect(applyBatches([])).toEqual([]);
  });
});
