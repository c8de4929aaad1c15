// etcdctl (v3 API) against the cluster's etcd, from a root shell on the control-plane node: the keys
// the API server writes under /registry, each with its create/mod revision and version.
// UPSTREAM: etcd etcdctl/ctlv3/command/get_command.go, printer_simple.go, printer_fields.go,
// printer_json.go, ep_command.go, member_command.go
// SIMPLIFICATION: values are the objects' JSON, as an API server started with
// --storage-media-type=application/json stores them (the default is protobuf, which prints as binary);
// no history is kept, so --rev only answers for the current revision; the shell cannot write to etcd
// (put/del): in a cluster only kube-apiserver should. TLS flags (--cacert, --cert, --key, --endpoints)
// are accepted and ignored. One etcd member.

import type { ShellResult } from '../linux/shell-result';
import { fail, ok } from '../linux/shell-result';

/** One key as etcd keeps it. */
export interface EtcdKeyValue {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  value: string;
}

/** What etcdctl can read: the current revision and the keys, in byte order. */
export interface EtcdReader {
  revision: number;
  /** every key (sorted by key) */
  keys(): EtcdKeyValue[];
  /** the etcd member's name and the node's IP (kubeadm: the member is named after the node) */
  memberName: string;
  nodeIP: string;
  /** etcd's database size in bytes, for `endpoint status` */
  dbSize: number;
}

/** Fixed identifiers of the single-member cluster (etcd derives them from the member's URLs). */
const CLUSTER_ID = '9b8b4bd0d8ddc0a3';
const MEMBER_ID = '5c8a1c3c3b0f1f07';
const RAFT_TERM = 2;
const ETCD_VERSION = '3.6.5';

const GLOBAL_WITH_VALUE = new Set(['--endpoints', '--cacert', '--cert', '--key', '--dial-timeout', '--command-timeout', '--user', '--password']);

interface GetFlags {
  prefix: boolean;
  keysOnly: boolean;
  valueOnly: boolean;
  countOnly: boolean;
  limit: number;
  rev: number;
  write: 'simple' | 'json' | 'fields' | 'table';
  order: 'ASCEND' | 'DESCEND';
  sortBy?: 'CREATE' | 'KEY' | 'MODIFY' | 'VALUE' | 'VERSION';
}

function usageError(msg: string): ShellResult {
  return fail(`Error: ${msg}\n`, 1);
}

