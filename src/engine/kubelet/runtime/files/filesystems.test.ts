import { describe, expect, it } from 'vitest';
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { TestCluster } from '../../../testing/test-cluster';
import { World } from '../../../sim/world';

const exec = (c: TestCluster, line: string) => c.world.kubectl(`exec ${line}`);
const sh = (c: TestCluster, pod: string, script: string) => c.world.kubectl(`exec ${pod} -- sh -c "${script}"`);

describe('two containers sharing an emptyDir', () => {
  it('nginx serves what the debian container wrote', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  restartPolicy: Never
  volumes: [{name: shared, emptyDir: {}}]
  containers:
  - name: nginx
    image: nginx
    volumeMounts: [{name: shared, mountPath: /usr/share/nginx/html}]
  - name: debian
    image: debian
    volumeMounts: [{name: shared, mountPath: /pod-data}]
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html"]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: c, image: curlimages/curl, command: [sleep, infinity]}]
`);
    c.settle();
    expect(exec(c, 'two -c nginx -- cat /usr/share/nginx/html/index.html').stdout).toBe('Hello from the debian container\n');
    const ip = c.pod('two').status!.podIP!;
    expect(exec(c, `client -- curl -s http://${ip}/`).stdout).toBe('Hello from the debian container\n');
    expect(exec(c, `client -- curl -si http://${ip}/nope.html`).stdout).toMatch(/^HTTP\/1\.1 404 Not Found/);
    // The user writes another page through nginx's container: it is served too.
    expect(exec(c, `two -c nginx -- sh -c "echo bye > /usr/share/nginx/html/bye.html"`).exitCode).toBe(0);
    expect(exec(c, `client -- curl -s http://${ip}/bye.html`).stdout).toBe('bye\n');
    // wget saves what it fetched in the client's filesystem.
    expect(exec(c, `client -- wget -q -O /tmp/page http://${ip}/`).exitCode).toBe(0);
    expect(exec(c, 'client -- cat /tmp/page').stdout).toBe('Hello from the debian container\n');
    expect(exec(c, `client -- wget -q -O /nope/page http://${ip}/`).stderr).toContain("wget: can't open '/nope/page': No such file or directory");
  });
});

