// The "Show graph" plumbing that needs no editor (out/graph.js): the lens middleware, the flow
// list the palette command offers, and the webview page, whose script runs here against stand-ins
// for Mermaid and the webview API.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import vm from 'node:vm';

const { SERVER_SHOW_GRAPH, SHOW_GRAPH, graphHtml, graphLensMiddleware, graphTargets, graphTitle } =
  createRequire(import.meta.url)('../out/graph.js');

const range = { start: { line: 5, character: 4 }, end: { line: 5, character: 34 } };
const lens = (command, args) => ({ range, command: { title: 'Show graph', command, arguments: args } });

test('the middleware points the server\'s lenses at the extension\'s command, arguments unchanged', async () => {
  const document = { uri: 'file:///w/bundle.json' };
  const token = { isCancellationRequested: false };
  const graph = lens(SERVER_SHOW_GRAPH, ['file:///w/bundle.json', 'main_flow']);
  const other = lens('somethingElse', [1]);
  const unresolved = { range };
  const seen = [];
  const next = async (...args) => (seen.push(args), [graph, other, unresolved]);
  const lenses = await graphLensMiddleware.provideCodeLenses(document, token, next);
  assert.deepEqual(seen, [[document, token]]);
  assert.equal(SHOW_GRAPH, 'zisLint.showGraph');
  assert.deepEqual(lenses.map((l) => l.command?.command), [SHOW_GRAPH, 'somethingElse', undefined]);
  assert.deepEqual(lenses[0].command, { title: 'Show graph', command: SHOW_GRAPH, arguments: ['file:///w/bundle.json', 'main_flow'] });
  assert.deepEqual(lenses[0].range, range);
  assert.equal(await graphLensMiddleware.provideCodeLenses(document, token, () => null), null);
});

test('the flows to pick from are the show-graph lenses\' arguments', () => {
  const lenses = [
    lens(SERVER_SHOW_GRAPH, ['file:///w/b.json', 'first']),
    lens('other', ['file:///w/b.json', 'not-a-flow']),
    lens(SERVER_SHOW_GRAPH, ['file:///w/b.json']),
    lens(SERVER_SHOW_GRAPH, ['file:///w/b.json', 'second']),
  ];
  assert.deepEqual(graphTargets(lenses), [
    ['file:///w/b.json', 'first'],
    ['file:///w/b.json', 'second'],
  ]);
  assert.deepEqual(graphTargets(null), []);
});

test('a panel\'s title names the flow and its file', () => {
  assert.equal(graphTitle(['file:///w/zis/notify.json', 'main_flow']), 'Graph: main_flow (notify.json)');
  assert.equal(graphTitle(['file:///w/other/tickets.json', 'main_flow']), 'Graph: main_flow (tickets.json)');
  assert.equal(graphTitle(['file:///c%3A/w/my%20bundle.json?x=1#f', 'f']), 'Graph: f (my bundle.json)');
  assert.equal(graphTitle(['untitled:Untitled-1', 'f']), 'Graph: f (Untitled-1)');
});

const page = (mermaid) =>
  graphHtml({ flow: 'main_flow', mermaid, scriptUri: 'https://file+.vscode-resource/out/mermaid.min.js', nonce: 'N0nce+/=', dark: true });

test('the page runs only its own nonced scripts', () => {
  const html = page('flowchart TD\n  s0["</script><script>alert(1)</script>"]\n');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.equal(csp, "default-src 'none'; script-src 'nonce-N0nce+/='; style-src 'unsafe-inline'");
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
  assert.deepEqual(scripts, [
    '<script nonce="N0nce+/=" src="https://file+.vscode-resource/out/mermaid.min.js">',
    '<script nonce="N0nce+/=">',
  ]);
  assert.ok(!html.includes('alert(1)</script>'), 'the Mermaid text closed the script element');
});

// Objects made inside the script's context have that context's prototypes, which strict
// deepEqual tells apart from this one's.
const plain = (value) => JSON.parse(JSON.stringify(value));

// The page's inline script, run with `mermaid` as given and the messages it posts collected.
async function runPage(html, mermaid) {
  const script = [...html.matchAll(/<script nonce="[^"]*">([\s\S]*?)<\/script>/g)].at(-1)[1];
  const posted = [];
  const graph = { innerHTML: '' };
  const context = {
    acquireVsCodeApi: () => ({ postMessage: (message) => posted.push(plain(message)) }),
    document: { getElementById: (id) => (id === 'graph' ? graph : null) },
    String,
    Error,
  };
  if (mermaid) {
    context.mermaid = mermaid;
  }
  await vm.runInNewContext(script, context);
  return { posted, svg: graph.innerHTML };
}

test('the page draws the text with Mermaid in the editor\'s theme', async () => {
  const text = 'flowchart TD\n  s0["</script>"]\n';
  const calls = [];
  const { posted, svg } = await runPage(page(text), {
    initialize: (config) => calls.push(['initialize', plain(config)]),
    render: async (id, source) => (calls.push(['render', id, source]), { svg: '<svg>drawn</svg>' }),
  });
  assert.deepEqual(posted, []);
  assert.equal(svg, '<svg>drawn</svg>');
  assert.deepEqual(calls, [
    ['initialize', { startOnLoad: false, securityLevel: 'strict', theme: 'dark' }],
    ['render', 'zis-lint-graph', text],
  ]);
});

test('the page reports what kept it from drawing, for the text to be shown instead', async () => {
  const failing = { initialize() {}, render: async () => Promise.reject(new Error('Parse error on line 2')) };
  assert.deepEqual((await runPage(page('flowchart TD\n  ???'), failing)).posted, [
    { type: 'renderFailed', reason: 'Parse error on line 2' },
  ]);
  assert.deepEqual((await runPage(page('flowchart TD\n'), undefined)).posted, [
    { type: 'renderFailed', reason: 'mermaid.min.js did not load' },
  ]);
});
