// What every controller in kube-controller-manager looks like here, and what it is given.
// UPSTREAM: pkg/controller (each controller's Run/worker/sync shape)
// A controller registers informer handlers that only enqueue keys, and `sync(key)` reconciles the
// object from current state (level-triggered). The World drains each controller's queue in a fixed
// order and turns the SyncResult into the queue's forget / addAfter / addRateLimited.

import type { ObjectKey } from '../api/meta';
import type { Client } from '../client/clientset';
import type { SharedInformerFactory } from '../client/informer';
import type { EventRecorder } from '../client/record';
import type { WorkQueue } from '../client/workqueue';
import type { Rng } from '../sim/rng';
import type { JsonValue } from '../sim/clock';

export type SyncResult =
  | { kind: 'done' }
  /**
   * come back later: minReadySeconds, a deletion grace period, a pending expectation.
   * `background`: a safety re-check that finds nothing to do unless the cluster stays stuck (the
   * Deployment progress deadline); settle() may treat it as not pending.
   */
  | { kind: 'requeueAfter'; delayMs: number; background?: boolean }
  /** a write failed (conflict, ...): the queue retries with per-item exponential backoff */
  | { kind: 'retry'; reason: string };

export const DONE: SyncResult = { kind: 'done' };

export interface Controller {
  /** the upstream component name, e.g. 'replicaset-controller'; also the writer name of its client */
  readonly name: string;
  readonly queue: WorkQueue;
  /** Register informer handlers (enqueue only). Called once, before any event is delivered. */
  start(informers: SharedInformerFactory): void;
  /** Reconcile one key. Idempotent: read informers, write through the client. */
  sync(key: ObjectKey): SyncResult;
  /**
   * Plain-JSON internal state that is not derivable from informers (e.g. ReplicaSet expectations),
   * so a World restored from a snapshot continues identically. Passed back as `ControllerContext.state`.
   */
  save?(): JsonValue;
}

/** What the World hands a controller when building it. */
export interface ControllerContext {
  informers: SharedInformerFactory;
  client: Client;
  recorder: EventRecorder;
  queue: WorkQueue;
  rng: Rng;
  /** simulated ms */
  now(): number;
  /** RFC 3339 timestamp for a simulated time (default now) */
  timestamp(ms?: number): string;
  /** what `save()` returned, when restoring a snapshot */
  state?: JsonValue;
}
