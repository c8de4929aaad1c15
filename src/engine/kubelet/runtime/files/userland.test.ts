import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { imageProfile } from '../images';
import { ContainerFs } from './container-fs';
import { ephemeralContainerFs } from './filesystems';
import { treeLayer, type FsTree } from './tree';
import { fileTool, parseScript, runShell, type Userland } from './userland';

const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { containers: [] }, status: { podIP: '10.244.1.5' } };

function userland(image: string, extra: { ro?: FsTree } = {}): Userland {
  const base = ephemeralContainerFs(image, pod, { hosts: '127.0.0.1\tlocalhost\n', hostname: 'p', resolvConf: 'nameserver 10.96.0.10\n' }, () => '<h1>default</h1>\n', Date.UTC(2026, 10, 23, 9, 0));
  const mounts = [...base.mountTable()];
  if (extra.ro) mounts.push({ path: '/etc/config', layer: treeLayer(extra.ro), readOnly: true, fstype: 'ext4', source: '/dev/vda1', sizeBytes: 1 << 30 });
  const fs = new ContainerFs(mounts, () => Date.UTC(2026, 10, 23, 9, 30));
  return {
    fs,
    profile: imageProfile(image),
    env: new Map([['HOME', '/root'], ['NAME', 'world']]),
    cwd: '/',
    epochMs: Date.UTC(2026, 10, 23, 9, 30),
    other: (argv) => ({ stdout: `other:${argv.join(' ')}\n`, stderr: '', exitCode: 0 }),
  };
}
const sh = (u: Userland, script: string) => runShell(u, 'sh', ['-c', script]);

describe('the shell', () => {
  it('parses lists and redirections, keeping quoted operators as words', () => {
    const cmds = parseScript("echo 'a > b' > /tmp/x && cat /tmp/x 2>/dev/null || echo no; ls");
    expect(cmds).toEqual([
      { words: ['echo', 'a > b'], redirects: [{ op: '>', target: '/tmp/x' }], next: '&&' },
      { words: ['cat', '/tmp/x'], redirects: [{ op: '2>', target: '/dev/null' }], next: '||' },
      { words: ['echo', 'no'], redirects: [], next: ';' },
      { words: ['ls'], redirects: [], next: ';' },
    ]);
  });

  it('writes with > and appends with >>; && and || short-circuit; exit codes carry', () => {
    const u = userland('busybox');
    expect(sh(u, 'echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f')).toEqual({ stdout: 'one\ntwo\n', stderr: '', exitCode: 0 });
    expect(sh(u, 'cat /nope && echo yes || echo no')).toEqual({ stdout: 'no\n', stderr: "cat: can't open '/nope': No such file or directory\n", exitCode: 0 });
    expect(sh(u, 'false || exit 3; echo unreachable').exitCode).toBe(3);
    expect(sh(u, 'cat /nope 2>&1').stdout).toContain("can't open");
    expect(sh(u, 'X=1; echo "$X ${NAME} $?" \'$NAME\'').stdout).toBe('1 world 0 $NAME\n');
    expect(sh(u, 'mkdir -p /a/b && cd /a/b && pwd > here; cat /a/b/here').stdout).toBe('/a/b\n');
  });

  it('says where a redirection cannot be created, in each shell\'s words', () => {
    const ro = { '': { t: 'd' as const }, 'app.conf': { t: 'f' as const, c: 'k=v\n' } };
    expect(sh(userland('busybox', { ro }), 'echo x > /etc/config/x')).toEqual({ stdout: '', stderr: "sh: can't create /etc/config/x: Read-only file system\n", exitCode: 1 });
    expect(sh(userland('debian', { ro }), 'echo x > /etc/config/x')).toEqual({ stdout: '', stderr: 'sh: 1: cannot create /etc/config/x: Read-only file system\n', exitCode: 2 });
    expect(runShell(userland('debian'), 'bash', ['-c', 'echo x > /nope/x'])).toEqual({ stdout: '', stderr: 'bash: line 1: /nope/x: No such file or directory\n', exitCode: 1 });
  });

  it('refuses pipes and reports unknown commands with 127', () => {
    expect(sh(userland('busybox'), 'ls | wc -l').exitCode).toBe(2);
    expect(sh(userland('busybox'), 'frobnicate')).toEqual({ stdout: '', stderr: 'sh: frobnicate: not found\n', exitCode: 127 });
    expect(sh(userland('busybox'), 'hostname').stdout).toBe('other:hostname\n');
  });
});

