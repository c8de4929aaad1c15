// The connection tracking table and `conntrack -L`'s text.
// UPSTREAM: conntrack-tools src/conntrack.c (the summary line on stderr), libnetfilter_conntrack
// src/conntrack/snprintf_default.c (entry layout: `proto protonum timeout [state] orig [UNREPLIED]
// reply [ASSURED] mark=N use=N`)
// SIMPLIFICATION: no zones, labels, secctx or counters.

export const CONNTRACK_VERSION = 'v1.4.8';

export interface ConntrackTuple {
  src: string;
  dst: string;
  /** tcp/udp/sctp */
  sport?: number;
  dport?: number;
  /** icmp */
  type?: number;
  code?: number;
  id?: number;
}

export interface ConntrackEntry {
  proto: 'tcp' | 'udp' | 'sctp' | 'icmp';
  /** seconds left before the entry expires */
  timeout: number;
  /** TCP/SCTP state (`ESTABLISHED`, `TIME_WAIT`, ...) */
  state?: string;
  original: ConntrackTuple;
  /**
   * The tuple the reply is expected with. DNAT shows as reply.src != original.dst, SNAT or
   * MASQUERADE as reply.dst != original.src.
   */
  reply: ConntrackTuple;
  unreplied?: boolean;
  assured?: boolean;
  mark?: number;
}

const PROTO_NUM: Record<ConntrackEntry['proto'], number> = { tcp: 6, udp: 17, sctp: 132, icmp: 1 };

function tuple(t: ConntrackTuple, proto: ConntrackEntry['proto']): string {
  const base = `src=${t.src} dst=${t.dst}`;
  if (proto === 'icmp') return `${base} type=${t.type ?? 0} code=${t.code ?? 0} id=${t.id ?? 0}`;
  return `${base} sport=${t.sport ?? 0} dport=${t.dport ?? 0}`;
}

export function formatConntrackEntry(e: ConntrackEntry): string {
  const parts = [`${e.proto.padEnd(8)} ${PROTO_NUM[e.proto]} ${e.timeout}`];
  if (e.state) parts.push(e.state);
  parts.push(tuple(e.original, e.proto));
  if (e.unreplied) parts.push('[UNREPLIED]');
  parts.push(tuple(e.reply, e.proto));
  if (e.assured) parts.push('[ASSURED]');
  parts.push(`mark=${e.mark ?? 0} use=1`);
  return parts.join(' ');
}

/** `conntrack -L`: entries on stdout, the count on stderr. */
export function conntrackList(entries: readonly ConntrackEntry[]): { stdout: string; stderr: string } {
  return {
    stdout: entries.map((e) => `${formatConntrackEntry(e)}\n`).join(''),
    stderr: `conntrack ${CONNTRACK_VERSION} (conntrack-tools): ${entries.length} flow entries have been shown.\n`,
  };
}

const CT_HINT = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

/** The `conntrack` command: `-L`/`--dump` (with -p/-s/-d filters) and `-C`/`--count`. */
export function runConntrack(entries: readonly ConntrackEntry[], args: string[]): { stdout: string; stderr: string; exitCode: number } {
  let command: 'list' | 'count' | undefined;
  let proto: string | undefined;
  let src: string | undefined;
  let dst: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-L' || a === '--dump') command = 'list';
    else if (a === '-C' || a === '--count') command = 'count';
    else if (a === '-p' || a === '--proto') proto = args[++i];
    else if (a === '-s' || a === '--src' || a === '--orig-src') src = args[++i];
    else if (a === '-d' || a === '--dst' || a === '--orig-dst') dst = args[++i];
    else if (a === '-n' || a === '-o' || a === 'conntrack') {
      if (a === '-o') i++;
    } else if (a === '-E' || a === '--event' || a === '-F' || a === '--flush' || a === '-D' || a === '--delete' || a === '-I' || a === '-U') {
      return { stdout: '', stderr: `conntrack ${CONNTRACK_VERSION} (conntrack-tools): ${a}: not simulated in this sandbox (read-only; try conntrack -L)\n`, exitCode: 1 };
    } else if (a === '-V' || a === '--version') return { stdout: `conntrack ${CONNTRACK_VERSION} (conntrack-tools)\n`, stderr: '', exitCode: 0 };
    else return { stdout: '', stderr: `conntrack ${CONNTRACK_VERSION} (conntrack-tools): Bad parameter \`${a}'\n${CT_HINT}`, exitCode: 2 };
  }
  if (!command) return { stdout: '', stderr: `conntrack ${CONNTRACK_VERSION} (conntrack-tools): no command specified\n${CT_HINT}`, exitCode: 2 };
  const shown = entries.filter((e) => (!proto || e.proto === proto) && (!src || e.original.src === src) && (!dst || e.original.dst === dst));
  if (command === 'count') return { stdout: `${shown.length}\n`, stderr: '', exitCode: 0 };
  return { ...conntrackList(shown), exitCode: 0 };
}
