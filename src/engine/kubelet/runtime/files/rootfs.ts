// The read-only root filesystem an image brings: its distribution's skeleton, /etc/os-release, its
// tools in /bin, and what the image's Dockerfile adds (nginx's web root and config, httpd's htdocs).
// UPSTREAM: none (docker-library images: busybox, alpine, debian, nginx, httpd, redis, ...)
// SIMPLIFICATION: a few files per image family; executables are empty files with mode 0755 (busybox
// applets are symlinks to /bin/busybox, as there); no /usr/lib, no package databases.

import { imageProfile, type ImageProfile } from '../images';
import { treeOf, type FsTree } from './tree';

const SKELETON_BUSYBOX = ['bin', 'dev', 'etc', 'home', 'lib', 'lib64', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];
const SKELETON_DEBIAN = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];

const OS_RELEASE = {
  busybox: null,
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME="Alpine Linux v3.21"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  ubuntu: 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n',
} as const;

/** The web root each HTTP server image serves from. */
export function webRoot(profile: ImageProfile): string | undefined {
  if (profile.http?.kind === 'nginx') return '/usr/share/nginx/html';
  if (profile.http?.kind === 'httpd') return '/usr/local/apache2/htdocs';
  return undefined;
}

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

const trees = new Map<string, FsTree>();

/**
 * The image's rootfs (shared and never written: containers write to their own layer). `indexHtml`
 * is the server's default page (net.ts owns its bytes).
 */
export function imageRootfs(image: string, indexHtml: (profile: ImageProfile) => string): FsTree {
  let t = trees.get(image);
  if (!t) {
    t = buildRootfs(imageProfile(image), indexHtml);
    if (trees.size > 1_000) trees.clear();
    trees.set(image, t);
  }
  return t;
}

function buildRootfs(profile: ImageProfile, indexHtml: (profile: ImageProfile) => string): FsTree {
  const busybox = profile.shell === 'ash' || (profile.tools === 'busybox' && !profile.shell);
  const files: Record<string, string | null> = {};
  const hasShell = profile.shell !== undefined;
  if (hasShell) for (const d of busybox ? SKELETON_BUSYBOX : SKELETON_DEBIAN) files[`/${d}`] = null;
  else files['/etc'] = null;
  const distro = profile.base === 'busybox' ? 'busybox' : busybox ? 'alpine' : profile.base === 'ubuntu' ? 'ubuntu' : 'debian';
  const osRelease = OS_RELEASE[distro];
  if (osRelease && hasShell) files['/etc/os-release'] = osRelease;
  if (hasShell) {
    files['/etc/passwd'] = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
    files['/etc/group'] = 'root:x:0:\nnogroup:x:65534:\n';
  }
  if (distro === 'alpine') files['/etc/alpine-release'] = '3.21.0\n';
  if (distro === 'debian') files['/etc/debian_version'] = '12.8\n';
  const web = webRoot(profile);
  if (web) {
    files[`${web}/index.html`] = indexHtml(profile);
    if (profile.http?.kind === 'nginx') {
      files[`${web}/50x.html`] = '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n';
      files['/etc/nginx/nginx.conf'] = 'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n';
      files['/etc/nginx/conf.d/default.conf'] = NGINX_DEFAULT_CONF;
      files['/var/log/nginx'] = null;
    }
    if (profile.http?.kind === 'httpd') files['/usr/local/apache2/conf/httpd.conf'] = 'ServerRoot "/usr/local/apache2"\nListen 80\nDocumentRoot "/usr/local/apache2/htdocs"\n';
  }
  if (profile.base === 'redis') files['/data'] = null;
  if (profile.base === 'mysql') files['/var/lib/mysql'] = null;
  if (profile.base === 'postgres') files['/var/lib/postgresql/data'] = null;
  const tree = treeOf(files);
  for (const d of ['tmp']) if (tree[d]) tree[d] = { t: 'd', m: 0o1777 };
  // Executables: busybox applets link to the one binary; other images' tools are files in /usr/bin.
  const binDir = hasShell && !busybox ? 'usr/bin' : 'bin';
  if (binDir === 'usr/bin') tree['usr/bin'] ??= { t: 'd' };
  tree.bin ??= { t: 'd' };
  if (profile.tools === 'busybox' && busybox) tree['bin/busybox'] = { t: 'f', c: '', m: 0o755 };
  for (const exe of [...profile.executables].sort()) {
    if (exe === '[' || exe === 'busybox') continue;
    const dir = busybox ? 'bin' : ['sh', 'dash', 'bash'].includes(exe) ? 'bin' : binDir;
    if (busybox && profile.tools === 'busybox' && tree['bin/busybox']) tree[`${dir}/${exe}`] ??= { t: 'l', c: 'busybox' };
    else tree[`${dir}/${exe}`] ??= { t: 'f', c: '', m: 0o755 };
  }
  return tree;
}
