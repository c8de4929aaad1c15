// Where the cluster's files live and how long: a writable layer per container instance (gone when
// the container restarts), emptyDir per pod (survives container restarts, gone with the pod),
// hostPath per node (survives pods, invisible from other nodes), claim data per PersistentVolume (a
// recreated StatefulSet pod sees it; wiped when a Delete-reclaim volume goes, kept under Retain), and
// configMap/secret/downwardAPI/projected volumes published by the atomic writer after the kubelet's
// sync delay (subPath mounts keep what they had when the container started). Plain JSON, saved in
// World.snapshot().
// UPSTREAM: pkg/kubelet/kubelet_pods.go (makeMounts), pkg/volume/{emptydir,hostpath,configmap,secret,
//           projected,downwardapi}, pkg/kubelet/volumemanager (the pod's volume directories)
// SIMPLIFICATION: a program's file effects are applied lazily, in time order, when files are next
// read; the update delay is 60 s plus a per-pod 0-30 s (sync period and jitter; no cache TTL model).

import type { Container, ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Volume, VolumeMount } from 'kubernetes-types/core/v1';
import type { CommandOutput } from '../../../kubectl/results';
import type { WatchRecord } from '../../../apiserver/store';
import { fnv1a32 } from '../../../sim/rng';
import { imageProfile, type ImageProfile } from '../images';
import { isAtomicVolume, layOut, sourcesOf, timestampDir, volumePayload, type Payload } from './atomic-writer';
import { ContainerFs, isFsError, type Mount } from './container-fs';
import { containerEffects } from './effects';
import { imageRootfs } from './rootfs';
import { normalizePath, overlayLayer, parentOf, treeLayer, type FsEntry, type FsTree } from './tree';
import { runCommands, type Userland } from './userland';

/** One container instance (a run) whose program's file effects are being played. */
export interface ContainerRun {
  pod: string;
  uid: string;
  container: string;
  /** sim ms the run was seen started */
  at: number;
  /** sim ms it was seen ended (effects due later never happen) */
  end?: number;
  /** first seen already terminated: its whole script ran */
  complete?: boolean;
  /** effect groups applied so far */
  done: number;
}

/** Everything on the cluster's disks (plain JSON). */
export interface FilesystemsState {
  /** container run key `uid/container/id` -> its writable layer (the overlay's upper dir) */
  layers: Record<string, FsTree>;
  /** `uid/volume` -> an emptyDir's files */
  emptyDirs: Record<string, FsTree>;
  /** node name -> the node's own disk (hostPath and local-path volumes) */
  hosts: Record<string, FsTree>;
  /** volume handle -> a network or CSI volume's files */
  disks: Record<string, FsTree>;
  /** `uid/volume` -> what the atomic writer last published */
  atomic: Record<string, { dir: string; at: number; payload: Payload }>;
  /** `Kind/namespace/name` -> sim ms of its last change (configMap/secret/pod metadata) */
  changed: Record<string, number>;
  runs: Record<string, ContainerRun>;
  /** `runKey:mountPath` -> an atomic volume's file as the container's subPath mount froze it */
  subPaths: Record<string, FsTree>;
}

export function emptyFilesystems(): FilesystemsState {
  return { layers: {}, emptyDirs: {}, hosts: {}, disks: {}, atomic: {}, changed: {}, runs: {}, subPaths: {} };
}

export interface FilesystemDeps {
  /** simulated ms */
  now(): number;
  /** simulated epoch ms at simulated ms `ms` */
  epochAt(ms: number): number;
  /** an object from the API (namespace undefined for cluster-scoped kinds) */
  get(kind: 'Pod' | 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'PersistentVolume', namespace: string | undefined, name: string): unknown;
  /** the server's default page (net.ts owns those bytes) */
  indexHtml(profile: ImageProfile): string;
}

/** What the kubelet writes into /etc for the container (etc-hosts and friends). */
export interface EtcFiles {
  hosts: string;
  hostname: string;
  resolvConf: string;
}

/** How long a ConfigMap/Secret edit takes to reach a pod's volume: sync period plus a per-pod jitter. */
export function volumeUpdateDelayMs(uid: string): number {
  return 60_000 + (fnv1a32(`volume-sync:${uid}`) % 30_000);
}

const NODE_DISK_BYTES = 62_671_097_856; // 58.4G: kind's node disk as df shows it
const SHM_BYTES = 64 * 1024 * 1024;

