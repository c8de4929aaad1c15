import { describe, expect, it } from 'vitest';
import {
  imageSize, IMAGE_BACK_OFF_INITIAL_MS, IMAGE_BACK_OFF_MAX_MS, isInImageBackOff, nextImageBackOff, parseImageReference,
  pullDurationMs, pullOutcome, pullPolicyOf, shouldPullImage,
} from './image-manager';

describe('applyDefaultImageTag (ParseNormalizedNamed)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['polinux/stress', 'docker.io/polinux/stress:latest'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
    ['gcr.io/my-gcp-project/my-kube-scheduler:1.0', 'gcr.io/my-gcp-project/my-kube-scheduler:1.0'],
    [`busybox@sha256:${'a'.repeat(64)}`, `docker.io/library/busybox@sha256:${'a'.repeat(64)}`],
  ])('%s -> %s', (image, normalized) => {
    expect(parseImageReference(image)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['Nginx', 'invalid reference format: repository name (library/Nginx) must be lowercase'],
    ['nginx:1.27:extra', 'invalid reference format'],
    ['nginx::1', 'invalid reference format'],
    ['-nginx', 'invalid reference format'],
    ['nginx:', 'invalid reference format'],
  ])('%s is InvalidImageName', (image, why) => {
    expect(parseImageReference(image)).toEqual({ ok: false, message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${why}` });
  });
});

describe('pullOutcome: which images cannot exist', () => {
  it.each([
    'docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27.3-alpine', 'docker.io/library/nginx:latest', 'docker.io/library/nginx:stable-alpine',
    'docker.io/library/busybox:1.36', 'docker.io/library/redis:7', 'docker.io/library/httpd:2.4', 'docker.io/learner/my-app:v3',
    'registry.k8s.io/pause:3.10', 'quay.io/someone/tool:1.0',
  ])('%s exists (known or assumed)', (image) => {
    expect(pullOutcome(image).ok).toBe(true);
  });

  it.each([
    ['docker.io/library/nginx:1.999', 'failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found'],
    ['docker.io/library/nginx:this-tag-does-not-exist', 'failed to pull and unpack image "docker.io/library/nginx:this-tag-does-not-exist": failed to resolve reference "docker.io/library/nginx:this-tag-does-not-exist": docker.io/library/nginx:this-tag-does-not-exist: not found'],
    ['gcr.io/my-gcp-project/my-kube-scheduler:1.0', 'failed to pull and unpack image "gcr.io/my-gcp-project/my-kube-scheduler:1.0": failed to resolve reference "gcr.io/my-gcp-project/my-kube-scheduler:1.0": gcr.io/my-gcp-project/my-kube-scheduler:1.0: not found'],
    ['registry.example.com/app:1', 'failed to pull and unpack image "registry.example.com/app:1": failed to resolve reference "registry.example.com/app:1": registry.example.com/app:1: not found'],
    ['localhost:5000/app:v1', 'failed to pull and unpack image "localhost:5000/app:v1": failed to resolve reference "localhost:5000/app:v1": failed to do request: Head "https://localhost:5000/v2/app/manifests/v1": dial tcp 127.0.0.1:5000: connect: connection refused'],
  ])('%s cannot be pulled', (image, error) => {
    expect(pullOutcome(image)).toEqual({ ok: false, error });
  });
});

describe('image sizes and pull time', () => {
  it('takes nginx:1.27 (72080558 bytes) 2.102 s at 40 MB/s plus 300 ms', () => {
    expect(imageSize('docker.io/library/nginx:1.27')).toBe(72_080_558);
    expect(pullDurationMs(72_080_558)).toBe(2102);
  });
  it('gives an unknown image a stable size between 10 and 200 MB', () => {
    const s = imageSize('docker.io/learner/app:1');
    expect(s).toBe(imageSize('docker.io/learner/app:1'));
    expect(s).toBeGreaterThanOrEqual(10_000_000);
    expect(s).toBeLessThan(200_000_000);
  });
});

describe('shouldPullImage and the defaulted policy', () => {
  it.each([
    ['nginx', undefined, 'Always'],
    ['nginx:latest', undefined, 'Always'],
    ['nginx:1.27', undefined, 'IfNotPresent'],
    ['localhost:5000/app', undefined, 'Always'],
    ['nginx:1.27', 'Never', 'Never'],
  ])('%s with %s is %s', (image, policy, want) => {
    expect(pullPolicyOf(image, policy)).toBe(want);
  });
  it.each([
    ['Always', true, true], ['Always', false, true],
    ['IfNotPresent', true, false], ['IfNotPresent', false, true],
    ['Never', true, false], ['Never', false, false],
  ] as const)('%s, present %s: pull %s', (policy, present, want) => {
    expect(shouldPullImage(policy, present)).toBe(want);
  });
});

describe('image pull back-off', () => {
  it('doubles from 10 s to 5 min, counting from the last failure', () => {
    let e: { backOffMs?: number; updatedMs?: number } = {};
    const periods: number[] = [];
    let t = 0;
    for (let i = 0; i < 7; i++) {
      e = nextImageBackOff(e, t);
      periods.push(e.backOffMs!);
      expect(isInImageBackOff(e, t + e.backOffMs! - 1)).toBe(true);
      expect(isInImageBackOff(e, t + e.backOffMs!)).toBe(false);
      t += e.backOffMs! + 1000;
    }
    expect(periods).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(nextImageBackOff(e, t + 2 * IMAGE_BACK_OFF_MAX_MS + 1).backOffMs).toBe(IMAGE_BACK_OFF_INITIAL_MS);
  });
});
