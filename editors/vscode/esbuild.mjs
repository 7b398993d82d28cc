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
  // launch.ts and graph.ts on their own too, for the tests: the server is started through the
  // one, and the lens middleware comes from the other.
  entryPoints: ['src/extension.ts', 'src/launch.ts', 'src/graph.ts'],
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
