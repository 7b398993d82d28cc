// Which binary the extension starts, and what it says when there is none.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

const { resolveServer } = createRequire(import.meta.url)('../out/launch.js');

let root;
let extensionDir;
let pathDir;

function executable(file) {
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'zis-lint-launch-'));
  extensionDir = join(root, 'extension');
  pathDir = join(root, 'path');
  mkdirSync(join(extensionDir, 'bin'), { recursive: true });
  mkdirSync(pathDir);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const env = () => ({ PATH: pathDir });

test('the binary on PATH, started as `zis-lint server`', () => {
  const onPath = executable(join(pathDir, 'zis-lint'));
  assert.deepEqual(resolveServer('', extensionDir, env(), 'linux'), { found: { command: onPath, args: ['server'] } });
});

test('a binary shipped in bin/ wins over PATH', () => {
  executable(join(pathDir, 'zis-lint'));
  const bundled = executable(join(extensionDir, 'bin', 'zis-lint'));
  assert.equal(resolveServer('', extensionDir, env(), 'linux').found.command, bundled);
});

test('the setting wins over both, as a path or as a name on PATH', () => {
  executable(join(extensionDir, 'bin', 'zis-lint'));
  const custom = executable(join(root, 'my-zis-lint'));
  assert.equal(resolveServer(custom, extensionDir, env(), 'linux').found.command, custom);
  const renamed = executable(join(pathDir, 'zis-lint-nightly'));
  assert.equal(resolveServer('zis-lint-nightly', extensionDir, env(), 'linux').found.command, renamed);
});

test('a file without the execute bit is not taken', () => {
  writeFileSync(join(pathDir, 'zis-lint'), '');
  assert.ok('missing' in resolveServer('', extensionDir, env(), 'linux'));
});

test('a missing binary is explained with how to install it', () => {
  const { missing } = resolveServer('', extensionDir, env(), 'linux');
  assert.match(missing, /not found on PATH/);
  assert.match(missing, /cargo install --locked --path \.`/);
  assert.match(missing, /zisLint\.path/);
  const wrongSetting = resolveServer(join(root, 'nope'), extensionDir, env(), 'linux').missing;
  assert.match(wrongSetting, /is not an executable file/);
  assert.match(wrongSetting, /cargo install --locked --path \.`/);
});
