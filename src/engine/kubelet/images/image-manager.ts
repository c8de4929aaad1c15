// Image pulls: whether a container's image must be pulled (imagePullPolicy), whether the pull can
// succeed, how long it takes, and the kubelet's messages and pull back-off.
// UPSTREAM: pkg/kubelet/images/image_manager.go (EnsureImageExists, applyDefaultImageTag, evalCRIPullErr),
//           pkg/kubelet/images/puller.go, vendor/github.com/distribution/reference (ParseNormalizedNamed)
// SIMPLIFICATION: there is no registry. A pull fails only when the image cannot exist: a well-known
// library image with a tag outside its catalogue below, or a placeholder registry (example.com,
// my-gcp-project, localhost:5000). Every other image is ASSUMED to exist (a learner's own app image).
// Pull time is size / 40 MB/s + 300 ms; sizes come from a small table, else a stable hash.

import { fnv1a32 } from '../../sim/rng';

/** The image's reference is malformed: the kubelet cannot even apply a default tag. */
export type ImageRefResult = { ok: true; normalized: string } | { ok: false; message: string };

/** What pulling an image from its registry gives. */
export type PullOutcome = { ok: true; sizeBytes: number } | { ok: false; error: string };

/** Fixed cost of a pull (resolve, auth, manifest) in ms. */
export const PULL_BASE_MS = 300;
/** Download plus unpack throughput, bytes per second. */
export const PULL_BYTES_PER_SECOND = 40_000_000;
/** A pull whose layers are all present already (imagePullPolicy Always on a cached image): manifest check only. */
export const PULL_CACHED_MS = 400;
/** How long a failed pull takes to fail (the registry answers the resolve quickly). */
export const PULL_FAIL_MS = 800;
/**
 * How long a container shows ErrImagePull before the pod worker's next sync turns it into
 * ImagePullBackOff. SIMPLIFICATION: a fixed resync delay instead of PLEG and pod-worker requeues.
 */
export const ERR_IMAGE_PULL_RESYNC_MS = 1_500;
/** The image pull back-off starts at 10 s and doubles up to 5 min (kubelet imageBackOff). */
export const IMAGE_BACK_OFF_INITIAL_MS = 10_000;
export const IMAGE_BACK_OFF_MAX_MS = 300_000;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
/** distribution/reference's ReferenceRegexp (without IPv6 domains). */
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/**
 * applyDefaultImageTag: parse the reference as ParseNormalizedNamed does (docker.io and library/ are
 * implied) and add `:latest` when there is neither tag nor digest. Failures carry the kubelet's
 * InvalidImageName message.
 */
