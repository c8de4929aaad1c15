// Shell-like command history for the kubectl terminal: Up walks back, Down walks forward, and the
// line being typed is kept as the "draft" so walking back and forth never loses it.

export interface History {
  entries: readonly string[];
  /** entries.length when not browsing */
  cursor: number;
  draft: string;
}

export const MAX_HISTORY = 200;

export function emptyHistory(entries: readonly string[] = []): History {
  return { entries, cursor: entries.length, draft: '' };
}

/** Record a submitted line (not blank, not a repeat of the last one) and stop browsing. */
export function pushHistory(h: History, line: string): History {
  const trimmed = line.trim();
  let entries = h.entries;
  if (trimmed !== '' && entries[entries.length - 1] !== trimmed) {
    entries = [...entries, trimmed].slice(-MAX_HISTORY);
  }
  return { entries, cursor: entries.length, draft: '' };
}

/** Move through history; `current` is what the input shows now. Returns the new state and text. */
export function browse(h: History, direction: 'up' | 'down', current: string): { history: History; text: string } {
  const draft = h.cursor === h.entries.length ? current : h.draft;
  const cursor =
    direction === 'up' ? Math.max(0, h.cursor - 1) : Math.min(h.entries.length, h.cursor + 1);
  if (cursor === h.cursor) return { history: h, text: current };
  const text = cursor === h.entries.length ? draft : h.entries[cursor];
  return { history: { entries: h.entries, cursor, draft }, text };
}

/** `kubectl get pods` and `get pods` both mean the same command; the prompt already says kubectl. */
export function normaliseCommand(line: string): string {
  return line.trim().replace(/^kubectl(\s+|$)/, '');
}
