// `buf breaking`: the protobuf contract in proto/ must stay wire- and source-compatible with the
// one on the main branch (proto/buf.yaml: FILE rules). Run by the contracts project's lint target,
// hence by `npm test` and .ci/run. The reference is, in this order: BUF_BREAKING_AGAINST if set
// (any buf input); the local branch `main`; the remote-tracking `origin/main` (a CI checkout of
// a pull request, where no local main exists; fetched at depth 1 when missing). On a clone whose
// only branch is main, proto/ is compared with main's last commit: only uncommitted edits can
// break it there, and a commit on main is compared by the pull request that brought it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
const has = (ref) => git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`).status === 0;

function against() {
  if (process.env.BUF_BREAKING_AGAINST) return process.env.BUF_BREAKING_AGAINST;
  if (has('refs/heads/main')) return '.git#branch=main,subdir=proto';
  if (!has('refs/remotes/origin/main'))
    git('fetch', '--quiet', '--depth=1', 'origin', 'main:refs/remotes/origin/main');
  if (has('refs/remotes/origin/main')) {
    const sha = git('rev-parse', 'refs/remotes/origin/main').stdout.trim();
    return `.git#ref=${sha},depth=1,subdir=proto`;
  }
  process.stderr.write(
    'buf breaking: no main branch to compare proto/ with (no local main, no origin/main, and it could not be fetched); set BUF_BREAKING_AGAINST\n',
  );
  process.exit(1);
}

const reference = against();
const result = spawnSync(join(root, 'node_modules/.bin/buf'), ['breaking', 'proto', '--against', reference], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status === 0) process.stderr.write(`buf breaking: proto/ is compatible with ${reference}\n`);
process.exit(result.status ?? 1);
