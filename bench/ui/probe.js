// Injected into the page before the app's own scripts (Playwright addInitScript) by ui.bench.ts:
// counts animation frames, times the bridge's handling of each worker message and keeps a handle on
// the engine worker so the bench can send it commands. Plain browser JS: it is read from disk, not bundled.
/* global window, document, performance, requestAnimationFrame, PerformanceObserver */
(() => {
  const B = {
    worker: null,
    nextId: 1e9,
    replies: new Map(),
    /** worker messages handled while recording: { t, ms, kind, data } (sizes are computed afterwards) */
    messages: [],
    recording: false,
    firstLoad: { canvasMs: null, clusterMs: null, readyMs: null },
  };
  window.__bench = B;

  // The engine worker: wrap the bridge's onmessage to time it (applyDelta, publishWrites and the
  // zustand subscribers they call synchronously; React renders run later, in the frame).
  const NativeWorker = window.Worker;
  class ProbedWorker extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      if (!String(url).includes('engine.worker')) return;
      B.worker = this;
      this.addEventListener('message', (e) => {
        const d = e.data;
        if (d && d.kind === 'ready' && B.firstLoad.readyMs === null) B.firstLoad.readyMs = performance.now();
        if (d && d.kind === 'reply' && B.replies.has(d.requestId)) {
          B.replies.get(d.requestId)(d.body);
          B.replies.delete(d.requestId);
        }
      });
    }
    set onmessage(fn) {
      if (this !== B.worker || typeof fn !== 'function') {
        super.onmessage = fn;
        return;
      }
      super.onmessage = (e) => {
        const t0 = performance.now();
        fn.call(this, e);
        const t1 = performance.now();
        const d = e.data;
        if (B.recording && d && (d.kind === 'delta' || d.kind === 'ready')) B.messages.push({ t: t0, ms: t1 - t0, kind: d.kind, data: d });
      };
    }
    get onmessage() {
      return super.onmessage;
    }
  }
  window.Worker = ProbedWorker;

  /** Send a command to the engine worker directly (the bridge ignores replies it did not ask for). */
  B.request = (cmd) =>
    new Promise((resolve) => {
      const requestId = B.nextId++;
      B.replies.set(requestId, resolve);
      B.worker.postMessage({ ...cmd, requestId });
    });
  B.send = (cmd) => B.worker.postMessage(cmd);

  // First load: the first animation frame in which React Flow's viewport exists and a node box has
  // been measured and shown (React Flow keeps nodes `visibility: hidden` until it has their size).
  const nodeShown = (sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const watch = (t) => {
    const fl = B.firstLoad;
    if (fl.canvasMs === null && document.querySelector('.react-flow__viewport') && nodeShown('.react-flow__node')) fl.canvasMs = t;
    if (fl.clusterMs === null && nodeShown('[data-testid="node-node-1"]')) fl.clusterMs = t;
    if (fl.canvasMs === null || fl.clusterMs === null) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);

  // Frame counting between start and stop.
  let frames = null;
  B.startFrames = () => {
    const f = { times: [], longTasks: [], running: true, po: null };
    try {
      f.po = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) f.longTasks.push(e.duration);
      });
      f.po.observe({ type: 'longtask' });
    } catch {
      f.po = null;
    }
    const loop = (t) => {
      if (!f.running) return;
      f.times.push(t);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    frames = f;
  };
  const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] : null);
  const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);
  B.stopFrames = () => {
    const f = frames;
    frames = null;
    f.running = false;
    f.po?.disconnect();
    const t = f.times;
    const durationMs = t.length > 1 ? t[t.length - 1] - t[0] : 0;
    const gaps = [];
    for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
    const sorted = [...gaps].sort((a, b) => a - b);
    // The worst whole second: frames per 1 s bucket.
    const buckets = [];
    for (const x of t) {
      const b = Math.floor((x - t[0]) / 1000);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    const full = Array.from({ length: Math.floor(durationMs / 1000) }, (_, i) => buckets[i] ?? 0);
    return {
      durationMs: r2(durationMs),
      frames: t.length,
      fps: durationMs > 0 ? r2(((t.length - 1) / durationMs) * 1000) : null,
      worstSecondFps: full.length ? Math.min(...full) : null,
      frameMs: { p50: r2(pct(sorted, 0.5)), p95: r2(pct(sorted, 0.95)), p99: r2(pct(sorted, 0.99)), max: r2(sorted[sorted.length - 1] ?? null) },
      framesOver33ms: gaps.filter((g) => g > 33.4).length,
      longTasks: { count: f.longTasks.length, totalMs: r2(f.longTasks.reduce((a, b) => a + b, 0)), maxMs: r2(f.longTasks.length ? Math.max(...f.longTasks) : null) },
    };
  };

  // Worker messages recorded between startMessages and stopMessages; JSON sizes are computed only
  // here, after the measured window, so they cost nothing during it.
  B.startMessages = () => {
    B.messages = [];
    B.recording = true;
  };
  B.stopMessages = () => {
    B.recording = false;
    const ms = B.messages.filter((m) => m.kind === 'delta');
    B.messages = [];
    const bytes = ms.map((m) => JSON.stringify(m.data).length);
    const changes = ms.map((m) => m.data.changes.length);
    const apply = ms.map((m) => m.ms);
    const span = ms.length > 1 ? ms[ms.length - 1].t - ms[0].t : 0;
    // Bytes per frame: the deltas handled within one 16.7 ms window (a 60 Hz frame), windows with any.
    const windows = new Map();
    ms.forEach((m, i) => {
      const w = Math.floor(m.t / (1000 / 60));
      windows.set(w, (windows.get(w) ?? 0) + bytes[i]);
    });
    const stats = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return { mean: r2(xs.reduce((a, b) => a + b, 0) / (xs.length || 1)), p50: r2(pct(s, 0.5)), p95: r2(pct(s, 0.95)), max: r2(s[s.length - 1] ?? null) };
    };
    return {
      deltas: ms.length,
      deltasPerSecond: span > 0 ? r2(((ms.length - 1) / span) * 1000) : null,
      jsonBytes: stats(bytes),
      totalJsonBytes: bytes.reduce((a, b) => a + b, 0),
      perFrameJsonBytes: stats([...windows.values()]),
      viewChanges: stats(changes),
      applyMs: stats(apply),
      applyMsTotal: r2(apply.reduce((a, b) => a + b, 0)),
    };
  };

  // A point on the canvas where a drag pans and a wheel zooms: not on a pod card (`nopan`, a native
  // drag source), a `nowheel` list, the minimap or the controls. Scans a grid from the centre out.
  B.panPoint = () => {
    const r = document.querySelector('.react-flow').getBoundingClientRect();
    const pts = [];
    for (let y = r.top + 20; y < r.bottom - 20; y += 12) for (let x = r.left + 60; x < r.right - 140; x += 12) pts.push([x, y]);
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    pts.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
    for (const [x, y] of pts) {
      const el = document.elementFromPoint(x, y);
      if (el && el.closest('.react-flow') && !el.closest('.nopan, .nowheel, .react-flow__minimap, .react-flow__controls, .react-flow__panel')) return { x, y, on: el.className };
    }
    return { x: cx, y: cy, on: 'none found' };
  };

  // The learner's pods on the canvas by STATUS column (kube-system excluded). Pods of an aggregated
  // node (zoomed out on a big cluster, src/ui/canvas/aggregate) count by their state tone instead:
  // its `data-counts` holds the non-kube-system pods per tone.
  const TONE_STATUS = { running: 'Running', pending: 'Pending', succeeded: 'Completed', failed: 'Failed', terminating: 'Terminating', unknown: 'Unknown' };
  B.podCounts = () => {
    const out = { total: 0 };
    for (const el of document.querySelectorAll('[data-testid^="aggregate-"][data-counts]')) {
      const counts = JSON.parse(el.getAttribute('data-counts'));
      for (const [tone, n] of Object.entries(counts)) {
        const s = TONE_STATUS[tone] ?? tone;
        out[s] = (out[s] ?? 0) + n;
        out.total += n;
      }
      out.aggregated = (out.aggregated ?? 0) + 1;
    }
    for (const el of document.querySelectorAll('[data-pod-key^="default/"]')) {
      if (el.getAttribute('data-leaving')) continue;
      const s = el.getAttribute('data-status') || '?';
      out[s] = (out[s] ?? 0) + 1;
      out.total++;
    }
    return out;
  };

  // What drawing 200 packets would cost if the overlay drew them the way it draws one: per packet and
  // per frame, find two pod cards by selector, measure them (getBoundingClientRect) and draw a dot
  // with a six-point trail and a glow, on a canvas laid over the flow. A stand-in, not the app's code.
  B.startSyntheticPackets = (n) => {
    const root = document.querySelector('.react-flow');
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'position:absolute;inset:0;pointer-events:none;z-index:10';
    root.appendChild(canvas);
    const ctx = canvas.getContext('2d');
    const keys = [...document.querySelectorAll('[data-pod-key^="default/"]')].map((e) => e.getAttribute('data-pod-key'));
    const pairs = Array.from({ length: n }, (_, i) => [keys[(i * 7919) % keys.length], keys[(i * 104729 + 13) % keys.length]]);
    let on = true;
    const draw = (now) => {
      if (!on) return;
      const dpr = window.devicePixelRatio || 1;
      const w = root.clientWidth;
      const h = root.clientHeight;
      if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
      if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const origin = root.getBoundingClientRect();
      const cache = new Map();
      const rect = (key) => {
        if (cache.has(key)) return cache.get(key);
        const r = document.querySelector(`[data-pod-key="${CSS.escape(key)}"]`)?.getBoundingClientRect();
        const v = r ? { x: r.left - origin.left + r.width / 2, y: r.top - origin.top + r.height / 2 } : null;
        cache.set(key, v);
        return v;
      };
      pairs.forEach(([a, b], i) => {
        const p = rect(a);
        const q = rect(b);
        if (!p || !q) return;
        const t = ((now / 900 + i / n) % 1 + 1) % 1;
        for (let k = 6; k >= 0; k--) {
          const u = Math.max(0, t - k * 0.02);
          ctx.globalAlpha = k === 0 ? 1 : ((7 - k) / 7) * 0.55;
          ctx.shadowBlur = k === 0 ? 12 : 0;
          ctx.shadowColor = '#f97316';
          ctx.fillStyle = '#f97316';
          ctx.beginPath();
          ctx.arc(p.x + (q.x - p.x) * u, p.y + (q.y - p.y) * u, k === 0 ? 6 : 2 + (3 * (7 - k)) / 6, 0, Math.PI * 2);
          ctx.fill();
        }
      });
      ctx.globalAlpha = 1;
      ctx.shadowBlur = 0;
      requestAnimationFrame(draw);
    };
    requestAnimationFrame(draw);
    B.stopSyntheticPackets = () => {
      on = false;
      canvas.remove();
    };
    return pairs.length;
  };
})();
