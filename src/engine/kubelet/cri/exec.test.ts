import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { DnsLookup, PacketTrace, TraceHop, TraceRequest } from '../../api/trace';
import type { CommandOutput } from '../../kubectl/results';
import { execInContainer, type ExecContext } from './exec';

// Hand-built traces stand in for the network walker (tested on its own): one per outcome.
type Scenario = 'delivered' | 'refused' | 'dropped' | 'nxdomain' | 'unlistened';

const CLIENT_IP = '10.244.1.5';
const SVC_IP = '10.96.12.34';
const SERVER_IP = '10.244.2.7';

function makePod(name: string, image: string, ports: number[] = []): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'node-1', containers: [{ name: 'main', image, ports: ports.map((containerPort) => ({ containerPort })) }] },
    status: { phase: 'Running', podIP: name === 'client' ? CLIENT_IP : SERVER_IP },
  };
}

function hop(kind: TraceHop['kind'], direction: TraceHop['direction'], src: string, dst: string, dport: number, extra: Partial<TraceHop> = {}, ttl = 64): TraceHop {
  const h = { ip: { src, dst, proto: 'TCP' as const, ttl }, l4: { sport: 40000, dport } };
  return { kind, direction, location: { node: 'node-1', netns: '' }, summary: kind, before: h, after: h, ...extra };
}

function dnsFor(name: string, ok: boolean): DnsLookup[] {
  const expanded = [`${name}.default.svc.cluster.local.`, `${name}.svc.cluster.local.`, `${name}.cluster.local.`];
  if (!ok) return expanded.map((n) => ({ name: n, type: 'A', rcode: 'NXDOMAIN', answers: [], server: '10.96.0.10' }));
  return [{ name: expanded[0], type: 'A', rcode: 'NOERROR', answers: [SVC_IP], server: '10.96.0.10', answeredBy: 'kube-system/coredns-1' }];
}

function buildTrace(req: TraceRequest, scenario: Scenario): PacketTrace {
  const isName = !/^\d/.test(req.to);
  const dst = isName ? SVC_IP : req.to;
  const port = req.port ?? 0;
  const base = { id: 'trace-1', request: req, at: 0, ...(isName ? { dns: dnsFor(req.to, scenario !== 'nxdomain') } : {}) };
  const send = hop('send', 'request', CLIENT_IP, dst, port);
  switch (scenario) {
    case 'nxdomain':
      return { ...base, hops: [], outcome: { delivered: false, replied: false, reason: 'Could not resolve host' } };
    case 'refused': {
      const reject = hop('netfilter', 'request', CLIENT_IP, dst, port, { verdict: 'REJECT', table: 'filter', chain: 'KUBE-SERVICES' });
      return { ...base, hops: [send, reject], outcome: { delivered: false, replied: false, dropHop: 1, reason: 'Service has no endpoints: REJECT' } };
    }
    case 'dropped': {
      const drop = hop('drop', 'request', CLIENT_IP, dst, port);
      return { ...base, hops: [send, drop], outcome: { delivered: false, replied: false, dropHop: 1, reason: 'dropped' } };
    }
    case 'delivered':
    case 'unlistened': {
      const dnat = hop('netfilter', 'request', CLIENT_IP, SERVER_IP, port, { verdict: 'DNAT' });
      const deliver = hop('deliver', 'request', CLIENT_IP, SERVER_IP, port);
      const reply = hop('send', 'reply', SERVER_IP, CLIENT_IP, 40000, {}, 63);
      return { ...base, hops: [send, dnat, deliver, reply], outcome: { delivered: true, replied: true, servedBy: { kind: 'pod', pod: 'default/server' } } };
    }
  }
}

interface Fake {
  ctx: ExecContext;
  traced: TraceRequest[];
}

function fakeContext(image: string, opts: { scenario?: Scenario; serverImage?: string; serverPorts?: number[]; tty?: boolean } = {}): Fake {
  const traced: TraceRequest[] = [];
  const server = makePod('server', opts.serverImage ?? 'nginx:1.27.3', opts.serverPorts);
  const ctx: ExecContext = {
    pod: makePod('client', image),
    container: 'main',
    image,
    trace(req) {
      traced.push(req);
      return buildTrace(req, opts.scenario ?? 'delivered');
    },
    lookup: (name) => dnsFor(name, (opts.scenario ?? 'delivered') !== 'nxdomain'),
    resolvConf: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', APP_MODE: 'demo' },
    hostname: 'client',
    netShell: (line): CommandOutput => ({ stdout: `ran: ${line}\n`, stderr: '', exitCode: 0 }),
    podOf: (key) => (key === 'default/server' ? server : undefined),
    ...(opts.tty ? { tty: true } : {}),
  };
  return { ctx, traced };
}

