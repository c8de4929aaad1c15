// Per-cycle scratch space that plugins share: values computed once in PreFilter/PreScore and read in
// Filter/Score for every node, keyed by names derived from the plugin's Name.
// UPSTREAM: pkg/scheduler/framework/cycle_state.go

export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** plugins whose PreFilter returned Skip: their Filter does not run this cycle */
  readonly skipFilterPlugins = new Set<string>();
  /** plugins whose PreScore returned Skip: their Score does not run this cycle */
  readonly skipScorePlugins = new Set<string>();

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** A copy for what-if evaluation (preemption's dry run). Values are shared: plugins treat them as immutable. */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v);
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}
