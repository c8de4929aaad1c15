// The image catalogue: from an image reference, the userland a container has (its executables and
// shell, the versions tools print) and the sockets its server listens on.
// UPSTREAM: none (this is what the images' Dockerfiles install: docker-library nginx/httpd/redis/…,
// busybox, alpine, curlimages/curl, nicolaka/netshoot, kubernetes/test/images).
// SIMPLIFICATION: one profile per image family, whatever the tag (an `-alpine` tag switches to the
// busybox userland); an unknown image has a POSIX shell and coreutils but no network tools, and
// listens only on its declared containerPorts. A process listens on what its image serves plus every
// containerPort the manifest declares.

import type { Pod } from 'kubernetes-types/core/v1';
import { imageBase } from './program';

/** How the image's `sh` words errors: busybox ash, Debian's dash, or bash. */
export type ShellFlavour = 'ash' | 'dash' | 'bash';

/** What an HTTP server in the image answers. */
export interface HttpServerProfile {
  /** the Server header: 'nginx/1.27.3', 'Apache/2.4.62 (Unix)' */
  server: string;
  /** which default page and error pages to serve */
  kind: 'nginx' | 'httpd' | 'other';
}

export interface ImageProfile {
  /** the image's last path element without tag or digest: 'nginx' */
  base: string;
  /** the tag ('latest' when none) */
  tag: string;
  /** executables on $PATH, by basename */
  executables: ReadonlySet<string>;
  /** the shell `sh` is, when the image has one */
  shell?: ShellFlavour;
  /** where ping, nslookup and wget come from: busybox applets or the full tools (iputils, bind, GNU) */
  tools: 'busybox' | 'full';
  /** curl's version, when the image has curl */
  curlVersion?: string;
  /** sockets the image's server listens on: 'TCP/80' */
  serves: readonly string[];
  http?: HttpServerProfile;
}

/** The busybox applets a learner reaches for (busybox 1.36's default build has many more). */
const BUSYBOX_APPLETS = [
  'sh', 'ash', 'cat', 'echo', 'env', 'printenv', 'hostname', 'ls', 'ps', 'sleep', 'wget', 'nslookup', 'ping', 'ping6',
  'ip', 'ifconfig', 'route', 'netstat', 'nc', 'telnet', 'traceroute', 'true', 'false', 'date', 'id', 'whoami', 'uname',
  'pwd', 'grep', 'sed', 'awk', 'head', 'tail', 'wc', 'sort', 'touch', 'mkdir', 'rm', 'cp', 'mv', 'df', 'du', 'free',
  'top', 'vi', 'test', '[', 'arping', 'which', 'mount', 'kill', 'xargs', 'find', 'tr', 'cut', 'base64', 'md5sum',
];
/** What a Debian or Ubuntu base image has (coreutils, dash, bash, hostname; no network tools). */
const DEBIAN_BASE = [
  'sh', 'dash', 'bash', 'cat', 'echo', 'env', 'printenv', 'hostname', 'ls', 'sleep', 'true', 'false', 'date', 'id',
  'whoami', 'uname', 'pwd', 'grep', 'sed', 'head', 'tail', 'wc', 'sort', 'touch', 'mkdir', 'rm', 'cp', 'mv', 'df', 'du',
  'test', '[', 'mount', 'kill', 'xargs', 'find', 'tr', 'cut', 'base64', 'md5sum', 'which', 'apt-get', 'apt', 'dpkg',
];
const NETSHOOT_TOOLS = ['curl', 'wget', 'dig', 'nslookup', 'host', 'ping', 'ip', 'ss', 'tcpdump', 'nc', 'traceroute', 'iptables', 'nmap', 'bash', 'zsh'];

function set(...lists: (readonly string[])[]): ReadonlySet<string> {
  return new Set(lists.flat());
}

/** Server header versions for `latest` and for tags that do not name a full version. */
const DEFAULT_VERSIONS: Record<string, string> = { nginx: '1.27.3', httpd: '2.4.62' };

/** A full `x.y.z` tag names the server's version; other tags (`1.27`, `latest`) get the catalogue's. */
function serverVersion(base: string, tag: string): string {
  const m = /^(\d+\.\d+\.\d+)/.exec(tag);
  return m ? m[1] : DEFAULT_VERSIONS[base] ?? tag;
}