const run = (f: Fake, ...argv: string[]) => execInContainer(f.ctx, argv);

describe('a missing executable', () => {
  it('fails to start with containerd/runc words, naming the executable', () => {
    const r = run(fakeContext('httpd:2.4'), 'curl', 'http://web');
    expect(r.startError).toMatch(/^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown$/);
    expect(r.exitCode).toBe(1);
  });

  it('an absolute path that does not exist is a stat error', () => {
    expect(run(fakeContext('busybox'), '/bin/bash').startError).toContain('exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown');
  });

  it('an image without a shell cannot run sh (coredns)', () => {
    expect(run(fakeContext('registry.k8s.io/coredns/coredns:v1.11.3'), 'sh', '-c', 'ls').startError).toContain('exec: "sh": executable file not found in $PATH');
  });

  it('inside sh -c the shell reports it, in its own words, with status 127', () => {
    expect(run(fakeContext('busybox'), 'sh', '-c', 'curl http://web')).toMatchObject({ stderr: 'sh: curl: not found\n', exitCode: 127 });
    expect(run(fakeContext('httpd:2.4'), 'sh', '-c', 'curl http://web')).toMatchObject({ stderr: 'sh: 1: curl: not found\n', exitCode: 127 });
    expect(run(fakeContext('httpd:2.4'), 'bash', '-c', 'ping web')).toMatchObject({ stderr: 'bash: line 1: ping: command not found\n', exitCode: 127 });
  });
});

