// What a kubectl-like command hands back to its caller (terminal, CLI, editor, worker).

import type { PacketTrace } from '../api/trace';
import type { WatchSpec } from './cmd/watch';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  /** 0 on success, 1 when any part failed (kubectl's convention) */
  exitCode: number;
  /** the packet trace a command produced (`kubectl exec web -- curl http://db`), for the packets panel */
  trace?: PacketTrace;
  /** `kubectl get -w`: the watch to run after this output, until Ctrl+C (startKubectlWatch) */
  watch?: WatchSpec;
}

export interface Diagnostic {
  /** 1-based, in the whole text that was applied */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

export interface DocumentResult {
  /** 0-based index of the YAML document in the text */
  index: number;
  /** 1-based line where the document starts */
  startLine: number;
  ok: boolean;
  /** kubectl's line: 'deployment.apps/web created', or the error as kubectl prints it */
  message: string;
  diagnostics: Diagnostic[];
  /** kubectl's warnings for this document (stderr), e.g. the missing last-applied annotation */
  warnings?: string[];
  /**
   * For failures: 'read' when kubectl refused the document while reading the manifests (syntax,
   * apiVersion/kind, unknown kind), 'apply' when applying it failed. kubectl prints 'read' errors first.
   */
  stage?: 'read' | 'apply';
}

export interface ApplyResult {
  ok: boolean;
  documents: DocumentResult[];
}

/** What `kubectl exec` gets back from the container runtime: the process's output and exit status. */
export interface ExecOutput extends CommandOutput {
  /**
   * Set when no process ran (the runtime could not start it, e.g. an executable not in $PATH):
   * kubectl prints `error: <startError>` and exits 1 instead of `command terminated with exit code N`.
   */
  startError?: string;
}
