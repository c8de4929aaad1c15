// Apply diagnostics as editor markers, and which of them survive the learner's edits. Pure: the
// Monaco side (setModelMarkers) lives in EditorPanel; here only lines, columns and documents.
// A marker belongs to the document it came from; editing anywhere in that document clears all of
// its markers (the engine's verdict no longer describes the text), edits elsewhere shift them.

import type { ApplyResult } from '../../worker/protocol';

export interface MarkerSpan {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** One applied document: the lines it spans now and the markers the engine reported for it. */
export interface TrackedDocument {
  index: number;
  startLine: number;
  /** inclusive */
  endLine: number;
  markers: MarkerSpan[];
}

/** An edit in the coordinates of the text before it (Monaco's IModelContentChange, reduced). */
export interface LineEdit {
  startLine: number;
  endLine: number;
  /** number of line breaks in the inserted text */
  insertedLineBreaks: number;
}

/**
 * Documents and their markers from an apply reply. `lineMaxColumn(line)` is the column just past
 * the last character of a line; a diagnostic without an end is underlined to the end of its line
 * (or, when it points past the end, across the whole line).
 */
export function trackApplyResult(
  result: ApplyResult,
  lineCount: number,
  lineMaxColumn: (line: number) => number,
): TrackedDocument[] {
  const docs = [...result.documents].sort((a, b) => a.startLine - b.startLine);
  return docs.map((d, i) => {
    const startLine = clamp(d.startLine, 1, lineCount);
    const endLine = i + 1 < docs.length ? Math.max(startLine, docs[i + 1].startLine - 1) : lineCount;
    const markers = d.diagnostics.map((diag): MarkerSpan => {
      const line = clamp(diag.line, 1, lineCount);
      const max = lineMaxColumn(line);
      let startColumn = clamp(diag.column, 1, max);
      const endLine = clamp(diag.endLine ?? line, line, lineCount);
      let endColumn = diag.endColumn ?? (endLine === line ? max : lineMaxColumn(endLine));
      if (endLine === line && endColumn <= startColumn) {
        // A point diagnostic, or one past the end of its line: underline the whole line.
        startColumn = startColumn >= max ? 1 : startColumn;
        endColumn = max > startColumn ? max : startColumn + 1;
      }
      return { startLine: line, startColumn, endLine, endColumn, message: diag.message };
    });
    return { index: d.index, startLine, endLine, markers };
  });
}

/**
 * The tracked documents after one model change event. Monaco reports every change of an event in
 * the coordinates before the event, so they are applied from the bottom of the text upwards.
 */
export function applyEdits(docs: TrackedDocument[], edits: LineEdit[]): TrackedDocument[] {
  let out = docs;
  const sorted = [...edits].sort((a, b) => b.startLine - a.startLine);
  for (const e of sorted) {
    const delta = e.insertedLineBreaks - (e.endLine - e.startLine);
    out = out.flatMap((d): TrackedDocument[] => {
      if (d.endLine < e.startLine) return [d];
      if (d.startLine > e.endLine) return [shift(d, delta)];
      return []; // the edit touches this document: its verdict is stale
    });
  }
  return out;
}

export function allMarkers(docs: TrackedDocument[]): MarkerSpan[] {
  return docs.flatMap((d) => d.markers);
}

function shift(d: TrackedDocument, delta: number): TrackedDocument {
  if (delta === 0) return d;
  return {
    index: d.index,
    startLine: d.startLine + delta,
    endLine: d.endLine + delta,
    markers: d.markers.map((m) => ({ ...m, startLine: m.startLine + delta, endLine: m.endLine + delta })),
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}
