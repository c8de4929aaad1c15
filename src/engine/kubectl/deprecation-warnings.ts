// The API server's deprecation warnings as kubectl prints them: every request for a deprecated kind
// (v1 Endpoints) comes back with a `Warning:` header, and kubectl writes each distinct warning once
// to stderr as `Warning: <text>` as the response arrives, before the command's own output.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/endpoints/deprecation (the text),
//           staging/src/k8s.io/client-go/rest/warnings.go (WarningWriter with Deduplicate, as kubectl sets it)

import type { KubeObject } from '../api/meta';
import { resourceForApiVersionKind, type ResourceInfo } from '../api/resources';
import type { KubectlContext } from './kubectl';
import type { CommandOutput } from './results';

/**
 * `ctx` with every request for a deprecated resource noted; `finish` puts the warnings (each once, in
 * the order first met) at the head of a command's stderr, skipping any the command already printed.
 */
export function withDeprecationWarnings(ctx: KubectlContext): { ctx: KubectlContext; finish(out: CommandOutput): CommandOutput } {
  const seen: string[] = [];
  const note = (r: ResourceInfo | undefined) => {
    const w = r?.deprecationWarning;
    if (w && !seen.includes(w)) seen.push(w);
  };
  return {
    ctx: noting(ctx, note),
    finish(out) {
      const lines = seen.map((w) => `Warning: ${w}\n`).filter((l) => !out.stderr.includes(l));
      return lines.length ? { ...out, stderr: lines.join('') + out.stderr } : out;
    },
  };
}

/**
 * A view of `ctx` that reports the resource of every request to `note` (a Proxy, so contexts that
 * are class instances keep their methods). Requests made as another identity (`--as`) are noted too.
 */
function noting(ctx: KubectlContext, note: (r: ResourceInfo | undefined) => void): KubectlContext {
  const noteObject = (obj: KubeObject) => note(resourceForApiVersionKind(obj.apiVersion, obj.kind));
  return new Proxy(ctx, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      switch (prop) {
        case 'list':
        case 'get':
        case 'delete':
        case 'patch':
          return (...args: unknown[]) => {
            note(args[0] as ResourceInfo);
            return fn.apply(target, args);
          };
        case 'create':
        case 'update':
          return (...args: unknown[]) => {
            noteObject(args[0] as KubeObject);
            return fn.apply(target, args);
          };
        case 'impersonate':
          return (...args: unknown[]) => {
            const r = fn.apply(target, args) as ReturnType<NonNullable<KubectlContext['impersonate']>>;
            return r.ok ? { ok: true, ctx: noting(r.ctx, note) } : r;
          };
        default:
          return fn.bind(target);
      }
    },
  });
}
