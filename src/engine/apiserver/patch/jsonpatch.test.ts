import { describe, expect, it } from 'vitest';
import { applyJsonPatch, decodeJsonPatch, type JsonPatchOperation } from './jsonpatch';

const doc = { spec: { replicas: 1, containers: [{ name: 'a' }, { name: 'b' }] }, metadata: { labels: { 'app/x': 'y' } } };

describe('applyJsonPatch', () => {
  const ok: Array<[string, JsonPatchOperation[], unknown]> = [
    ['replace a scalar', [{ op: 'replace', path: '/spec/replicas', value: 3 }], { ...doc, spec: { ...doc.spec, replicas: 3 } }],
    ['add to the end of a list', [{ op: 'add', path: '/spec/containers/-', value: { name: 'c' } }], { ...doc, spec: { ...doc.spec, containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } }],
    ['insert into a list', [{ op: 'add', path: '/spec/containers/0', value: { name: 'z' } }], { ...doc, spec: { ...doc.spec, containers: [{ name: 'z' }, { name: 'a' }, { name: 'b' }] } }],
    ['remove a list element', [{ op: 'remove', path: '/spec/containers/0' }], { ...doc, spec: { ...doc.spec, containers: [{ name: 'b' }] } }],
    ['escaped key (~1)', [{ op: 'remove', path: '/metadata/labels/app~1x' }], { ...doc, metadata: { labels: {} } }],
    ['move', [{ op: 'move', from: '/spec/replicas', path: '/spec/count' }], { ...doc, spec: { containers: doc.spec.containers, count: 1 } }],
    ['copy', [{ op: 'copy', from: '/spec/containers/1', path: '/spec/containers/0' }], { ...doc, spec: { ...doc.spec, containers: [{ name: 'b' }, { name: 'a' }, { name: 'b' }] } }],
    ['test then replace', [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'replace', path: '/spec/replicas', value: 2 }], { ...doc, spec: { ...doc.spec, replicas: 2 } }],
  ];
  it.each(ok)('%s', (_name, patch, want) => {
    const r = applyJsonPatch(doc, patch);
    expect(r).toEqual({ ok: true, doc: want });
  });

  const bad: Array<[string, JsonPatchOperation[], string]> = [
    ['test fails', [{ op: 'test', path: '/spec/replicas', value: 9 }], 'testing value /spec/replicas failed: test failed'],
    ['replace a missing key', [{ op: 'replace', path: '/spec/paused', value: true }], 'replace operation does not apply: doc is missing key: /spec/paused: missing value'],
    ['remove a missing key', [{ op: 'remove', path: '/spec/paused' }], 'remove operation does not apply: doc is missing key: /spec/paused: missing value'],
    ['add under a missing parent', [{ op: 'add', path: '/status/x/y', value: 1 }], 'add operation does not apply: doc is missing path: "/status/x/y": missing value'],
    ['index out of range', [{ op: 'add', path: '/spec/containers/5', value: {} }], 'Unable to access invalid index: 5: invalid index referenced'],
    ['move from a missing path', [{ op: 'move', from: '/nope/x', path: '/a' }], 'move operation does not apply: doc is missing from path: /nope/x: missing value'],
    ['unknown op', [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
  ];
  it.each(bad)('%s', (_name, patch, error) => {
    expect(applyJsonPatch(doc, patch)).toEqual({ ok: false, error });
  });

  it('applies all or nothing and never mutates its input', () => {
    const before = JSON.stringify(doc);
    expect(applyJsonPatch(doc, [{ op: 'replace', path: '/spec/replicas', value: 5 }, { op: 'test', path: '/spec/replicas', value: 1 }]).ok).toBe(false);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('decodes only arrays of operations', () => {
    expect(decodeJsonPatch({ op: 'add' })).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    expect(decodeJsonPatch([1])).toBe('json: cannot unmarshal number into Go value of type jsonpatch.Operation');
    expect(decodeJsonPatch([])).toBeUndefined();
  });
});
