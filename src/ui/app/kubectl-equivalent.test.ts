import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/messages';
import { kubectlEquivalent, shellQuote } from './kubectl-equivalent';

describe('kubectlEquivalent', () => {
  it('turns a palette drop into kubectl run with a nodeName override a shell can take', () => {
    const eq = kubectlEquivalent({ type: 'createPodOnNode', namespace: 'default', name: 'nginx-x7k2p', image: 'nginx:1.27', labels: { run: 'nginx' }, nodeName: 'node-2' });
    expect(eq.command).toBe(`kubectl run nginx-x7k2p --image=nginx:1.27 --labels=run=nginx --overrides='{"apiVersion":"v1","spec":{"nodeName":"node-2"}}'`);
    expect(eq.runnable).toBe(true);
    expect(eq.noteParams).toEqual({ node: 'node-2' });
  });

  it('shows a hand binding as the Binding object kube-scheduler POSTs', () => {
    const eq = kubectlEquivalent({ type: 'bindPod', namespace: 'default', name: 'web-abc', nodeName: 'node-1' });
    const lines = eq.command?.split('\n') ?? [];
    expect(lines[0]).toBe(`kubectl create -f - <<'EOF'`);
    expect(lines).toContain('kind: Binding');
    expect(lines).toContain('  name: web-abc');
    expect(lines.slice(-3)).toEqual(['  kind: Node', '  name: node-1', 'EOF']);
    expect(lines[lines.length - 2]).toBe('  name: node-1');
    expect(lines[lines.length - 1]).toBe('EOF');
    expect(eq.note).toBe('kubectl.note.binding');
  });

  it('maps delete to kubectl delete, with -n outside default and never for nodes', () => {
    expect(kubectlEquivalent({ type: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'web-abc' } })).toEqual({ command: 'kubectl delete pod web-abc', runnable: true });
    expect(kubectlEquivalent({ type: 'delete', ref: { kind: 'Deployment', namespace: 'shop', name: 'web' } }).command).toBe('kubectl delete deployment web -n shop');
    expect(kubectlEquivalent({ type: 'delete', ref: { kind: 'Node', name: 'node-3' } }).command).toBe('kubectl delete node node-3');
  });

  it('says honestly when there is no kubectl command', () => {
    const stop = kubectlEquivalent({ type: 'nodePower', nodeName: 'node-1', action: 'stop' });
    expect(stop.command).toBe('systemctl stop kubelet');
    expect(stop.runnable).toBe(false);
    expect(stop.note).toBe('kubectl.note.kubeletStop');
    expect(kubectlEquivalent({ type: 'nodePower', nodeName: 'node-1', action: 'start' }).command).toBe('systemctl start kubelet');
    const load = kubectlEquivalent({ type: 'setLoad', kind: 'Deployment', name: 'web', rps: 100 });
    expect(load.command).toBeUndefined();
    expect(load.note).toBe('kubectl.note.load');
    expect(kubectlEquivalent({ type: 'rebuild' }).command).toBeUndefined();
  });

  it('adding and removing machines and the cluster-autoscaler: the real commands, not runnable here', () => {
    const add = kubectlEquivalent({ type: 'addNode', nodeName: 'node-4' });
    expect(add.command).toMatch(/^kubeadm join 192\.168\.49\.2:6443 --token /);
    expect(add).toMatchObject({ runnable: false, note: 'kubectl.note.nodeAdd', noteParams: { node: 'node-4' } });
    expect(kubectlEquivalent({ type: 'removeNode', nodeName: 'node-2' })).toEqual({ command: 'kubectl delete node node-2', runnable: false, note: 'kubectl.note.nodeRemove' });
    expect(kubectlEquivalent({ type: 'clusterAutoscaler', minNodes: 1, maxNodes: 6 }).command).toContain('cluster-autoscaler --nodes=1:6:workers');
    expect(kubectlEquivalent({ type: 'clusterAutoscaler' }).note).toBe('kubectl.note.clusterAutoscalerOff');
    for (const a of [{ type: 'addNode', nodeName: 'n' } as const, { type: 'removeNode', nodeName: 'n' } as const, { type: 'clusterAutoscaler', minNodes: 1, maxNodes: 2 } as const]) {
      const id = kubectlEquivalent(a).note!;
      expect(messages.en[id]).toBeTruthy();
      expect(messages.zh[id]).toBeTruthy();
    }
  });

  it('has every note in both languages', () => {
    for (const a of [{ type: 'rebuild' } as const, { type: 'setLoad', kind: 'Deployment', name: 'w', rps: 1 } as const, { type: 'bindPod', namespace: 'd', name: 'p', nodeName: 'n' } as const]) {
      const id = kubectlEquivalent(a).note;
      expect(id).toBeDefined();
      if (id) expect(messages.zh[id]).not.toBe(messages.en[id]);
    }
  });
});

describe('shellQuote', () => {
  it('leaves plain words and quotes the rest', () => {
    expect(shellQuote('nginx:1.27')).toBe('nginx:1.27');
    expect(shellQuote('{"a":1}')).toBe(`'{"a":1}'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
