// Bundles the extension into out/ (VS Code loads one CommonJS file; `vscode` is provided by the
// editor) and copies the configuration schema that package.json's jsonValidation points at, and
// Mermaid for the graph webview.
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

mkdirSync('out', { recursive: true });
copyFileSync('../../schemas/zis-lint.schema.json', 'out/zis-lint.schema.json');
// The one self-contained file of Mermaid's dist: the ESM builds load chunks, and the rest of the
// package is sources, types and source maps. Its licence goes along with it.
copyFileSync('node_modules/mermaid/dist/mermaid.min.js', 'out/mermaid.min.js');
copyFileSync('node_modules/mermaid/LICENSE', 'out/mermaid.LICENSE');

await esbuild.build({
  // The modules that need no `vscode` on their own too, for the tests: the server is started
  // through launch.ts, the lens middleware is in lenses.ts, the graph's page in graph.ts, and
  // the trace's document in run.ts.
  entryPoints: ['src/extension.ts', 'src/launch.ts', 'src/lenses.ts', 'src/graph.ts', 'src/run.ts'],
  outdir: 'out',
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
});