const allContainers = (pod: Pod): Container[] => [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];

export class Filesystems {
  private readonly state: FilesystemsState;

  constructor(
    private readonly deps: FilesystemDeps,
    state?: FilesystemsState,
  ) {
    this.state = state ?? emptyFilesystems();
  }

  save(): FilesystemsState {
    return this.state;
  }

  /** A store change: pods start and end runs and lifetimes, objects' edits start the update delay. */
  observe(rec: WatchRecord): void {
    const r = rec.resource;
    if (r === 'configmaps' || r === 'secrets') {
      const kind = r === 'configmaps' ? 'ConfigMap' : 'Secret';
      this.state.changed[`${kind}/${rec.object.metadata.namespace ?? 'default'}/${rec.object.metadata.name}`] = this.deps.now();
    } else if (r === 'pods') this.observePod(rec);
    else if (r === 'persistentvolumes' && rec.type === 'DELETED') this.volumeDeleted(rec.object as PersistentVolume);
  }

  private observePod(rec: WatchRecord): void {
    const pod = rec.object as Pod;
    const uid = pod.metadata?.uid ?? '';
    if (rec.type === 'DELETED') {
      this.dropPod(uid);
      return;
    }
    const old = rec.oldObject as Pod | undefined;
    const ns = pod.metadata?.namespace ?? 'default';
    if (old && (JSON.stringify(old.metadata?.labels) !== JSON.stringify(pod.metadata?.labels) || JSON.stringify(old.metadata?.annotations) !== JSON.stringify(pod.metadata?.annotations))) {
      this.state.changed[`Pod/${ns}/${pod.metadata?.name}`] = this.deps.now();
    }
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const s of statuses) {
      if (!s.containerID || !(s.state?.running || s.state?.terminated)) continue;
      const key = runKey(uid, s.name, s.containerID);
      // A new container instance: the previous run's layer is gone (the kubelet removes it).
      for (const table of [this.state.layers, this.state.runs, this.state.subPaths] as Record<string, unknown>[]) {
        for (const k of Object.keys(table)) if (k.startsWith(`${uid}/${s.name}/`) && !k.startsWith(key)) delete table[k];
      }
      const run = this.state.runs[key];
      if (run) {
        if (s.state.terminated && run.end === undefined && !run.complete) run.end = this.deps.now();
        continue;
      }
      const spec = allContainers(pod).find((c) => c.name === s.name);
      if (!spec) continue;
      this.freezeSubPaths(pod, s.name, key);
      // Only runs whose program writes files are remembered (the snapshot stays small).
      if (containerEffects(spec).length > 0) {
        this.state.runs[key] = { pod: `${ns}/${pod.metadata?.name}`, uid, container: s.name, at: this.deps.now(), done: 0, ...(s.state.terminated ? { complete: true } : {}) };
      }
    }
  }

  private dropPod(uid: string): void {
    const st = this.state;
    for (const table of [st.layers, st.emptyDirs, st.atomic, st.runs, st.subPaths] as Record<string, unknown>[]) {
      for (const k of Object.keys(table)) if (k.startsWith(`${uid}/`)) delete table[k];
    }
  }

  /** The reclaim policy decides: Delete wipes the data with the volume, Retain keeps it on its disk. */
  private volumeDeleted(pv: PersistentVolume): void {
    if ((pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain') !== 'Delete') return;
    const where = volumeLocation(pv);
    if (where.kind === 'disk') delete this.state.disks[where.handle];
    else {
      for (const tree of Object.values(this.state.hosts)) treeLayer(tree).remove(where.path.slice(1));
    }
  }

  /** Apply every program effect due by now, in time order, across all containers. */
  settle(): void {
    const now = this.deps.now();
    const due: { at: number; run: ContainerRun; key: string; index: number; pod: Pod; spec: Container }[] = [];
    for (const [key, run] of Object.entries(this.state.runs)) {
      const [ns, name] = run.pod.split('/');
      const pod = this.deps.get('Pod', ns, name) as Pod | undefined;
      if (!pod || pod.metadata?.uid !== run.uid) continue;
      const spec = allContainers(pod).find((c) => c.name === run.container);
      if (!spec) continue;
      const effects = containerEffects(spec);
      for (let i = run.done; i < effects.length; i++) {
        const at = run.complete ? run.at : run.at + effects[i].atMs;
        if (at > now || (run.end !== undefined && at > run.end)) break;
        due.push({ at, run, key, index: i, pod, spec });
      }
    }
    due.sort((a, b) => a.at - b.at);
    for (const d of due) {
      const group = containerEffects(d.spec)[d.index];
      const fs = this.build(d.pod, d.spec.name, undefined, d.at);
      const env = new Map<string, string>([['HOME', '/root'], ['HOSTNAME', d.pod.metadata?.name ?? '']]);
      for (const e of d.spec.env ?? []) if (e.value !== undefined) env.set(e.name, e.value);
      const u: Userland = { fs, profile: imageProfile(d.spec.image ?? ''), env, cwd: d.spec.workingDir ?? '/', epochMs: this.deps.epochAt(d.at), other: effectProgram };
      runCommands(u, group.shell, group.cmds);
      d.run.done = d.index + 1;
    }
  }

  /** The filesystem a process in `container` sees (program effects due by now applied first). */
  containerFs(pod: Pod, container: string, etc?: EtcFiles): ContainerFs | undefined {
    const spec = allContainers(pod).find((c) => c.name === container);
    if (!spec) return undefined;
    this.settle();
    return this.build(pod, container, etc, this.deps.now());
  }

  /** `kubectl exec`'s view: the kubelet's /etc files for this pod, then containerFs. */
  execFs(pod: Pod, container: string, hostname: string, resolvConf: string): ContainerFs | undefined {
    return this.containerFs(pod, container, { hosts: etcHostsFile(pod.status?.podIP, hostname), hostname, resolvConf });
  }

  /** A file as a server in the pod's container reads it (nginx serving its web root). */
  readFile(pod: Pod, container: string, path: string): string | undefined {
    const fs = this.containerFs(pod, container);
    const r = fs?.read(path);
    return r === undefined || isFsError(r) ? undefined : r;
  }

  private build(pod: Pod, container: string, etc: EtcFiles | undefined, atMs: number): ContainerFs {
    const spec = allContainers(pod).find((c) => c.name === container)!;
    const key = currentRunKey(pod, container);
    const mounts: Mount[] = [];
    const upper = (this.state.layers[key] ??= {});
    mounts.push({ path: '/', layer: overlayLayer(imageRootfs(spec.image ?? '', this.deps.indexHtml), upper), readOnly: false, fstype: 'overlay', source: 'overlay', sizeBytes: NODE_DISK_BYTES });
    mounts.push(...systemMounts(pod, etc));
    const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
    // The service-account token, CA and namespace come from the kube-api-access-* projected volume
    // that ServiceAccount admission added to the spec, like any other volume.
    for (const m of spec.volumeMounts ?? []) {
      const v = volumes.get(m.name);
      if (!v) continue;
      const mount = this.volumeMount(pod, v, m, key, atMs);
      if (mount) mounts.push(mount);
    }
    return new ContainerFs(mounts, () => this.deps.epochAt(atMs));
  }

  private volumeMount(pod: Pod, v: Volume, m: VolumeMount, key: string, atMs: number): Mount | undefined {
    const uid = pod.metadata?.uid ?? '';
    const path = normalizePath(m.mountPath);
    const sub = m.subPath ? normalizePath(m.subPath).slice(1) : '';
    const base = { path, readOnly: m.readOnly === true };
    if (isAtomicVolume(v)) {
      const tmpfs = !!(v.secret || v.projected);
      const look = { path, readOnly: true, fstype: tmpfs ? 'tmpfs' : 'ext4', source: tmpfs ? 'tmpfs' : '/dev/vda1', sizeBytes: tmpfs ? SHM_BYTES : NODE_DISK_BYTES };
      if (sub) {
        const frozen = (this.state.subPaths[`${key}:${path}`] ??= this.freeze(pod, v, sub, atMs));
        return { ...look, layer: treeLayer(frozen) };
      }
      return { ...look, layer: treeLayer(this.atomicTree(pod, v, atMs)) };
    }
    let tree: FsTree;
    let prefix = '';
    let fstype = 'ext4';
    let source = '/dev/vda1';
    let sizeBytes = NODE_DISK_BYTES;
    let readOnly = base.readOnly;
    if (v.emptyDir) {
      tree = this.state.emptyDirs[`${uid}/${v.name}`] ??= { '': { t: 'd', m: 0o777 } };
      if (v.emptyDir.medium === 'Memory') {
        fstype = 'tmpfs';
        source = 'tmpfs';
        sizeBytes = quantityBytes(v.emptyDir.sizeLimit) ?? SHM_BYTES * 16;
      }
    } else if (v.hostPath) {
      tree = this.state.hosts[pod.spec?.nodeName ?? ''] ??= {};
      prefix = normalizePath(v.hostPath.path).slice(1);
      if (v.hostPath.type === 'FileOrCreate' && !tree[prefix]) ensureFile(tree, prefix);
      else if (v.hostPath.type !== 'File' && v.hostPath.type !== 'Socket' && v.hostPath.type !== 'CharDevice' && v.hostPath.type !== 'BlockDevice') ensureDir(tree, prefix);
    } else if (v.persistentVolumeClaim) {
      const ns = pod.metadata?.namespace ?? 'default';
      const pvc = this.deps.get('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName) as PersistentVolumeClaim | undefined;
      const pv = pvc?.spec?.volumeName ? (this.deps.get('PersistentVolume', undefined, pvc.spec.volumeName) as PersistentVolume | undefined) : undefined;
      if (!pv) return undefined;
      readOnly ||= v.persistentVolumeClaim.readOnly === true;
      const where = volumeLocation(pv);
      if (where.kind === 'disk') {
        tree = this.state.disks[where.handle] ??= { '': { t: 'd', m: 0o777 } };
        source = where.source;
        fstype = where.fstype;
        sizeBytes = quantityBytes(pv.spec?.capacity?.storage) ?? NODE_DISK_BYTES;
      } else {
        tree = this.state.hosts[pod.spec?.nodeName ?? ''] ??= {};
        prefix = where.path.slice(1);
        ensureDir(tree, prefix);
      }
    } else {
      // Other inline volumes (csi ephemeral, nfs, image): the pod's own directory, like an emptyDir.
      tree = this.state.emptyDirs[`${uid}/${v.name}`] ??= { '': { t: 'd', m: 0o777 } };
    }
    if (sub) {
      prefix = prefix ? `${prefix}/${sub}` : sub;
      // The kubelet creates a missing subPath directory before the bind mount.
      if (!tree[prefix]) ensureDir(tree, prefix);
    }
    return { path, readOnly, fstype, source, sizeBytes, layer: treeLayer(tree, prefix) };
  }

  /** The atomic writer's directory for a volume, publishing a changed payload once its delay passed. */
  private atomicTree(pod: Pod, v: Volume, atMs: number): FsTree {
    const payload = this.payload(pod, v, atMs);
    const ns = pod.metadata?.namespace ?? 'default';
    const sources = [...sourcesOf(v, ns), ...(v.downwardAPI || v.projected?.sources?.some((s) => s.downwardAPI) ? [`Pod/${ns}/${pod.metadata?.name}`] : [])];
    return this.publish(`${pod.metadata?.uid}/${v.name}`, payload, sources, pod.metadata?.uid ?? '', atMs);
  }

  private payload(pod: Pod, v: Volume, atMs: number): Payload {
    return (
      volumePayload(v, pod, {
        configMap: (ns, name) => this.deps.get('ConfigMap', ns, name) as ConfigMap | undefined,
        secret: (ns, name) => this.deps.get('Secret', ns, name) as Secret | undefined,
        epochMs: this.deps.epochAt(atMs),
      }) ?? {}
    );
  }

  private publish(key: string, payload: Payload, sources: string[], uid: string, atMs: number): FsTree {
    let st = this.state.atomic[key];
    if (!st) st = this.state.atomic[key] = { dir: timestampDir(this.deps.epochAt(atMs), key), at: atMs, payload };
    else if (JSON.stringify(st.payload) !== JSON.stringify(payload)) {
      const changedAt = Math.max(-1, ...sources.map((s) => this.state.changed[s] ?? -1));
      const due = changedAt < 0 ? atMs : Math.max(changedAt + volumeUpdateDelayMs(uid), st.at);
      if (atMs >= due) st = this.state.atomic[key] = { dir: timestampDir(this.deps.epochAt(due), key), at: due, payload };
    }
    return layOut(st.payload, st.dir, this.deps.epochAt(st.at));
  }

  /** A subPath of an atomic volume: the file behind its symlink, copied at container start. */
  private freeze(pod: Pod, v: Volume, sub: string, atMs: number): FsTree {
    const tree = this.atomicTree(pod, v, atMs);
    const layer = treeLayer(tree);
    let rel = sub;
    for (let i = 0; i < 5; i++) {
      const e = layer.get(rel);
      if (e?.t !== 'l') break;
      rel = normalizePath(`${parentOf(rel)}/${e.c ?? ''}`).slice(1);
      // `..data` is itself a link to the timestamped directory.
      if (rel.startsWith('..data/')) rel = `${tree['..data']?.c ?? '..data'}/${rel.slice(7)}`;
    }
    const e = layer.get(rel);
    if (!e) return { '': { t: 'd' } };
    if (e.t === 'f') return { '': e };
    const out: FsTree = { '': e };
    for (const [k, x] of Object.entries(tree)) if (k.startsWith(`${rel}/`)) out[k.slice(rel.length + 1)] = x;
    return out;
  }

  private freezeSubPaths(pod: Pod, container: string, key: string): void {
    const spec = allContainers(pod).find((c) => c.name === container);
    for (const m of spec?.volumeMounts ?? []) {
      const v = (pod.spec?.volumes ?? []).find((x) => x.name === m.name);
      if (v && m.subPath && isAtomicVolume(v)) this.state.subPaths[`${key}:${normalizePath(m.mountPath)}`] ??= this.freeze(pod, v, normalizePath(m.subPath).slice(1), this.deps.now());
    }
  }
}

/** `uid/container/<12 hex of the container id>`: one key per container instance. */
function runKey(uid: string, container: string, containerID: string): string {
  return `${uid}/${container}/${containerID.slice(-12)}`;
}

function currentRunKey(pod: Pod, container: string): string {
  const s = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((x) => x.name === container);
  return s?.containerID ? runKey(pod.metadata?.uid ?? '', container, s.containerID) : `${pod.metadata?.uid ?? ''}/${container}/not-started`;
}

/** Where a PersistentVolume's bytes are: a node directory (hostPath, local) or a disk by handle. */
function volumeLocation(pv: PersistentVolume): { kind: 'node'; path: string } | { kind: 'disk'; handle: string; source: string; fstype: string } {
  const s = pv.spec ?? {};
  if (s.hostPath) return { kind: 'node', path: normalizePath(s.hostPath.path) };
  if (s.local) return { kind: 'node', path: normalizePath(s.local.path) };
  if (s.csi) return { kind: 'disk', handle: `csi:${s.csi.driver}/${s.csi.volumeHandle}`, source: `/dev/disk/by-id/${s.csi.volumeHandle}`.slice(0, 60), fstype: s.csi.fsType ?? 'ext4' };
  if (s.nfs) return { kind: 'disk', handle: `nfs:${s.nfs.server}:${s.nfs.path}`, source: `${s.nfs.server}:${s.nfs.path}`, fstype: 'nfs4' };
  return { kind: 'disk', handle: `pv:${pv.metadata?.name}`, source: '/dev/sdb', fstype: 'ext4' };
}

function ensureDir(tree: FsTree, rel: string): void {
  for (let p = rel; p !== ''; p = parentOf(p)) {
    if (tree[p]) break;
    tree[p] = { t: 'd' };
  }
}

function ensureFile(tree: FsTree, rel: string): void {
  ensureDir(tree, parentOf(rel));
  tree[rel] = { t: 'f', c: '' };
}

/** The kubelet's managed /etc/hosts (kubelet_pods.go managedHostsFileContent). */
export function etcHostsFile(podIP: string | undefined, hostname: string): string {
  return (
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
    (podIP ? `${podIP}\t${hostname}\n` : '')
  );
}

/** The kubelet's per-pod files: etc-hosts, hostname, resolv.conf; and the kernel's /proc, /dev, /sys. */
function systemMounts(pod: Pod, etc?: EtcFiles): Mount[] {
  const name = pod.spec?.hostname ?? pod.metadata?.name ?? '';
  const ip = pod.status?.podIP;
  const files = etc ?? { hostname: name, hosts: etcHostsFile(ip, name), resolvConf: '' };
  const file = (c: string): FsTree => ({ '': { t: 'f', c } });
  const disk = { readOnly: false, fstype: 'ext4', source: '/dev/vda1', sizeBytes: NODE_DISK_BYTES };
  return [
    { path: '/proc', layer: treeLayer({}), readOnly: false, fstype: 'proc', source: 'proc', sizeBytes: 0 },
    { path: '/dev', layer: treeLayer({ null: { t: 'f', c: '' }, 'termination-log': { t: 'f', c: '' } }), readOnly: false, fstype: 'tmpfs', source: 'tmpfs', sizeBytes: SHM_BYTES },
    { path: '/dev/shm', layer: treeLayer({}), readOnly: false, fstype: 'tmpfs', source: 'shm', sizeBytes: SHM_BYTES },
    { path: '/sys', layer: treeLayer({}), readOnly: true, fstype: 'sysfs', source: 'sysfs', sizeBytes: 0 },
    { path: '/etc/hosts', layer: treeLayer(file(files.hosts)), ...disk },
    { path: '/etc/hostname', layer: treeLayer(file(files.hostname.endsWith('\n') ? files.hostname : `${files.hostname}\n`)), ...disk },
    { path: '/etc/resolv.conf', layer: treeLayer(file(files.resolvConf === '' || files.resolvConf.endsWith('\n') ? files.resolvConf : `${files.resolvConf}\n`)), ...disk },
  ];
}

/** `1Gi`, `500Mi`, `10G` -> bytes (undefined when absent or unreadable). */
function quantityBytes(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]i?|k)?$/.exec(String(q));
  if (!m) return undefined;
  const unit = m[2] ?? '';
  const pow = { '': 0, k: 1, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 }[unit.replace('i', '')] ?? 0;
  return Math.round(Number(m[1]) * (unit.endsWith('i') ? 1024 : 1000) ** pow);
}

