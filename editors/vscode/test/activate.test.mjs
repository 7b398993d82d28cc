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

function fakeVscode(settings) {
  const shown = [];
  const executed = [];
  const disposable = { dispose() {} };
  const vscode = {
    shown,
    executed,
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

test('activation without a binary shows how to install it and offers the setting', async () => {
  const vscode = fakeVscode({ path: '' });
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const savedPath = process.env.PATH;
  const extensionPath = mkdtempSync(join(tmpdir(), 'zis-lint-activate-'));
  process.env.PATH = extensionPath;
  try {
    const extension = createRequire(import.meta.url)('../out/extension.js');
    await extension.activate({ subscriptions: [], extensionPath });
    assert.equal(vscode.shown.length, 1);
    assert.match(vscode.shown[0].message, /cargo install --locked --path \.`/);
    assert.deepEqual(vscode.shown[0].actions, ['Open Settings']);
    assert.ok(vscode.executed.some((e) => e.registered === 'zisLint.restartServer'));
    assert.ok(vscode.executed.some((e) => e.registered === 'zisLint.showGraph'));
    await new Promise((done) => setImmediate(done));
    assert.ok(vscode.executed.some((e) => e.run?.[0] === 'workbench.action.openSettings' && e.run[1] === 'zisLint.path'));
    await extension.deactivate();
  } finally {
    Module._load = load;
    process.env.PATH = savedPath;
    rmSync(extensionPath, { recursive: true, force: true });
  }
});
