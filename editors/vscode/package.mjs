// `npm run package [-- --target TARGET]`: writes zis-lint.vsix with the zis-lint binary in bin/,
// for one platform (VS Code installs a platform-specific .vsix only where it runs).
//
// The binary: ZIS_LINT_BINARY when set (one built for TARGET elsewhere, or cross-compiled), else
// `cargo build --release --locked` at the repository root, for this machine's own platform.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// The platforms vsce packages for, each with the Rust target that builds zis-lint for it.
const RUST_TRIPLES = {
  'linux-x64': 'x86_64-unknown-linux-gnu',
  'linux-arm64': 'aarch64-unknown-linux-gnu',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64': 'x86_64-pc-windows-msvc',
};

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const { status, error } = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (error || status !== 0) {
    fail(`${command} ${args.join(' ')} failed${error ? `: ${error.message}` : ''}`);
  }
}

const { values } = parseArgs({ options: { target: { type: 'string' } } });
const host = `${process.platform}-${process.arch}`;
const target = values.target ?? host;
if (!(target in RUST_TRIPLES)) {
  fail(`unknown target ${target}; one of ${Object.keys(RUST_TRIPLES).join(', ')}`);
}
const binaryName = target.startsWith('win32-') ? 'zis-lint.exe' : 'zis-lint';

let binary = process.env.ZIS_LINT_BINARY;
if (!binary) {
  if (target !== host) {
    fail(
      `this machine is ${host}: build zis-lint for ${target} ` +
        `(cargo build --release --locked --target ${RUST_TRIPLES[target]}) and set ZIS_LINT_BINARY to it`,
    );
  }
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  // Cargo does nothing when the release binary is up to date.
  run('cargo', ['build', '--release', '--locked', '-p', 'zis-lint'], { cwd: repo });
  binary = join(repo, 'target', 'release', binaryName);
}

rmSync('bin', { recursive: true, force: true });
mkdirSync('bin');
copyFileSync(binary, join('bin', binaryName));
chmodSync(join('bin', binaryName), 0o755);

const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--skip-license',
  '--allow-missing-repository',
  '--target',
  target,
  '--out',
  'zis-lint.vsix',
]);
