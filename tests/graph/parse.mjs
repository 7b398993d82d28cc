// Reads each Mermaid file named on the command line with mermaid's own parser; jsdom stands in
// for the browser that mermaid expects. Prints one line per file and a closing count.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(readFileSync(file, 'utf8'));
    passed += 1;
  } catch (error) {
    failed += 1;
    console.log(`FAILED: ${file}: ${error.message ?? error}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
