// An in-memory KubectlContext for kubectl command tests: a fixed object list, a fixed "now",
// deletes that remove from the list, and applies that record what they were given. Test-only.

import type { KubeObject } from '../api/meta';
import { resourceForApiVersionKind } from '../api/resources';
import type { ResourceInfo } from '../api/resources';
import type { KubectlContext } from '../kubectl/kubectl';
import type { ApplyResult } from '../kubectl/results';
import { NOW_MS } from './builders';

export interface FakeKubectlContext extends KubectlContext {
  objects: KubeObject[];
  applied: { text: string; source: string }[];
}

export function fakeKubectlContext(
  objects: object[],
  opts: { nowMs?: number; files?: Record<string, string>; applyResult?: ApplyResult } = {},
): FakeKubectlContext {
  const ctx: FakeKubectlContext = {
    objects: objects as KubeObject[],
    applied: [],
    list(resource: ResourceInfo, namespace?: string) {
      return ctx.objects.filter((o) => isA(o, resource) && (namespace === undefined || o.metadata.namespace === namespace));
    },
    get(resource: ResourceInfo, namespace: string | undefined, name: string) {
      return ctx.objects.find((o) => isA(o, resource) && o.metadata.namespace === namespace && o.metadata.name === name);
    },
    nowMs: () => opts.nowMs ?? NOW_MS,
    apply(text: string, source: string) {
      ctx.applied.push({ text, source });
      return opts.applyResult ?? { ok: true, documents: [] };
    },
    delete(resource: ResourceInfo, namespace: string | undefined, name: string) {
      const i = ctx.objects.findIndex((o) => isA(o, resource) && o.metadata.namespace === namespace && o.metadata.name === name);
      if (i < 0) {
        const gr = resource.group ? `${resource.resource}.${resource.group}` : resource.resource;
        return {
          ok: false as const,
          status: { kind: 'Status' as const, apiVersion: 'v1' as const, status: 'Failure' as const, message: `${gr} "${name}" not found`, reason: 'NotFound' as const, code: 404 },
        };
      }
      ctx.objects = [...ctx.objects.slice(0, i), ...ctx.objects.slice(i + 1)];
      return { ok: true as const };
    },
    ...(opts.files
      ? {
          readFile(path: string) {
            const text = opts.files![path];
            if (text === undefined) throw new Error(`ENOENT: ${path}`);
            return text;
          },
        }
      : {}),
  };
  return ctx;
}

function isA(obj: KubeObject, resource: ResourceInfo): boolean {
  return resourceForApiVersionKind(obj.apiVersion, obj.kind) === resource;
}
