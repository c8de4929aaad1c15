import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../worker/protocol';
import { allMarkers, applyEdits, trackApplyResult } from './apply-markers';

// Three documents: lines 1-4, 5-8 (separator on 5), 9-12 (separator on 9).
const TEXT = [
  'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: a',
  '---', 'kind: Pod', 'metadata:', '  name: b',
  '---', 'kind: Pod', 'spec:', '  replicas: x',
];
const maxCol = (line: number) => TEXT[line - 1].length + 1;

const RESULT: ApplyResult = {
  ok: false,
  documents: [
    { index: 0, startLine: 1, ok: true, message: 'pod/a created', diagnostics: [] },
    { index: 1, startLine: 5, ok: false, message: 'error b', diagnostics: [{ line: 8, column: 9, message: 'bad name' }] },
    {
      index: 2, startLine: 9, ok: false, message: 'error c',
      diagnostics: [{ line: 12, column: 3, endLine: 12, endColumn: 11, message: 'bad replicas' }],
    },
  ],
};

describe('trackApplyResult', () => {
  it('spans each document up to the next one and the last to the end of the text', () => {
    const docs = trackApplyResult(RESULT, TEXT.length, maxCol);
    expect(docs.map((d) => [d.index, d.startLine, d.endLine])).toEqual([[0, 1, 4], [1, 5, 8], [2, 9, 12]]);
  });

  it('underlines a diagnostic without an end to the end of its line', () => {
    const [m] = trackApplyResult(RESULT, TEXT.length, maxCol)[1].markers;
    expect(m).toEqual({ startLine: 8, startColumn: 9, endLine: 8, endColumn: maxCol(8), message: 'bad name' });
  });

  it('keeps an explicit range as given', () => {
    const [m] = trackApplyResult(RESULT, TEXT.length, maxCol)[2].markers;
    expect(m).toMatchObject({ startLine: 12, startColumn: 3, endLine: 12, endColumn: 11 });
  });

  it('underlines the whole line when a diagnostic points past its end, and clamps lines to the text', () => {
    const r: ApplyResult = {
      ok: false,
      documents: [{ index: 0, startLine: 1, ok: false, message: 'x', diagnostics: [{ line: 99, column: 80, message: 'm' }] }],
    };
    const [m] = trackApplyResult(r, TEXT.length, maxCol)[0].markers;
    expect(m).toMatchObject({ startLine: 12, startColumn: 1, endLine: 12, endColumn: maxCol(12) });
  });
});

describe('applyEdits', () => {
  const docs = () => trackApplyResult(RESULT, TEXT.length, maxCol);

  it('clears only the markers of the document that was edited', () => {
    const after = applyEdits(docs(), [{ startLine: 7, endLine: 7, insertedLineBreaks: 0 }]);
    expect(allMarkers(after).map((m) => m.message)).toEqual(['bad replicas']);
  });

  it('shifts the markers of later documents when lines are inserted above them', () => {
    const after = applyEdits(docs(), [{ startLine: 2, endLine: 2, insertedLineBreaks: 2 }]);
    expect(allMarkers(after).map((m) => [m.message, m.startLine])).toEqual([['bad name', 10], ['bad replicas', 14]]);
  });

  it('shifts later markers up when lines are deleted above them', () => {
    const after = applyEdits(docs(), [{ startLine: 2, endLine: 4, insertedLineBreaks: 0 }]);
    expect(allMarkers(after).map((m) => m.startLine)).toEqual([6, 10]);
  });

  it('applies several changes of one event bottom-up, each in the original coordinates', () => {
    // one line added in document 0, document 2 edited: document 1 shifts by one, document 2 is cleared
    const after = applyEdits(docs(), [
      { startLine: 1, endLine: 1, insertedLineBreaks: 1 },
      { startLine: 11, endLine: 11, insertedLineBreaks: 0 },
    ]);
    expect(allMarkers(after).map((m) => [m.message, m.startLine])).toEqual([['bad name', 9]]);
  });

  it('an edit that spans two documents clears both', () => {
    const after = applyEdits(docs(), [{ startLine: 8, endLine: 10, insertedLineBreaks: 0 }]);
    expect(allMarkers(after)).toEqual([]);
  });
});
