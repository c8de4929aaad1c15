// A running `kubectl get -w` in the terminal: the worker streams its rows (`watchOutput`), which are
// appended to the entry that started it until the learner presses Ctrl+C or Stop, or runs another
// command (`^C` is printed, as a shell echoes it). Lives outside React so the watch keeps printing
// while another dock tab is open.

import { engineClient } from '../bridge/engine-client';
import { terminalSession, updateTerminalEntry } from './terminal-bus';

/** Lines a watching entry keeps; older rows scroll away (a terminal's scrollback). */
export const MAX_WATCH_LINES = 2000;

/** `stdout` with `text` appended, keeping the newest `maxLines` lines. */
export function appendWatchOutput(stdout: string, text: string, maxLines = MAX_WATCH_LINES): string {
  const joined = stdout + text;
  let cut = 0;
  let lines = 0;
  // Count from the end: a complete last line ends in '\n', so it is line 1 once we pass its start.
  for (let i = joined.length - 2; i >= 0; i--) {
    if (joined[i] !== '\n') continue;
    lines++;
    if (lines >= maxLines) {
      cut = i + 1;
      break;
    }
  }
  return cut > 0 ? joined.slice(cut) : joined;
}

/** What `^C` leaves after the output: on a line of its own. */
export function interruptedOutput(stdout: string): string {
  return `${stdout}${stdout === '' || stdout.endsWith('\n') ? '' : '\n'}^C\n`;
}

let active: { entryId: number; watchId: number } | null = null;
let unsubscribe: (() => void) | null = null;

export function isWatching(): boolean {
  return active !== null;
}

/** The entry `entryId` now shows watch `watchId`'s rows (one watch at a time). */
export function startTerminalWatch(entryId: number, watchId: number): void {
  stopTerminalWatch();
  active = { entryId, watchId };
  unsubscribe ??= engineClient.onWatchOutput((msg) => {
    if (!active || msg.watchId !== active.watchId) return;
    const entry = terminalSession.entries.find((e) => e.id === active?.entryId);
    if (!entry) {
      // cleared from the screen (clear, Ctrl+L): nothing is left to print into
      stopTerminalWatch();
      return;
    }
    updateTerminalEntry(entry.id, {
      stdout: appendWatchOutput(entry.stdout, msg.stdout),
      ...(msg.ended ? { watching: false, watchEnded: true } : {}),
    });
    if (msg.ended) active = null;
  });
  updateTerminalEntry(entryId, { watching: true, pending: false });
}

/** Ctrl+C: stop the running watch and print `^C` under its rows. False when none was running. */
export function stopTerminalWatch(): boolean {
  if (!active) return false;
  const { entryId, watchId } = active;
  active = null;
  engineClient.send({ kind: 'stopWatch', watchId });
  const entry = terminalSession.entries.find((e) => e.id === entryId);
  if (entry) updateTerminalEntry(entryId, { stdout: interruptedOutput(entry.stdout), watching: false });
  return true;
}
