import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { TestCluster } from '../../testing/test-cluster';
import { podInside } from './pod-inside';

const SIDECAR = `apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  initContainers:
  - {name: setup, image: busybox:1.36, command: [sh, -c, "echo hi > /work/index.html"], volumeMounts: [{name: html, mountPath: /work}]}
  - {name: shipper, image: busybox:1.36, restartPolicy: Always, command: [sh, -c, "tail -f /dev/null"]}
  containers:
  - {name: web, image: nginx:1.27, ports: [{containerPort: 80}], volumeMounts: [{name: html, mountPath: /usr/share/nginx/html, readOnly: true}, {name: cache, mountPath: /cache}]}
  - {name: poller, image: busybox:1.36, command: [sh, -c, "while true; do wget -qO- localhost:80; sleep 5; done"]}
  volumes:
  - {name: html, emptyDir: {}}
  - {name: cache, hostPath: {path: /var/cache/web}}
`;

describe('podInside', () => {
  it('the pause container holds net, ipc and uts; every container joins them and keeps its own mnt and pid', () => {
    const c = new TestCluster();
    c.applyOk(SIDECAR);
    c.settle();
    const pod = c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'two' }) as Pod;
    const v = podInside(pod);
    expect(v.sandbox).toMatchObject({ image: 'registry.k8s.io/pause:3.10', holds: ['net', 'ipc', 'uts'], ready: true });
    expect(v.podIP).toBe(pod.status?.podIP);
    expect(v.hostname).toBe('two');
    expect(v.containers.map((x) => [x.name, x.type])).toEqual([['setup', 'init'], ['shipper', 'sidecar'], ['web', 'app'], ['poller', 'app']]);
    for (const x of v.containers) {
      expect(x.shared).toEqual(['net', 'ipc', 'uts']);
      expect(x.own).toEqual(['mnt', 'pid']);
    }
    const web = v.containers.find((x) => x.name === 'web')!;
    expect(web.listens).toEqual([80]);
    expect(web.state).toBe('running');
    expect(web.mounts.slice(0, 2)).toEqual([{ volume: 'html', path: '/usr/share/nginx/html', readOnly: true }, { volume: 'cache', path: '/cache', readOnly: false }]);
    // and the service account token the admission plugin mounted
    expect(web.mounts[2]).toMatchObject({ path: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
    // a shell loop and a finished init container listen on nothing
    expect(v.containers.find((x) => x.name === 'poller')!.listens).toEqual([]);
    expect(v.containers.find((x) => x.name === 'setup')!).toMatchObject({ listens: [], state: 'terminated', reason: 'Completed' });
    expect(v.volumes.find((x) => x.name === 'html')).toEqual({ name: 'html', type: 'emptyDir', lifetime: 'pod' });
    expect(v.volumes.find((x) => x.name === 'cache')).toEqual({ name: 'cache', type: 'hostPath', source: '/var/cache/web', lifetime: 'node' });
    // the ServiceAccount admission's token volume is there too
    expect(v.volumes.find((x) => x.name.startsWith('kube-api-access-'))).toMatchObject({ type: 'projected', lifetime: 'object' });
  });

  it('shareProcessNamespace puts pid in the sandbox; hostNetwork takes net out of it', () => {
    const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { shareProcessNamespace: true, hostNetwork: true, containers: [{ name: 'a', image: 'nginx' }] } };
    const v = podInside(pod);
    expect(v.sandbox.holds).toEqual(['ipc', 'uts', 'pid']);
    expect(v.containers[0]).toMatchObject({ shared: ['ipc', 'uts', 'pid'], own: ['mnt'], state: 'waiting' });
    expect(v.hostNetwork).toBe(true);
  });
});
