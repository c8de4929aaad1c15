// How the editor's Diff preview shows one object's `diff -u` output: hunks only, each line classed.

import type { DocumentDiff } from '../../worker/protocol';

export type DiffRowKind = 'hunk' | 'add' | 'remove' | 'context';

export interface DiffRow {
  kind: DiffRowKind;
  text: string;
}

/**
 * The rows of a `diff -u -N` section: its `diff`/`---`/`+++` header (temporary file names) is left
 * out, `@@` lines start hunks, and `+`/`-`/` ` mark added, removed and unchanged lines.
 */
export function diffRows(diff: string): DiffRow[] {
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const firstHunk = lines.findIndex((l) => l.startsWith('@@'));
  if (firstHunk < 0) return [];
  return lines.slice(firstHunk).map((text) => {
    if (text.startsWith('@@')) return { kind: 'hunk', text };
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'remove', text };
    return { kind: 'context', text };
  });
}

/** `Deployment/web`, `Namespace/dev`, or '' for a document that could not be read. */
export function refLabel(ref: DocumentDiff['ref']): string {
  if (!ref.kind) return '';
  return `${ref.kind}/${ref.name}`;
}

/** How many documents fall in each change, for the summary line. */
export function countChanges(docs: readonly DocumentDiff[]): Record<DocumentDiff['change'], number> {
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const d of docs) counts[d.change]++;
  return counts;
}
