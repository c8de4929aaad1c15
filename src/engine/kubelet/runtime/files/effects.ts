// What a container's program does to files, and when: the commands of its `sh -c` script (or its
// argv) grouped by the simulated time they run at (each `sleep N` moves the clock), plus the
// postStart exec hook's commands at the start.
// UPSTREAM: none (this is the shell running the manifest's command; see ../program.ts for its timing)
// SIMPLIFICATION: a loop body runs once and nothing after the loop runs (it never ends); `&&`/`||`
// chains do not carry across a sleep; server images' own entrypoints write nothing.

import type { Container } from 'kubernetes-types/core/v1';
import { imageBase, parseSleep, SHELL_IMAGES, SHELLS } from '../program';
import { parseScript, type SimpleCommand } from './userland';

/** Commands that run together, `atMs` after the container started. */
export interface TimedCommands {
  atMs: number;
  /** the shell that runs them (its words for errors) */
  shell: string;
  cmds: SimpleCommand[];
}

/** The argv a container runs (command + args, or args alone for images whose default is a shell). */
function containerArgv(c: Container): string[] {
  if (c.command?.length) return [...c.command, ...(c.args ?? [])];
  if (c.args?.length && SHELL_IMAGES.has(imageBase(c.image ?? ''))) return c.args;
  return [];
}

/** argv -> the simple commands it runs (a shell's script, or the one command). */
function commandsOf(argv: string[]): { shell: string; cmds: SimpleCommand[] } {
  const prog = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  if (SHELLS.has(prog)) {
    const i = argv.indexOf('-c');
    const parsed = i < 0 ? [] : parseScript(argv[i + 1] ?? '');
    return { shell: prog, cmds: 'error' in parsed ? [] : parsed };
  }
  if (argv.length === 0) return { shell: 'sh', cmds: [] };
  return { shell: 'sh', cmds: [{ words: argv, redirects: [], next: ';' }] };
}

/** Split commands at their sleeps: each group runs at the time the sleeps before it add up to. */
export function timeline(shell: string, cmds: SimpleCommand[], startMs = 0): TimedCommands[] {
  const out: TimedCommands[] = [];
  let at = startMs;
  let group: SimpleCommand[] = [];
  const flush = () => {
    if (group.length) out.push({ atMs: at, shell, cmds: group });
    group = [];
  };
  let inLoop = false;
  for (const c of cmds) {
    const first = c.words.find((w) => !['do', 'then', 'else', '{', '!'].includes(w)) ?? '';
    if (first === 'while' || first === 'until') inLoop = true;
    if (c.words[0] === 'done' && inLoop) break;
    const base = first.slice(first.lastIndexOf('/') + 1);
    if (base === 'sleep') {
      const arg = c.words[c.words.indexOf(first) + 1] ?? '';
      const ms = arg === 'infinity' || arg === 'inf' ? Infinity : parseSleep(arg);
      if (ms === Infinity) break;
      flush();
      at += ms ?? 0;
      continue;
    }
    if (base === 'exec' || base === 'tail') {
      group.push(c);
      break;
    }
    group.push(c);
  }
  flush();
  return out;
}

/** Everything the container's command and its postStart exec hook do to files, in time order. */
export function containerEffects(c: Container): TimedCommands[] {
  const main = commandsOf(containerArgv(c));
  const hook = c.lifecycle?.postStart?.exec?.command;
  const hooked = hook?.length ? commandsOf(hook) : undefined;
  const all = [...timeline(main.shell, main.cmds), ...(hooked ? timeline(hooked.shell, hooked.cmds) : [])];
  return all.filter((g) => g.cmds.some(writesFiles)).sort((a, b) => a.atMs - b.atMs);
}

const WRITERS = new Set(['touch', 'mkdir', 'rm', 'rmdir', 'cp', 'wget', 'cd', 'export']);

/** A command that changes files (or the shell state later ones depend on). */
function writesFiles(c: SimpleCommand): boolean {
  if (c.redirects.some((r) => !/&\d$/.test(r.op) && r.target !== '/dev/null' && !r.op.startsWith('<'))) return true;
  return c.words.some((w) => WRITERS.has(w.slice(w.lastIndexOf('/') + 1))) || c.words.some((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
}
