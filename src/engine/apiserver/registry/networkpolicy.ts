// NetworkPolicy defaulting, as the API server applies it on create and update.
// UPSTREAM: pkg/apis/networking/v1/defaults.go (SetDefaults_NetworkPolicy, SetDefaults_NetworkPolicyPort)

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A policy without policyTypes is an Ingress policy, and also an Egress one when it has egress
 * rules; every port's protocol defaults to TCP.
 */
export function defaultNetworkPolicy(np: Json): void {
  const spec: Json = (np.spec ??= {});
  spec.podSelector ??= {};
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const port of rule?.ports ?? []) if (port) port.protocol ??= 'TCP';
  }
  if ((spec.policyTypes ?? []).length === 0) {
    spec.policyTypes = (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}
