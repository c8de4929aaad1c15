import { describe, expect, it } from 'vitest';
import type { Event, Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { ago, asKubeObject, makeEndpointSlice, makeEvent, makeNodeWithCapacity, makePod, makeService, NOW_MS, ts } from '../../../testing/builders';
import { describeEvents, printAnnotationsMultiline } from './common';
import { describeGeneric, smartLabelFor } from './generic';
import { describeNode } from './node';
import { describePod } from './pod';
import { describeService } from './service';
import { describeCSINode } from './storage';
import { PrefixWriter, tabbedString } from './tabwriter';

describe('tabbedString (Go text/tabwriter, padding 2)', () => {
  it.each([
    ['aligns one block of key/value lines', 'Name:\tweb\nNamespace:\tdefault\n', 'Name:       web\nNamespace:  default\n'],
    ['starts a new block after a line without tabs', 'A:\t1\nBlock:\nLonger key:\t2\n', 'A:  1\nBlock:\nLonger key:  2\n'],
    ['pads empty cells and never the last cell', 'a\t\tb\nlong\tx\tc\n', 'a        b\nlong  x  c\n'],
    ['sizes inner columns only over lines that reach them', 'k:\tv\tw\nkey:\tvalue\n', 'k:    v  w\nkey:  value\n'],
  ])('%s', (_name, input, expected) => {
    expect(tabbedString(input)).toBe(expected);
  });
});

describe('printAnnotationsMultiline', () => {
  it('hides last-applied-configuration and puts long values on their own line, cut at 138 chars', () => {
    const w = new PrefixWriter();
    const long = 'x'.repeat(150);
    printAnnotationsMultiline(w, 'Annotations', { 'kubectl.kubernetes.io/last-applied-configuration': '{}', a: 'b', long });
    expect(w.toString()).toBe(`Annotations:  a: b\n              long:\n                ${'x'.repeat(138)}...\n`);
  });
});

describe('describeEvents', () => {
  it('prints repeats as "<last> (xN over <first>)" and prefixes the fieldPath (kubectl >= 1.35)', () => {
    const w = new PrefixWriter();
    const backOff: Event = {
      ...makeEvent({ involvedName: 'crash', type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container app in pod crash_default(u1)', component: 'kubelet', created: ago(100), last: ago(51), count: 3 }),
    };
    backOff.involvedObject = { ...backOff.involvedObject, fieldPath: 'spec.containers{app}' };
    const scheduled = makeEvent({ involvedName: 'crash', created: ago(109), message: 'Successfully assigned default/crash to node-1' });
    describeEvents(w, [scheduled, backOff], NOW_MS);
    expect(w.toString()).toBe(
      'Events:\n' +
        '  Type     Reason     Age                 From               Message\n' +
        '  ----     ------     ----                ----               -------\n' +
        '  Normal   Scheduled  109s                default-scheduler  Successfully assigned default/crash to node-1\n' +
        '  Warning  BackOff    51s (x3 over 100s)  kubelet            spec.containers{app}: Back-off restarting failed container app in pod crash_default(u1)\n',
    );
  });

  it('prints <none> in the surrounding block when there are no events', () => {
    const w = new PrefixWriter();
    w.write(0, 'Session Affinity:\tNone\n');
    describeEvents(w, [], NOW_MS);
    expect(w.toString()).toBe('Session Affinity:  None\nEvents:            <none>\n');
  });
});

// kubectl-describe.md §3 (gh-file id 2649193174, k3s 2023): CrashLoopBackOff pod, excerpt up to Conditions.
const crashLoopPodSample = `Name:             es-manual-89d68bb75-5k5l5
Namespace:        default
Priority:         0
Service Account:  default
Node:             tiger.loseyourip.com/10.154.2.119
Start Time:       Mon, 09 Jan 2023 11:28:55 +0000
Labels:           app=es-manual
                  pod-template-hash=89d68bb75
Annotations:      <none>
Status:           Running
IP:               10.42.2.12
IPs:
  IP:           10.42.2.12
Controlled By:  ReplicaSet/es-manual-89d68bb75
Containers:
  elasticsearch:
    Container ID:   containerd://d583b72f35e18c466ebf292b3f00023faa1851d5cbddf99620e6634f25f24d8e
    Image:          elasticsearch:7.8.0
    Image ID:       docker.io/library/elasticsearch@sha256:945f80960f2ad1bd4b88bd07a9ba160d22d4285bbc8a720d052379006d5d57a6
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    78
      Started:      Mon, 09 Jan 2023 11:34:02 +0000
      Finished:     Mon, 09 Jan 2023 11:34:21 +0000
    Ready:          False
    Restart Count:  4
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-ch292 (ro)
Conditions:
  Type              Status
  Initialized       True 
  Ready             False 
  ContainersReady   False 
  PodScheduled      True 
`;

function crashLoopPod(): Pod {
  const base = makePod({ name: 'es-manual-89d68bb75-5k5l5', labels: { app: 'es-manual', 'pod-template-hash': '89d68bb75' }, phase: 'Running', podIP: '10.42.2.12' });
  return {
    ...base,
    metadata: { ...base.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'es-manual-89d68bb75', uid: 'rs-uid', controller: true }] },
    spec: {
      priority: 0,
      serviceAccountName: 'default',
      nodeName: 'tiger.loseyourip.com',
      containers: [{
        name: 'elasticsearch', image: 'elasticsearch:7.8.0',
        volumeMounts: [{ name: 'kube-api-access-ch292', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
      }],
      volumes: [{
        name: 'kube-api-access-ch292',
        projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }, { configMap: { name: 'kube-root-ca.crt' } }, { downwardAPI: {} }] },
      }],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: {
      ...base.status,
      hostIP: '10.154.2.119',
      startTime: '2023-01-09T11:28:55Z',
      qosClass: 'BestEffort',
      conditions: [
        { type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False' },
        { type: 'ContainersReady', status: 'False' }, { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [{
        name: 'elasticsearch', image: 'docker.io/library/elasticsearch:7.8.0', ready: false, restartCount: 4,
        containerID: 'containerd://d583b72f35e18c466ebf292b3f00023faa1851d5cbddf99620e6634f25f24d8e',
        imageID: 'docker.io/library/elasticsearch@sha256:945f80960f2ad1bd4b88bd07a9ba160d22d4285bbc8a720d052379006d5d57a6',
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 78, reason: 'Error', startedAt: '2023-01-09T11:34:02Z', finishedAt: '2023-01-09T11:34:21Z' } },
      }],
    },
  };
}

describe('describePod', () => {
  it('reproduces the real CrashLoopBackOff sample byte for byte', () => {
    expect(describePod(crashLoopPod(), [], NOW_MS).startsWith(crashLoopPodSample)).toBe(true);
  });

  it('ends with the volume, QoS, node-selector, toleration and event sections as kubectl 1.35 prints them', () => {
    const out = describePod(crashLoopPod(), [], NOW_MS);
    expect(out.slice(crashLoopPodSample.length)).toBe(
      'Volumes:\n' +
        '  kube-api-access-ch292:\n' +
        '    Type:                    Projected (a volume that contains injected data from multiple sources)\n' +
        '    TokenExpirationSeconds:  3607\n' +
        '    ConfigMapName:           kube-root-ca.crt\n' +
        '    ConfigMapOptional:       <nil>\n' +
        '    DownwardAPI:             true\n' +
        'QoS Class:                   BestEffort\n' +
        'Node-Selectors:              <none>\n' +
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n' +
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n' +
        'Events:                      <none>\n',
    );
  });

  it('shows an unscheduled pod with Node <none>, no Start Time, an empty IP and IPs <none>', () => {
    const out = describePod(makePod({ name: 'pending' }), [], NOW_MS);
    expect(out).toContain('Node:         <none>\nLabels:');
    expect(out).toContain('IP:           \nIPs:          <none>\n');
    expect(out).not.toContain('Start Time');
  });
});

// kubectl-describe.md §5 (gh-file id 4362515837, kubeadm v1.26.3), without its Lease block: the sandbox has no leases.
const nodeSample = `Name:               k8s-01
Roles:              control-plane
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=k8s-01
                    kubernetes.io/os=linux
                    node-role.kubernetes.io/control-plane=
                    node.kubernetes.io/exclude-from-external-load-balancers=
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Fri, 07 Apr 2023 11:52:46 +0000
Taints:             node-role.kubernetes.io/control-plane:NoSchedule
Unschedulable:      false
Lease:
  HolderIdentity:  k8s-01
  AcquireTime:     <unset>
  RenewTime:       Fri, 07 Apr 2023 12:49:09 +0000
Conditions:
  Type                 Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----                 ------  -----------------                 ------------------                ------                       -------
  NetworkUnavailable   False   Fri, 07 Apr 2023 11:57:03 +0000   Fri, 07 Apr 2023 11:57:03 +0000   WeaveIsUp                    Weave pod has set this
  MemoryPressure       False   Fri, 07 Apr 2023 12:48:25 +0000   Fri, 07 Apr 2023 11:52:45 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure         False   Fri, 07 Apr 2023 12:48:25 +0000   Fri, 07 Apr 2023 11:52:45 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure          False   Fri, 07 Apr 2023 12:48:25 +0000   Fri, 07 Apr 2023 11:52:45 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready                True    Fri, 07 Apr 2023 12:48:25 +0000   Fri, 07 Apr 2023 11:57:05 +0000   KubeletReady                 kubelet is posting ready status. AppArmor enabled
Addresses:
  InternalIP:  172.31.57.89
  Hostname:    k8s-01
Capacity:
  cpu:                2
  ephemeral-storage:  7941576Ki
  hugepages-2Mi:      0
  memory:             4015088Ki
  pods:               110
Allocatable:
  cpu:                2
  ephemeral-storage:  7318956430
  hugepages-2Mi:      0
  memory:             3912688Ki
  pods:               110
System Info:
  Machine ID:                 c8a6ad1dd24342c48ba303688d3ada1f
  System UUID:                ec2b271b-8df3-f164-b01c-3b5078a2d15b
  Boot ID:                    93ae6b0c-13fa-432d-b15a-d3725b6c0e72
  Kernel Version:             5.15.0-1031-aws
  OS Image:                   Ubuntu 22.04.2 LTS
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.6.20
  Kubelet Version:            v1.26.3
  Kube-Proxy Version:         v1.26.3
PodCIDR:                      10.10.0.0/24
PodCIDRs:                     10.10.0.0/24
Non-terminated Pods:          (6 in total)
  Namespace                   Name                              CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                              ------------  ----------  ---------------  -------------  ---
  kube-system                 etcd-k8s-01                       100m (5%)     0 (0%)      100Mi (2%)       0 (0%)         56m
  kube-system                 kube-apiserver-k8s-01             250m (12%)    0 (0%)      0 (0%)           0 (0%)         56m
  kube-system                 kube-controller-manager-k8s-01    200m (10%)    0 (0%)      0 (0%)           0 (0%)         56m
  kube-system                 kube-proxy-skpfc                  0 (0%)        0 (0%)      0 (0%)           0 (0%)         56m
  kube-system                 kube-scheduler-k8s-01             100m (5%)     0 (0%)      0 (0%)           0 (0%)         56m
  kube-system                 weave-net-hks8s                   100m (5%)     0 (0%)      0 (0%)           0 (0%)         52m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                750m (37%)  0 (0%)
  memory             100Mi (2%)  0 (0%)
  ephemeral-storage  0 (0%)      0 (0%)
  hugepages-2Mi      0 (0%)      0 (0%)
Events:
  Type     Reason                   Age   From             Message
  ----     ------                   ----  ----             -------
  Normal   Starting                 56m   kube-proxy       
  Normal   Starting                 56m   kubelet          Starting kubelet.
  Warning  InvalidDiskCapacity      56m   kubelet          invalid capacity 0 on image filesystem
  Normal   NodeHasSufficientMemory  56m   kubelet          Node k8s-01 status is now: NodeHasSufficientMemory
  Normal   NodeHasNoDiskPressure    56m   kubelet          Node k8s-01 status is now: NodeHasNoDiskPressure
  Normal   NodeHasSufficientPID     56m   kubelet          Node k8s-01 status is now: NodeHasSufficientPID
  Normal   NodeAllocatableEnforced  56m   kubelet          Updated Node Allocatable limit across pods
  Normal   RegisteredNode           56m   node-controller  Node k8s-01 event: Registered Node k8s-01 in Controller
  Normal   NodeReady                52m   kubelet          Node k8s-01 status is now: NodeReady
`;

function sampleNode(): Node {
  const base = makeNodeWithCapacity({ name: 'k8s-01', created: '2023-04-07T11:52:46Z' });
  const cond = (type: string, status: string, hb: string, tr: string, reason: string, message: string) => ({
    type, status, lastHeartbeatTime: hb, lastTransitionTime: tr, reason, message,
  });
  return {
    ...base,
    metadata: {
      ...base.metadata,
      labels: {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'k8s-01', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '',
        'node.kubernetes.io/exclude-from-external-load-balancers': '',
      },
      annotations: {
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true', 'node.alpha.kubernetes.io/ttl': '0',
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
      },
    },
    spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], podCIDR: '10.10.0.0/24', podCIDRs: ['10.10.0.0/24'] },
    status: {
      capacity: { cpu: '2', 'ephemeral-storage': '7941576Ki', 'hugepages-2Mi': '0', memory: '4015088Ki', pods: '110' },
      allocatable: { cpu: '2', 'ephemeral-storage': '7318956430', 'hugepages-2Mi': '0', memory: '3912688Ki', pods: '110' },
      conditions: [
        cond('NetworkUnavailable', 'False', '2023-04-07T11:57:03Z', '2023-04-07T11:57:03Z', 'WeaveIsUp', 'Weave pod has set this'),
        cond('MemoryPressure', 'False', '2023-04-07T12:48:25Z', '2023-04-07T11:52:45Z', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', '2023-04-07T12:48:25Z', '2023-04-07T11:52:45Z', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', '2023-04-07T12:48:25Z', '2023-04-07T11:52:45Z', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', '2023-04-07T12:48:25Z', '2023-04-07T11:57:05Z', 'KubeletReady', 'kubelet is posting ready status. AppArmor enabled'),
      ],
      addresses: [{ type: 'InternalIP', address: '172.31.57.89' }, { type: 'Hostname', address: 'k8s-01' }],
      nodeInfo: {
        machineID: 'c8a6ad1dd24342c48ba303688d3ada1f', systemUUID: 'ec2b271b-8df3-f164-b01c-3b5078a2d15b',
        bootID: '93ae6b0c-13fa-432d-b15a-d3725b6c0e72', kernelVersion: '5.15.0-1031-aws', osImage: 'Ubuntu 22.04.2 LTS',
        operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.6.20',
        kubeletVersion: 'v1.26.3', kubeProxyVersion: 'v1.26.3',
      },
    },
  };
}

function staticPod(name: string, cpu: string | undefined, memory: string | undefined, ageMinutes: number): Pod {
  const pod = makePod({ name, namespace: 'kube-system', nodeName: 'k8s-01', phase: 'Running', created: ago(ageMinutes * 60) });
  const requests = { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
  pod.spec!.containers[0].resources = Object.keys(requests).length > 0 ? { requests } : {};
  return pod;
}

describe('describeNode', () => {
  it('reproduces the real kubeadm node sample byte for byte', () => {
    const pods = [
      staticPod('etcd-k8s-01', '100m', '100Mi', 56), staticPod('kube-apiserver-k8s-01', '250m', undefined, 56),
      staticPod('kube-controller-manager-k8s-01', '200m', undefined, 56), staticPod('kube-proxy-skpfc', undefined, undefined, 56),
      staticPod('kube-scheduler-k8s-01', '100m', undefined, 56), staticPod('weave-net-hks8s', '100m', undefined, 52),
    ];
    const ev = (reason: string, message: string, component: string, minutes: number, type = 'Normal') =>
      makeEvent({ involvedKind: 'Node', involvedName: 'k8s-01', reason, message, component, type, created: ago(minutes * 60) });
    const events = [
      ev('Starting', '', 'kube-proxy', 56), ev('Starting', 'Starting kubelet.', 'kubelet', 56),
      ev('InvalidDiskCapacity', 'invalid capacity 0 on image filesystem', 'kubelet', 56, 'Warning'),
      ev('NodeHasSufficientMemory', 'Node k8s-01 status is now: NodeHasSufficientMemory', 'kubelet', 56),
      ev('NodeHasNoDiskPressure', 'Node k8s-01 status is now: NodeHasNoDiskPressure', 'kubelet', 56),
      ev('NodeHasSufficientPID', 'Node k8s-01 status is now: NodeHasSufficientPID', 'kubelet', 56),
      ev('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods', 'kubelet', 56),
      ev('RegisteredNode', 'Node k8s-01 event: Registered Node k8s-01 in Controller', 'node-controller', 56),
      ev('NodeReady', 'Node k8s-01 status is now: NodeReady', 'kubelet', 52),
    ];
    const lease = { spec: { holderIdentity: 'k8s-01', renewTime: '2023-04-07T12:49:09.123456Z' } };
    expect(describeNode(sampleNode(), pods, events, NOW_MS, lease)).toBe(nodeSample);
  });

  it('prints the error of a failed Lease read in place of the Lease block', () => {
    const node = makeNodeWithCapacity({ name: 'n1' });
    const out = describeNode(node, [], undefined, NOW_MS, { error: 'leases.coordination.k8s.io "n1" not found' });
    expect(out).toContain('Unschedulable:      false\nLease:              Failed to get lease: leases.coordination.k8s.io "n1" not found\nConditions:');
  });

  it('shows a cordoned node with its unschedulable taint and no roles', () => {
    const node = makeNodeWithCapacity({ name: 'n1', unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] });
    const out = describeNode(node, [], undefined, NOW_MS);
    expect(out).toContain('Roles:              <none>\n');
    expect(out).toContain('Taints:             node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n');
    expect(out).toContain('Non-terminated Pods:          (0 in total)\n');
  });
});

// kubectl-describe.md §6: three real Service captures (gh-file ids 15790014883, 24204212984, 66280976084).
const kubernetesServiceSample = `Name:                     kubernetes
Namespace:                default
Labels:                   component=apiserver
                          provider=kubernetes
Annotations:              <none>
Selector:                 <none>
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.43.0.1
IPs:                      10.43.0.1
Port:                     https  443/TCP
TargetPort:               6443/TCP
Endpoints:                192.168.114.197:6443
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`;
const nodePortServiceSample = `Name:                     prometheus
Namespace:                monitoring
Labels:                   <none>
Annotations:              <none>
Selector:                 app=prometheus
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.101.225.175
IPs:                      10.101.225.175
Port:                     <unset>  9090/TCP
TargetPort:               9090/TCP
NodePort:                 <unset>  30000/TCP
Endpoints:                10.244.0.3:9090
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`;
const loadBalancerServiceSample = `Name:                     goapp-service
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=goapp
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.66.101
IPs:                      10.96.66.101
Port:                     <unset>  80/TCP
TargetPort:               8000/TCP
NodePort:                 <unset>  30131/TCP
Endpoints:                10.244.0.6:8000,10.244.0.5:8000,10.244.0.8:8000 + 2 more...
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`;

function service(o: Parameters<typeof makeService>[0], spec: Partial<NonNullable<Service['spec']>>): Service {
  const s = makeService(o);
  return { ...s, spec: { ...s.spec, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ...spec } };
}

function slice(service: string, addresses: string[], port: number, portName = ''): EndpointSlice {
  const s = makeEndpointSlice({ name: `${service}-abcde`, addresses, ports: [port] });
  return { ...s, metadata: { ...s.metadata, labels: { 'kubernetes.io/service-name': service } }, ports: [{ name: portName, port, protocol: 'TCP' }] };
}

describe('describeService', () => {
  it.each([
    [
      'a ClusterIP service with a named port',
      service({ name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' }, clusterIP: '10.43.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }, {}),
      [slice('kubernetes', ['192.168.114.197'], 6443, 'https')],
      kubernetesServiceSample,
    ],
    [
      'a NodePort service',
      service({ name: 'prometheus', namespace: 'monitoring', type: 'NodePort', clusterIP: '10.101.225.175', selector: { app: 'prometheus' }, ports: [{ port: 9090, protocol: 'TCP', targetPort: 9090, nodePort: 30000 }] }, { externalTrafficPolicy: 'Cluster' }),
      [slice('prometheus', ['10.244.0.3'], 9090)],
      nodePortServiceSample,
    ],
    [
      'a LoadBalancer service with five endpoints',
      service({ name: 'goapp-service', type: 'LoadBalancer', clusterIP: '10.96.66.101', selector: { app: 'goapp' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8000, nodePort: 30131 }] }, { externalTrafficPolicy: 'Cluster' }),
      [slice('goapp-service', ['10.244.0.6', '10.244.0.5', '10.244.0.8', '10.244.0.7', '10.244.0.9'], 8000)],
      loadBalancerServiceSample,
    ],
  ])('reproduces the real sample for %s', (_name, svc, slices, expected) => {
    expect(describeService(svc, slices, [], NOW_MS)).toBe(expected);
  });

  it('prints Endpoints <none> when the service has no EndpointSlices', () => {
    expect(describeService(service({ name: 'x' }, {}), [], [], NOW_MS)).toContain('Endpoints:                <none>\n');
  });
});

