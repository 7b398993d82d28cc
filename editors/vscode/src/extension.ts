import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

import { SHOW_GRAPH, graphLensMiddleware } from './graph';
import { GraphPanels, showGraph } from './graphPanel';
import { INSTALL_HINT, openSettingsCommand, resolveServer } from './launch';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('ZIS Lint');
  const panels = new GraphPanels(context.extensionUri);
  context.subscriptions.push(
    output,
    panels,
    vscode.commands.registerCommand('zisLint.restartServer', () => restart(context)),
    // The client of the moment: a restart replaces it.
    vscode.commands.registerCommand(SHOW_GRAPH, (uri?: unknown, flow?: unknown) => showGraph(client, panels, uri, flow)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('zisLint.path')) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) {
    await running.stop();
  }
}

function reportError(message: string): void {
  output?.appendLine(message);
  // Not awaited: activation must not wait for the user to dismiss the message.
  void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand(...openSettingsCommand(vscode.env.remoteName));
    }
  });
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const setting = vscode.workspace.getConfiguration('zisLint').get<string>('path', '');
  const resolution = resolveServer(setting, context.extensionPath);
  if ('missing' in resolution) {
    reportError(resolution.missing);
    return;
  }
  // No `transport`: with TransportKind.stdio the client would append `--stdio` to the arguments,
  // and the server is started as plain `zis-lint server`.
  const serverOptions: ServerOptions = resolution.found;
  const clientOptions: LanguageClientOptions = {
    // Every JSON document goes to the server, which tells bundles from other JSON itself.
    documentSelector: ['file', 'untitled'].flatMap((scheme) =>
      ['json', 'jsonc'].map((language) => ({ scheme, language })),
    ),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/zis-lint.json'),
    },
    outputChannel: output,
    middleware: graphLensMiddleware,
  };
  const created = new LanguageClient('zisLint', 'ZIS Lint', serverOptions, clientOptions);
  client = created;
  try {
    await created.start();
  } catch (err) {
    client = undefined;
    const reason = err instanceof Error ? err.message : String(err);
    reportError(`zis-lint: \`${resolution.found.command} server\` failed to start: ${reason}. ${INSTALL_HINT}`);
  }
}
