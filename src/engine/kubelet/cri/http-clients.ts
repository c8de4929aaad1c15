// The HTTP clients a container may ship: curl (8.x/7.88 wording) and busybox wget, over a traced
// TCP connection (net.ts).
// UPSTREAM: none — curl lib/connect.c, lib/multi.c, src/tool_progress.c output; busybox networking/wget.c.
// SIMPLIFICATION: one request per run (no redirects, no retries); curl's -v and progress meter never
// interleave; wget always speaks busybox; https stops after the TCP connection (TLS is not simulated).

import type { PacketTrace } from '../../api/trace';
import type { CommandOutput } from '../../kubectl/results';
import type { Env } from './exec';
import { ERROR_TEXT } from '../runtime/files/container-fs';
import { normalizePath } from '../runtime/files/tree';
import { connectTcp, httpResponse, proxyErrorResponse, type Connection } from './net';

const out = (stdout: string, stderr = '', exitCode = 0, trace?: PacketTrace): CommandOutput => ({ stdout, stderr, exitCode, ...(trace ? { trace } : {}) });

// ---- curl ----

interface Url {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
}

function parseUrl(raw: string): Url | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const path = m[4] ? (m[4].startsWith('/') ? m[4] : `/${m[4]}`) : '/';
  return { scheme, host: m[2], port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path };
}

