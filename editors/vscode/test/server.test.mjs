// Drives `zis-lint server` over stdio with the protocol library VS Code's client is built on,
// started the way the extension starts it (out/launch.js, built by `npm run build`).
//
// The binary: ZIS_LINT (as if it were the `zisLint.path` setting), else bin/ or PATH.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  CodeLensRequest,
  CompletionRequest,
  ExecuteCommandRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

const extensionDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(extensionDir, '../..');
// Zendesk's tutorial bundle, from the shared corpus of real bundles: beside the repository, or
// where ZIS_CORPUS points. Without it the tests that read it are skipped, which the run's summary
// counts; under CI they run, and fail.
const corpus = process.env.ZIS_CORPUS ? resolve(process.env.ZIS_CORPUS) : resolve(repo, '../shared/corpus');
const tutorialSource = join(corpus, 'tutorial/post_tickets_to_webhook_bundle.json');
const noCorpus = existsSync(tutorialSource) ? undefined : `${tutorialSource} is missing (ZIS_CORPUS names the corpus)`;
const needsCorpus = { skip: process.env.CI ? false : noCorpus };

function tutorial() {
  assert.ok(!noCorpus, noCorpus);
  return readFileSync(tutorialSource, 'utf8');
}
const require = createRequire(import.meta.url);
const { resolveServer } = require(join(extensionDir, 'out/launch.js'));
const { SERVER_SHOW_GRAPH, SHOW_GRAPH, graphLensMiddleware, graphTargets } = require(join(extensionDir, 'out/graph.js'));

const TIMEOUT = 30_000;

let server;
let connection;
let workspace;
let exitCode;
let capabilities;
const diagnostics = new Map();
const waiters = [];

function waitForDiagnostics(uri) {
  if (diagnostics.has(uri)) {
    return Promise.resolve(diagnostics.get(uri));
  }
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${TIMEOUT} ms`)), TIMEOUT);
    waiters.push({ uri, done: (list) => (clearTimeout(timer), resolvePromise(list)) });
  });
}

function open(file, text) {
  const uri = pathToFileURL(file).href;
  connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'json', version: 1, text },
  });
  return uri;
}

before(async () => {
  const resolution = resolveServer(process.env.ZIS_LINT ?? '', extensionDir);
  assert.ok(resolution.found, resolution.missing);
  workspace = mkdtempSync(join(tmpdir(), 'zis-lint-vscode-'));
  server = spawn(resolution.found.command, resolution.found.args, { cwd: workspace, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((done) => server.on('exit', (code) => done(code)));
  server.exited = exited.then((code) => (exitCode = code));
  connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics: list }) => {
    diagnostics.set(uri, list);
    for (const waiter of waiters.filter((w) => w.uri === uri)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.done(list);
    }
  });
  connection.listen();
  const result = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    clientInfo: { name: 'Visual Studio Code' },
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
    capabilities: {
      textDocument: {
        synchronization: { didSave: true, dynamicRegistration: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        completion: {
          completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
          contextSupport: true,
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeLens: {},
      },
      workspace: {
        workspaceFolders: true,
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        executeCommand: {},
      },
    },
  });
  assert.ok(result.capabilities, 'initialize returned no capabilities');
  capabilities = result.capabilities;
  connection.sendNotification(InitializedNotification.type, {});
});

after(async () => {
  if (connection) {
    await connection.sendRequest(ShutdownRequest.type);
    connection.sendNotification(ExitNotification.type);
    await server.exited;
    connection.dispose();
  }
  if (workspace) {
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('the tutorial bundle gets its diagnostics, and other JSON none', needsCorpus, async () => {
  const other = join(workspace, 'package.json');
  const otherUri = open(other, '{ "name": "not-a-bundle", "version": "1.0.0" }\n');
  const bundle = join(workspace, 'post_tickets_to_webhook_bundle.json');
  const text = tutorial();
  writeFileSync(bundle, text);
  const list = await waitForDiagnostics(open(bundle, text));
  const codes = list.map((d) => (typeof d.code === 'object' ? d.code.value : d.code)).sort();
  assert.deepEqual(codes, ['ZIS202', 'ZIS404', 'ZIS404'], JSON.stringify(list, null, 2));
  // Documents are handled in order: whatever was said about the first one has been said.
  assert.deepEqual(diagnostics.get(otherUri) ?? [], []);
});

test('completion after "event_type": " offers ticket.TicketCreated', needsCorpus, async () => {
  assert.ok(capabilities.completionProvider, 'the server does not offer completion');
  const file = join(workspace, 'completion_bundle.json');
  const text = tutorial();
  const uri = open(file, text);
  await waitForDiagnostics(uri);
  const marker = '"event_type": "';
  const offset = text.indexOf(marker) + marker.length;
  const before = text.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before.at(-1).length };
  const result = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  const offered = items.map((item) => item.textEdit?.newText ?? item.insertText ?? item.label);
  assert.ok(
    items.some((item) => item.label === 'ticket.TicketCreated' || offered.some((t) => t.includes('ticket.TicketCreated'))),
    `ticket.TicketCreated not offered; got: ${items.map((i) => i.label).join(', ') || 'nothing'}`,
  );
});

test('each flow gets a Show graph lens, and its command answers the flow as a Mermaid flowchart', needsCorpus, async () => {
  assert.deepEqual(capabilities.executeCommandProvider?.commands, [SERVER_SHOW_GRAPH]);
  const bundle = JSON.parse(tutorial());
  const second = structuredClone(bundle.resources.post_tickets_to_webhook_flow);
  second.properties.name = 'second_flow';
  second.properties.definition = {
    StartAt: 'Second.Step',
    States: { 'Second.Step': { Type: 'Pass', End: true } },
  };
  bundle.resources.second_flow = second;
  const text = JSON.stringify(bundle, null, 2);
  const uri = open(join(workspace, 'two_flows_bundle.json'), text);
  await waitForDiagnostics(uri);

  const lenses = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  const flows = ['post_tickets_to_webhook_flow', 'second_flow'];
  assert.deepEqual(graphTargets(lenses), flows.map((flow) => [uri, flow]), JSON.stringify(lenses));
  const lines = text.split('\n');
  assert.deepEqual(
    lenses.map((lens) => lines[lens.range.start.line].trim()),
    flows.map((flow) => `"${flow}": {`),
    'each lens sits on its flow\'s resource key',
  );

  // What the extension does with a click: the middleware's command, then the server's with the
  // same arguments.
  const shown = await graphLensMiddleware.provideCodeLenses({ uri }, {}, async () => structuredClone(lenses));
  const clicked = shown[1].command;
  assert.equal(clicked.command, SHOW_GRAPH);
  const mermaid = await connection.sendRequest(ExecuteCommandRequest.type, {
    command: SERVER_SHOW_GRAPH,
    arguments: clicked.arguments,
  });
  assert.equal(typeof mermaid, 'string');
  assert.ok(mermaid.startsWith('flowchart'), mermaid);
  assert.match(mermaid, /Second\.Step/);
  assert.doesNotMatch(mermaid, /Zendesk\.TicketCreated/);

  const gone = await connection.sendRequest(ExecuteCommandRequest.type, {
    command: SERVER_SHOW_GRAPH,
    arguments: [uri, 'no_such_flow'],
  });
  assert.equal(gone, null);
});

test('the server exits cleanly on shutdown and exit', async () => {
  await connection.sendRequest(ShutdownRequest.type);
  connection.sendNotification(ExitNotification.type);
  await server.exited;
  connection.dispose();
  connection = undefined;
  assert.equal(exitCode, 0);
});
