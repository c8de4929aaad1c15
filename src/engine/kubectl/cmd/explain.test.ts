import { describe, expect, it } from 'vitest';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';
import { wrap } from './explain';

const kubectl = (command: string) => runKubectl(fakeKubectlContext([]), command);

describe('kubectl explain', () => {
  it('explains a kind: header, wrapped description, fields with types and descriptions', () => {
    const out = kubectl('kubectl explain pods');
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout.startsWith(
      'KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n' +
      '    Pod is a collection of containers that can run on a host. This resource is\n' +
      '    created by clients and scheduled onto hosts.\nFIELDS:\n' +
      '  apiVersion\t<string>\n' +
      '    APIVersion defines the versioned schema of this representation of an object.\n',
    )).toBe(true);
    expect(out.stdout).toContain('\n  metadata\t<ObjectMeta>\n    Standard object\'s metadata. More info:\n');
    expect(out.stdout).toContain('\n  spec\t<PodSpec>\n');
    expect(out.stdout).toContain('\n  status\t<PodStatus>\n');
    expect(out.stdout.endsWith('#spec-and-status\n\n\n')).toBe(true);
  });

  it('prints GROUP for a kind outside the core group and marks required fields', () => {
    const out = kubectl('kubectl explain deployment.spec');
    expect(out.stdout.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n\n\nDESCRIPTION:\n')).toBe(true);
    expect(out.stdout).toContain('\n  selector\t<LabelSelector> -required-\n');
    expect(out.stdout).toContain('\n  template\t<PodTemplateSpec> -required-\n');
    expect(out.stdout).toContain('\n  replicas\t<integer>\n');
    expect(out.stdout).toContain('\n  strategy\t<DeploymentStrategy>\n');
  });

  it('follows a path through arrays; the description joins the field and its type (newlines removed)', () => {
    const out = kubectl('kubectl explain pod.spec.containers');
    expect(out.stdout).toContain('FIELD: containers <[]Container>\n\n\nDESCRIPTION:\n    List of containers belonging to the pod.');
    expect(out.stdout).toContain('updated.A single application container that you want to run within a pod.\nFIELDS:\n');
    expect(out.stdout).toContain('\n  name\t<string> -required-\n');
    expect(out.stdout).toContain('\n  ports\t<[]ContainerPort>\n');
    expect(out.stdout).toContain('\n  resources\t<ResourceRequirements>\n');
    expect(kubectl('kubectl explain po.spec.containers.name').stdout).toContain('FIELD: name <string>\n\n\nDESCRIPTION:\n');
  });

  it('names maps, quantities and int-or-strings as kubectl does', () => {
    expect(kubectl('kubectl explain pod.spec.containers.resources').stdout).toContain('\n  limits\t<map[string]Quantity>\n');
    expect(kubectl('kubectl explain deploy.spec.strategy.rollingUpdate').stdout).toContain('\n  maxSurge\t<IntOrString>\n');
    expect(kubectl('kubectl explain pod.metadata').stdout).toContain('\n  labels\t<map[string]string>\n');
    expect(kubectl('kubectl explain pod.metadata').stdout).toContain('\n  creationTimestamp\t<string>\n');
  });

  it('--recursive lists nested fields without descriptions, two more spaces a level', () => {
    const out = kubectl('kubectl explain pod.spec.affinity --recursive');
    expect(out.stdout).toContain(
      'FIELDS:\n  nodeAffinity\t<NodeAffinity>\n' +
      '    preferredDuringSchedulingIgnoredDuringExecution\t<[]PreferredSchedulingTerm>\n' +
      '      preference\t<NodeSelectorTerm> -required-\n' +
      '        matchExpressions\t<[]NodeSelectorRequirement>\n' +
      '          key\t<string> -required-\n',
    );
    expect(out.stdout).not.toContain('Describes node affinity');
  });

  it('a kind this API server does not serve is an unknown resource type', () => {
    const out = kubectl('kubectl explain mutatingwebhookconfigurations --recursive');
    expect(out.stderr).toBe('error: the server doesn\'t have a resource type "mutatingwebhookconfigurations"\n');
  });

  it('errors as kubectl prints them', () => {
    const missing = kubectl('kubectl explain pod.spec.foo.bar');
    expect(missing).toEqual({ stdout: 'KIND:       Pod\nVERSION:    v1\n\n', stderr: 'error: field "bar" does not exist\n', exitCode: 1 });
    expect(kubectl('kubectl explain foo').stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
    expect(kubectl('kubectl explain deployments --api-version=apps/v2').stderr).toBe('error: couldn\'t find resource for "apps/v2, Resource=deployments"\n');
    expect(kubectl('kubectl explain deployments --api-version=v1').stderr).toBe('error: GVR (/v1, Resource=deployments) not found in OpenAPI schema\n');
    expect(kubectl('kubectl explain').stderr).toBe(
      'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
      "See 'kubectl explain -h' for help and examples\n",
    );
    expect(kubectl('kubectl explain deployments --api-version=apps/v1').exitCode).toBe(0);
  });

  it('wraps as go-wordwrap does: lines of at most the limit, long words on their own line', () => {
    expect(wrap('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wrap('a https://very.long/url b', 6)).toBe('a\nhttps://very.long/url\nb');
    expect(wrap('one.\nTwo', 76)).toBe('one.Two');
    for (const line of wrap('word '.repeat(60), 30).split('\n')) expect(line.length).toBeLessThanOrEqual(30);
  });

  // plaintext.tmpl: `FIELD: x <type>{{"\n"}}{{extractEnum (long view)}}{{"\n"}}{{"\n"}}`, so a field without
  // an enum has two blank lines before DESCRIPTION, one with an enum one.
  it('prints ENUM: under FIELD, one value a line, for an enum field', () => {
    const out = kubectl('kubectl explain pod.spec.restartPolicy');
    expect(out.stdout.startsWith(
      'KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n\nDESCRIPTION:\n    Restart policy for all containers',
    )).toBe(true);
    // An empty string is shown as "" (hostPath's type).
    expect(kubectl('kubectl explain pod.spec.volumes.hostPath.type').stdout).toContain('ENUM:\n    ""\n    BlockDevice\n    CharDevice\n');
  });

  it('field lists carry `enum:` under the field, at most four values then ....', () => {
    const spec = kubectl('kubectl explain pod.spec').stdout;
    expect(spec).toContain('\n  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n    Restart policy for all containers');
    expect(spec).toContain('\n  dnsPolicy\t<string>\n  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None\n    Set DNS policy');
    expect(kubectl('kubectl explain pod.spec.volumes.hostPath').stdout).toContain('\n  type\t<string>\n  enum: "", BlockDevice, CharDevice, Directory, ....\n');
    // --recursive: the enum line is indented like its field.
    const rec = kubectl('kubectl explain deploy.spec --recursive').stdout;
    expect(rec).toContain('\n    type\t<string>\n    enum: Recreate, RollingUpdate\n');
    // A field without an enum has no enum line.
    expect(spec).toContain('\n  hostname\t<string>\n    Specifies the hostname');
  });
});