it('formats timestamps in RFC1123Z', () => {
  const pod = makePod({ name: 'p', nodeName: 'n1' });
  pod.status!.startTime = ts(0);
  expect(describePod(pod, undefined, NOW_MS)).toContain('Start Time:   Mon, 23 Nov 2026 10:00:00 +0000\n');
});

describe('describeGeneric (kinds without their own describer)', () => {
  it.each([
    ['creationTimestamp', 'Creation Timestamp'],
    ['apiVersion', 'API Version'],
    ['involvedObject', 'Involved Object'],
    ['uid', 'UID'],
    ['count', 'Count'],
    ['kubernetes.io/x', 'kubernetes.io/x'],
  ])('labels field %s as %s', (field, label) => {
    expect(smartLabelFor(field)).toBe(label);
  });

  it('prints the remaining fields as an indented tree, sorted by key', () => {
    const out = describeGeneric(asKubeObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', uid: 'u1' }, data: { b: '2', a: '1' } }), undefined, NOW_MS);
    expect(out).toBe('Name:         cfg\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\nAPI Version:  v1\nData:\n  A:   1\n  B:   2\nKind:  ConfigMap\nMetadata:\n  UID:  u1\n');
  });
});

describe('describeCSINode', () => {
  it('lists each driver with its node ID, volume limit and topology keys (describeCSINode)', () => {
    const csi = {
      metadata: { name: 'n1', creationTimestamp: ts(0) },
      spec: {
        drivers: [
          { name: 'ebs.csi.aws.com', nodeID: 'i-0abc', allocatable: { count: 25 }, topologyKeys: ['topology.ebs.csi.aws.com/zone'] },
          { name: 'nfs.csi.k8s.io', nodeID: 'n1', topologyKeys: null },
        ],
      },
    };
    expect(describeCSINode(csi, [], NOW_MS)).toBe(
      'Name:               n1\n' +
        'Labels:             <none>\n' +
        'Annotations:        <none>\n' +
        'CreationTimestamp:  Mon, 23 Nov 2026 10:00:00 +0000\n' +
        'Spec:\n' +
        '  Drivers:\n' +
        '    ebs.csi.aws.com:\n' +
        '      Node ID:  i-0abc\n' +
        '      Allocatables:\n' +
        '        Count:        25\n' +
        '      Topology Keys:  [topology.ebs.csi.aws.com/zone]\n' +
        '    nfs.csi.k8s.io:\n' +
        '      Node ID:  n1\n' +
        'Events:         <none>\n',
    );
  });
});