/** Run `etcdctl <args>`; `etcd` undefined means the binary is not on this node. */
export function runEtcdctl(etcd: EtcdReader | undefined, args: string[]): ShellResult {
  if (!etcd) return fail('bash: etcdctl: command not found\n', 127);
  const words: string[] = [];
  let write: GetFlags['write'] = 'simple';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '-w' || flag === '--write-out') {
      const v = inline ?? args[++i];
      if (v !== 'simple' && v !== 'json' && v !== 'fields' && v !== 'table') return usageError(`unsupported output format ${v ?? ''}`);
      write = v;
    } else if (GLOBAL_WITH_VALUE.has(flag)) {
      if (inline === undefined) i++;
    } else if (flag === '--insecure-skip-tls-verify' || flag === '--insecure-transport' || flag === '--debug' || flag === '--hex') {
      // accepted, no effect here
    } else words.push(a);
  }
  const [cmd, ...rest] = words;
  switch (cmd) {
    case undefined:
      return ok(`NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\tetcdctl [flags]\n\nVERSION:\n\t${ETCD_VERSION}\n\nAPI VERSION:\n\t3.6\n\nCOMMANDS:\n\tget\t\t\tGets the key or a range of keys\n\tendpoint health\t\tChecks the healthiness of endpoints specified in \`--endpoints\` flag\n\tendpoint status\t\tPrints out the status of endpoints specified in \`--endpoints\` flag\n\tmember list\t\tLists all members in the cluster\n\tversion\t\t\tPrints the version of etcdctl\n`);
    case 'version':
      return ok(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.6\n`);
    case 'get':
      return get(etcd, rest, write);
    case 'put':
    case 'del':
    case 'txn':
    case 'compaction':
    case 'defrag':
      return fail(`Error: kube-sandbox: etcdctl ${cmd} is not simulated — only kube-apiserver writes to etcd; change objects with kubectl\n`, 1);
    case 'endpoint':
      return endpoint(etcd, rest, write);
    case 'member':
      if (rest[0] !== 'list') return usageError(`unknown command "${rest[0] ?? ''}" for "etcdctl member"`);
      return memberList(etcd, write);
    default:
      return usageError(`unknown command "${cmd}" for "etcdctl"\nRun 'etcdctl --help' for usage.`);
  }
}

function header(etcd: EtcdReader): Record<string, unknown> {
  return { cluster_id: BigInt(`0x${CLUSTER_ID}`).toString(), member_id: BigInt(`0x${MEMBER_ID}`).toString(), revision: etcd.revision, raft_term: RAFT_TERM };
}

function get(etcd: EtcdReader, args: string[], write: GetFlags['write']): ShellResult {
  const f: GetFlags = { prefix: false, keysOnly: false, valueOnly: false, countOnly: false, limit: 0, rev: 0, write, order: 'ASCEND' };
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const bool = inline === undefined ? true : inline === 'true';
    const value = (): string => inline ?? args[++i] ?? '';
    switch (flag) {
      case '--prefix': f.prefix = bool; break;
      case '--keys-only': f.keysOnly = bool; break;
      case '--print-value-only': f.valueOnly = bool; break;
      case '--count-only': f.countOnly = bool; break;
      case '--from-key': return usageError('kube-sandbox: --from-key is not simulated');
      case '--limit': f.limit = Number(value()); break;
      case '--rev': f.rev = Number(value()); break;
      case '--order': {
        const v = value().toUpperCase();
        if (v !== 'ASCEND' && v !== 'DESCEND') return usageError(`bad order "${v}"`);
        f.order = v;
        break;
      }
      case '--sort-by': {
        const v = value().toUpperCase();
        if (v !== 'CREATE' && v !== 'KEY' && v !== 'MODIFY' && v !== 'VALUE' && v !== 'VERSION') return usageError(`bad sort target "${v}"`);
        f.sortBy = v;
        break;
      }
      default:
        if (a.startsWith('-')) return usageError(`unknown flag: ${flag}`);
        pos.push(a);
    }
  }
  if (pos.length === 0 || pos.length > 2) return usageError('get command needs one argument as key and an optional argument as range_end');
  if (f.prefix && pos.length > 1) return usageError("too many arguments, only accept one argument when `--prefix` is set.");
  if (f.keysOnly && f.countOnly) return usageError('`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  if (!Number.isInteger(f.limit) || f.limit < 0) return usageError('invalid argument for --limit');
  if (f.rev !== 0 && f.rev !== etcd.revision) {
    return fail(
      f.rev > etcd.revision
        ? 'Error: etcdserver: mvcc: required revision is a future revision\n'
        : `Error: kube-sandbox keeps no history in etcd: only the current revision (${etcd.revision}) can be read\n`,
      1,
    );
  }
  const [key, rangeEnd] = pos;
  let kvs = etcd.keys().filter((kv) => (f.prefix ? kv.key.startsWith(key) : rangeEnd !== undefined ? kv.key >= key && kv.key < rangeEnd : kv.key === key));
  const count = kvs.length;
  if (f.sortBy && f.sortBy !== 'KEY') {
    const by = f.sortBy;
    const v = (kv: EtcdKeyValue): number | string => (by === 'CREATE' ? kv.createRevision : by === 'MODIFY' ? kv.modRevision : by === 'VERSION' ? kv.version : kv.value);
    kvs = [...kvs].sort((a, b) => (v(a) < v(b) ? -1 : v(a) > v(b) ? 1 : a.key < b.key ? -1 : 1));
  }
  if (f.order === 'DESCEND') kvs = [...kvs].reverse();
  const more = f.limit > 0 && kvs.length > f.limit;
  if (f.limit > 0) kvs = kvs.slice(0, f.limit);

  if (f.write === 'json') {
    const b64 = (s: string): string => Buffer64.encode(s);
    const body: Record<string, unknown> = { header: header(etcd) };
    if (!f.countOnly) {
      body.kvs = kvs.map((kv) => ({ key: b64(kv.key), create_revision: kv.createRevision, mod_revision: kv.modRevision, version: kv.version, ...(f.keysOnly ? {} : { value: b64(kv.value) }) }));
    }
    if (more) body.more = true;
    body.count = count;
    return ok(`${JSON.stringify(body)}\n`);
  }
  if (f.write === 'fields') {
    const h = header(etcd);
    let out = `"ClusterID" : ${String(h.cluster_id)}\n"MemberID" : ${String(h.member_id)}\n"Revision" : ${etcd.revision}\n"RaftTerm" : ${RAFT_TERM}\n`;
    if (!f.countOnly) {
      for (const kv of kvs) {
        out += `"Key" : ${JSON.stringify(kv.key)}\n"CreateRevision" : ${kv.createRevision}\n"ModRevision" : ${kv.modRevision}\n"Version" : ${kv.version}\n`;
        if (!f.keysOnly) out += `"Value" : ${JSON.stringify(kv.value)}\n`;
        out += '"Lease" : 0\n';
      }
    }
    out += `"More" : ${more}\n"Count" : ${count}\n`;
    return ok(out);
  }
  if (f.write === 'table') return usageError('table is not supported as output format for get');
  // simple: the count alone, or each key (and value) on its own line; --keys-only adds an empty line
  if (f.countOnly) return ok(`${count}\n`);
  let out = '';
  for (const kv of kvs) {
    if (f.keysOnly) out += `${kv.key}\n\n`;
    else if (f.valueOnly) out += `${kv.value}\n`;
    else out += `${kv.key}\n${kv.value}\n`;
  }
  return ok(out);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const row = (cells: string[]): string => `|${cells.map((c, i) => ` ${c.padStart(Math.floor((widths[i] + c.length) / 2)).padEnd(widths[i])} `).join('|')}|\n`;
  return line + row(headers) + line + rows.map(row).join('') + line;
}

function humanBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1000 * 1000) return `${Math.round(n / 100) / 10} kB`;
  return `${Math.round(n / 100_000) / 10} MB`;
}