describe('curl', () => {
  it('prints the nginx welcome page of the server that answered and traces the request', () => {
    const f = fakeContext('curlimages/curl:8.11.1');
    const r = run(f, 'curl', '-s', 'http://web');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(r.stdout.length).toBe(615);
    expect(r.stderr).toBe('');
    expect(f.traced).toEqual([expect.objectContaining({ to: 'web', port: 80, protocol: 'TCP', from: { kind: 'pod', pod: 'default/client' } })]);
    expect(r.trace?.outcome.delivered).toBe(true);
  });

  it('shows the progress meter on stderr when stdout is not a terminal, and none with a TTY', () => {
    const meter = run(fakeContext('curlimages/curl'), 'curl', 'web').stderr.split('\n');
    expect(meter[0]).toBe('  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current');
    expect(meter[2]).toMatch(/^100   615  100   615    0     0   \d{3}k      0 --:--:-- --:--:-- --:--:--  \d{3}k$/);
    expect(run(fakeContext('curlimages/curl', { tty: true }), 'curl', 'web').stderr).toBe('');
  });

  it('-v shows the connection, the request and nginx\'s response headers with its version', () => {
    const v = run(fakeContext('curlimages/curl:8.11.1'), 'curl', '-sv', 'http://web/');
    expect(v.stderr).toContain(`*   Trying ${SVC_IP}:80...\n* Connected to web (${SVC_IP}) port 80\n> GET / HTTP/1.1\n> Host: web\n> User-Agent: curl/8.11.1\n> Accept: */*\n`);
    expect(v.stderr).toContain('< HTTP/1.1 200 OK\n< Server: nginx/1.27.3\n');
    expect(v.stderr).toContain('* Connection #0 to host web left intact\n');
  });

  it('httpd answers "It works!"', () => {
    expect(run(fakeContext('busybox', { serverImage: 'httpd:2.4' }), 'wget', '-qO-', 'http://web').stdout).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });

  it('-I prints the response headers only', () => {
    const h = run(fakeContext('nginx:1.27'), 'curl', '-sI', 'http://web');
    expect(h.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.3\r\n/);
    expect(h.stdout).not.toContain('Welcome');
  });

  it.each<[Scenario, number, RegExp]>([
    ['nxdomain', 6, /^curl: \(6\) Could not resolve host: web\n$/],
    ['refused', 7, /^curl: \(7\) Failed to connect to web port 80 after \d+ ms: Couldn't connect to server\n$/],
    ['unlistened', 7, /^curl: \(7\) Failed to connect to web port 80 after \d+ ms: Couldn't connect to server\n$/],
    ['dropped', 28, /^curl: \(28\) Failed to connect to web port 80 after 127\d{3} ms: Couldn't connect to server\n$/],
  ])('%s: exit %i with curl\'s message', (scenario, code, message) => {
    const serverImage = scenario === 'unlistened' ? 'example.com/app:1' : undefined;
    const s = run(fakeContext('nginx:1.27', { scenario, ...(serverImage ? { serverImage } : {}) }), 'curl', '-sS', 'http://web');
    expect(s.stderr).toMatch(message);
    expect(s.exitCode).toBe(code);
    expect(s.stdout).toBe('');
  });

  it('a dropped connection with --connect-timeout reads "Timeout was reached" after the timeout', () => {
    const r = run(fakeContext('nginx:1.27', { scenario: 'dropped' }), 'curl', '-sS', '--connect-timeout', '3', 'web');
    expect(r.trace?.outcome.delivered).toBe(false);
    expect(run(fakeContext('nginx:1.27', { scenario: 'dropped' }), 'curl', '-sSm2', 'web').stderr).toContain('after 2002 ms: Timeout was reached');
    expect(r).toMatchObject({ stderr: "curl: (28) Failed to connect to web port 80 after 3002 ms: Timeout was reached\n", exitCode: 28 });
  });

  it('without -s a failure shows an empty progress meter, then the error', () => {
    const r = run(fakeContext('nginx:1.27', { scenario: 'dropped' }), 'curl', 'http://web');
    expect(r.stderr).toMatch(/\n {2}0 {5}0 {4}0 {5}0 {4}0 {5}0 {6}0 {6}0 --:--:-- {2}0:02:07 --:--:-- {5}0\ncurl: \(28\) /);
  });

  it('a tracer that refuses the request reads as an unresolvable name', () => {
    const f = fakeContext('nginx:1.27');
    f.ctx.trace = () => {
      throw new Error('services "nope" not found');
    };
    expect(run(f, 'curl', '-sS', 'http://nope')).toMatchObject({ stderr: 'curl: (6) Could not resolve host: nope\n', exitCode: 6 });
  });

  it('-s alone hides the error but keeps the exit code', () => {
    expect(run(fakeContext('nginx:1.27', { scenario: 'refused' }), 'curl', '-s', 'http://web')).toMatchObject({ stderr: '', exitCode: 7 });
  });

  it('-f turns a 404 into exit 22', () => {
    const r = run(fakeContext('nginx:1.27'), 'curl', '-s', '-S', '-f', 'http://web/missing');
    expect(r).toMatchObject({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n', exitCode: 22 });
  });

  it('localhost reaches the pod\'s own server without the network', () => {
    const f = fakeContext('nginx:1.27');
    expect(run(f, 'curl', '-s', 'localhost').stdout).toContain('Welcome to nginx!');
    expect(run(f, 'curl', '-s', '-S', 'localhost:8080')).toMatchObject({ exitCode: 7 });
    expect(f.traced).toEqual([]);
  });

  it('a server image we do not know answers a labelled simulated body', () => {
    const r = run(fakeContext('nginx:1.27', { serverImage: 'example.com/shop:v2', serverPorts: [80] }), 'curl', '-s', 'http://web');
    expect(r.stdout).toBe('simulated response from server (image shop:v2, port 80)\n');
  });

  it('https stops after the TCP connection: TLS is not simulated', () => {
    const r = run(fakeContext('nginx:1.27', { serverImage: 'example.com/shop:v2', serverPorts: [443] }), 'curl', '-s', '-S', 'https://web');
    expect(r.exitCode).toBe(35);
    expect(r.stderr).toContain('TLS is not simulated');
  });
});

describe('wget (busybox)', () => {
  it('-qO- prints the body only', () => {
    expect(run(fakeContext('busybox'), 'wget', '-qO-', 'http://web')).toMatchObject({ stderr: '', exitCode: 0, stdout: expect.stringContaining('Welcome to nginx!') });
  });

  it('without -q says where it connects and what it wrote', () => {
    const r = run(fakeContext('busybox'), 'wget', '-O-', 'http://web');
    expect(r.stderr).toMatch(new RegExp(`^Connecting to web \\(${SVC_IP.replace(/\./g, '\\.')}:80\\)\nwriting to stdout\n-\\s+100% \\|\\*+\\|   615  0:00:00 ETA\nwritten to stdout\n$`));
  });

  it('saves to index.html by default', () => {
    expect(run(fakeContext('busybox'), 'wget', 'http://web').stderr).toContain("saving to 'index.html'\n");
  });

  it.each<[Scenario, string]>([
    ['nxdomain', "wget: bad address 'web'\n"],
    ['refused', `Connecting to web (${SVC_IP}:80)\nwget: can't connect to remote host (${SVC_IP}): Connection refused\n`],
    ['dropped', `Connecting to web (${SVC_IP}:80)\nwget: can't connect to remote host (${SVC_IP}): Connection timed out\n`],
  ])('%s', (scenario, stderr) => {
    expect(run(fakeContext('busybox', { scenario }), 'wget', '-O-', 'http://web')).toEqual(expect.objectContaining({ stdout: '', stderr, exitCode: 1 }));
  });
});

describe('ping', () => {
  it('busybox: replies when the trace comes back', () => {
    const r = run(fakeContext('busybox'), 'ping', '-c', '2', SERVER_IP);
    expect(r.stdout).toMatch(new RegExp(`^PING ${SERVER_IP} \\(${SERVER_IP}\\): 56 data bytes\n64 bytes from ${SERVER_IP}: seq=0 ttl=63 time=\\d\\.\\d{3} ms\n64 bytes from ${SERVER_IP}: seq=1 ttl=63`));
    expect(r.stdout).toContain(`--- ${SERVER_IP} ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = `);
    expect(r.exitCode).toBe(0);
  });

  it('busybox: a ClusterIP that never answers ICMP is 100% packet loss, exit 1', () => {
    const f = fakeContext('busybox', { scenario: 'dropped' });
    const r = run(f, 'ping', '-c', '3', 'web');
    expect(r.stdout).toBe(`PING web (${SVC_IP}): 56 data bytes\n\n--- web ping statistics ---\n3 packets transmitted, 0 packets received, 100% packet loss\n`);
    expect(r.exitCode).toBe(1);
    expect(f.traced[0]).toMatchObject({ protocol: 'ICMP', to: 'web' });
  });

  it('iputils (netshoot): FQDN in the header and its statistics line', () => {
    const r = run(fakeContext('nicolaka/netshoot', { scenario: 'dropped' }), 'ping', '-c', '2', 'web');
    expect(r.stdout).toMatch(new RegExp(`^PING web\\.default\\.svc\\.cluster\\.local \\(${SVC_IP.replace(/\./g, '\\.')}\\) 56\\(84\\) bytes of data\\.\n\n--- web\\.default\\.svc\\.cluster\\.local ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time \\d+ms\n$`));
  });

  it.each([
    ['busybox', "ping: bad address 'nope'\n", 1],
    ['nicolaka/netshoot', 'ping: nope: Name or service not known\n', 2],
  ])('%s: an unknown name', (image, stderr, code) => {
    expect(run(fakeContext(image, { scenario: 'nxdomain' }), 'ping', '-c', '1', 'nope')).toMatchObject({ stderr, exitCode: code });
  });
});

describe('nslookup', () => {
  it('busybox prints the server with :53 and the answer', () => {
    const r = run(fakeContext('busybox'), 'nslookup', 'web');
    expect(r.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${SVC_IP}\n\n`);
    expect(r.exitCode).toBe(0);
  });

  it('bind (dnsutils) prints the server with #53; NXDOMAIN exits 1', () => {
    const ok = run(fakeContext('registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7'), 'nslookup', 'web');
    expect(ok.stdout).toContain('Address:\t10.96.0.10#53\n');
    const bad = run(fakeContext('registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7', { scenario: 'nxdomain' }), 'nslookup', 'nope');
    expect(bad).toMatchObject({ exitCode: 1, stdout: expect.stringContaining("** server can't find nope: NXDOMAIN\n") });
  });

  it('prints through the shared nslookup (src/engine/dns) when the context can ask a DNS server', () => {
    const f = fakeContext('busybox:1.36');
    const asked: string[] = [];
    f.ctx.askDns = (server, name, type) => {
      asked.push(`${server} ${name} ${type}`);
      const hit = name === 'web.default.svc.cluster.local.' && type === 'A';
      return {
        rcode: hit || name.startsWith('web.default') ? 'NOERROR' : 'NXDOMAIN',
        answers: hit ? [{ name, type: 'A', ttl: 30, data: SVC_IP }] : [],
        additional: [],
        authoritative: true,
        plugin: 'kubernetes',
      };
    };
    const r = run(f, 'nslookup', 'web');
    expect(r.stdout).toContain(`Name:\tweb.default.svc.cluster.local\nAddress: ${SVC_IP}\n`);
    expect(r.stdout).toContain("** server can't find web.svc.cluster.local: NXDOMAIN\n");
    expect(asked).toContain('10.96.0.10 web.default.svc.cluster.local. A');
    expect(r.exitCode).toBe(1); // busybox exits 1 when any reply was an error
  });

  it('busybox reports each failed search-list query', () => {
    const r = run(fakeContext('busybox', { scenario: 'nxdomain' }), 'nslookup', 'nope');
    expect(r.stderr).toContain("** server can't find nope.default.svc.cluster.local: NXDOMAIN\n");
    expect(r.exitCode).toBe(1);
  });
});

describe('files, environment and the shell', () => {
  it('cat /etc/resolv.conf and /etc/hostname', () => {
    const f = fakeContext('busybox');
    expect(run(f, 'cat', '/etc/resolv.conf').stdout).toBe(f.ctx.resolvConf);
    expect(run(f, 'cat', '/etc/hostname').stdout).toBe('client\n');
    expect(run(f, 'cat', '/etc/hosts').stdout).toContain(`${CLIENT_IP}\tclient\n`);
  });

  it('cat of a missing file: busybox and GNU words', () => {
    expect(run(fakeContext('busybox'), 'cat', '/nope')).toMatchObject({ stderr: "cat: can't open '/nope': No such file or directory\n", exitCode: 1 });
    expect(run(fakeContext('nginx'), 'cat', '/nope')).toMatchObject({ stderr: 'cat: /nope: No such file or directory\n', exitCode: 1 });
  });

  it('hostname and hostname -i', () => {
    expect(run(fakeContext('busybox'), 'hostname').stdout).toBe('client\n');
    expect(run(fakeContext('busybox'), 'hostname', '-i').stdout).toBe(`${CLIENT_IP}\n`);
  });

  it('env lists PATH and HOSTNAME, the pod\'s variables in order, then HOME', () => {
    const lines = run(fakeContext('busybox'), 'env').stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PATH=/);
    expect(lines.slice(1)).toEqual(['HOSTNAME=client', 'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'APP_MODE=demo', 'HOME=/root']);
    expect(run(fakeContext('busybox'), 'printenv', 'APP_MODE')).toMatchObject({ stdout: 'demo\n', exitCode: 0 });
    expect(run(fakeContext('busybox'), 'printenv', 'NOPE')).toMatchObject({ stdout: '', exitCode: 1 });
  });

  it('sh -c expands variables from the environment', () => {
    expect(run(fakeContext('busybox'), 'sh', '-c', 'echo $APP_MODE on ${HOSTNAME}').stdout).toBe('demo on client\n');
    expect(run(fakeContext('busybox'), 'sh', '-c', "echo '$APP_MODE'").stdout).toBe('$APP_MODE\n');
  });

  it('sh -c refuses pipes rather than pretending', () => {
    expect(run(fakeContext('busybox'), 'sh', '-c', 'env | grep X').exitCode).toBe(2);
  });

  it('ip goes to the pod\'s network namespace', () => {
    expect(run(fakeContext('busybox'), 'ip', 'route').stdout).toBe('ran: ip route\n');
  });

  it('ls / lists the root, one entry a line without a TTY', () => {
    expect(run(fakeContext('busybox'), 'ls', '/').stdout.split('\n')).toContain('etc');
  });

  it('a tool the image has but the sandbox does not simulate says so with 127', () => {
    expect(run(fakeContext('busybox'), 'top')).toMatchObject({ exitCode: 127, stderr: expect.stringContaining('not simulated') });
  });
});
