// Loads the bundled extension (out/extension.js) with a stand-in for the `vscode` module, which
// only exists inside the editor, to check what a user sees when the binary is missing.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

// The language client's modules subclass and read parts of the API when they load: anything not
// given below is an empty class, itself answering any property the same way.
function anything() {
  return new Proxy(class {}, {
    get: (target, prop) => (prop in target || typeof prop === 'symbol' ? target[prop] : prop === 'then' ? undefined : anything()),
  });
}

function fakeVscode(settings, remoteName) {
  const shown = [];
  const executed = [];
  const disposable = { dispose() {} };
  const vscode = {
    shown,
    executed,
    env: { remoteName },
    window: {
      createOutputChannel: () => ({ appendLine() {}, dispose() {} }),
      onDidChangeActiveColorTheme: () => disposable,
      showErrorMessage: (message, ...actions) => {
        shown.push({ message, actions });
        return Promise.resolve(actions[0]);
      },
    },
    workspace: {
      getConfiguration: () => ({ get: (key, fallback) => settings[key] ?? fallback }),
      onDidChangeConfiguration: () => disposable,
    },
    commands: {
      registerCommand: (name) => (executed.push({ registered: name }), disposable),
      executeCommand: (...args) => (executed.push({ run: args }), Promise.resolve()),
    },
  };
  return new Proxy(vscode, { get: (target, prop) => (prop in target ? target[prop] : anything()) });
}

// Activates the bundled extension with no binary anywhere, through the stand-in above whose
// error messages answer with their first button, and returns what it saw.
async function activateWithoutBinary(remoteName) {
  const vscode = fakeVscode({ path: '' }, remoteName);
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const savedPath = process.env.PATH;
  const extensionPath = mkdtempSync(join(tmpdir(), 'zis-lint-activate-'));
  process.env.PATH = extensionPath;
  const require = createRequire(import.meta.url);
  const bundled = require.resolve('../out/extension.js');
  try {
    const extension = require(bundled);
    await extension.activate({ subscriptions: [], extensionPath });
    await new Promise((done) => setImmediate(done));
    await extension.deactivate();
  } finally {
    Module._load = load;
    process.env.PATH = savedPath;
    // The next activation loads it afresh, with its own stand-in.
    delete require.cache[bundled];
    rmSync(extensionPath, { recursive: true, force: true });
  }
  // Not the stand-in itself: its proxy would answer the `then` that awaiting looks up.
  return { shown: vscode.shown, executed: vscode.executed };
}

test('activation without a binary shows how to install it and offers the setting', async () => {
  const seen = await activateWithoutBinary(undefined);
  assert.equal(seen.shown.length, 1);
  assert.match(seen.shown[0].message, /cargo install --locked --path \.`/);
  assert.deepEqual(seen.shown[0].actions, ['Open Settings']);
  assert.ok(seen.executed.some((e) => e.registered === 'zisLint.restartServer'));
  assert.ok(seen.executed.some((e) => e.registered === 'zisLint.showGraph'));
  assert.deepEqual(seen.executed.filter((e) => e.run).map((e) => e.run), [['workbench.action.openSettings', 'zisLint.path']]);
});

test('in a remote window, "Open Settings" opens the remote machine\'s settings', async () => {
  const seen = await activateWithoutBinary('ssh-remote');
  assert.deepEqual(seen.executed.filter((e) => e.run).map((e) => e.run), [
    ['workbench.action.openRemoteSettings', { query: 'zisLint.path' }],
  ]);
});
