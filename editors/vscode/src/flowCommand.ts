// What the extension's lens commands share: the flow to act on (the lens's, or one of the active
// editor's that the user picks), the server's command sent for it, and what goes wrong said once.

import * as vscode from 'vscode';
import { CodeLensRequest, ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';

import { FlowTarget, flowTargets } from './lenses';

export interface FlowCommand {
  /** The server's command, run by the lenses this one stands in for. */
  server: string;
  /** The title of the list of flows to pick from. */
  title: string;
  /** What the user gets when the request fails: `no graph`, `the run failed`. */
  failure: string;
  /** Shows the server's answer for the flow, which is not null. */
  show: (target: FlowTarget, answer: unknown) => Promise<void> | void;
}

/** Without a target (from the command palette), asks which flow of the active editor. */
async function pickFlow(client: LanguageClient, { server, title }: FlowCommand): Promise<FlowTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('zis-lint: open a ZIS bundle to pick one of its flows.');
    return undefined;
  }
  // The lenses are the server's list of the flows, one of each kind per flow.
  const lenses = await client.sendRequest(CodeLensRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) },
  });
  const targets = flowTargets(lenses, server);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('zis-lint: this document has no ZIS flow.');
    return undefined;
  }
  if (targets.length === 1) {
    return targets[0];
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((target) => ({ label: target[1], target })),
    { title, placeHolder: 'Which flow?' },
  );
  return picked?.target;
}

export async function runFlowCommand(
  client: LanguageClient | undefined,
  command: FlowCommand,
  uri?: unknown,
  flow?: unknown,
): Promise<void> {
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('zis-lint: the language server is not running.');
    return;
  }
  try {
    const target =
      typeof uri === 'string' && typeof flow === 'string' ? ([uri, flow] satisfies FlowTarget) : await pickFlow(client, command);
    if (!target) {
      return;
    }
    const answer: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
      command: command.server,
      arguments: target,
    });
    if (answer === null || answer === undefined) {
      void vscode.window.showWarningMessage(`zis-lint: the document has no flow named ${target[1]} any more.`);
      return;
    }
    await command.show(target, answer);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`zis-lint: ${command.failure}: ${reason}`);
  }
}
