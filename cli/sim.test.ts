import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../src/engine/index';
import type { CommandOutput } from '../src/engine/index';
import { tokenize } from '../src/engine/kubectl/cmd/args';
import { USAGE, main, manifestFiles } from './sim';
import type { CliDeps, SimWorld } from './sim';

let dir: string;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  mkdirSync(join(dir, 'app', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'app', 'b-service.yaml'), service);
  writeFileSync(join(dir, 'app', 'a-deployment.yml'), deployment);
  writeFileSync(join(dir, 'app', 'nested', 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));
  writeFileSync(join(dir, 'app', 'README.md'), '# not a manifest');
  mkdirSync(join(dir, 'empty'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

/**
 * A stand-in World that records what the CLI asked of it. Its `kubectl apply -f` reads the file
 * through the CLI's reader and answers `<kind>/x created` (or `error: bad <Kind>`).
 */
function recordingWorld(opts: { failKubectl?: boolean; failApply?: boolean } = {}) {
  const calls: string[] = [];
  const created: { seed: number; workerNodes: number }[] = [];
  const world: SimWorld = {
    step(ms: number) {
      calls.push(`step ${ms}`);
    },
    kubectl(command: string, readFile?: (path: string) => string): CommandOutput {
      calls.push(`kubectl ${command}`);
      const tokens = tokenize(command);
      const words = tokens.ok ? tokens.words : [];
      if (words[1] === 'apply' && words[2] === '-f' && readFile) {
        const kind = /kind"?: *"?(\w+)/.exec(readFile(words[3]))?.[1] ?? '?';
        return opts.failApply
          ? { stdout: '', stderr: `error: bad ${kind}\n`, exitCode: 1 }
          : { stdout: `${kind.toLowerCase()}/x created\n`, stderr: '', exitCode: 0 };
      }
      return opts.failKubectl ? { stdout: '', stderr: 'error: boom\n', exitCode: 1 } : { stdout: `ran ${command}\n`, stderr: '', exitCode: 0 };
    },
  };
  const deps: CliDeps = {
    createWorld: (o) => {
      created.push(o);
      return world;
    },
  };
  return { calls, created, deps };
}

describe('sim CLI arguments', () => {
  it('runs the arguments in order against one world', () => {
    const { calls, created, deps } = recordingWorld();
    const { out, io } = capture();
    const code = main(['--nodes', '2', '--seed=7', '-f', join(dir, 'app', 'b-service.yaml'), '--for', '1m30s', '-c', 'kubectl get pods', '--for', '500ms'], io, deps);
    expect(code).toBe(0);
    expect(created).toEqual([{ seed: 7, workerNodes: 2 }]);
    expect(calls).toEqual([`kubectl kubectl apply -f '${join(dir, 'app', 'b-service.yaml')}'`, 'step 90000', 'kubectl kubectl get pods', 'step 500']);
    expect(out).toEqual({ stdout: 'service/x created\nran kubectl get pods\n', stderr: '' });
  });

  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
  ])('--for %s advances %d ms', (text, ms) => {
    const { calls, deps } = recordingWorld();
    expect(main(['--for', text], capture().io, deps)).toBe(0);
    expect(calls).toEqual([`step ${ms}`]);
  });

  it('passes --cluster-cidr to the cluster, and warns when the nodes outnumber its /24s', () => {
    const { created, deps } = recordingWorld();
    const wide = capture();
    expect(main(['--nodes', '1000', '--cluster-cidr', '10.128.0.0/9'], wide.io, deps)).toBe(0);
    expect(created).toEqual([{ seed: 1, workerNodes: 1000, clusterCIDR: '10.128.0.0/9' }]);
    expect(wide.out.stderr).toBe('');
    const narrow = capture();
    expect(main(['--nodes', '300'], narrow.io, deps)).toBe(0);
    expect(narrow.out.stderr).toMatch(/^warning: the cluster CIDR has room for 256 node podCIDRs/);
    const bad = capture();
    expect(main(['--cluster-cidr', '10.0.0.0/33'], bad.io, deps)).toBe(2);
    expect(bad.out.stderr).toMatch(/^error: invalid --cluster-cidr "10.0.0.0\/33"/);
  });

  it('accepts a --cluster-cidr that holds the service CIDR: node IPAM skips the service range, as kube-controller-manager does', () => {
    const { out, io } = capture();
    // 10.96.0.0/11 holds the service CIDR 10.96.0.0/12: the first node block outside it is 10.112.0.0/24.
    expect(main(['--nodes', '2', '--cluster-cidr', '10.96.0.0/11', '--for', '10s', '-c', 'kubectl get nodes -o yaml'], io)).toBe(0);
    const cidrs = [...out.stdout.matchAll(/^ {4}podCIDR: (10\.\d+\.\d+\.\d+)\/24$/gm)].map((m) => m[1]);
    expect(cidrs).toHaveLength(3);
    for (const c of cidrs) expect(Number(c.split('.')[1])).toBeGreaterThanOrEqual(112);
  });

  it.each(['flannel-vxlan', 'flannel-udp', 'flannel-host-gw', 'calico-bgp', 'calico-ipip', 'canal'])('passes --cni %s to the cluster', (name) => {
    const { created, deps } = recordingWorld();
    expect(main([`--cni=${name}`, '--proxy-mode', 'iptables'], capture().io, deps)).toBe(0);
    expect(created).toEqual([{ seed: 1, workerNodes: 3, cni: name, proxyMode: 'iptables' }]);
  });

  it('passes --proxy-mode ipvs: nodes get kube-ipvs0 and IPVS virtual servers', () => {
    let world: World | undefined;
    const deps: CliDeps = {
      createWorld: (o) => (world = World.create(o)),
    };
    expect(main(['--proxy-mode=ipvs', '--nodes', '1', '--for', '30s'], capture().io, deps)).toBe(0);
    expect(world!.options.proxyMode).toBe('ipvs');
    expect(world!.nodeShell('node-1', 'ipvsadm -Ln').stdout).toContain('TCP  10.96.0.1:443 rr\n  -> 192.168.49.2:6443            Masq    1      0          0\n');
  });

  it('passes --ipvs-scheduler sh: every virtual server in ipvsadm -Ln names it', () => {
    let world: World | undefined;
    const deps: CliDeps = {
      createWorld: (o) => (world = World.create(o)),
    };
    const { out, io } = capture();
    expect(main(['--proxy-mode', 'ipvs', '--ipvs-scheduler', 'sh', '--nodes', '1', '--for', '30s'], io, deps)).toBe(0);
    expect(out.stderr).toBe('');
    expect(world!.options.ipvsScheduler).toBe('sh');
    const table = world!.nodeShell('node-1', 'ipvsadm -Ln').stdout;
    expect(table).toContain('TCP  10.96.0.1:443 sh\n');
    const headers = table.split('\n').filter((l) => /^(TCP|UDP|SCTP) {2}/.test(l));
    expect(headers.length).toBeGreaterThan(1);
    for (const h of headers) expect(h).toMatch(/ sh( persistent \d+)?$/);
  });

  it.each(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq', 'mh'])('passes --ipvs-scheduler=%s to the cluster', (name) => {
    const { created, deps } = recordingWorld();
    expect(main(['--proxy-mode', 'ipvs', `--ipvs-scheduler=${name}`], capture().io, deps)).toBe(0);
    expect(created).toEqual([{ seed: 1, workerNodes: 3, proxyMode: 'ipvs', ipvsScheduler: name }]);
  });

  it('warns that --ipvs-scheduler does nothing in iptables mode, and still runs', () => {
    const { created, deps } = recordingWorld();
    const { out, io } = capture();
    expect(main(['--ipvs-scheduler', 'lc'], io, deps)).toBe(0);
    expect(created).toEqual([{ seed: 1, workerNodes: 3, ipvsScheduler: 'lc' }]);
    expect(out.stderr).toBe('warning: --ipvs-scheduler lc has no effect without --proxy-mode ipvs (kube-proxy ignores it in iptables mode)\n');
  });

  it('builds a real cluster with the chosen CNI', () => {
    let world: World | undefined;
    const deps: CliDeps = {
      createWorld: (o) => (world = World.create(o)),
    };
    expect(main(['--cni', 'calico-ipip', '--nodes', '1', '--for', '30s'], capture().io, deps)).toBe(0);
    const routes = world!.nodeShell('node-1', 'ip route').stdout;
    expect(routes).toMatch(/^10\.244\.0\.0\/24 via 192\.168\.49\.2 dev tunl0 proto bird onlink$/m);
    expect(routes).toMatch(/^blackhole 10\.244\.1\.0\/24 proto bird$/m);
  });

  it('passes --node-subnets 2: workers alternate between two subnets and host-gw logs the routes it could not add', () => {
    const { created, deps: recording } = recordingWorld();
    expect(main(['--node-subnets', '2'], capture().io, recording)).toBe(0);
    expect(created).toEqual([{ seed: 1, workerNodes: 3, nodeSubnets: 2 }]);
    let world: World | undefined;
    const deps: CliDeps = {
      createWorld: (o) => (world = World.create(o)),
    };
    expect(main(['--node-subnets=2', '--cni', 'flannel-host-gw', '--nodes', '2', '--for', '30s'], capture().io, deps)).toBe(0);
    expect(world!.options.nodeSubnets).toBe(2);
    expect(world!.nodeShell('node-2', 'ip route').stdout).toContain('default via 192.168.50.1 dev eth0 proto static');
    expect(world!.nodeShell('node-1', 'journalctl -u flanneld').stdout).toMatch(/Error adding route to 10\.244\.\d+\.0\/24 via 192\.168\.50\.3: network is unreachable/);
  });

  it('passes --cluster-autoscaler 1:4: Pending pods bring a new worker', () => {
    const { created, deps: recording } = recordingWorld();
    expect(main(['--cluster-autoscaler', '1:4'], capture().io, recording)).toBe(0);
    expect(created).toEqual([{ seed: 1, workerNodes: 3, clusterAutoscaler: { minNodes: 1, maxNodes: 4 } }]);
    let world: World | undefined;
    const deps: CliDeps = { createWorld: (o) => (world = World.create(o)) };
    const big = deployment.replace('replicas: 2', 'replicas: 4').replace('image: nginx:1.27', 'image: nginx:1.27\n        resources: {requests: {cpu: 900m}}');
    writeFileSync(join(dir, 'big.yaml'), big);
    const { out, io } = capture();
    expect(main(['--cluster-autoscaler=1:3', '--nodes', '1', '-f', join(dir, 'big.yaml'), '--for', '60s', '-c', 'kubectl get nodes'], io, deps)).toBe(0);
    expect(world!.options.clusterAutoscaler).toEqual({ minNodes: 1, maxNodes: 3 });
    expect(out.stdout).toMatch(/^node-2 +Ready/m);
  });

  it('defaults to seed 1 and three worker nodes', () => {
    const { created, deps } = recordingWorld();
    main([], capture().io, deps);
    expect(created).toEqual([{ seed: 1, workerNodes: 3 }]);
  });

  it('quotes paths so that any file name reaches kubectl apply -f whole', () => {
    const odd = join(dir, "it's here.yaml");
    writeFileSync(odd, service);
    const { calls, deps } = recordingWorld();
    const { out, io } = capture();
    expect(main(['-f', odd], io, deps)).toBe(0);
    expect(out.stdout).toBe('service/x created\n');
    expect(calls).toEqual([`kubectl kubectl apply -f '${odd.replace("'", "'\\''")}'`]);
    rmSync(odd);
  });

  it('walks a folder recursively in name order, taking only manifest files', () => {
    expect(manifestFiles(join(dir, 'app'))).toEqual([
      join(dir, 'app', 'a-deployment.yml'),
      join(dir, 'app', 'b-service.yaml'),
      join(dir, 'app', 'nested', 'c.json'),
    ]);
    const { calls, deps } = recordingWorld();
    const { out, io } = capture();
    expect(main(['-f', join(dir, 'app')], io, deps)).toBe(0);
    expect(calls).toHaveLength(3);
    expect(out.stdout).toBe('deployment/x created\nservice/x created\nnamespace/x created\n');
  });

  it.each([
    [['-f', '/no/such/file.yaml'], 'error: the path "/no/such/file.yaml" does not exist\n'],
    [['-f', 'EMPTY'], 'error: no objects passed to apply\n'],
  ])('%j fails with exit 1', (argv, stderr) => {
    const { deps } = recordingWorld();
    const { out, io } = capture();
    const args = argv.map((a) => (a === 'EMPTY' ? join(dir, 'empty') : a));
    expect(main(args, io, deps)).toBe(1);
    expect(out.stderr).toBe(stderr);
  });

  it('exits 1 when a command or an apply fails, after running everything', () => {
    const failing = recordingWorld({ failKubectl: true });
    const { out, io } = capture();
    expect(main(['-c', 'kubectl get x', '--for', '1s'], io, failing.deps)).toBe(1);
    expect(failing.calls).toEqual(['kubectl kubectl get x', 'step 1000']);
    expect(out.stderr).toBe('error: boom\n');

    const badApply = recordingWorld({ failApply: true });
    const second = capture();
    expect(main(['-f', join(dir, 'app', 'b-service.yaml')], second.io, badApply.deps)).toBe(1);
    expect(second.out).toEqual({ stdout: '', stderr: 'error: bad Service\n' });
  });

  it.each([
    [['--for', '10 minutes'], 'invalid duration "10 minutes" for --for (use e.g. 500ms, 90s, 2m, 1h)'],
    [['--nodes', 'three'], '--nodes needs a whole number, not "three"'],
    [['--cni', 'weave'], 'unknown CNI "weave" for --cni (one of: flannel-vxlan, flannel-udp, flannel-host-gw, calico-bgp, calico-ipip, canal)'],
    [['--cni'], '--cni needs a value'],
    [['--proxy-mode', 'userspace'], 'unknown proxy mode "userspace" for --proxy-mode (one of: iptables, ipvs)'],
    [['--proxy-mode', 'ipvs', '--ipvs-scheduler', 'fifo'], 'unknown IPVS scheduler "fifo" for --ipvs-scheduler (one of: rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed, nq, mh)'],
    [['--ipvs-scheduler'], '--ipvs-scheduler needs a value'],
    [['--node-subnets', '0'], '--node-subnets needs a whole number from 1 to 16, not "0"'],
    [['--cluster-autoscaler', '5:2'], '--cluster-autoscaler needs MIN:MAX with 0 <= MIN <= MAX and MAX >= 1, e.g. 1:6, not "5:2"'],
    [['-c'], '-c needs a value'],
    [['get', 'pods'], 'unknown argument "get"'],
  ])('%j is a usage error (exit 2) and builds no world', (argv, error) => {
    const { created, deps } = recordingWorld();
    const { out, io } = capture();
    expect(main(argv, io, deps)).toBe(2);
    expect(created).toEqual([]);
    expect(out.stderr).toBe(`error: ${error}\n\n${USAGE}`);
  });

  it('--help prints the usage', () => {
    const { out, io } = capture();
    expect(main(['--help'], io, recordingWorld().deps)).toBe(0);
    expect(out.stdout).toBe(USAGE);
  });
});

