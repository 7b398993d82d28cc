// Flow graphs: the parts that need no `vscode` module, so that the tests load them as they are.
//
// The server's "Show graph" lenses run `zis-lint.showGraph`, which answers with Mermaid text. The
// language client registers every command the server offers and drops what it returns, so the
// lenses are pointed at the extension's own command, which asks the server and shows the answer.

import type { CodeLens, Middleware } from 'vscode-languageclient';

/** The server's command: arguments `[uri, flowName]`, answers Mermaid text or null. */
export const SERVER_SHOW_GRAPH = 'zis-lint.showGraph';
/** The extension's command: the same arguments, or none to pick a flow of the active editor. */
export const SHOW_GRAPH = 'zisLint.showGraph';

/** What the server's command takes: a document URI and a flow name. */
export type GraphTarget = [uri: string, flow: string];

export const graphLensMiddleware: Pick<Middleware, 'provideCodeLenses'> = {
  async provideCodeLenses(document, token, next) {
    const lenses = await next(document, token);
    for (const lens of lenses ?? []) {
      if (lens.command?.command === SERVER_SHOW_GRAPH) {
        lens.command = { ...lens.command, command: SHOW_GRAPH };
      }
    }
    return lenses;
  },
};

/** The flows a `textDocument/codeLens` answer offers graphs of, in document order. */
export function graphTargets(lenses: CodeLens[] | null | undefined): GraphTarget[] {
  return (lenses ?? []).flatMap(({ command }) => {
    const [uri, flow] = command?.arguments ?? [];
    return command?.command === SERVER_SHOW_GRAPH && typeof uri === 'string' && typeof flow === 'string'
      ? [[uri, flow] satisfies GraphTarget]
      : [];
  });
}

/**
 * A graph panel's title: the flow and its file, as two open bundles may each have a flow of the
 * same name.
 */
export function graphTitle([uri, flow]: GraphTarget): string {
  // The last segment of the URI's path (`untitled:Untitled-1` has no `/`), still percent-encoded
  // so that an encoded `/` or `:` in the name does not split it.
  const file = uri.replace(/[?#].*$/, '').split(/[/:]/).pop() || uri;
  return `Graph: ${flow} (${decodeURIComponent(file)})`;
}

export interface GraphPage {
  flow: string;
  mermaid: string;
  /** The webview URI of the bundled mermaid.min.js. */
  scriptUri: string;
  nonce: string;
  dark: boolean;
}

// Every attribute on the page is double-quoted, so `'` can stay.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The webview's page: renders the Mermaid text with the bundled library, and posts
 * `{ type: 'renderFailed', reason }` when it cannot, so that the extension shows the text instead.
 */
export function graphHtml(page: GraphPage): string {
  // Inside a <script>, `</script>` in a state name would end the element: JSON with `<` escaped
  // is still the same string literal.
  const source = JSON.stringify(page.mermaid).replace(/</g, '\\u003c');
  const nonce = escapeHtml(page.nonce);
  // Mermaid puts the diagram's styles in a <style> element inside the SVG and sets style
  // attributes, which no nonce can cover: styles are allowed inline, scripts only by nonce.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.flow)}</title>
<style>
  body { padding: 1em; }
  #graph svg { height: auto; }
</style>
</head>
<body>
<div id="graph"></div>
<script nonce="${nonce}" src="${escapeHtml(page.scriptUri)}"></script>
<script nonce="${nonce}">
(async () => {
  const vscode = acquireVsCodeApi();
  try {
    if (typeof mermaid === 'undefined') {
      throw new Error('mermaid.min.js did not load');
    }
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: ${JSON.stringify(page.dark ? 'dark' : 'default')} });
    const { svg } = await mermaid.render('zis-lint-graph', ${source});
    document.getElementById('graph').innerHTML = svg;
  } catch (err) {
    vscode.postMessage({ type: 'renderFailed', reason: String(err && err.message ? err.message : err) });
  }
})();
</script>
</body>
</html>
`;
}
