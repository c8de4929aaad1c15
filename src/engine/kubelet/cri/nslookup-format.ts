// How `nslookup` prints the answers to the queries a pod's resolver sent: busybox's applet or bind's tool.
// UPSTREAM: none — busybox networking/nslookup.c and bind9 bin/dig/nslookup.c output formats.
// SIMPLIFICATION: the fallback when the ExecContext has no `askDns` (src/engine/dns/nslookup.ts is the
// full one): formats ExecContext.lookup's answers; no "Non-authoritative answer:", no SRV/PTR layouts.

import type { DnsLookup } from '../../api/trace';

export interface NslookupText {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const bare = (name: string) => name.replace(/\.$/, '');

/** Format the lookups (in the order the resolver sent them); exit 1 when nothing answered. */
export function formatNslookup(flavour: 'busybox' | 'bind', asked: string, server: string, lookups: readonly DnsLookup[]): NslookupText {
  const answered = lookups.filter((l) => l.rcode === 'NOERROR' && l.answers.length > 0);
  if (flavour === 'busybox') {
    // busybox sends every search-list query and prints each reply as it comes.
    let stdout = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    let stderr = '';
    for (const l of lookups) {
      if (l.rcode === 'NOERROR' && l.answers.length > 0) stdout += l.answers.map((a) => `Name:\t${bare(l.name)}\nAddress: ${a}\n`).join('') + '\n';
      else if (l.rcode !== 'NOERROR') stderr += `** server can't find ${bare(l.name)}: ${l.rcode}\n\n`;
    }
    return { stdout, stderr, exitCode: answered.length > 0 ? 0 : 1 };
  }
  // bind's nslookup stops at the first name of the search list that answers.
  let stdout = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const hit = answered[0];
  if (!hit) {
    const rcode = lookups.find((l) => l.rcode !== 'NOERROR')?.rcode ?? 'NXDOMAIN';
    stdout += `** server can't find ${bare(asked)}: ${rcode}\n\n`;
    return { stdout, stderr: '', exitCode: 1 };
  }
  stdout += hit.answers.map((a) => `Name:\t${bare(hit.name)}\nAddress: ${a}\n`).join('') + '\n';
  return { stdout, stderr: '', exitCode: 0 };
}
