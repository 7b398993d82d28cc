// The code lenses on each flow, "Show graph" and "Run with a sample event": the parts that need no
// `vscode` module, so that the tests load them as they are.
//
// The language client registers every command the server offers and drops what it returns, so the
// lenses are pointed at the extension's own commands, which send the same request and show the
// answer.

import type { CodeLens, Middleware } from 'vscode-languageclient';

import { SERVER_SHOW_GRAPH, SHOW_GRAPH } from './graph';
import { RUN_FLOW, SERVER_RUN_FLOW } from './run';

/** What the lenses' commands take: a document URI and a flow name. */
export type FlowTarget = [uri: string, flow: string];

/** The extension's command for each command of the server's lenses. */
const OWN_COMMANDS = new Map([
  [SERVER_SHOW_GRAPH, SHOW_GRAPH],
  [SERVER_RUN_FLOW, RUN_FLOW],
]);

export const lensMiddleware: Pick<Middleware, 'provideCodeLenses'> = {
  async provideCodeLenses(document, token, next) {
    const lenses = await next(document, token);
    for (const lens of lenses ?? []) {
      const own = lens.command && OWN_COMMANDS.get(lens.command.command);
      if (lens.command && own) {
        lens.command = { ...lens.command, command: own };
      }
    }
    return lenses;
  },
};

/** The flows whose lenses run `serverCommand` in a `textDocument/codeLens` answer, in document order. */
export function flowTargets(lenses: CodeLens[] | null | undefined, serverCommand: string): FlowTarget[] {
  return (lenses ?? []).flatMap(({ command }) => {
    const [uri, flow] = command?.arguments ?? [];
    return command?.command === serverCommand && typeof uri === 'string' && typeof flow === 'string'
      ? [[uri, flow] satisfies FlowTarget]
      : [];
  });
}

/**
 * The title of what a lens shows (`Graph`, `Run`): the flow and its file, as two open bundles may
 * each have a flow of the same name.
 */
export function flowTitle(what: string, [uri, flow]: FlowTarget): string {
  // The last segment of the URI's path (`untitled:Untitled-1` has no `/`), still percent-encoded
  // so that an encoded `/` or `:` in the name does not split it.
  const file = uri.replace(/[?#].*$/, '').split(/[/:]/).pop() || uri;
  return `${what}: ${flow} (${decodeURIComponent(file)})`;
}