describe('sim CLI over the real World', () => {
  it('applies a folder, lets pods start and lists them', () => {
    const { out, io } = capture();
    const code = main(['--nodes', '2', '-f', join(dir, 'app'), '--for', '90s', '-c', 'kubectl get deploy,svc', '-c', 'kubectl get pods -o name'], io);
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['deployment.apps/web created', 'service/web created', 'namespace/shop created']);
    expect(out.stdout).toMatch(/^deployment\.apps\/web +2\/2 +2 +2 +\d+s$/m);
    expect(out.stdout).toMatch(/^service\/web +ClusterIP +10\.\d+\.\d+\.\d+ +<none> +80\/TCP +\d+s$/m);
    expect(lines.filter((l) => /^pod\/web-[a-z0-9]+-[a-z0-9]{5}$/.test(l))).toHaveLength(2);
  });

  it('gives the same output for the same seed and arguments', () => {
    const run = () => {
      const { out, io } = capture();
      main(['--seed', '42', '-f', join(dir, 'app', 'a-deployment.yml'), '--for', '30s', '-c', 'kubectl get pods -o wide'], io);
      return out.stdout;
    };
    expect(run()).toBe(run());
  });

  it('--trace prints the packet trace after a command that sends packets, and nothing otherwise', () => {
    const client = join(dir, 'client.yaml');
    writeFileSync(client, 'apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec:\n  containers: [{name: c, image: busybox:1.36, command: [sleep, infinity]}]\n');
    const run = (trace: boolean) => {
      const { out, io } = capture();
      const code = main([...(trace ? ['--trace'] : []), '--nodes', '2', '-f', join(dir, 'app'), '-f', client, '--for', '90s', '-c', 'kubectl exec client -- wget -qO- http://web', '-c', 'kubectl get svc web -o name'], io);
      return { code, out };
    };
    const plain = run(false);
    const traced = run(true);
    expect(plain.code).toBe(0);
    expect(traced.code).toBe(0);
    expect(plain.out.stdout).toContain('Welcome to nginx!');
    expect(plain.out.stdout).not.toContain('packet trace');
    // The same run plus the trace, printed right after the exec's output and before the next command's.
    const [beforeGet] = traced.out.stdout.split('service/web\n');
    expect(beforeGet).toMatch(/packet trace trace-\d+: pod default\/client -> web TCP\/80 {2}\(wget -qO- http:\/\/web\)\n/);
    expect(beforeGet).toContain('dns A web.default.svc.cluster.local. @10.96.0.10: NOERROR');
    expect(beforeGet).toMatch(/outcome: delivered to pod default\/web-[a-z0-9]+-[a-z0-9]{5}; the reply reached the client\n$/);
  });

  it('a get -w keeps printing rows while later arguments change the cluster', () => {
    const { out, io } = capture();
    const code = main(['-c', 'kubectl get pods -w', '-c', 'kubectl create deployment web --image=nginx --replicas=2', '--for', '20s', '-c', 'kubectl get deploy'], io);
    expect(code).toBe(0);
    const [watched, after] = out.stdout.split('deployment.apps/web created\n');
    expect(watched).toBe(''); // an empty namespace: no rows, no "No resources found"
    const [rows, table] = after.split(/(?=^NAME\s+READY\s+UP-TO-DATE)/m);
    const lines = rows.trimEnd().split('\n');
    // The first event brings the headers; every later row is its own flush (aligned on its own).
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines[1]).toMatch(/^web-\S+ {3}0\/1 {5}Pending {3}0 {10}0s$/);
    expect(lines.slice(2).every((l) => /^web-\S+ {3}\d\/1 {3}\S+ {3}0 {5}\d+s$/.test(l))).toBe(true);
    expect(lines.filter((l) => / {3}1\/1 {3}Running /.test(l))).toHaveLength(2);
    expect(table).toMatch(/^web\s+2\/2/m);
  });

  it('reports kubectl errors and exits 1', () => {
    const { out, io } = capture();
    expect(main(['-c', 'kubectl get pod nope'], io)).toBe(1);
    expect(out.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
});
