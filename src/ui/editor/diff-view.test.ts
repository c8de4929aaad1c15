import { describe, expect, it } from 'vitest';
import type { DocumentDiff } from '../../worker/protocol';
import { countChanges, diffRows, refLabel } from './diff-view';

const section =
  'diff -u -N /tmp/LIVE-1/apps.v1.Deployment.default.web /tmp/MERGED-2/apps.v1.Deployment.default.web\n' +
  '--- /tmp/LIVE-1/apps.v1.Deployment.default.web\t2026-01-01 00:00:00.000000000 +0000\n' +
  '+++ /tmp/MERGED-2/apps.v1.Deployment.default.web\t2026-01-01 00:00:00.000000000 +0000\n' +
  '@@ -7,3 +7,3 @@\n spec:\n-  replicas: 3\n+  replicas: 5\n   selector:\n';

describe('diffRows', () => {
  it('drops the file header and classes every hunk line', () => {
    expect(diffRows(section)).toEqual([
      { kind: 'hunk', text: '@@ -7,3 +7,3 @@' },
      { kind: 'context', text: ' spec:' },
      { kind: 'remove', text: '-  replicas: 3' },
      { kind: 'add', text: '+  replicas: 5' },
      { kind: 'context', text: '   selector:' },
    ]);
  });

  it('has no rows for an empty diff', () => {
    expect(diffRows('')).toEqual([]);
  });
});

describe('refLabel and countChanges', () => {
  const doc = (change: DocumentDiff['change'], kind = 'Deployment'): DocumentDiff => ({
    ref: { kind, name: 'web' }, change, diff: '', index: 0, startLine: 1,
  });

  it('names the object as Kind/name', () => {
    expect(refLabel(doc('create').ref)).toBe('Deployment/web');
    expect(refLabel(doc('error', '').ref)).toBe('');
  });

  it('counts the documents per change', () => {
    expect(countChanges([doc('create'), doc('update'), doc('update'), doc('error')])).toEqual({ create: 1, update: 2, unchanged: 0, error: 1 });
  });
});
