// What a simulated shell command hands back: kubectl's CommandOutput shape, with the process's exit code.

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function ok(stdout: string, stderr = ''): ShellResult {
  return { stdout, stderr, exitCode: 0 };
}

export function fail(stderr: string, exitCode: number, stdout = ''): ShellResult {
  return { stdout, stderr, exitCode };
}
