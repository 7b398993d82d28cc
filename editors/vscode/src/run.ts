// Running a flow: the parts that need no `vscode` module, so that the tests load them as they are.
//
// The server's "Run with a sample event" lenses run `zis-lint.runFlow`, which answers with the
// trace; the extension shows its text in a read-only document.

import { FlowTarget, flowTitle } from './lenses';

/** The server's command: arguments `[uri, flowName]`, answers a {@link RunAnswer} or null. */
export const SERVER_RUN_FLOW = 'zis-lint.runFlow';
/** The extension's command: the same arguments, or none to pick a flow of the active editor. */
export const RUN_FLOW = 'zisLint.runFlow';
/** The scheme of the read-only documents that show traces. */
export const TRACE_SCHEME = 'zis-lint-run';

/** What the server's command answers. */
export interface RunAnswer {
  flow: string;
  /** Where the event came from: a job spec's sample, or a test file's test. */
  event: string;
  /** The trace as `zis-lint run` prints it, after a line on the event. */
  text: string;
  /** The trace as `zis-lint run --format json` prints it. */
  trace: unknown;
}

export function isRunAnswer(answer: unknown): answer is RunAnswer {
  const { flow, event, text } = (answer ?? {}) as Partial<Record<keyof RunAnswer, unknown>>;
  return typeof flow === 'string' && typeof event === 'string' && typeof text === 'string';
}

/**
 * The path of the document showing a flow's trace; its last segment, the tab's title, is the whole
 * of it, so a `/` in a name is written as a division slash.
 */
export function tracePath(target: FlowTarget): string {
  return `/${flowTitle('Run', target).replace(/\//g, '\u2215')}`;
}
