// Control-plane pulses: each API write briefly lights the link its writer uses to reach
// kube-apiserver, and the apiserver-etcd link (every write is persisted). Transient by design:
// subscribe to write activity and restart a CSS animation on the DOM elements tagged
// `data-link="<link>"`; no React state changes per frame.

import type { WriteActivity } from '../../worker/protocol';
import { linkOfWriter, subscribeWrites } from '../stores/activity';

/** A link that pulsed this recently is not restarted (a burst of writes reads as one pulse). */
const MIN_GAP_MS = 350;

/**
 * Background heartbeats (kubelets renewing their Lease every 10 s) would keep every link lit at
 * high speeds; they are not the reconciliation a learner is watching, so they do not pulse.
 */
const QUIET_KINDS = new Set(['Lease']);

function restartPulse(el: Element): void {
  el.classList.remove('pulse');
  // Reading layout forces the style flush that lets the same animation start again.
  void (el as HTMLElement | SVGElement).getBoundingClientRect();
  el.classList.add('pulse');
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

export function startPulses(root: HTMLElement): () => void {
  const last = new Map<string, number>();
  return subscribeWrites((writes) => {
    const links = linksToPulse(writes);
    const now = performance.now();
    for (const link of links) {
      if (now - (last.get(link) ?? -Infinity) < MIN_GAP_MS) continue;
      last.set(link, now);
      for (const el of root.querySelectorAll(`[data-link="${CSS.escape(link)}"]`)) restartPulse(el);
    }
  });
}
