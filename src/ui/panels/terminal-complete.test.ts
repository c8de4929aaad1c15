import { describe, expect, it } from 'vitest';
import { complete, kindOf, SUBCOMMANDS, type CompletionObject } from './terminal-complete';

const objects: CompletionObject[] = [
  { kind: 'Pod', namespace: 'default', name: 'web-abc' },
  { kind: 'Pod', namespace: 'default', name: 'web-abd' },
  { kind: 'Pod', namespace: 'default', name: 'db-0' },
  { kind: 'Pod', namespace: 'kube-system', name: 'coredns-1' },
  { kind: 'Node', name: 'node-1' },
  { kind: 'Node', name: 'node-2' },
  { kind: 'Deployment', namespace: 'default', name: 'web' },
  { kind: 'Service', namespace: 'default', name: 'web-svc' },
];

describe('complete', () => {
  it('lists every subcommand on an empty line', () => {
    const c = complete('', objects);
    expect(c.text).toBe('');
    expect(c.candidates).toEqual([...SUBCOMMANDS].sort());
  });

  it('completes a unique subcommand with a trailing space, with or without kubectl', () => {
    expect(complete('desc', objects).text).toBe('describe ');
    expect(complete('kubectl desc', objects).text).toBe('kubectl describe ');
  });

  it('extends to the common prefix when several match and lists them', () => {
    const c = complete('a', objects);
    expect(c.candidates).toEqual(['annotate', 'api-resources', 'apply', 'autoscale']);
    expect(c.text).toBe('a');
    expect(complete('ro', objects).text).toBe('rollout ');
  });

  it('completes kinds and short names after get', () => {
    expect(complete('get deploy', objects).candidates).toEqual(['deploy', 'deployment', 'deployments']);
    expect(complete('get svc', objects).text).toBe('get svc ');
    expect(complete('get ', objects).candidates).toContain('po');
  });

  it('completes object names of the typed kind in the default namespace', () => {
    const c = complete('get pods web', objects);
    expect(c.candidates).toEqual(['web-abc', 'web-abd']);
    expect(c.text).toBe('get pods web-ab');
    expect(complete('describe no node-', objects).candidates).toEqual(['node-1', 'node-2']);
    expect(complete('get po ', objects).candidates).not.toContain('coredns-1');
  });

  it('is namespace-aware for -n, and completes namespaces after -n', () => {
    expect(complete('get pods -n kube-system ', objects).candidates).toEqual(['coredns-1']);
    expect(complete('-n kube-system get po c', objects).text).toBe('-n kube-system get po coredns-1 ');
    expect(complete('get pods -n kube', objects).text).toBe('get pods -n kube-system ');
  });

  it('completes TYPE/NAME after the slash', () => {
    expect(complete('edit deploy/w', objects).text).toBe('edit deploy/web ');
    expect(complete('rollout status deployment/', objects).candidates).toEqual(['deployment/web']);
  });

  it('completes the fixed kind of exec, logs and node commands', () => {
    expect(complete('logs d', objects).text).toBe('logs db-0 ');
    expect(complete('cordon node-2', objects).text).toBe('cordon node-2 ');
  });

  it('completes flags of the current subcommand and output formats', () => {
    expect(complete('drain node-1 --ig', objects).text).toBe('drain node-1 --ignore-daemonsets ');
    expect(complete('get pods --sh', objects).text).toBe('get pods --show-labels ');
    expect(complete('get pods -o ', objects).candidates).toEqual(['json', 'name', 'wide', 'yaml']);
    expect(complete('scale deploy web --rep', objects).text).toBe('scale deploy web --replicas ');
  });

  it('offers nothing for an unknown kind and leaves the line alone', () => {
    const c = complete('get widgets w', objects);
    expect(c.candidates).toEqual([]);
    expect(c.text).toBe('get widgets w');
  });

  it('maps short names to kinds', () => {
    expect(kindOf('po')).toBe('Pod');
    expect(kindOf('deployments.apps')).toBe('Deployment');
    expect(kindOf('nope')).toBeUndefined();
  });
});
