// The "Show graph" command: asks the server for a flow's Mermaid text and draws it in a webview,
// with mermaid.min.js from the extension itself so that it works offline.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { FlowCommand, runFlowCommand } from './flowCommand';
import { SERVER_SHOW_GRAPH, graphHtml } from './graph';
import { FlowTarget, flowTitle } from './lenses';

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

  show([uri, flow]: FlowTarget, mermaid: string): void {
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
      flowTitle('Graph', [uri, flow]),
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

export async function showGraph(
  client: LanguageClient | undefined,
  panels: GraphPanels,
  uri?: unknown,
  flow?: unknown,
): Promise<void> {
  const command: FlowCommand = {
    server: SERVER_SHOW_GRAPH,
    title: 'Show Flow Graph',
    failure: 'no graph',
    show: (target, mermaid) => {
      if (typeof mermaid !== 'string') {
        throw new Error(`the server answered ${JSON.stringify(mermaid)}`);
      }
      panels.show(target, mermaid);
    },
  };
  await runFlowCommand(client, command, uri, flow);
}
