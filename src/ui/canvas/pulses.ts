// Control-plane pulses: each API write briefly lights the link its writer uses to reach
// kube-apiserver, and the apiserver-etcd link (every write is persisted). Transient by design:
// subscribe to write activity and restart a CSS animation on the DOM elements tagged
// `data-link="<link>"`; no React state changes per frame.

import { linkOfWriter, subscribeWrites } from '../stores/activity';

/** A link that pulsed this recently is not restarted (a burst of writes reads as one pulse). */
const MIN_GAP_MS = 350;

function restartPulse(el: Element): void {
  el.classList.remove('pulse');
  // Reading layout forces the style flush that lets the same animation start again.
  void (el as HTMLElement | SVGElement).getBoundingClientRect();
  el.classList.add('pulse');
}

export function startPulses(root: HTMLElement): () => void {
  const last = new Map<string, number>();
  return subscribeWrites((writes) => {
    const links = new Set<string>(['etcd']);
    for (const w of writes) {
      const link = linkOfWriter(w.component);
      if (link) links.add(link);
    }
    const now = performance.now();
    for (const link of links) {
      if (now - (last.get(link) ?? -Infinity) < MIN_GAP_MS) continue;
      last.set(link, now);
      for (const el of root.querySelectorAll(`[data-link="${CSS.escape(link)}"]`)) restartPulse(el);
    }
  });
}