export function curl(e: Env, argv: string[]): CommandOutput {
  const version = e.profile.curlVersion ?? '8.11.1';
  const opts = { silent: false, showError: false, verbose: false, head: false, include: false, fail: false, toFile: false, timeoutMs: 0 };
  let rawUrl: string | undefined;
  let hostHeaderValue: string | undefined;
  const words = expandShortFlags(argv.slice(1), new Set(['m', 'o', 'H']));
  for (let i = 0; i < words.length; i++) {
    const a = words[i];
    const value = (): string | undefined => words[++i];
    if (a === '-s' || a === '--silent') opts.silent = true;
    else if (a === '-S' || a === '--show-error') opts.showError = true;
    else if (a === '-v' || a === '--verbose') opts.verbose = true;
    else if (a === '-I' || a === '--head') opts.head = true;
    else if (a === '-i' || a === '--include') opts.include = true;
    else if (a === '-f' || a === '--fail') opts.fail = true;
    else if (a === '-k' || a === '--insecure' || a === '-L' || a === '--location') continue;
    else if (a === '-o' || a === '--output') opts.toFile = value() !== '-';
    else if (a === '-H' || a === '--header') {
      // Only the Host header changes what the sandbox does (an Ingress routes by it); others are sent and ignored.
      const h = value() ?? '';
      const m = /^host:\s*(.+)$/i.exec(h);
      if (m) hostHeaderValue = m[1].trim();
    } else if (a === '-m' || a === '--max-time' || a === '--connect-timeout') {
      const v = value();
      if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return out('', `curl: option ${a}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 2);
      const ms = Number(v) * 1000;
      opts.timeoutMs = opts.timeoutMs ? Math.min(opts.timeoutMs, ms) : ms;
    } else if (a.startsWith('-') && a.length > 1) {
      return out('', `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 2);
    } else rawUrl = a;
  }
  if (rawUrl === undefined) return out('', "curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
  const url = parseUrl(rawUrl);
  if (!url) {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rawUrl)?.[1];
    if (scheme) return out('', opts.silent && !opts.showError ? '' : `curl: (1) Protocol "${scheme}" not supported\n`, 1);
    return out('', opts.silent && !opts.showError ? '' : `curl: (3) URL rejected: Malformed input to a URL function\n`, 3);
  }
  const showErrors = !opts.silent || opts.showError;
  let stderr = '';
  const v = (line: string) => {
    if (opts.verbose) stderr += `${line}\n`;
  };
  const closing = version.startsWith('7.') ? '* Closing connection 0' : '* Closing connection';
  const meterShown = !opts.silent && !e.ctx.tty && !opts.verbose;
  const failWith = (code: number, message: string, trace?: PacketTrace, spentMs = 1): CommandOutput => {
    v(closing);
    const meter = meterShown ? progressMeter(0, spentMs) : '';
    return out('', meter + stderr + (showErrors ? `curl: (${code}) ${message}\n` : ''), code, trace);
  };

  const conn = connectTcp(e.ctx, url.host, url.port, `${opts.head ? 'HEAD' : 'GET'} ${url.path} HTTP/1.1 (Host: ${url.host})`, argv.join(' '), { method: opts.head ? 'HEAD' : 'GET', host: (hostHeaderValue ?? url.host).replace(/:\d+$/, ''), path: url.path });
  if (conn.kind === 'unresolved') {
    // No DNS server answered (the query was dropped): with -m curl gives up first and says so.
    const dnsTimedOut = (conn.trace?.dns ?? []).some((l) => l.rcode === 'TIMEOUT');
    if (dnsTimedOut && opts.timeoutMs) {
      v(`* Resolving timed out after ${opts.timeoutMs} milliseconds`);
      return failWith(28, `Resolving timed out after ${opts.timeoutMs} milliseconds`, conn.trace, opts.timeoutMs);
    }
    v(`* Could not resolve host: ${url.host}`);
    return failWith(6, `Could not resolve host: ${url.host}`, conn.trace);
  }
  v(`*   Trying ${conn.ip}:${url.port}...`);
  if (conn.kind === 'refused') {
    v(`* connect to ${conn.ip} port ${url.port} failed: Connection refused`);
    v(`* Failed to connect to ${url.host} port ${url.port} after ${conn.elapsedMs} ms: Couldn't connect to server`);
    return failWith(7, `Failed to connect to ${url.host} port ${url.port} after ${conn.elapsedMs} ms: Couldn't connect to server`, conn.trace);
  }
  if (conn.kind === 'timeout') {
    // Without a curl timeout the kernel gives up first (ETIMEDOUT after tcp_syn_retries=6: 127 s)
    // and curl reports its connect error under code 28.
    const ms = opts.timeoutMs ? opts.timeoutMs + 2 : KERNEL_SYN_TIMEOUT_MS;
    const why = opts.timeoutMs ? 'Timeout was reached' : "Couldn't connect to server";
    if (opts.timeoutMs) v(`* Connection timed out after ${opts.timeoutMs + 1} milliseconds`);
    return failWith(28, `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: ${why}`, conn.trace, ms);
  }
  v(`* Connected to ${url.host} (${conn.ip}) port ${url.port}${version.startsWith('7.') ? ' (#0)' : ''}`);
  if (url.scheme === 'https') {
    // SIMPLIFICATION: TLS is modelled only where an Ingress controller terminates it, and certificates
    // are not verified (as with curl -k); elsewhere the TCP connection is what the sandbox traces.
    const tls = conn.trace?.outcome.tls;
    if (!tls) return failWith(35, `TLS is not simulated in the sandbox: the TCP connection to ${url.host} port ${url.port} succeeded`, conn.trace);
    v(`* SSL connection using TLSv1.3 (simulated: ${tls.secret ? `certificate from Secret ${tls.secret}` : 'the controller\'s default fake certificate'}; not verified)`);
  }
  const method = opts.head ? 'HEAD' : 'GET';
  const hostHeader = hostHeaderValue ?? (url.port === 80 ? url.host : `${url.host}:${url.port}`);
  v(`> ${method} ${url.path} HTTP/1.1\n> Host: ${hostHeader}\n> User-Agent: curl/${version}\n> Accept: */*\n> `);
  const proxyStatus = conn.trace?.outcome.httpStatus;
  const res = proxyStatus ? proxyErrorResponse(proxyStatus, e.ctx.epochMs) : conn.server ? httpResponse(conn.server.profile, method, url.path, e.ctx.epochMs, conn.server) : undefined;
  if (!res) {
    const r = nonHttpReply(conn);
    return failWith(r.code, r.message, conn.trace);
  }
  const headerText = `HTTP/1.1 ${res.status} ${res.reason}\r\n${res.headers.map(([k, val]) => `${k}: ${val}\r\n`).join('')}\r\n`;
  for (const line of headerText.split('\r\n').slice(0, -1)) v(`< ${line}`);
  if (opts.fail && res.status >= 400) {
    v(closing);
    return out('', stderr + (showErrors ? `curl: (22) The requested URL returned error: ${res.status}\n` : ''), 22, conn.trace);
  }
  const body = method === 'HEAD' ? '' : res.body;
  let stdout = '';
  if (opts.head || opts.include) stdout += headerText;
  if (!opts.toFile) stdout += body;
  if (meterShown) stderr = progressMeter(body.length) + stderr;
  v(`* Connection #0 to host ${url.host} left intact`);
  return out(stdout, stderr, 0, conn.trace);
}

const KERNEL_SYN_TIMEOUT_MS = 127_003;

/** Split clustered short options (`-sSv`, `-m5`) as curl's getopt does; a value-taking letter takes the rest. */
function expandShortFlags(words: string[], takesValue: ReadonlySet<string>): string[] {
  const outWords: string[] = [];
  for (const w of words) {
    if (!/^-[A-Za-z]{2,}/.test(w)) {
      outWords.push(w);
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      outWords.push(`-${w[j]}`);
      if (takesValue.has(w[j])) {
        if (j + 1 < w.length) outWords.push(w.slice(j + 1));
        break;
      }
    }
  }
  return outWords;
}

