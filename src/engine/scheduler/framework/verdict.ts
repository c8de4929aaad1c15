// The answer to "could this pod run on that node?" as the UI shows it: every filter plugin's status.

export interface PluginVerdict {
  plugin: string;
  /** Success | Unschedulable | UnschedulableAndUnresolvable | Error | Skip */
  code: string;
  reasons: string[];
  /** specifics for the UI, e.g. "cpu: requested 4, used 1800m of 2" or "untolerated taint key:NoSchedule" */
  detail?: string;
}

export interface PlacementVerdict {
  fits: boolean;
  nodeName: string;
  /** filter plugins in the order they ran */
  plugins: PluginVerdict[];
  /** one line for the user: the first failing plugin's reasons, or why the drop is refused */
  message: string;
}

/** One score plugin's contribution on one node. */
export interface ScoreBreakdown {
  plugin: string;
  /** what Score returned */
  raw: number;
  /** after NormalizeScore, in [0, 100] */
  normalized: number;
  weight: number;
  /** normalized x weight: what adds up to the total */
  weighted: number;
}

/** Every node's verdict for one pod, with scores for the nodes that pass (while dragging it). */
export interface PlacementReport {
  nodes: Array<{ verdict: PlacementVerdict; totalScore?: number; scores?: ScoreBreakdown[] }>;
  /** the highest-scoring feasible nodes: the scheduler picks one of these (at random among ties) */
  best: string[];
}
