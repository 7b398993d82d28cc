// The graph's webview page (out/graph.js), whose script runs here against stand-ins for Mermaid
// and the webview API.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import vm from 'node:vm';

const { graphHtml } = createRequire(import.meta.url)('../out/graph.js');

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