/** What curl makes of a server that does not speak HTTP. */
function nonHttpReply(conn: Connection & { kind: 'connected' }): { code: number; message: string } {
  const base = conn.server?.profile.base;
  // redis and mysql talk first or answer with their own protocol: curl sees no HTTP status line.
  if (base === 'redis' || base === 'mysql') return { code: 1, message: 'Received HTTP/0.9 when not allowed' };
  return { code: 52, message: 'Empty reply from server' };
}

/**
 * curl's progress meter, shown on stderr when stdout is not a terminal (kubectl exec without -t):
 * the final line of a transfer of `bytes` (0 for a failed one) after `spentMs`.
 */
function progressMeter(bytes: number, spentMs = 1): string {
  const size = (n: number) => (n < 100_000 ? String(n) : `${Math.round(n / 1024)}k`).padStart(5);
  const speed = size(bytes === 0 ? 0 : Math.round((bytes * 1000) / Math.max(1, spentMs)));
  const pct = bytes === 0 ? '  0' : '100';
  const s = Math.floor(spentMs / 1000);
  const spent = s === 0 ? '--:--:--' : ` ${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return (
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    `${pct} ${size(bytes)}  ${pct} ${size(bytes)}    0     0  ${speed}      0 --:--:-- ${spent} --:--:-- ${speed}\n`
  );
}

// ---- wget (busybox) ----

export function wget(e: Env, argv: string[]): CommandOutput {
  let quiet = false;
  let output: string | undefined;
  let timeoutS = 0;
  let rawUrl: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-q') quiet = true;
    else if (a === '-qO-' || a === '-qO' || a === '-q-O-') {
      quiet = true;
      output = a === '-qO' ? argv[++i] : '-';
    } else if (a === '-O') output = argv[++i];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-T') timeoutS = Number(argv[++i]);
    else if (a === '--spider' || a === '-S') continue;
    else if (a.startsWith('-')) return out('', `wget: unrecognized option '${a.replace(/^-+/, '')}'\nBusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n`, 1);
    else rawUrl = a;
  }
  if (!rawUrl) return out('', 'BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n', 1);
  const url = parseUrl(rawUrl);
  if (!url) return out('', `wget: not an http or ftp url: ${rawUrl}\n`, 1);
  let stderr = '';
  const conn = connectTcp(e.ctx, url.host, url.port, `GET ${url.path} HTTP/1.1 (Host: ${url.host})`, argv.join(' '), { method: 'GET', host: url.host, path: url.path });
  if (conn.kind === 'unresolved') return out('', `wget: bad address '${url.host}'\n`, 1, conn.trace);
  if (!quiet) stderr += `Connecting to ${url.host} (${conn.ip}:${url.port})\n`;
  if (conn.kind === 'refused') return out('', `${stderr}wget: can't connect to remote host (${conn.ip}): Connection refused\n`, 1, conn.trace);
  if (conn.kind === 'timeout') {
    return out('', stderr + (timeoutS ? 'wget: download timed out\n' : `wget: can't connect to remote host (${conn.ip}): Connection timed out\n`), 1, conn.trace);
  }
  if (url.scheme === 'https' && !conn.trace?.outcome.tls) return out('', `${stderr}wget: TLS is not simulated in the sandbox: the TCP connection to ${conn.ip}:${url.port} succeeded\n`, 1, conn.trace);
  const proxyStatus = conn.trace?.outcome.httpStatus;
  const res = proxyStatus ? proxyErrorResponse(proxyStatus, e.ctx.epochMs) : conn.server ? httpResponse(conn.server.profile, 'GET', url.path, e.ctx.epochMs, conn.server) : undefined;
  if (!res) return out('', `${stderr}wget: error getting response: Connection reset by peer\n`, 1, conn.trace);
  if (res.status >= 400) return out('', `${stderr}wget: server returned error: HTTP/1.1 ${res.status} ${res.reason}\n`, 1, conn.trace);
  const file = output ?? (url.path.replace(/[?#].*$/, '').split('/').pop() || 'index.html');
  const bar = (name: string) => `${name.padEnd(20)} 100% |${'*'.repeat(32)}| ${String(res.body.length).padStart(5)}  0:00:00 ETA\n`;
  if (file === '-') {
    if (!quiet) stderr += 'writing to stdout\n';
    const tail = quiet ? '' : `${bar('-')}written to stdout\n`;
    return out(res.body, stderr + tail, 0, conn.trace);
  }
  // The body lands in the container's filesystem (a relative name in the working directory, /).
  const written = e.fs.write(normalizePath(file, e.ctx.env.PWD ?? '/'), res.body);
  if (written !== true) return out('', `${stderr}wget: can't open '${file}': ${ERROR_TEXT[written.error]}\n`, 1, conn.trace);
  if (!quiet) stderr += `saving to '${file}'\n${bar(file)}'${file}' saved\n`;
  return out('', stderr, 0, conn.trace);
}