/** Split `registry/path/name:tag@sha256:...` into base name and tag. */
export function parseImageRef(image: string): { base: string; tag: string } {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return { base: imageBase(image), tag: colon < 0 ? 'latest' : last.slice(colon + 1) };
}

/** The catalogue entry for an image reference (a profile for unknown images too). */
/** Profiles by image reference: a profile is read-only, and the same images are asked about again and again. */
const profiles = new Map<string, ImageProfile>();

export function imageProfile(image: string): ImageProfile {
  let p = profiles.get(image);
  if (!p) {
    p = computeImageProfile(image);
    if (profiles.size > 10_000) profiles.clear();
    profiles.set(image, p);
  }
  return p;
}

function computeImageProfile(image: string): ImageProfile {
  const { base, tag } = parseImageRef(image);
  const path = image.split('@')[0].split(':')[0];
  const alpine = /alpine/.test(tag);
  const busyboxLand = (extra: readonly string[] = []): Pick<ImageProfile, 'executables' | 'shell' | 'tools'> => ({
    executables: set(BUSYBOX_APPLETS, extra),
    shell: 'ash',
    tools: 'busybox',
  });
  const debianLand = (extra: readonly string[] = []): Pick<ImageProfile, 'executables' | 'shell' | 'tools'> => ({
    executables: set(DEBIAN_BASE, extra),
    shell: 'dash',
    tools: 'full',
  });
  const p = (rest: Omit<ImageProfile, 'base' | 'tag'>): ImageProfile => ({ base, tag, ...rest });

  switch (base) {
    case 'busybox':
    case 'alpine':
      return p({ ...busyboxLand(), serves: [] });
    case 'curl':
      // curlimages/curl: Alpine with curl 8.x; its tag is curl's version.
      return p({ ...busyboxLand(['curl']), curlVersion: /^\d+\.\d+\.\d+$/.test(tag) ? tag : '8.11.1', serves: [] });
    case 'netshoot':
      return p({ executables: set(BUSYBOX_APPLETS, NETSHOOT_TOOLS), shell: 'ash', tools: 'full', curlVersion: '8.11.1', serves: [] });
    case 'dnsutils':
    case 'jessie-dnsutils':
      return p({ ...debianLand(['dig', 'nslookup', 'host', 'ping', 'ip', 'curl']), curlVersion: '7.88.1', serves: [] });
    case 'nginx':
    case 'nginx-slim': {
      const http: HttpServerProfile = { server: `nginx/${serverVersion('nginx', tag)}`, kind: 'nginx' };
      // nginx (Debian bookworm) installs curl for its own build; nginx:*-alpine has busybox and curl.
      if (alpine) return p({ ...busyboxLand(['curl', 'nginx']), curlVersion: '8.11.1', serves: ['TCP/80'], http });
      return p({ ...debianLand(['curl', 'nginx']), curlVersion: '7.88.1', serves: ['TCP/80'], http });
    }
    case 'httpd': {
      const http: HttpServerProfile = { server: `Apache/${serverVersion('httpd', tag)} (Unix)`, kind: 'httpd' };
      if (alpine) return p({ ...busyboxLand(['httpd', 'apachectl']), serves: ['TCP/80'], http });
      return p({ ...debianLand(['httpd', 'apachectl', 'httpd-foreground']), serves: ['TCP/80'], http });
    }
    case 'tomcat':
      // Eclipse Temurin (Ubuntu) base: curl and wget are installed for the JDK download.
      return p({ ...debianLand(['java', 'catalina.sh', 'curl', 'wget']), curlVersion: '8.5.0', serves: ['TCP/8080'], http: { server: '', kind: 'other' } });
    case 'mysql':
      // Oracle Linux slim: bash, no network tools.
      return p({ executables: set(DEBIAN_BASE.filter((e) => !['dash', 'apt-get', 'apt', 'dpkg'].includes(e)), ['mysql', 'mysqld', 'mysqladmin']), shell: 'bash', tools: 'full', serves: ['TCP/3306', 'TCP/33060'] });
    case 'redis':
      if (alpine) return p({ ...busyboxLand(['redis-server', 'redis-cli']), serves: ['TCP/6379'] });
      return p({ ...debianLand(['redis-server', 'redis-cli']), serves: ['TCP/6379'] });
    case 'postgres':
      if (alpine) return p({ ...busyboxLand(['postgres', 'psql', 'pg_isready']), serves: ['TCP/5432'] });
      return p({ ...debianLand(['postgres', 'psql', 'pg_isready']), serves: ['TCP/5432'] });
    case 'coredns':
      // FROM scratch (distroless): the binary and nothing else, no shell.
      return p({ executables: set(['coredns']), tools: 'full', serves: ['UDP/53', 'TCP/53', 'TCP/9153', 'TCP/8080', 'TCP/8181'] });
    case 'pause':
      return p({ executables: set(['pause']), tools: 'full', serves: [] });
    case 'http-echo':
      // hashicorp/http-echo: FROM scratch, one static binary listening on :5678 (-listen changes it; declare the port).
      return p({ executables: set(['http-echo']), tools: 'full', serves: ['TCP/5678'], http: { server: '', kind: 'other' } });
    case 'controller':
      // registry.k8s.io/ingress-nginx/controller: Alpine with nginx and curl; serves HTTP/HTTPS, healthz/metrics on 10254 and its admission webhook on 8443.
      if (path.endsWith('ingress-nginx/controller')) {
        return p({ ...busyboxLand(['nginx', 'nginx-ingress-controller', 'curl', 'bash']), curlVersion: '8.11.1', serves: ['TCP/80', 'TCP/443', 'TCP/10254', 'TCP/8443'], http: { server: 'nginx', kind: 'nginx' } });
      }
      return p({ ...(alpine ? busyboxLand() : debianLand()), serves: [] });
    case 'agnhost':
      // Alpine with bind-tools, curl and iproute2; what it serves depends on the subcommand (listeningOf).
      return p({ executables: set(BUSYBOX_APPLETS, ['agnhost', 'curl', 'dig', 'nslookup', 'host', 'ip', 'bash']), shell: 'ash', tools: 'full', curlVersion: '8.11.1', serves: [] });
    case 'debian':
    case 'ubuntu':
      return p({ ...debianLand(), serves: [] });
    case 'python':
    case 'node':
    case 'golang':
    case 'ruby':
    case 'perl': {
      const interpreter = base === 'python' ? ['python', 'python3', 'pip'] : base === 'golang' ? ['go'] : [base];
      if (alpine) return p({ ...busyboxLand(interpreter), serves: [] });
      // The full (buildpack-deps) variants carry curl and wget; -slim ones do not.
      if (/slim/.test(tag)) return p({ ...debianLand(interpreter), serves: [] });
      return p({ ...debianLand([...interpreter, 'curl', 'wget']), curlVersion: '7.88.1', serves: [] });
    }
    default:
      if (path.endsWith('/coredns')) return computeImageProfile('coredns');
      return p({ ...(alpine ? busyboxLand() : debianLand()), serves: [] });
  }
}

