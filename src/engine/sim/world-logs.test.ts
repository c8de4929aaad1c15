import { describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster';
import { webApp } from '../testing/manifests';

const pod = (name: string, image: string, command: string, restartPolicy = 'Always') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${restartPolicy}
  containers:
  - name: main
    image: ${image}
    command: ["sh", "-c", ${JSON.stringify(command)}]
`;

describe('kubectl logs over the World', () => {
  it('a busybox echo loop shows one more line for every period of simulated time', () => {
    const c = new TestCluster();
    c.applyOk(pod('ticker', 'busybox', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 10; done'));
    c.settle();
    expect(c.pod('ticker').status?.phase).toBe('Running');
    const before = c.world.kubectl('logs ticker').stdout.split('\n').filter(Boolean);
    expect(before[0]).toBe('tick 0');
    c.step(60_000);
    const after = c.world.kubectl('logs ticker');
    expect(after.stderr).toBe('');
    const lines = after.stdout.split('\n').filter(Boolean);
    expect(lines.length - before.length).toBe(6);
    expect(lines).toEqual(lines.map((_, i) => `tick ${i}`));
    expect(c.world.kubectl('logs ticker --tail=2').stdout).toBe(`tick ${lines.length - 2}\ntick ${lines.length - 1}\n`);
    expect(c.world.kubectl('logs ticker --since=25s').stdout.split('\n').filter(Boolean)).toHaveLength(3);
    const stamped = c.world.kubectl('logs ticker --timestamps --tail=1').stdout;
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick \d+\n$/);
    const follow = c.world.kubectl('logs -f ticker --tail=1');
    expect(follow.stdout).toBe(`tick ${lines.length - 1}\n`);
    expect(follow.stderr).toMatch(/not simulated/);
  });

  it("a crash-looping container: logs show the last run's output, --previous too, and the first run has no previous", () => {
    const c = new TestCluster();
    c.applyOk(pod('crasher', 'busybox', 'echo "starting up"; sleep 2; echo "fatal: config missing" >&2; exit 3'));
    c.step(1500);
    expect(c.world.kubectl('logs crasher --previous')).toEqual({
      stdout: '', stderr: 'Error from server (BadRequest): previous terminated container "main" in pod "crasher" not found\n', exitCode: 1,
    });
    c.step(60_000);
    const status = c.pod('crasher').status?.containerStatuses?.[0];
    expect(status?.restartCount).toBeGreaterThan(0);
    expect(status?.lastState?.terminated?.exitCode).toBe(3);
    expect(c.world.kubectl('logs crasher -p').stdout).toBe('starting up\nfatal: config missing\n');
    expect(c.world.kubectl('logs crasher --previous=true -c main').exitCode).toBe(0);
  });

  it("nginx's startup lines, through deploy/NAME with kubectl's notice about which pod", () => {
    const c = new TestCluster();
    c.applyOk(webApp({ replicas: 2, noService: true }));
    c.settle();
    const out = c.world.kubectl('logs deploy/web');
    expect(out.stderr).toMatch(/^Found 2 pods, using pod\/web-[a-z0-9]+-[a-z0-9]+\n$/);
    expect(out.stdout).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(out.stdout).toContain('[notice] 1#1: start worker processes\n');
    const all = c.world.kubectl('logs -l app=web --prefix');
    expect(all.stdout.split('\n').filter(Boolean)).toHaveLength(20); // the last 10 lines of each pod
    expect(all.stdout).toMatch(/^\[pod\/web-[a-z0-9-]+\/nginx\] /);
  });

  it('a container still being created, and a pod that does not exist', () => {
    const c = new TestCluster();
    c.applyOk(pod('slow', 'nginx:1.27', 'nginx -g "daemon off;"'));
    c.step(300);
    expect(c.pod('slow').spec?.nodeName).toBeTruthy();
    expect(c.world.kubectl('logs slow')).toEqual({
      stdout: '', stderr: 'Error from server (BadRequest): container "main" in pod "slow" is waiting to start: ContainerCreating\n', exitCode: 1,
    });
    expect(c.world.kubectl('logs nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(c.world.kubectl('logs slow -c other').stderr).toBe('Error from server (BadRequest): container other is not valid for pod slow\n');
  });

  it("the pi Job's pod prints pi once it completed", () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`);
    c.settle();
    const out = c.world.kubectl('logs job/pi');
    expect(out.stdout).toMatch(/^3\.14159265358979/);
    expect(out.stdout.trim().length).toBe(2001);
  });
});