export function parseImageReference(image: string): ImageRefResult {
  const fail = (why: string): ImageRefResult => ({ ok: false, message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${why}` });
  if (/^[a-f0-9]{64}$/.test(image)) return fail(`invalid repository name (${image}), cannot specify 64-byte hexadecimal strings`);
  const [domain, remainder] = splitDockerDomain(image);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep < 0 ? remainder.split('@')[0] : remainder.slice(0, tagSep);
  if (remoteName.toLowerCase() !== remoteName) return fail(`invalid reference format: repository name (${remoteName}) must be lowercase`);
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m || image === '') return fail('invalid reference format');
  if (m[1].length > 255) return fail('repository name must not be more than 255 characters');
  const normalized = m[2] || m[3] ? full : `${full}:latest`;
  return { ok: true, normalized };
}

/** splitDockerDomain: `nginx` -> docker.io, library/nginx; `foo/bar` -> docker.io, foo/bar. */
function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  if (i < 0 || (!/[.:]/.test(name.slice(0, i)) && name.slice(0, i) !== 'localhost' && name.slice(0, i).toLowerCase() === name.slice(0, i))) {
    domain = 'docker.io';
    remainder = name;
  } else {
    domain = name.slice(0, i);
    remainder = name.slice(i + 1);
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/**
 * Tags that exist for well-known images (docker-library and registry.k8s.io), as patterns. A tag of
 * one of these images outside its pattern does not exist (`nginx:1.999`, `nginx:this-tag-does-not-exist`).
 */
const VARIANTS = '(?:-(?:alpine(?:3\\.\\d+)?|alpine-slim|alpine-perl|alpine-otel|perl|otel|slim|bookworm|bullseye|buster|trixie|glibc|musl|uclibc|slim-bookworm|slim-bullseye))?';
const KNOWN_TAGS: Record<string, RegExp> = {
  'docker.io/library/nginx': new RegExp(`^(?:latest|stable|mainline|alpine|perl|alpine-perl|alpine-slim|bookworm|trixie|(?:stable|mainline)-(?:alpine|perl|bookworm)|1(?:\\.(?:[0-9]|1[0-9]|2[0-9])(?:\\.\\d{1,2})?)?${VARIANTS})$`),
  'docker.io/library/busybox': new RegExp(`^(?:latest|stable|musl|glibc|uclibc|1(?:\\.(?:2[0-9]|3[0-7])(?:\\.\\d)?)?${VARIANTS})$`),
  'docker.io/library/alpine': /^(?:latest|edge|3(?:\.(?:[0-9]|1[0-9]|2[0-3])(?:\.\d{1,2})?)?)$/,
  'docker.io/library/redis': new RegExp(`^(?:latest|alpine|bookworm|[4-8](?:\\.\\d(?:\\.\\d{1,2})?)?${VARIANTS})$`),
  'docker.io/library/httpd': new RegExp(`^(?:latest|alpine|bookworm|2(?:\\.4(?:\\.\\d{1,2})?)?${VARIANTS})$`),
  'docker.io/library/ubuntu': /^(?:latest|rolling|devel|jammy|noble|focal|bionic|oracular|plucky|questing|(?:1[4-9]|2[0-5])\.(?:04|10)(?:\.\d)?)$/,
  'docker.io/library/debian': /^(?:latest|stable|testing|unstable|sid|bookworm|bullseye|buster|trixie|(?:bookworm|bullseye|buster|trixie)-slim|stable-slim|(?:9|1[0-3])(?:\.\d{1,2})?(?:-slim)?)$/,
  'registry.k8s.io/pause': /^(?:3\.(?:[0-9]|10(?:\.1)?))$/,
  'registry.k8s.io/busybox': /^(?:latest|1\.2[0-9](?:\.\d)?)$/,
};

/** Placeholder registries and paths that the docs tell you to replace: nothing answers there. */
function placeholderError(normalized: string): string | undefined {
  const [domain, ...path] = normalized.split('/');
  const host = domain.replace(/:\d+$/, '');
  const port = /:(\d+)$/.exec(domain)?.[1];
  if (host === 'localhost' || host === '127.0.0.1') {
    const repo = path.join('/').replace(/[:@].*$/, '');
    const ref = path.join('/').slice(repo.length + 1);
    return `failed to pull and unpack image "${normalized}": failed to resolve reference "${normalized}": failed to do request: Head "https://${domain}/v2/${repo}/manifests/${ref}": dial tcp 127.0.0.1:${port ?? '443'}: connect: connection refused`;
  }
  const placeholder = /(^|\.)example\.(com|org|net)$/.test(host) || /\.(example|invalid|test|local)$/.test(host)
    || path.some((p) => /^(my-gcp-project|my-project|project-id|your-project|your-registry|my-registry|myregistry)$/.test(p));
  if (placeholder) return notFound(normalized);
  return undefined;
}

function notFound(normalized: string): string {
  return `failed to pull and unpack image "${normalized}": failed to resolve reference "${normalized}": ${normalized}: not found`;
}

/**
 * What the registry says to a pull of `image` (already parsed). Deterministic: the same image always
 * gives the same outcome.
 */
export function pullOutcome(normalized: string): PullOutcome {
  const placeholder = placeholderError(normalized);
  if (placeholder) return { ok: false, error: placeholder };
  const digestAt = normalized.indexOf('@');
  const named = digestAt < 0 ? normalized : normalized.slice(0, digestAt);
  const colon = named.lastIndexOf(':');
  const repo = colon > named.lastIndexOf('/') ? named.slice(0, colon) : named;
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
  const known = KNOWN_TAGS[repo];
  if (known && tag !== undefined && digestAt < 0 && !known.test(tag)) return { ok: false, error: notFound(normalized) };
  return { ok: true, sizeBytes: imageSize(normalized) };
}

/** Compressed sizes of common images (bytes), as the Pulled event reports them; keyed by repository. */
const IMAGE_SIZES: Record<string, number> = {
  'docker.io/library/nginx': 72_080_558,
  'docker.io/library/busybox': 2_155_500,
  'docker.io/library/alpine': 3_653_068,
  'docker.io/library/redis': 45_196_530,
  'docker.io/library/httpd': 58_327_115,
  'docker.io/library/ubuntu': 29_754_422,
  'docker.io/library/debian': 48_491_149,
  'docker.io/library/perl': 335_142_030,
  'docker.io/library/python': 412_321_508,
  'docker.io/library/node': 393_150_112,
  'docker.io/library/postgres': 158_403_102,
  'docker.io/library/mysql': 170_720_449,
  'docker.io/library/php': 186_370_019,
  'docker.io/polinux/stress': 4_041_261,
  'docker.io/curlimages/curl': 11_223_404,
  'docker.io/nicolaka/netshoot': 208_471_338,
  'registry.k8s.io/pause': 320_368,
  'registry.k8s.io/busybox': 1_144_547,
  'registry.k8s.io/e2e-test-images/agnhost': 51_124_618,
  'registry.k8s.io/hpa-example': 150_862_405,
};

/** The image's size in bytes: from the table (alpine variants are a third), else a stable 10-200 MB. */
export function imageSize(normalized: string): number {
  const named = normalized.split('@')[0];
  const colon = named.lastIndexOf(':');
  const repo = colon > named.lastIndexOf('/') ? named.slice(0, colon) : named;
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : '';
  const known = IMAGE_SIZES[repo];
  if (known !== undefined) return /alpine/.test(tag) && repo !== 'docker.io/library/alpine' ? Math.round(known / 3) : known;
  return 10_000_000 + (fnv1a32(normalized) % 190_000_000);
}

/** How long pulling `sizeBytes` takes (ms), whole ms. */
export function pullDurationMs(sizeBytes: number): number {
  return PULL_BASE_MS + Math.round((sizeBytes / PULL_BYTES_PER_SECOND) * 1000);
}

/** The pull policy in effect: the API defaults it, but a pod built without defaulting may lack it. */
export function pullPolicyOf(image: string, policy: string | undefined): 'Always' | 'IfNotPresent' | 'Never' {
  if (policy === 'Always' || policy === 'IfNotPresent' || policy === 'Never') return policy;
  if (image.includes('@')) return 'IfNotPresent';
  const tag = /:([^/:]*)$/.exec(image)?.[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** shouldPullImage: Never never pulls, IfNotPresent only when absent, Always every time. */
export function shouldPullImage(policy: 'Always' | 'IfNotPresent' | 'Never', present: boolean): boolean {
  if (policy === 'Never') return false;
  return policy === 'Always' || !present;
}

/** The messages of EnsureImageExists, word for word. */
export const messages = {
  pulling: (image: string) => `Pulling image "${image}"`,
  pulled: (image: string, pullMs: number, totalMs: number, sizeBytes: number, fmt: (ms: number) => string) =>
    `Successfully pulled image "${image}" in ${fmt(pullMs)} (${fmt(totalMs)} including waiting). Image size: ${sizeBytes} bytes.`,
  present: (image: string) => `Container image "${image}" already present on machine and can be accessed by the pod`,
  neverPull: (image: string) => `Container image "${image}" is not present with pull policy of Never`,
  failed: (image: string, error: string) => `Failed to pull image "${image}": ${error}`,
  backOffEvent: (image: string) => `Back-off pulling image "${image}"`,
  /** state.waiting.message during ImagePullBackOff: the back-off wraps the last pull's error. */
  backOffWaiting: (image: string, error: string) => `Back-off pulling image "${image}": ErrImagePull: ${error}`,
  error: (reason: string) => `Error: ${reason}`,
};

/** The image back-off entry after a failed pull at `nowMs` (flowcontrol.Backoff.Next). */
export function nextImageBackOff(entry: { backOffMs?: number; updatedMs?: number }, nowMs: number): { backOffMs: number; updatedMs: number } {
  const expired = entry.updatedMs === undefined || nowMs - entry.updatedMs > 2 * IMAGE_BACK_OFF_MAX_MS;
  const backOffMs = entry.backOffMs === undefined || expired ? IMAGE_BACK_OFF_INITIAL_MS : Math.min(entry.backOffMs * 2, IMAGE_BACK_OFF_MAX_MS);
  return { backOffMs, updatedMs: nowMs };
}

/** IsInBackOffSinceUpdate: the last failed pull's back-off period has not passed yet. */
export function isInImageBackOff(entry: { backOffMs?: number; updatedMs?: number }, nowMs: number): boolean {
  if (entry.backOffMs === undefined || entry.updatedMs === undefined) return false;
  return nowMs - entry.updatedMs < entry.backOffMs;
}
