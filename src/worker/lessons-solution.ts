// Starts a lesson's scenario and replays reference solutions on a World: what the lesson test does
// for every lesson file in Node, and what "Catch up" could do to rebuild a step's starting point.

import { parseDurationMs, World } from '../engine/index';
import { loadWorkload, scenarioSettings, type ClusterChange, type Lesson, type LessonStep, type SolutionAction } from '../engine/api/lesson';
import type { ClusterSettings } from './protocol';

/** The header's cluster settings a lesson asks for (defaults: seed 1, 3 workers, flannel-vxlan, iptables, one subnet), changed by `change`. */
export function lessonSettings(lesson: Lesson, change: ClusterChange = {}): ClusterSettings {
  const s = scenarioSettings(lesson.scenario, change);
  return { ...s, cni: s.cni as NonNullable<ClusterSettings['cni']>, proxyMode: s.proxyMode as NonNullable<ClusterSettings['proxyMode']> };
}

export interface ActionOutcome {
  ok: boolean;
  message: string;
}

/** A new World with the lesson's settings (changed by `change`) and manifests applied, settled unless the scenario says not to. */
export function startScenario(lesson: Lesson, change: ClusterChange = {}): { world: World; outcome: ActionOutcome } {
  const settings = lessonSettings(lesson, change);
  const world = World.create({ seed: settings.seed, workerNodes: settings.workerNodes, cni: settings.cni, proxyMode: settings.proxyMode, ...(settings.nodeSubnets ? { nodeSubnets: settings.nodeSubnets } : {}) });
  let outcome: ActionOutcome = { ok: true, message: 'cluster started' };
  if (lesson.scenario.manifests) {
    const r = world.apply(lesson.scenario.manifests);
    const failed = r.documents.filter((d) => !d.ok);
    outcome = { ok: failed.length === 0, message: r.documents.map((d) => d.message).join('\n') };
  }
  if (lesson.scenario.settle !== false) world.settle();
  return { world, outcome };
}

/** A lesson being replayed: the World it runs on, which a `cluster` action replaces. */
export interface LessonRun {
  lesson: Lesson;
  world: World;
}

/** Run one action; `step` resolves `apply: try` / `kubectl: try`. */
export function runAction(run: LessonRun, action: SolutionAction, step: LessonStep): ActionOutcome {
  if ('cluster' in action) {
    const { world, outcome } = startScenario(run.lesson, action.cluster);
    run.world = world;
    return outcome;
  }
  const world = run.world;
  if ('load' in action) {
    const ref = loadWorkload(action.load.workload);
    if (!ref) return { ok: false, message: `not a workload: ${action.load.workload}` };
    return world.setLoad(ref, action.load.rps);
  }
  if ('apply' in action) {
    const yaml = action.apply === 'try' ? (step.try?.yaml ?? '') : action.apply;
    const r = world.apply(yaml);
    return { ok: r.documents.every((d) => d.ok), message: r.documents.map((d) => d.message).join('\n') };
  }
  if ('kubectl' in action) {
    const commands = action.kubectl === 'try' ? (step.try?.kubectl ?? []) : [action.kubectl];
    const outs = commands.map((c) => world.kubectl(c));
    return { ok: outs.every((o) => o.exitCode === 0), message: outs.map((o) => (o.exitCode === 0 ? o.stdout : o.stderr)).join('\n') };
  }
  if ('wait' in action) {
    const ms = parseDurationMs(action.wait);
    if (ms === undefined) return { ok: false, message: `not a duration: ${action.wait}` };
    world.step(ms);
    return { ok: true, message: `waited ${action.wait}` };
  }
  if ('settle' in action) {
    const quiet = world.settle();
    return { ok: true, message: quiet ? 'settled' : 'still busy after an hour of simulated time' };
  }
  if ('stopNode' in action) return world.stopNode(action.stopNode);
  return world.startNode(action.startNode);
}

/** Run a step's whole solution, then settle so the checks see the result. */
export function runSolution(run: LessonRun, step: LessonStep): ActionOutcome[] {
  const outcomes = step.solution.map((a) => runAction(run, a, step));
  run.world.settle();
  return outcomes;
}
