import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeSchedulingPod } from '../../../testing/builders';
import type { JsonValue } from '../../../sim/clock';
import { names } from '../../plugins/names';
import type { PluginFactory, Profile } from '../../plugins/registry';
import { CycleState } from '../cycle-state';
import type { PreBindResult } from '../interface';
import { asError, SKIP, SUCCESS, unschedulable, type Status } from '../status';
import { Framework } from './framework';
import { defaultProfile, inTreeRegistry } from '../../plugins/registry';

const noPreemption = { preemptPod: () => true, clearNominatedNodeName: () => undefined };

/** A Reserve + PreBind plugin that logs its calls and answers as told. */
function recorder(name: (typeof names)[keyof typeof names], log: string[], o: { reserve?: Status; preBind?: PreBindResult; resume?: (t: JsonValue, timedOut: boolean) => PreBindResult } = {}): PluginFactory {
  return () => ({
    name,
    reserve: () => { log.push(`reserve ${name}`); return o.reserve ?? SUCCESS; },
    unreserve: () => { log.push(`unreserve ${name}`); },
    preBindPreFlight: () => (o.preBind ? SUCCESS : SKIP),
    preBind: () => { log.push(`preBind ${name}`); return o.preBind ?? SUCCESS; },
    resumePreBind: (t: JsonValue, _p: Pod, _n: string, timedOut: boolean) => { log.push(`resume ${name} ${JSON.stringify(t)}`); return o.resume?.(t, timedOut) ?? SUCCESS; },
  });
}

function framework(factories: Partial<Record<(typeof names)[keyof typeof names], PluginFactory>>): Framework {
  const profile: Profile = { schedulerName: 'default-scheduler', percentageOfNodesToScore: 0, plugins: Object.keys(factories).map((n) => ({ name: n as (typeof names)[keyof typeof names] })) };
  return new Framework(profile, factories, noPreemption);
}

describe('Reserve', () => {
  it('runs in order, stops at the first failure, and Unreserve runs every plugin in reverse', () => {
    const log: string[] = [];
    const fw = framework({ [names.VolumeBinding]: recorder(names.VolumeBinding, log), [names.VolumeZone]: recorder(names.VolumeZone, log, { reserve: unschedulable('no room') }), [names.NodePorts]: recorder(names.NodePorts, log) });
    const s = fw.runReservePluginsReserve(new CycleState(), makeSchedulingPod(), 'node-1');
    expect(s).toMatchObject({ code: 'Unschedulable', reasons: ['no room'], plugin: 'VolumeZone' });
    fw.runReservePluginsUnreserve(new CycleState(), makeSchedulingPod(), 'node-1');
    expect(log).toEqual(['reserve VolumeBinding', 'reserve VolumeZone', 'unreserve NodePorts', 'unreserve VolumeZone', 'unreserve VolumeBinding']);
  });

  it('words errors as upstream', () => {
    const fw = framework({ [names.VolumeBinding]: recorder(names.VolumeBinding, [], { reserve: asError('out of sync') }) });
    expect(fw.runReservePluginsReserve(new CycleState(), makeSchedulingPod(), 'n')).toMatchObject({ code: 'Error', message: 'running Reserve plugin "VolumeBinding": out of sync' });
  });
});

describe('PreBind', () => {
  it('reports whether any PreBind plugin has work (PreBindPreFlight)', () => {
    const idle = framework({ [names.VolumeBinding]: recorder(names.VolumeBinding, []) });
    expect(idle.runPreBindPreFlights(new CycleState(), makeSchedulingPod(), 'n').code).toBe('Skip');
    const busy = framework({ [names.VolumeBinding]: recorder(names.VolumeBinding, [], { preBind: SUCCESS }) });
    expect(busy.runPreBindPreFlights(new CycleState(), makeSchedulingPod(), 'n').code).toBe('Success');
  });

  it('parks on a plugin that waits, and resumes it (then the plugins after it) from its token', () => {
    const log: string[] = [];
    let done = false;
    const fw = framework({
      [names.VolumeBinding]: recorder(names.VolumeBinding, log, { preBind: { code: 'Wait', token: { n: 1 }, pollMs: 1000, timeoutMs: 5000 }, resume: () => (done ? SUCCESS : { code: 'Wait', token: { n: 2 }, pollMs: 1000, timeoutMs: 5000 }) }),
      [names.VolumeZone]: recorder(names.VolumeZone, log),
    });
    const pod = makeSchedulingPod();
    const first = fw.runPreBindPlugins(new CycleState(), pod, 'n');
    expect(first).toEqual({ code: 'Wait', plugin: 'VolumeBinding', index: 0, token: { n: 1 }, pollMs: 1000, timeoutMs: 5000 });
    expect(fw.resumePreBindPlugin(0, { n: 1 }, new CycleState(), pod, 'n', false)).toMatchObject({ code: 'Wait', token: { n: 2 } });
    done = true;
    expect(fw.resumePreBindPlugin(0, { n: 2 }, new CycleState(), pod, 'n', false)).toEqual({ code: 'Success' });
    expect(log).toEqual(['preBind VolumeBinding', 'resume VolumeBinding {"n":1}', 'resume VolumeBinding {"n":2}', 'preBind VolumeZone']);
  });

  it('words a PreBind error as upstream', () => {
    const fw = framework({ [names.VolumeBinding]: recorder(names.VolumeBinding, [], { preBind: asError('binding volumes: context deadline exceeded') }) });
    const r = fw.runPreBindPlugins(new CycleState(), makeSchedulingPod(), 'n');
    expect(r).toMatchObject({ code: 'Error', status: { code: 'Error', message: 'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded' } });
  });
});

describe('Permit', () => {
  const permitter = (name: (typeof names)[keyof typeof names], answer: import('../interface').PermitResult, log: string[]): PluginFactory => () => ({
    name,
    permit: () => { log.push(`permit ${name}`); return answer; },
  });

  it('allows when every plugin allows, and stops at the first rejection, naming its plugin', () => {
    const log: string[] = [];
    const allow = framework({ [names.NodePorts]: permitter(names.NodePorts, { status: SUCCESS }, log), [names.VolumeZone]: permitter(names.VolumeZone, { status: SUCCESS }, log) });
    expect(allow.runPermitPlugins(new CycleState(), makeSchedulingPod(), 'n').code).toBe('Success');
    expect(log).toEqual(['permit NodePorts', 'permit VolumeZone']);
    const deny = framework({ [names.NodePorts]: permitter(names.NodePorts, { status: unschedulable('gang incomplete') }, []), [names.VolumeZone]: permitter(names.VolumeZone, { status: SUCCESS }, []) });
    expect(deny.runPermitPlugins(new CycleState(), makeSchedulingPod(), 'n')).toMatchObject({ code: 'Unschedulable', reasons: ['gang incomplete'], plugin: 'NodePorts' });
  });

  it('says plainly that waiting at Permit is not simulated', () => {
    const fw = framework({ [names.NodePorts]: permitter(names.NodePorts, { wait: true, timeoutMs: 10_000 }, []) });
    expect(fw.runPermitPlugins(new CycleState(), makeSchedulingPod(), 'n')).toMatchObject({ code: 'Error', message: 'running Permit plugin "NodePorts": waiting at Permit is not simulated' });
  });

  it('the default profile has no Permit plugin, as upstream', () => {
    expect(new Framework(defaultProfile, inTreeRegistry, noPreemption).permitPlugins).toEqual([]);
  });
});
