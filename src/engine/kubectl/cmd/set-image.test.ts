import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext, WEB } from '../../testing/api-kubectl-context';

const deployments = resourceForKind('Deployment')!;
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

function withWeb() {
  const k = apiKubectlContext({ 'web.yaml': WEB.replace('        env:', '      - name: sidecar\n        image: busybox:1.36\n        env:').replace("        - {name: A, value: '1'}\n", '') });
  expect(k.run('kubectl create -f web.yaml').exitCode).toBe(0);
  return k;
}
const images = (k: ReturnType<typeof withWeb>) =>
  ((k.api.get(deployments, 'default', 'web')!.spec as { template: { spec: { containers: Array<{ name: string; image: string }> } } }).template.spec.containers).map((c) => `${c.name}=${c.image}`);

describe('kubectl set image', () => {
  it('updates one container by name', () => {
    const k = withWeb();
    expect(k.run('kubectl set image deployment/web nginx=nginx:1.27')).toEqual(out('deployment.apps/web image updated\n'));
    expect(images(k)).toEqual(['nginx=nginx:1.27', 'sidecar=busybox:1.36']);
    expect(k.api.get(deployments, 'default', 'web')!.metadata.generation).toBe(2);
  });

  it('prints nothing when the image is already set, and updates the containers it finds', () => {
    const k = withWeb();
    expect(k.run('kubectl set image deployment/web nginx=nginx:1.25')).toEqual(out(''));
    expect(k.api.get(deployments, 'default', 'web')!.metadata.generation).toBe(1);
    expect(k.run('kubectl set image deployment/web nginx=nginx:1.27 x=y')).toEqual(out('deployment.apps/web image updated\n', 'error: unable to find container named "x"\n'));
    expect(images(k)).toEqual(['nginx=nginx:1.27', 'sidecar=busybox:1.36']);
  });

  it('updates every container with *', () => {
    const k = withWeb();
    expect(k.run('kubectl set image deploy web *=alpine:3')).toEqual(out('deployment.apps/web image updated\n'));
    expect(images(k)).toEqual(['nginx=alpine:3', 'sidecar=alpine:3']);
  });

  const errors: Array<[string, string, string]> = [
    ['unknown container', 'kubectl set image deployment/web x=nginx:1.27', 'error: unable to find container named "x"\n'],
    ['no image', 'kubectl set image deployment/web', "error: at least one image update is required\nSee 'kubectl set image -h' for help and examples\n"],
    ['* and more', 'kubectl set image deployment/web *=a nginx=b', "error: all containers are already specified by *, but saw more than one container_name=container_image pairs\nSee 'kubectl set image -h' for help and examples\n"],
    ['missing', 'kubectl set image deployment/nope nginx=a', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['other subcommand', 'kubectl set env deployment/web A=1', 'error: "kubectl set env" is not available in this sandbox yet; try kubectl set image\n'],
  ];
  it.each(errors)('%s', (_name, line, stderr) => {
    const k = withWeb();
    expect(k.run(line)).toEqual(out('', stderr));
    expect(images(k)).toEqual(['nginx=nginx:1.25', 'sidecar=busybox:1.36']);
  });
});
