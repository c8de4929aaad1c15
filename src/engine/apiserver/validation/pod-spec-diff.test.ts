import { describe, expect, it } from 'vitest';
import { podSpecDiff } from './pod-spec-diff';

const base = {
  containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  serviceAccountName: 'default',
  schedulerName: 'default-scheduler',
};

describe('podSpecDiff (go-cmp report of cmp.Diff(old, new))', () => {
  it('a changed scalar: - old, + new, two records of context, the rest counted', () => {
    const out = podSpecDiff(base, { ...base, restartPolicy: 'Never' });
    expect(out).toBe(
      '  core.PodSpec{\n' +
        '  \t... // 2 identical fields\n' +
        '  \tContainers:                    {{Name: "web", Image: "nginx", Ports: {{ContainerPort: 80, Protocol: "TCP"}}, TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: "File", ImagePullPolicy: "IfNotPresent"}},\n' +
        '  \tEphemeralContainers:           nil,\n' +
        '- \tRestartPolicy:                 "Always",\n' +
        '+ \tRestartPolicy:                 "Never",\n' +
        '  \tTerminationGracePeriodSeconds: &30,\n' +
        '  \tActiveDeadlineSeconds:         nil,\n' +
        '  \t... // 28 identical fields\n' +
        '  }\n',
    );
  });

  it('descends into a container list: the element, then its fields, then the port', () => {
    const next = { ...base, containers: [{ ...base.containers[0], ports: [{ containerPort: 8080, protocol: 'TCP' }] }] };
    const out = podSpecDiff(base, next);
    expect(out).toContain(
      '  \tContainers: []core.Container{\n' +
        '  \t\t{\n' +
        '  \t\t\t... // 3 identical fields\n' +
        '  \t\t\tArgs:       nil,\n' +
        '  \t\t\tWorkingDir: "",\n' +
        '  \t\t\tPorts: []core.ContainerPort{\n' +
        '  \t\t\t\t{\n' +
        '  \t\t\t\t\tName:          "",\n' +
        '  \t\t\t\t\tHostPort:      0,\n' +
        '- \t\t\t\t\tContainerPort: 80,\n' +
        '+ \t\t\t\t\tContainerPort: 8080,\n' +
        '  \t\t\t\t\tProtocol:      "TCP",\n' +
        '  \t\t\t\t\tHostIP:        "",\n' +
        '  \t\t\t\t},\n' +
        '  \t\t\t},\n',
    );
    // Volumes and InitContainers are the two records before the difference: shown, not counted.
    expect(out.startsWith('  core.PodSpec{\n  \tVolumes:        nil,\n  \tInitContainers: nil,\n  \tContainers: []core.Container{\n')).toBe(true);
  });

  it('a run that would hide one record shows it instead of "... // 1 identical field"', () => {
    // ephemeralContainers is the 4th field: the three before it would keep two and hide one, so all show.
    const out = podSpecDiff(base, { ...base, ephemeralContainers: [{ name: 'debug', image: 'busybox' }] });
    // One run of one-line records, so every key pads to TerminationGracePeriodSeconds (29 characters).
    const key = (k: string) => `${k}:${' '.repeat(29 - k.length + 1)}`;
    expect(out.startsWith(`  core.PodSpec{\n  \t${key('Volumes')}nil,\n  \t${key('InitContainers')}nil,\n  \t${key('Containers')}{{Name: "web"`)).toBe(true);
    expect(out).toContain('- \tEphemeralContainers:           nil,\n+ \tEphemeralContainers:           {{Name: "debug", Image: "busybox"}},\n');
  });
});