/** Programs in a container's script other than the file tools: wget -O writes what it fetched. */
function effectProgram(argv: string[], u: Userland): CommandOutput {
  const prog = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  if (prog === 'wget') {
    let target: string | undefined;
    let url = '';
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-O') target = argv[++i];
      else if (a.startsWith('-O')) target = a.slice(2);
      else if (a === '-T' || a === '-U' || a === '--header') i++;
      else if (!a.startsWith('-') && !url) url = a;
    }
    const file = target ?? (url.replace(/^\w+:\/\//, '').split('/').slice(1).pop() || 'index.html');
    if (file !== '-') u.fs.write(normalizePath(file, u.cwd), fetchedPage(url));
    return { stdout: '', stderr: '', exitCode: 0 };
  }
  return { stdout: '', stderr: '', exitCode: 0 };
}

/**
 * What a URL a container fetched at start contained. SIMPLIFICATION: no request is traced; the
 * first website (the init-containers example) is reproduced, other URLs get a labelled placeholder.
 */
export function fetchedPage(url: string): string {
  if (/^(https?:\/\/)?info\.cern\.ch\/?$/.test(url)) {
    return '<html><head></head><body><header>\n<title>http://info.cern.ch</title>\n</header>\n\n<h1>http://info.cern.ch - home of the first website</h1>\n<p>From here you can:</p>\n<ul>\n<li><a href="http://info.cern.ch/hypertext/WWW/TheProject.html">Browse the first website</a></li>\n<li><a href="http://line-mode.cern.ch/www/hypertext/WWW/TheProject.html">Browse the first website using the line-mode browser simulator</a></li>\n<li><a href="http://home.web.cern.ch/topics/birth-web">Learn about the birth of the web</a></li>\n<li><a href="http://home.web.cern.ch/about">Learn about CERN, the physics laboratory where the web was born</a></li>\n</ul>\n</body></html>\n';
  }
  return `simulated content of ${url} (fetched when the container started)\n`;
}

/** A standalone container filesystem with nothing saved (an ExecContext built without a World). */
export function ephemeralContainerFs(image: string, pod: Pod, etc: EtcFiles, indexHtml: (p: ImageProfile) => string, epochMs: number): ContainerFs {
  const mounts: Mount[] = [
    { path: '/', layer: overlayLayer(imageRootfs(image, indexHtml), {}), readOnly: false, fstype: 'overlay', source: 'overlay', sizeBytes: NODE_DISK_BYTES },
    ...systemMounts(pod, etc),
  ];
  return new ContainerFs(mounts, () => epochMs);
}

export type { FsEntry };
