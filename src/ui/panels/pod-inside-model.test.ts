import { describe, expect, it } from 'vitest';
import type { PodInsideContainer, PodInsideView } from '../../engine/api/pod-inside';
import { localhostPorts, mountsOf, portClashes } from './pod-inside-model';

const c = (name: string, listens: number[], mounts: PodInsideContainer['mounts'] = []): PodInsideContainer => ({ name, type: 'app', image: 'x', state: 'running', listens, mounts, shared: ['net', 'ipc', 'uts'], own: ['mnt', 'pid'] });
const view = (containers: PodInsideContainer[]): PodInsideView => ({ podKey: 'default/p', hostname: 'p', hostNetwork: false, shareProcessNamespace: false, sandbox: { image: 'pause', ready: true, holds: ['net', 'ipc', 'uts'] }, containers, volumes: [] });

describe('open-pod view model', () => {
  it('lists who answers on each localhost port, lowest port first', () => {
    expect(localhostPorts(view([c('web', [8080, 80]), c('metrics', [9090])]))).toEqual([{ port: 80, container: 'web' }, { port: 8080, container: 'web' }, { port: 9090, container: 'metrics' }]);
  });

  it('finds two containers binding the same port in the shared network namespace', () => {
    expect(portClashes(view([c('a', [80]), c('b', [80, 81])]))).toEqual([80]);
    expect(portClashes(view([c('a', [80]), c('b', [81])]))).toEqual([]);
  });

  it('lists the containers mounting a volume', () => {
    const v = view([c('web', [], [{ volume: 'html', path: '/usr/share/nginx/html', readOnly: true }]), c('writer', [], [{ volume: 'html', path: '/out', readOnly: false }])]);
    expect(mountsOf(v, 'html')).toEqual([{ container: 'web', path: '/usr/share/nginx/html', readOnly: true }, { container: 'writer', path: '/out', readOnly: false }]);
  });
});
