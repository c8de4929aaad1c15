import { describe, expect, it } from 'vitest';
import { containerEffects } from './effects';

describe('program file effects', () => {
  it('groups a script\'s commands by the sleeps before them; nothing after a loop or sleep infinity', () => {
    const g = containerEffects({ name: 'c', image: 'busybox', args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'] });
    expect(g.map((x) => [x.atMs, x.cmds.map((c) => c.words.join(' '))])).toEqual([[0, ['touch /tmp/healthy']], [30_000, ['rm -f /tmp/healthy']]]);
    const loop = containerEffects({ name: 'c', image: 'busybox', command: ['sh', '-c', 'while true; do echo $(date) >> /html/index.html; sleep 1; done; echo never > /x'] });
    expect(loop).toHaveLength(1);
    expect(loop[0].cmds.some((c) => c.redirects[0]?.target === '/html/index.html')).toBe(true);
    expect(containerEffects({ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep infinity; echo x > /y'] })).toEqual([]);
  });

  it('wget -O as the command, the postStart exec hook at the start, and nothing for a server image\'s entrypoint', () => {
    expect(containerEffects({ name: 'i', image: 'busybox:1.28', command: ['wget', '-O', '/work-dir/index.html', 'http://info.cern.ch'] })[0].cmds[0].words[0]).toBe('wget');
    const hook = containerEffects({ name: 'n', image: 'nginx', lifecycle: { postStart: { exec: { command: ['/bin/sh', '-c', 'echo Hello > /usr/share/message'] } } } });
    expect(hook).toEqual([{ atMs: 0, shell: 'sh', cmds: [{ words: ['echo', 'Hello'], redirects: [{ op: '>', target: '/usr/share/message' }], next: ';' }] }]);
    expect(containerEffects({ name: 'n', image: 'nginx' })).toEqual([]);
    expect(containerEffects({ name: 'e', image: 'busybox', command: ['sh', '-c', 'echo hi'] })).toEqual([]);
  });
});
