// The "Run with a sample event" command: asks the server to run a flow and shows the trace in a
// read-only document beside the bundle, one per flow, whose text is replaced when it runs again.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { FlowCommand, runFlowCommand } from './flowCommand';
import { FlowTarget } from './lenses';
import { SERVER_RUN_FLOW, TRACE_SCHEME, isRunAnswer, tracePath } from './run';

/** The traces shown, by the URI of their document: documents of a content provider are read-only. */
export class TraceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly closeListener = vscode.workspace.onDidCloseTextDocument((document) => {
    this.texts.delete(document.uri.toString());
  });

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async show(target: FlowTarget, text: string): Promise<void> {
    // The bundle's URI in the query keeps apart the runs of two files with the same name.
    const uri = vscode.Uri.from({ scheme: TRACE_SCHEME, path: tracePath(target), query: target[0] });
    this.texts.set(uri.toString(), text);
    // An open document asks for its text again.
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  }

  dispose(): void {
    this.closeListener.dispose();
    this.changed.dispose();
  }
}

export async function runFlow(
  client: LanguageClient | undefined,
  traces: TraceDocuments,
  uri?: unknown,
  flow?: unknown,
): Promise<void> {
  const command: FlowCommand = {
    server: SERVER_RUN_FLOW,
    title: 'Run Flow with a Sample Event',
    failure: 'the flow did not run',
    show: async (target, answer) => {
      if (!isRunAnswer(answer)) {
        throw new Error(`the server answered ${JSON.stringify(answer)}`);
      }
      await traces.show(target, answer.text);
    },
  };
  await runFlowCommand(client, command, uri, flow);
}