/** The executables on $PATH in an image (by basename). */
export function executablesOf(image: string): ReadonlySet<string> {
  return imageProfile(image).executables;
}

/** Ports agnhost's subcommands listen on (kubernetes/test/images/agnhost defaults). */
const AGNHOST_PORTS: Record<string, string[]> = {
  netexec: ['TCP/8080', 'UDP/8081'],
  'serve-hostname': ['TCP/9376'],
  'test-webserver': ['TCP/80'],
  liveness: ['TCP/8080'],
};

/**
 * The sockets a pod's processes listen on, as `PROTO/port` ('TCP/80', 'UDP/53'): each container's
 * image's server ports plus every declared containerPort (protocol TCP when unset).
 */
export function listeningOf(pod: Pod): ReadonlySet<string> {
  const out = new Set<string>();
  for (const c of pod.spec?.containers ?? []) {
    const profile = imageProfile(c.image ?? '');
    for (const s of profile.serves) out.add(s);
    if (profile.base === 'agnhost') {
      const sub = [...(c.command ?? []), ...(c.args ?? [])].find((a) => a in AGNHOST_PORTS);
      for (const s of sub ? AGNHOST_PORTS[sub] : []) out.add(s);
    }
    for (const port of c.ports ?? []) out.add(`${port.protocol ?? 'TCP'}/${port.containerPort}`);
  }
  return out;
}
