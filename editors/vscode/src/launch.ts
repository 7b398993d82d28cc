// How the extension finds and starts `zis-lint server`. Kept free of the `vscode` module so that
// the protocol tests start the server exactly as the extension does.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const INSTALL_HINT =
  'Install it with `cargo install --locked --path .` from a clone of the zis-lint repository ' +
  '(the binary lands in ~/.cargo/bin, which must be on PATH), or set `zisLint.path` to the binary; ' +
  'then run "ZIS Lint: Restart Language Server".';

export interface ServerCommand {
  command: string;
  args: string[];
}

export type Resolution = { found: ServerCommand } | { missing: string };

export function binaryName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'zis-lint.exe' : 'zis-lint';
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    // Windows has no execute bit: a file that exists is runnable.
    fs.accessSync(file, platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const extensions = platform === 'win32' && !path.extname(name) ? ['.exe', '.cmd', ''] : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * The binary to start: `zisLint.path` when set, else the one shipped in the extension's `bin/`,
 * else `zis-lint` on PATH. A setting without a path separator is looked up on PATH too.
 */
export function resolveServer(
  setting: string,
  extensionDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Resolution {
  const start = (command: string): Resolution => ({ found: { command, args: ['server'] } });
  const configured = setting.trim();
  if (configured) {
    const expanded = configured.replace(/^~(?=$|[\\/])/, os.homedir());
    if (!/[\\/]/.test(expanded)) {
      const onPath = findOnPath(expanded, env, platform);
      return onPath
        ? start(onPath)
        : { missing: `zis-lint: \`zisLint.path\` is "${configured}", which is not on PATH. ${INSTALL_HINT}` };
    }
    const file = path.resolve(expanded);
    return isExecutable(file, platform)
      ? start(file)
      : { missing: `zis-lint: \`zisLint.path\` is "${configured}", which is not an executable file. ${INSTALL_HINT}` };
  }
  const bundled = path.join(extensionDir, 'bin', binaryName(platform));
  if (isExecutable(bundled, platform)) {
    return start(bundled);
  }
  const onPath = findOnPath(binaryName(platform), env, platform);
  return onPath
    ? start(onPath)
    : { missing: `zis-lint: the \`zis-lint\` binary was not found on PATH. ${INSTALL_HINT}` };
}

/**
 * The command that shows the `zisLint.path` setting. In a remote window (Remote-SSH, WSL,
 * containers, code-server) the server runs on the remote machine, whose settings win for a
 * machine-overridable setting: the User tab would show one that does not apply there.
 */
export function openSettingsCommand(remoteName: string | undefined): [command: string, ...args: unknown[]] {
  return remoteName
    ? ['workbench.action.openRemoteSettings', { query: 'zisLint.path' }]
    : ['workbench.action.openSettings', 'zisLint.path'];
}
