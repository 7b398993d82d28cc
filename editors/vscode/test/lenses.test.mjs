// The lens plumbing that needs no editor (out/lenses.js, out/run.js): the middleware that points
// the server's lenses at the extension's commands, the flows the palette commands offer, the
// titles of what a lens shows, and the trace document's path.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { flowTargets, flowTitle, lensMiddleware } = require('../out/lenses.js');
const { SERVER_SHOW_GRAPH, SHOW_GRAPH } = require('../out/graph.js');
const { RUN_FLOW, SERVER_RUN_FLOW, TRACE_SCHEME, isRunAnswer, tracePath } = require('../out/run.js');

const range = { start: { line: 5, character: 4 }, end: { line: 5, character: 34 } };
const lens = (command, args, title = 'Show graph') => ({ range, command: { title, command, arguments: args } });

test('the middleware points the server\'s lenses at the extension\'s commands, arguments unchanged', async () => {
  const document = { uri: 'file:///w/bundle.json' };
  const token = { isCancellationRequested: false };
  const target = ['file:///w/bundle.json', 'main_flow'];
  const graph = lens(SERVER_SHOW_GRAPH, target);
  const run = lens(SERVER_RUN_FLOW, target, 'Run with a sample event');
  const other = lens('somethingElse', [1]);
  const unresolved = { range };
  const seen = [];
  const next = async (...args) => (seen.push(args), [graph, run, other, unresolved]);
  const lenses = await lensMiddleware.provideCodeLenses(document, token, next);
  assert.deepEqual(seen, [[document, token]]);
  assert.equal(SHOW_GRAPH, 'zisLint.showGraph');
  assert.equal(RUN_FLOW, 'zisLint.runFlow');
  assert.deepEqual(lenses.map((l) => l.command?.command), [SHOW_GRAPH, RUN_FLOW, 'somethingElse', undefined]);
  assert.deepEqual(lenses[0].command, { title: 'Show graph', command: SHOW_GRAPH, arguments: target });
  assert.deepEqual(lenses[1].command, { title: 'Run with a sample event', command: RUN_FLOW, arguments: target });
  assert.deepEqual(lenses[1].range, range);
  assert.equal(await lensMiddleware.provideCodeLenses(document, token, () => null), null);
});

test('the flows to pick from are the arguments of the lenses of one command', () => {
  const lenses = [
    lens(SERVER_SHOW_GRAPH, ['file:///w/b.json', 'first']),
    lens(SERVER_RUN_FLOW, ['file:///w/b.json', 'first']),
    lens('other', ['file:///w/b.json', 'not-a-flow']),
    lens(SERVER_SHOW_GRAPH, ['file:///w/b.json']),
    lens(SERVER_SHOW_GRAPH, ['file:///w/b.json', 'second']),
    lens(SERVER_RUN_FLOW, ['file:///w/b.json', 'second']),
  ];
  const expected = [
    ['file:///w/b.json', 'first'],
    ['file:///w/b.json', 'second'],
  ];
  assert.deepEqual(flowTargets(lenses, SERVER_SHOW_GRAPH), expected);
  assert.deepEqual(flowTargets(lenses, SERVER_RUN_FLOW), expected);
  assert.deepEqual(flowTargets(null, SERVER_RUN_FLOW), []);
});

test('a title names the flow and its file', () => {
  assert.equal(flowTitle('Graph', ['file:///w/zis/notify.json', 'main_flow']), 'Graph: main_flow (notify.json)');
  assert.equal(flowTitle('Run', ['file:///w/other/tickets.json', 'main_flow']), 'Run: main_flow (tickets.json)');
  assert.equal(flowTitle('Graph', ['file:///c%3A/w/my%20bundle.json?x=1#f', 'f']), 'Graph: f (my bundle.json)');
  assert.equal(flowTitle('Run', ['untitled:Untitled-1', 'f']), 'Run: f (Untitled-1)');
});

test('a trace\'s document is one segment named like its tab', () => {
  assert.equal(TRACE_SCHEME, 'zis-lint-run');
  assert.equal(tracePath(['file:///w/zis/notify.json', 'main_flow']), '/Run: main_flow (notify.json)');
  assert.equal(tracePath(['file:///w/b.json', 'a/b']), '/Run: a\u2215b (b.json)');
});

test('a run\'s answer is told from anything else', () => {
  assert.ok(isRunAnswer({ flow: 'f', event: 'the sample', text: 'flow `f`\n', trace: {} }));
  for (const other of [null, undefined, 'text', {}, { flow: 'f', event: 'e' }, { flow: 'f', event: 'e', text: 1 }]) {
    assert.equal(isRunAnswer(other), false, JSON.stringify(other));
  }
});
