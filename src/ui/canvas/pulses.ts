// Control-plane pulses. A write travels from its writer to kube-apiserver (amber, along the writer's
// link) and on to etcd; a moment later kube-apiserver sends the change down every watch that covers
// the kind (teal, from kube-apiserver to the watcher): the scheduler, kube-controller-manager, the
// kubelet of the pod's node, every kube-proxy for Services and EndpointSlices (see
// src/engine/api/watchers.ts). Transient by design: subscribe to write activity and restart a CSS
// animation on the DOM elements that draw each link; no React state changes per frame.

import { watchersOf } from '../../engine/api/watchers';
import type { WriteActivity } from '../../worker/protocol';
import { linkOfWriter, subscribeWrites } from '../stores/activity';
import { clusterStore } from '../stores/cluster-store';

/** A link that pulsed this recently is not restarted (a burst of writes reads as one pulse). */
const MIN_GAP_MS = 350;
/** The watch pulses start when the write's pulse has reached kube-apiserver: cause, then effect. */
const WATCH_DELAY_MS = 250;

/**
 * Background heartbeats (kubelets renewing their Lease every 10 s) would keep every link lit at
 * high speeds; they are not the reconciliation a learner is watching, so they do not pulse.
 */
const QUIET_KINDS = new Set(['Lease']);

function restartPulse(el: Element, cls: string): void {
  el.classList.remove(cls);
  // Reading layout forces the style flush that lets the same animation start again.
  void (el as HTMLElement | SVGElement).getBoundingClientRect();
  el.classList.add(cls);
}

/** The links a batch of writes lights: each writer's link to the apiserver, and etcd behind it. */
export function linksToPulse(writes: readonly WriteActivity[]): Set<string> {
  const links = new Set<string>();
  for (const w of writes) {
    if (QUIET_KINDS.has(w.kind)) continue;
    links.add('etcd'); // every write that reaches the apiserver is persisted
    const link = linkOfWriter(w.component);
    if (link) links.add(link);
  }
  return links;
}

/**
 * The canvas elements the watch events of a batch of writes travel to, as CSS selectors: the
 * scheduler's and kube-controller-manager's links, a kubelet's chip and its node's link, a
 * kube-proxy's chip and its node's link.
 */
export function watchTargets(writes: readonly WriteActivity[], nodes: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of writes) {
    if (QUIET_KINDS.has(w.kind)) continue;
    for (const r of watchersOf(w.kind, w.node, nodes)) {
      if (r.component === 'kube-scheduler' || r.component === 'kube-controller-manager') out.add(`[data-link="${r.component}"]`);
      else if (r.component === 'kubelet') out.add(`[data-link="kubelet/${r.node}"]`);
      else {
        out.add(`[data-node-link="${r.node}"]`);
        out.add(`[data-watch="kube-proxy/${r.node}"]`);
      }
    }
  }
  return out;
}

function nodeNames(): string[] {
  return clusterStore.getState().nodeIds.map((id) => id.slice(id.indexOf(':') + 1));
}

export function startPulses(root: HTMLElement): () => void {
  const last = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const fire = (selectors: Iterable<string>, cls: string, now: number) => {
    for (const sel of selectors) {
      const k = `${cls} ${sel}`;
      if (now - (last.get(k) ?? -Infinity) < MIN_GAP_MS) continue;
      last.set(k, now);
      for (const el of root.querySelectorAll(sel)) restartPulse(el, cls);
    }
  };
  const unsubscribe = subscribeWrites((writes) => {
    const links = linksToPulse(writes);
    fire([...links].map((l) => `[data-link="${CSS.escape(l)}"]`), 'pulse', performance.now());
    const targets = watchTargets(writes, nodeNames());
    if (targets.size === 0) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fire(targets, 'watch-pulse', performance.now());
    }, WATCH_DELAY_MS);
    timers.add(timer);
  });
  return () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
  };
}