function endpoint(etcd: EtcdReader, args: string[], write: GetFlags['write']): ShellResult {
  const endpointUrl = '127.0.0.1:2379';
  if (args[0] === 'health') {
    if (write === 'json') return ok(`[{"endpoint":"${endpointUrl}","health":true,"took":"1.92ms"}]\n`);
    return ok(`${endpointUrl} is healthy: successfully committed proposal: took = 1.92ms\n`);
  }
  if (args[0] === 'status') {
    const row = [endpointUrl, MEMBER_ID, ETCD_VERSION, humanBytes(etcd.dbSize), 'true', 'false', String(RAFT_TERM), String(etcd.revision + 3), String(etcd.revision + 3), ''];
    if (write === 'table') return ok(table(['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'], [row]));
    if (write === 'json') return ok(`${JSON.stringify([{ Endpoint: endpointUrl, Status: { header: header(etcd), version: ETCD_VERSION, dbSize: etcd.dbSize, leader: header(etcd).member_id, raftIndex: etcd.revision + 3, raftTerm: RAFT_TERM } }])}\n`);
    return ok(`${row.slice(0, 9).join(', ')}, \n`);
  }
  return usageError(`unknown command "${args[0] ?? ''}" for "etcdctl endpoint"`);
}

function memberList(etcd: EtcdReader, write: GetFlags['write']): ShellResult {
  const peer = `https://${etcd.nodeIP}:2380`;
  const client = `https://${etcd.nodeIP}:2379`;
  const row = [MEMBER_ID, 'started', etcd.memberName, peer, client, 'false'];
  if (write === 'table') return ok(table(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], [row]));
  return ok(`${row.join(', ')}\n`);
}

/** base64 of a UTF-8 string (no Buffer/btoa: the engine's lib is plain ES2022). */
const Buffer64 = {
  encode(s: string): string {
    const bytes: number[] = [];
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) bytes.push(c);
      else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      out += abc[(n >> 18) & 63] + abc[(n >> 12) & 63] + (i + 1 < bytes.length ? abc[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? abc[n & 63] : '=');
    }
    return out;
  },
};
