// A failed API request carried as an exception, for reads whose callers only expect an object or a
// list (kubectl's get/list): the caller that knows how to print it catches it.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (StatusError)

import type { ApiStatus } from '../api/meta';

export class ApiStatusError extends Error {
  constructor(readonly status: ApiStatus) {
    super(status.message);
    this.name = 'StatusError';
  }
}