describe('file tools', () => {
  const run = (u: Userland, ...argv: string[]) => fileTool(u, argv)!;

  it('cat, head and tail with busybox and GNU errors', () => {
    const bb = userland('busybox');
    const gnu = userland('debian');
    sh(bb, 'printf "%s\\n" 1 2 3 4 5 6 7 8 9 10 11 12 > /tmp/n');
    expect(run(bb, 'head', '-n', '2', '/tmp/n').stdout).toBe('1\n2\n');
    expect(run(bb, 'tail', '-3', '/tmp/n').stdout).toBe('10\n11\n12\n');
    expect(run(gnu, 'cat', '/x')).toEqual({ stdout: '', stderr: 'cat: /x: No such file or directory\n', exitCode: 1 });
    expect(run(gnu, 'cat', '/etc')).toMatchObject({ stderr: 'cat: /etc: Is a directory\n', exitCode: 1 });
    expect(run(gnu, 'head', '/x').stderr).toBe("head: cannot open '/x' for reading: No such file or directory\n");
    expect(run(bb, 'cat', '/etc/os-release').stdout).toBe('');
    expect(run(bb, 'cat', '/etc/os-release').stderr).toContain("can't open");
    expect(run(gnu, 'cat', '/etc/os-release').stdout).toContain('Debian GNU/Linux 12 (bookworm)');
  });

  it('touch, mkdir -p, rm -r/-f and their errors', () => {
    const bb = userland('busybox');
    const gnu = userland('debian');
    expect(run(gnu, 'mkdir', '/x/y').stderr).toBe("mkdir: cannot create directory '/x/y': No such file or directory\n");
    expect(run(bb, 'mkdir', '/tmp').stderr).toBe("mkdir: can't create directory '/tmp': File exists\n");
    expect(run(bb, 'mkdir', '-p', '/x/y/z').exitCode).toBe(0);
    expect(run(bb, 'touch', '/x/y/z/f').exitCode).toBe(0);
    expect(run(bb, 'rm', '/x')).toMatchObject({ stderr: "rm: '/x' is a directory\n", exitCode: 1 });
    expect(run(gnu, 'rm', '/nope')).toMatchObject({ stderr: "rm: cannot remove '/nope': No such file or directory\n", exitCode: 1 });
    expect(run(gnu, 'rm', '-f', '/nope').exitCode).toBe(0);
    expect(run(bb, 'rm', '-rf', '/x').exitCode).toBe(0);
    expect(run(bb, 'ls', '/x')).toMatchObject({ stderr: 'ls: /x: No such file or directory\n', exitCode: 1 });
    expect(run(gnu, 'ls', '/x')).toMatchObject({ stderr: "ls: cannot access '/x': No such file or directory\n", exitCode: 2 });
    expect(run(gnu, 'touch', '/nope/f').stderr).toBe("touch: cannot touch '/nope/f': No such file or directory\n");
  });

  it('ls -l, -a, -R; rm of an image file leaves a whiteout, not a hole in the image', () => {
    const u = userland('nginx');
    expect(run(u, 'ls', '/usr/share/nginx/html').stdout).toBe('50x.html\nindex.html\n');
    expect(run(u, 'ls', '-l', '/usr/share/nginx/html/index.html').stdout).toMatch(/^-rw-r--r-- 1 root root\s+17 \w{3} [ \d]\d \d\d:\d\d \/usr\/share\/nginx\/html\/index.html\n$/);
    expect(run(u, 'ls', '-a', '/srv').stdout).toBe('.\n..\n');
    run(u, 'rm', '/usr/share/nginx/html/50x.html');
    expect(run(u, 'ls', '/usr/share/nginx/html').stdout).toBe('index.html\n');
    expect(run(userland('nginx'), 'ls', '/usr/share/nginx/html').stdout).toBe('50x.html\nindex.html\n');
    sh(u, 'mkdir -p /d/e && echo x > /d/e/f');
    expect(run(u, 'ls', '-R', '/d').stdout).toBe('/d:\ne\n\n/d/e:\nf\n');
  });

  it('df -h and mount list the mounts', () => {
    const u = userland('busybox', { ro: { '': { t: 'd' } } });
    expect(run(u, 'mount').stdout).toContain('/dev/vda1 on /etc/config type ext4 (ro,relatime)\n');
    expect(run(u, 'mount').stdout.split('\n')[0]).toBe('overlay on / type overlay (rw,relatime)');
    const df = run(u, 'df', '-h').stdout.split('\n');
    expect(df[0]).toMatch(/^Filesystem\s+Size\s+Used\s+Available\s+Use%\s+Mounted on$/);
    expect(df.some((l) => /^overlay\s+58\.4G\s.*\s\/$/.test(l))).toBe(true);
  });
});
