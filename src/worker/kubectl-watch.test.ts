import { describe, expect, it } from 'vitest';
import { World } from '../engine/index';
import { KubectlWatches } from './kubectl-watch';
import type { WorkerMessage } from './protocol';

function setup() {
  const world = World.create({ seed: 3, workerNodes: 1 });
  const out = world.kubectl('get pods -w');
  expect(out.watch).toBeDefined();
  const watches = new KubectlWatches();
  const id = watches.start(world, out.watch!);
  const posted: WorkerMessage[] = [];
  return { world, watches, id, posted, post: (m: WorkerMessage) => posted.push(m) };
}

describe('KubectlWatches', () => {
  it('buffers rows between flushes and posts them as watchOutput', () => {
    const { world, watches, id, posted, post } = setup();
    watches.flush(post);
    expect(posted).toEqual([]); // nothing happened yet: nothing is sent
    world.kubectl('run web --image=nginx');
    world.step(5_000);
    watches.flush(post);
    expect(posted).toHaveLength(1);
    const msg = posted[0] as Extract<WorkerMessage, { kind: 'watchOutput' }>;
    expect(msg.watchId).toBe(id);
    expect(msg.stdout.split('\n')[0]).toMatch(/^NAME\s+READY/);
    expect(msg.stdout).toMatch(/^web\s+1\/1\s+Running/m);
  });

  it('stop ends the watch: later changes print nothing', () => {
    const { world, watches, id, posted, post } = setup();
    watches.stop(id);
    world.kubectl('run web --image=nginx');
    world.step(5_000);
    watches.flush(post);
    expect(posted).toEqual([]);
    expect(watches.size).toBe(0);
  });

  it('a replaced world ends every watch with one ended message', () => {
    const { world, watches, id, posted, post } = setup();
    watches.endAll();
    world.kubectl('run web --image=nginx');
    watches.flush(post);
    watches.flush(post);
    expect(posted).toEqual([{ kind: 'watchOutput', watchId: id, stdout: '', ended: true }]);
  });
});
