// World scenarios of image pulls: ErrImagePull and ImagePullBackOff, InvalidImageName, Never.
import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../client/record';
import { TestCluster } from '../../testing/test-cluster';

const pod = (name: string, image: string, policy = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  nodeName: node-1\n  containers:\n  - name: app\n    image: "${image}"\n${policy ? `    imagePullPolicy: ${policy}\n` : ''}`;

function events(c: TestCluster, name: string): string[] {
  return (c.world.list('Event', 'default') as CoreEvent[])
    .filter((e) => e.involvedObject.name === name && e.source?.component === 'kubelet')
    .map((e) => `${e.type} ${e.reason}: ${e.message}${e.count && e.count > 1 ? ` (x${e.count})` : ''}`);
}
const waiting = (c: TestCluster, name: string) => c.pod(name).status?.containerStatuses?.[0]?.state?.waiting;

describe('image pulls in a cluster (EnsureImageExists)', () => {
  it('a tag that does not exist: ErrImagePull, then ImagePullBackOff with a doubling back-off; the pod stays Pending', () => {
    const c = new TestCluster();
    c.applyOk(pod('web', 'nginx:1.999'));
    c.step(2_500);
    const err = 'failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found';
    expect(waiting(c, 'web')).toEqual({ reason: 'ErrImagePull', message: err });
    expect(c.kubectl('get pod web --no-headers')).toMatch(/^web\s+0\/1\s+ErrImagePull\s+0\s/);
    c.settle();
    expect(waiting(c, 'web')).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "nginx:1.999": ErrImagePull: ${err}` });
    expect(c.kubectl('get pod web --no-headers')).toMatch(/^web\s+0\/1\s+ImagePullBackOff\s+0\s/);
    expect(c.pod('web').status?.phase).toBe('Pending');
    expect(events(c, 'web')).toEqual([
      'Normal Pulling: Pulling image "nginx:1.999"',
      `Warning Failed: Failed to pull image "nginx:1.999": ${err}`,
      'Warning Failed: Error: ErrImagePull',
      'Normal BackOff: Back-off pulling image "nginx:1.999"',
      'Warning Failed: Error: ImagePullBackOff',
    ]);
    // Retries after 10 s, then 20 s: the events count up as a real cluster's do.
    c.step(60_000); // pulls at about 0.5 s, 11.5 s and 32.5 s; the next one is due at about 73 s
    const pulls = events(c, 'web').find((e) => e.startsWith('Normal Pulling'));
    expect(pulls).toBe('Normal Pulling: Pulling image "nginx:1.999" (x3)');
  });

  it('the placeholder image of the multiple-schedulers page cannot be pulled', () => {
    const c = new TestCluster();
    c.applyOk(pod('s', 'gcr.io/my-gcp-project/my-kube-scheduler:1.0'));
    c.settle();
    expect(waiting(c, 's')?.reason).toBe('ImagePullBackOff');
  });

  it('a malformed reference is InvalidImageName, with an InspectFailed event and no pull', () => {
    const c = new TestCluster();
    c.applyOk(pod('bad', 'Nginx:1.27'));
    c.settle();
    const message = 'Failed to apply default image tag "Nginx:1.27": couldn\'t parse image name "Nginx:1.27": invalid reference format: repository name (library/Nginx) must be lowercase';
    expect(waiting(c, 'bad')).toEqual({ reason: 'InvalidImageName', message });
    expect(events(c, 'bad')).toEqual([`Warning InspectFailed: ${message}`, 'Warning Failed: Error: InvalidImageName']);
    expect(c.kubectl('get pod bad --no-headers')).toMatch(/^bad\s+0\/1\s+InvalidImageName\s/);
  });

  it('imagePullPolicy Never without the image: ErrImageNeverPull; once another pod pulled it, the container starts', () => {
    const c = new TestCluster();
    c.applyOk(pod('never', 'redis:7', 'Never'));
    c.settle();
    const message = 'Container image "redis:7" is not present with pull policy of Never';
    expect(waiting(c, 'never')).toEqual({ reason: 'ErrImageNeverPull', message });
    expect(events(c, 'never')).toEqual([`Warning ErrImageNeverPull: ${message}`, 'Warning Failed: Error: ErrImageNeverPull']);
    c.applyOk(pod('puller', 'redis:7'));
    c.settle();
    // The Never pod's next sync (its own status changes or a resync) finds the image.
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'never' });
    c.settle();
    c.applyOk(pod('never2', 'redis:7', 'Never'));
    c.settle();
    expect(c.pod('never2').status?.phase).toBe('Running');
    expect(events(c, 'never2')).toContain('Normal Pulled: Container image "redis:7" already present on machine and can be accessed by the pod');
  });

  it('Always pulls again even when the image is present, quickly (layers cached), with the catalogue size', () => {
    const c = new TestCluster();
    c.applyOk(pod('a', 'nginx:1.27', 'Always'));
    c.settle();
    c.applyOk(pod('b', 'nginx:1.27', 'Always'));
    c.settle();
    expect(events(c, 'a')).toContain('Normal Pulled: Successfully pulled image "nginx:1.27" in 2.102s (2.102s including waiting). Image size: 72080558 bytes.');
    expect(events(c, 'b')).toContain('Normal Pulled: Successfully pulled image "nginx:1.27" in 400ms (400ms including waiting). Image size: 72080558 bytes.');
    expect(c.pod('b').status?.phase).toBe('Running');
  });

  it("reports the node's image cache in status.images at the next heartbeat, largest first", () => {
    const c = new TestCluster();
    c.applyOk(pod('a', 'nginx:1.27'));
    c.applyOk(pod('b', 'busybox:1.36').replace('name: app', 'name: app\n    command: [sleep, infinity]').replace('name: b}', 'name: b}'));
    c.settle();
    c.step(10_000);
    const node = c.world.getObject({ kind: 'Node', name: 'node-1' }) as { status?: { images?: Array<{ names: string[]; sizeBytes: number }> } };
    expect(node.status?.images?.map((i) => [i.names[1], i.sizeBytes])).toEqual([
      ['docker.io/library/nginx:1.27', 72_080_558],
      ['docker.io/library/busybox:1.36', 2_155_500],
    ]);
    expect(node.status?.images?.[0].names[0]).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  });
});
