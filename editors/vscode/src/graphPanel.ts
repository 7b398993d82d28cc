// The "Show graph" command: asks the server for a flow's Mermaid text and draws it in a webview,
// with mermaid.min.js from the extension itself so that it works offline.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { CodeLensRequest, ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';

import { GraphTarget, SERVER_SHOW_GRAPH, graphHtml, graphTargets, graphTitle } from './graph';

interface Shown {
  panel: vscode.WebviewPanel;
  flow: string;
  mermaid: string;
}

/** One panel per flow: asking again for the same flow redraws it rather than opening another. */
export class GraphPanels implements vscode.Disposable {
  private readonly shown = new Map<string, Shown>();
  private readonly themeListener: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri) {
    // Mermaid bakes its theme's colours into the SVG.
    this.themeListener = vscode.window.onDidChangeActiveColorTheme(() => {
      for (const shown of this.shown.values()) {
        this.render(shown);
      }
    });
  }

  show([uri, flow]: GraphTarget, mermaid: string): void {
    const key = JSON.stringify([uri, flow]);
    const existing = this.shown.get(key);
    if (existing) {
      existing.mermaid = mermaid;
      existing.panel.reveal(undefined, true);
      this.render(existing);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'zisLint.graph',
      graphTitle([uri, flow]),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [this.outDir()] },
    );
    const shown: Shown = { panel, flow, mermaid };
    this.shown.set(key, shown);
    panel.onDidDispose(() => this.shown.delete(key));
    panel.webview.onDidReceiveMessage((message: { type?: string; reason?: unknown }) => {
      if (message?.type === 'renderFailed') {
        void this.showText(shown, String(message.reason));
      }
    });
    this.render(shown);
  }

  dispose(): void {
    this.themeListener.dispose();
    for (const { panel } of [...this.shown.values()]) {
      panel.dispose();
    }
  }

  private outDir(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'out');
  }

  private render({ panel, flow, mermaid }: Shown): void {
    const kind = vscode.window.activeColorTheme.kind;
    panel.webview.html = graphHtml({
      flow,
      mermaid,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.outDir(), 'mermaid.min.js')).toString(),
      // A fresh nonce for every page: an old one must not let a script into the new page.
      nonce: randomBytes(16).toString('base64'),
      dark: kind === vscode.ColorThemeKind.Dark || kind === vscode.ColorThemeKind.HighContrast,
    });
  }

  /** The text is still worth having when it cannot be drawn (a Mermaid parser that disagrees). */
  private async showText(shown: Shown, reason: string): Promise<void> {
    shown.panel.dispose();
    const document = await vscode.workspace.openTextDocument({ language: 'mermaid', content: shown.mermaid });
    await vscode.window.showTextDocument(document, vscode.ViewColumn.Beside);
    void vscode.window.showWarningMessage(
      `zis-lint: the graph of ${shown.flow} could not be drawn (${reason}); here is its Mermaid text.`,
    );
  }
}

/** Without a target (from the command palette), asks which flow of the active editor. */
async function pickTarget(client: LanguageClient): Promise<GraphTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('zis-lint: open a ZIS bundle to show one of its flows.');
    return undefined;
  }
  // The lenses are the server's list of the flows it can draw, one per flow.
  const lenses = await client.sendRequest(CodeLensRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) },
  });
  const targets = graphTargets(lenses);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('zis-lint: this document has no ZIS flow.');
    return undefined;
  }
  if (targets.length === 1) {
    return targets[0];
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((target) => ({ label: target[1], target })),
    { title: 'Show Flow Graph', placeHolder: 'Which flow?' },
  );
  return picked?.target;
}

export async function showGraph(
  client: LanguageClient | undefined,
  panels: GraphPanels,
  uri?: unknown,
  flow?: unknown,
): Promise<void> {
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('zis-lint: the language server is not running.');
    return;
  }
  try {
    const target = typeof uri === 'string' && typeof flow === 'string' ? ([uri, flow] satisfies GraphTarget) : await pickTarget(client);
    if (!target) {
      return;
    }
    const mermaid: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_SHOW_GRAPH,
      arguments: target,
    });
    if (typeof mermaid !== 'string') {
      void vscode.window.showWarningMessage(`zis-lint: the document has no flow named ${target[1]} any more.`);
      return;
    }
    panels.show(target, mermaid);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`zis-lint: no graph: ${reason}`);
  }
}
