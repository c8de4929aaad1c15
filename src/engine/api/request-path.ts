// The stages one API request passes through in kube-apiserver, recorded for the request path view.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/server/config.go (DefaultBuildHandlerChain: authentication,
// impersonation, authorization), endpoints/handlers (admission, validation), registry/generic (storage)
// SIMPLIFICATION: admission and validation are inferred from the API server's answer (which stage
// refused it), not traced inside the API server.

import type { AuthorizationGrant, UserInfo } from './rbac';

export type RequestStageName = 'authentication' | 'impersonation' | 'authorization' | 'admission' | 'validation' | 'storage';

export type RequestStage =
  | { stage: 'authentication'; outcome: 'passed'; user: UserInfo; method: 'x509' }
  | { stage: 'impersonation'; outcome: 'passed' | 'denied'; user: UserInfo; message?: string }
  | { stage: 'authorization'; outcome: 'allowed'; authorizer: 'RBAC'; grant: AuthorizationGrant }
  | { stage: 'authorization'; outcome: 'denied'; authorizer: 'RBAC'; message: string }
  | { stage: 'admission'; outcome: 'passed' | 'rejected'; plugins: string[]; message?: string }
  | { stage: 'validation'; outcome: 'passed' | 'rejected'; message?: string }
  | { stage: 'storage'; outcome: 'stored' | 'read' | 'failed'; etcdKey: string; resourceVersion?: string; message?: string };

/** One request kubectl sent: `GET /api/v1/namespaces/default/pods` and what became of it. */
export interface RequestPath {
  /** the HTTP verb kubectl used */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** the Kubernetes API verb the authorizer saw: get, list, create, update, patch, delete ... */
  verb: string;
  /** the request URL path, e.g. `/apis/apps/v1/namespaces/default/deployments/web` */
  url: string;
  /** stages in order; the last one is where it stopped when `ok` is false */
  stages: RequestStage[];
  ok: boolean;
  /** HTTP status: 200, 201, 403, 404, 409, 422 ... */
  code: number;
}
