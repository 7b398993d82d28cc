// Bundles the extension into out/ (VS Code loads one CommonJS file; `vscode` is provided by the
// editor) and copies the configuration schema that package.json's jsonValidation points at.
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

mkdirSync('out', { recursive: true });
copyFileSync('../../schemas/zis-lint.schema.json', 'out/zis-lint.schema.json');

await esbuild.build({
  // launch.ts on its own too: the tests start the server through it.
  entryPoints: ['src/extension.ts', 'src/launch.ts'],
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