describe('lifetimes', () => {
  it('the writable layer is lost when the container restarts; the emptyDir survives; both go with the pod', () => {
    const c = new TestCluster();
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  volumes: [{name: cache, emptyDir: {}}]
  containers:
  - name: app
    image: busybox
    command: [sh, -c, "sleep 30; exit 1"]
    volumeMounts: [{name: cache, mountPath: /cache}]
`;
    c.applyOk(pod);
    c.step(10_000);
    expect(sh(c, 'crash', 'echo layer > /tmp/a && echo volume > /cache/b').exitCode).toBe(0);
    expect(exec(c, 'crash -- cat /tmp/a').stdout).toBe('layer\n');
    c.step(45_000);
    expect(c.pod('crash').status?.containerStatuses?.[0].restartCount).toBe(1);
    expect(exec(c, 'crash -- cat /tmp/a')).toMatchObject({ stderr: expect.stringContaining("cat: can't open '/tmp/a': No such file or directory\n"), exitCode: 1 });
    expect(exec(c, 'crash -- cat /cache/b').stdout).toBe('volume\n');
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'crash' });
    c.settle();
    c.applyOk(pod);
    c.step(10_000);
    expect(exec(c, 'crash -- ls /cache').stdout).toBe('');
  });

  it('hostPath data stays on its node: another pod there sees it, a pod on another node does not', () => {
    const c = new TestCluster();
    const pod = (name: string, node: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
  volumes: [{name: h, hostPath: {path: /var/data, type: DirectoryOrCreate}}]
  containers: [{name: c, image: busybox, command: [sleep, infinity], volumeMounts: [{name: h, mountPath: /data}]}]
`;
    c.applyOk(pod('a', 'node-1'));
    c.settle();
    sh(c, 'a', 'echo from-a > /data/f');
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'a' });
    c.applyOk(pod('b', 'node-1'));
    c.applyOk(pod('x', 'node-2'));
    c.settle();
    expect(exec(c, 'b -- cat /data/f').stdout).toBe('from-a\n');
    expect(exec(c, 'x -- cat /data/f').exitCode).toBe(1);
  });

  it('a StatefulSet pod recreated with its claim sees its files; deleting a Delete-reclaim volume wipes them', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: c, image: busybox, command: [sleep, infinity], volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
    c.settle();
    expect(c.pod('db-0').status?.phase).toBe('Running');
    expect(sh(c, 'db-0', 'echo kept > /data/f; echo lost > /tmp/f').exitCode).toBe(0);
    const uid = c.pod('db-0').metadata.uid;
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'db-0' });
    c.settle();
    expect(c.pod('db-0').metadata.uid).not.toBe(uid);
    expect(exec(c, 'db-0 -- cat /data/f').stdout).toBe('kept\n');
    expect(exec(c, 'db-0 -- cat /tmp/f').exitCode).toBe(1);
    expect(exec(c, 'db-0 -- df -h /data').stdout).toContain('/data');
    const pv = c.world.list('PersistentVolume')[0] as PersistentVolume;
    const path = (pv.spec?.hostPath?.path ?? pv.spec?.local?.path ?? '').slice(1);
    const onDisk = () => Object.values(c.world.snapshot().files?.hosts ?? {}).some((t) => `${path}/f` in t);
    expect(onDisk()).toBe(true);
    c.world.deleteObject({ kind: 'StatefulSet', namespace: 'default', name: 'db' });
    c.world.deleteObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-db-0' });
    c.settle();
    expect(c.world.list('PersistentVolume')).toHaveLength(0);
    expect(onDisk()).toBe(false);
  });

  it('a Retain volume keeps its data when the PV object goes: a new PV for the same disk sees it', () => {
    const c = new TestCluster();
    const pv = (name: string) => `apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  nfs: {server: nfs.example.com, path: /exports/a}
`;
    const claim = (name: string, volume: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec: {storageClassName: manual, volumeName: ${volume}, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: user-${name}}
spec:
  volumes: [{name: d, persistentVolumeClaim: {claimName: ${name}}}]
  containers: [{name: c, image: busybox, command: [sh, -c, "echo written > /data/f; sleep 3600"], volumeMounts: [{name: d, mountPath: /data}]}]
`;
    c.applyOk(pv('pv-a'));
    c.applyOk(claim('a', 'pv-a'));
    c.step(30_000);
    expect(exec(c, 'user-a -- cat /data/f').stdout).toBe('written\n');
    sh(c, 'user-a', 'echo more >> /data/f');
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'user-a' });
    c.world.deleteObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'a' });
    c.step(30_000);
    c.world.deleteObject({ kind: 'PersistentVolume', name: 'pv-a' });
    c.step(10_000);
    expect(c.world.list('PersistentVolume')).toHaveLength(0);
    c.applyOk(pv('pv-b'));
    c.applyOk(claim('b', 'pv-b').replace('echo written > /data/f; ', ''));
    c.step(30_000);
    expect(exec(c, 'user-b -- cat /data/f').stdout).toBe('written\nmore\n');
  });

  it('a saved cluster keeps its files', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox, command: [sleep, infinity]}]\n');
    c.settle();
    sh(c, 'p', 'mkdir -p /srv/a && echo saved > /srv/a/f');
    const copy = World.restore(JSON.parse(JSON.stringify(c.world.snapshot())));
    expect(copy.kubectl('exec p -- cat /srv/a/f').stdout).toBe('saved\n');
  });
});

describe('configMap, secret and projected volumes', () => {
  const setup = () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {redis-config: "maxmemory 2mb", other: "x"}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
data: {username: YWRtaW4=, password: MWYyZDFlMmU2N2Rm}
---
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: demo}}
spec:
  volumes:
  - {name: config, configMap: {name: cfg, items: [{key: redis-config, path: redis.conf}]}}
  - {name: sec, secret: {secretName: s, defaultMode: 0400}}
  - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
  containers:
  - name: c
    image: busybox
    command: [sleep, infinity]
    volumeMounts:
    - {name: config, mountPath: /etc/redis}
    - {name: config, mountPath: /etc/pinned.conf, subPath: redis.conf}
    - {name: sec, mountPath: /etc/secret-volume, readOnly: true}
    - {name: info, mountPath: /etc/podinfo}
`);
    c.settle();
    return c;
  };

  it('lays the keys out as the atomic writer does, read-only', () => {
    const c = setup();
    expect(exec(c, 'p -- cat /etc/redis/redis.conf').stdout).toBe('maxmemory 2mb');
    const ls = exec(c, 'p -- ls -la /etc/redis').stdout;
    expect(ls).toMatch(/^lrwxrwxrwx .* \.\.data -> \.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/m);
    expect(ls).toMatch(/^lrwxrwxrwx .* redis\.conf -> \.\.data\/redis\.conf$/m);
    expect(exec(c, 'p -- ls /etc/secret-volume').stdout).toBe('password\nusername\n');
    expect(exec(c, 'p -- cat /etc/secret-volume/username').stdout).toBe('admin');
    expect(exec(c, 'p -- ls -l /etc/secret-volume/..data/').stdout).toMatch(/^-r-------- .* password$/m);
    expect(exec(c, 'p -- cat /etc/podinfo/labels').stdout).toBe('app="demo"');
    expect(sh(c, 'p', 'echo x > /etc/redis/x')).toMatchObject({ stderr: expect.stringContaining("sh: can't create /etc/redis/x: Read-only file system\n"), exitCode: 1 });
    expect(exec(c, 'p -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace').stdout).toBe('default');
    expect(exec(c, 'p -- cat /var/run/secrets/kubernetes.io/serviceaccount/token').stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('an edit reaches the mounted file after the sync delay; a subPath mount never updates', () => {
    const c = setup();
    c.applyOk('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {redis-config: "maxmemory 5mb", other: "x"}\n');
    c.step(30_000);
    expect(exec(c, 'p -- cat /etc/redis/redis.conf').stdout).toBe('maxmemory 2mb');
    c.step(60_000);
    expect(exec(c, 'p -- cat /etc/redis/redis.conf').stdout).toBe('maxmemory 5mb');
    expect(exec(c, 'p -- cat /etc/pinned.conf').stdout).toBe('maxmemory 2mb');
  });
});

describe('program effects', () => {
  it('init container wget, postStart echo and a script with sleeps', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: init-demo}
spec:
  containers:
  - name: nginx
    image: nginx
    volumeMounts: [{name: workdir, mountPath: /usr/share/nginx/html}]
    lifecycle: {postStart: {exec: {command: [/bin/sh, -c, "echo Hello from the postStart handler > /usr/share/message"]}}}
  initContainers:
  - name: install
    image: busybox:1.28
    command: [wget, -O, /work-dir/index.html, http://info.cern.ch]
    volumeMounts: [{name: workdir, mountPath: /work-dir}]
  volumes: [{name: workdir, emptyDir: {}}]
---
apiVersion: v1
kind: Pod
metadata: {name: liveness}
spec:
  containers:
  - name: c
    image: busybox
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
`);
    c.step(20_000);
    expect(exec(c, 'init-demo -- cat /usr/share/nginx/html/index.html').stdout).toContain('<h1>http://info.cern.ch - home of the first website</h1>');
    expect(exec(c, 'init-demo -- cat /usr/share/message').stdout).toBe('Hello from the postStart handler\n');
    expect(exec(c, 'liveness -- ls /tmp').stdout).toBe('healthy\n');
    c.step(31_000);
    expect(exec(c, 'liveness -- ls /tmp').stdout).toBe('');
  });
});
