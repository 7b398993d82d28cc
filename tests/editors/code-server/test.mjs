// The VS Code extension in a real VS Code: code-server with the packaged .vsix installed, driven
// through Debian's chromium by playwright-core, with what a user sees asserted: the Problems
// panel, hovers, the quick fix, completion, the "Show graph" lens and its webview, the "Run with
// a sample event" lens and its trace, the restart command, and the message for a missing binary.
//
// Run by run.sh, which installs the tools and packages the .vsix:
//   ZIS_E2E_TOOLS=<install.sh's folder> ZIS_LINT=<a zis-lint> VSIX=<the .vsix> node --test test.mjs
//
// Twice, in a window of its own each: with `zisLint.path` set to $ZIS_LINT, and with no setting
// and no zis-lint on PATH, where the binary shipped in the .vsix must be the one that runs. On a
// failure, a screenshot of each failed step, code-server's output and its logs (the extension
// host's, the "ZIS Lint" output channel) are kept in $ZIS_E2E_ARTIFACTS/<mode>, by default
// target/e2e-vscode/<mode> in the repository.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tools = need('ZIS_E2E_TOOLS');
const configuredBinary = realpathSync(need('ZIS_LINT'));
const vsix = resolve(need('VSIX'));
const artifactsRoot = resolve(process.env.ZIS_E2E_ARTIFACTS ?? join(repo, 'target/e2e-vscode'));
const { chromium } = createRequire(join(tools, 'node_modules/'))('playwright-core');
const codeServer = join(tools, 'node_modules/.bin/code-server');

const SAMPLE = 'notify_on_urgent_ticket_with_mistakes.json';
const CLEAN_SAMPLE = 'notify_on_urgent_ticket.json';
// What the Problems panel lists for examples/notify_on_urgent_ticket_with_mistakes.json. The one
// place to update when a rule changes what the sample gives.
const SAMPLE_PROBLEMS = [
  { severity: 'Error', code: 'ZIS101', line: 78, column: 23 },
  { severity: 'Error', code: 'ZIS103', line: 80, column: 13 },
  { severity: 'Warning', code: 'ZIS112', line: 84, column: 17 },
  { severity: 'Error', code: 'ZIS301', line: 106, column: 23 },
];
const lineOf = (code) => SAMPLE_PROBLEMS.find((problem) => problem.code === code).line;
const FLOW = 'urgent_ticket_flow';
const STATES = ['IsUrgent', 'LoadSettings', 'PostToChat', 'TagTicket', 'ChatFailed', 'NotUrgent'];

const TIMEOUT = 60_000;
const STEP = { timeout: 180_000 };

function need(name) {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run tests/editors/code-server/run.sh`);
  return value;
}

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** PATH without any folder that holds a `zis-lint`. */
function pathWithoutZisLint() {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !existsSync(join(dir, 'zis-lint')))
    .join(delimiter);
}

/** The `zis-lint server` processes below process `root`, as [pid, the binary it runs]. */
function serversBelow(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of stat, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const below = (pid) => {
    for (let p = parents.get(pid); p; p = parents.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  const servers = [];
  for (const pid of parents.keys()) {
    if (!below(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[1] === 'server' && /zis-lint$/.test(argv[0])) {
        servers.push([pid, readlinkSync(`/proc/${pid}/exe`)]);
      }
    } catch {
      // Gone meanwhile, or a zombie.
    }
  }
  return servers;
}

async function until(what, condition, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** 1-based line and column of the `nth` character of the first `needle` in `text`. */
function position(text, needle, nth = 0) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in the sample`);
  const lines = text.slice(0, offset + nth).split('\n');
  return { line: lines.length, column: lines.at(-1).length + 1 };
}

for (const mode of ['setting', 'shipped']) {
  describe(mode === 'setting' ? 'VS Code, zisLint.path set' : 'VS Code, the binary shipped in the .vsix', () => {
    const artifacts = join(artifactsRoot, mode);
    let scratch;
    let server;
    let serverOutput = '';
    let browser;
    let page;
    let failed = false;
    let expectedBinary;
    const workspace = () => join(scratch, 'workspace');
    const sampleText = () => readFileSync(join(workspace(), SAMPLE), 'utf8');

    // A test's body, with a screenshot of the window kept when it fails.
    const step = (name, body) =>
      test(name, STEP, async () => {
        try {
          await body();
        } catch (err) {
          failed = true;
          mkdirSync(artifacts, { recursive: true });
          const shot = join(artifacts, `${name.replace(/[^\w]+/g, '-').slice(0, 80)}.png`);
          await page?.screenshot({ path: shot }).catch(() => {});
          throw err;
        }
      });

    before(async () => {
      rmSync(artifacts, { recursive: true, force: true });
      scratch = mkdtempSync(join(tmpdir(), `zis-lint-e2e-${mode}-`));
      for (const dir of ['home', 'data/User', 'extensions', 'workspace']) {
        mkdirSync(join(scratch, dir), { recursive: true });
      }
      for (const file of [SAMPLE, CLEAN_SAMPLE]) {
        cpSync(join(repo, 'examples', file), join(workspace(), file));
      }
      const settings = {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        // The protocol in the "ZIS Lint" output channel, kept with the logs on a failure.
        'zisLint.trace.server': 'messages',
      };
      if (mode === 'setting') {
        settings['zisLint.path'] = configuredBinary;
      }
      writeFileSync(join(scratch, 'data/User/settings.json'), JSON.stringify(settings, null, 2));

      // Nothing of the user's: HOME and the XDG folders in the scratch folder.
      const home = join(scratch, 'home');
      const env = {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_DATA_HOME: join(home, '.local/share'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_STATE_HOME: join(home, '.local/state'),
        PATH: pathWithoutZisLint(),
      };
      const dirs = ['--user-data-dir', join(scratch, 'data'), '--extensions-dir', join(scratch, 'extensions')];
      const install = spawnSync(codeServer, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8' });
      assert.equal(install.status, 0, install.stdout + install.stderr);
      const [installed] = readdirSync(join(scratch, 'extensions')).filter((name) => name.startsWith('zis-lint.zis-lint-'));
      assert.ok(installed, `the .vsix did not install: ${install.stdout}`);
      expectedBinary = mode === 'setting' ? configuredBinary : join(scratch, 'extensions', installed, 'bin/zis-lint');

      const port = await freePort();
      server = spawn(
        codeServer,
        [
          '--bind-addr', `127.0.0.1:${port}`,
          '--auth', 'none',
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          ...dirs,
          workspace(),
        ],
        { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      server.stdout.on('data', (chunk) => (serverOutput += chunk));
      server.stderr.on('data', (chunk) => (serverOutput += chunk));
      await until('code-server to listen', () => serverOutput.includes('HTTP server listening'), 30_000);

      browser = await chromium.launch({
        executablePath: '/usr/lib/chromium/chromium',
        // Playwright adds --headless and a fresh --user-data-dir. This machine has no network:
        // without these, chromium tries Google's services at every start.
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace())}`);
      await page.locator('.monaco-workbench').waitFor();
    });

    after(async () => {
      await browser?.close().catch(() => {});
      if (server?.pid) {
        // Its process group: the extension host and the zis-lint it started go too.
        try {
          process.kill(-server.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        await new Promise((done) => (server.exitCode === null ? server.once('exit', done) : done()));
      }
      if (failed && scratch) {
        mkdirSync(artifacts, { recursive: true });
        writeFileSync(join(artifacts, 'code-server.log'), serverOutput);
        if (existsSync(join(scratch, 'data/logs'))) {
          cpSync(join(scratch, 'data/logs'), join(artifacts, 'logs'), { recursive: true });
        }
        console.error(`kept for the failure: ${artifacts} (screenshots, code-server.log, logs/*/exthost*/)`);
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    async function openFile(name) {
      await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).dblclick();
      // By the file's name: a graph's tab names the file too.
      await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor();
      await page.locator('.monaco-editor.focused').waitFor();
    }

    // Through "Go to Line/Column..." (Ctrl+G), as a keyboard user moves.
    async function goTo({ line, column }) {
      await page.locator('.monaco-editor.focused').waitFor();
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type(`${line}:${column}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await until(`the cursor at ${line}:${column}`, async () =>
        (await page.locator('[id="status.editor.selection"]').innerText()).startsWith(`Ln ${line}, Col ${column}`),
      );
    }

    async function command(title) {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').waitFor();
      await page.keyboard.type(title);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    }

    /** The Problems panel's rows: severity, code, line, column and message of each. */
    async function problems() {
      const panel = page.locator('.markers-panel');
      if (!(await panel.isVisible())) {
        await page.keyboard.press('Control+Shift+M');
        await panel.waitFor();
      }
      const rows = await panel.locator('.monaco-list-row').evaluateAll((els) =>
        els.map((el) => ({ label: el.getAttribute('aria-label') ?? '', text: el.innerText })),
      );
      return rows
        .filter(({ text }) => /\[Ln \d+, Col \d+\]$/.test(text))
        .map(({ label, text }) => {
          // A row caught while the panel re-renders can lack a part; `where` is always the last
          // one, and the row's missing parts make it differ from any expected list, so it is retried.
          const parts = text.split('\n');
          const [message, source, code] = parts.length === 4 ? parts : [];
          const [, line, column] = parts.at(-1).match(/Ln (\d+), Col (\d+)/);
          return { severity: label.split(':')[0], code, line: Number(line), column: Number(column), source, message };
        })
        .sort((a, b) => a.line - b.line);
    }

    async function waitForProblems(expected) {
      const wanted = JSON.stringify(expected);
      let seen;
      await until(`the Problems panel to list ${wanted}`, async () => {
        seen = (await problems()).map(({ severity, code, line, column }) => ({ severity, code, line, column }));
        return JSON.stringify(seen) === wanted;
      }).catch((err) => {
        throw new Error(`${err.message}; it lists ${JSON.stringify(seen)}`);
      });
    }

    /**
     * The text of the hover at the cursor once `complete` holds for it (the server's part comes
     * after the editor's own). A hover that closes before it is read, as one does now and then
     * when the editor re-lays itself out, is asked for again.
     */
    async function hoverText(complete) {
      const hover = page.locator('.monaco-hover:visible').first();
      let text;
      await until('a hover with the server\'s part', async () => {
        if (!(await hover.isVisible())) {
          // "Show or Focus Hover" (Ctrl+K Ctrl+I); a chord that lands while the editor is still
          // busy with the last move is lost now and then, so it is given again.
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
          if (!(await hover.waitFor({ timeout: 5_000 }).then(() => true, () => false))) return false;
        }
        text = await hover.innerText({ timeout: 2_000 }).catch(() => undefined);
        return text !== undefined && complete(text);
      }).catch((err) => {
        throw new Error(`${err.message}; the last hover read ${JSON.stringify(text)}`);
      });
      return text;
    }

    /** Saves the sample and returns its line `line` once the disk has `expected` there. */
    async function savedLine(line, expected) {
      await page.keyboard.press('Control+S');
      let text;
      await until(`line ${line} of the saved sample to read ${expected}`, () => {
        text = sampleText().split('\n')[line - 1];
        return text === expected;
      }).catch((err) => {
        throw new Error(`${err.message}; it reads ${JSON.stringify(text)}`);
      });
    }

    step("the sample's four problems are in the Problems panel at their lines and columns", async () => {
      await openFile(SAMPLE);
      await waitForProblems(SAMPLE_PROBLEMS);
      for (const problem of await problems()) {
        assert.equal(problem.source, 'zis-lint', JSON.stringify(problem));
        assert.ok(problem.message.length > 0, JSON.stringify(problem));
      }
    });

    step(mode === 'setting' ? 'the server is the zisLint.path binary' : 'the server is the binary inside the extension', async () => {
      const running = await until('one zis-lint server', () => {
        const found = serversBelow(server.pid);
        return found.length === 1 && found;
      });
      assert.equal(running[0][1], expectedBinary);
    });

    step('hover on a state names it and its type', async () => {
      await openFile(SAMPLE);
      // Inside the key of the first state.
      await goTo(position(sampleText(), '"IsUrgent": {', 3));
      const text = await hoverText((shown) => shown.includes('State IsUrgent'));
      assert.match(text, /^State IsUrgent · Choice\n/);
      assert.match(text, /first rule of Choices that matches/);
      await page.keyboard.press('Escape');
    });

    step('hover on a problem shows its message, its rule and the quick fix', async () => {
      const unknown = (await problems()).find((p) => p.code === 'ZIS101');
      await openFile(SAMPLE);
      await goTo(position(sampleText(), '"TagTicekt"', 3));
      const text = await hoverText((shown) => shown.includes('ZIS101 unknown-state') && shown.includes('Quick Fix'));
      assert.ok(text.startsWith(`${unknown.message}zis-lint(ZIS101)`), text);
      assert.match(text, /\nZIS101 unknown-state · error\n/);
      assert.match(text, /Quick Fix\.\.\./);
      await page.keyboard.press('Escape');
    });

    step('the quick fix puts in the state meant, and its problem goes', async () => {
      await openFile(SAMPLE);
      await goTo(position(sampleText(), '"TagTicekt"', 3));
      await page.keyboard.press('Control+.');
      // The menu lays a pointer block over the page while it is open: Enter takes the fix.
      await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: 'Replace with `TagTicket`' }).waitFor();
      await page.keyboard.press('Enter');
      await waitForProblems(SAMPLE_PROBLEMS.filter((p) => p.code !== 'ZIS101'));
      await savedLine(lineOf('ZIS101'), '              "Next": "TagTicket"');
    });

    step('completion inside an event_type value offers the event, and taking it clears the problem', async () => {
      await openFile(SAMPLE);
      // After "ticket.TicketCreat" of the misspelt "ticket.TicketCreatd".
      await goTo(position(sampleText(), '"ticket.TicketCreatd"', 19));
      await page.keyboard.press('Control+ ');
      const suggestion = page.locator('.suggest-widget .monaco-list-row.focused');
      await suggestion.waitFor();
      assert.equal((await suggestion.innerText()).split('\n')[0], 'ticket.TicketCreated');
      await page.keyboard.press('Enter');
      await waitForProblems(SAMPLE_PROBLEMS.filter((p) => p.code !== 'ZIS101' && p.code !== 'ZIS301'));
      await savedLine(lineOf('ZIS301'), '        "event_type": "ticket.TicketCreated",');
    });

    step('"Show graph" opens a panel titled with the flow and its file, with the flow drawn', async () => {
      // The graph panels of two files whose flows share a name.
      for (const file of [SAMPLE, CLEAN_SAMPLE]) {
        await openFile(file);
        // The lens sits above the flow's resource key, which must be on screen.
        await goTo(position(readFileSync(join(workspace(), file), 'utf8'), `"${FLOW}": {`));
        const editor = page.locator('.editor-group-container.active .monaco-editor');
        await editor.locator('.codelens-decoration a', { hasText: 'Show graph' }).first().click();
        const title = `Graph: ${FLOW} (${file})`;
        await page.locator(`.tabs-container .tab[aria-label^="${title}"]`).waitFor();
        // The webview's page sits in an iframe inside the workbench's own iframe for it.
        const frame = page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
        const svg = frame.locator('#graph svg');
        await svg.waitFor();
        const nodes = await svg.locator('g.node').evaluateAll((els) => els.map((el) => el.textContent));
        for (const state of STATES) {
          // The quick fix above made TagTicket reachable: no node is drawn as unreachable.
          assert.ok(nodes.some((node) => node.startsWith(state)), `${state} is not drawn: ${nodes}`);
        }
        assert.ok(!nodes.some((node) => node.includes('unreachable')), nodes.join(', '));
      }
      const titles = await page.locator('.tabs-container .tab').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
      assert.equal(titles.filter((title) => title.startsWith(`Graph: ${FLOW} (`)).length, 2, titles.join('; '));
    });

    step('"Run with a sample event" shows the trace of the run in a read-only document', async () => {
      const text = () => readFileSync(join(workspace(), CLEAN_SAMPLE), 'utf8');
      await openFile(CLEAN_SAMPLE);
      await goTo(position(text(), `"${FLOW}": {`));
      const editor = page.locator('.editor-group-container.active .monaco-editor');
      await editor.locator('.codelens-decoration a', { hasText: 'Run with a sample event' }).first().click();
      const title = `Run: ${FLOW} (${CLEAN_SAMPLE})`;
      // Opened beside the bundle, which keeps the focus.
      const group = page.locator('.editor-group-container', { has: page.locator(`.tab.active[aria-label^="${title}"]`) });
      const trace = group.locator('.monaco-editor');
      await trace.locator('.view-lines').waitFor();
      // The lines in the order they are drawn (the DOM may hold them in another), spaces as typed.
      const shown = () =>
        trace.locator('.view-line').evaluateAll((lines) =>
          lines
            .map((line) => [parseFloat(line.style.top), line.textContent.replace(/\u00a0/g, ' ')])
            .sort(([a], [b]) => a - b)
            .map(([, text]) => text),
        );
      const expected = [
        'event: the sample `ticket.TicketCreated` of job spec `urgent_ticket_job`',
        'mocks: none: a custom action gets no answer, so the run stops at the first one, after showing the request it would send',
        '',
        `flow \`${FLOW}\``,
        '',
        '1. IsUrgent (Choice)',
        '   read: {"$.input.ticket_event.ticket.priority":"normal"}',
        '   - rule 1: `$.input.ticket_event.ticket.priority` is "normal"; StringEquals "urgent" → false',
        '   - no rule matched: the state goes to its `Default`',
        '   next: NotUrgent',
        '',
        '2. NotUrgent (Succeed)',
        '   - the Succeed state ends the flow as succeeded',
        '',
        'succeeded at `NotUrgent`: Not urgent: nothing to do',
        '2 states entered',
        'note: the event is a sample `ticket.TicketCreated`: the payload its documentation shows, with example values',
      ];
      let lines;
      await until('the trace', async () => {
        lines = await shown();
        return JSON.stringify(lines.slice(0, expected.length)) === JSON.stringify(expected);
      }).catch((err) => {
        throw new Error(`${err.message}; the document reads ${JSON.stringify(lines, null, 1)}`);
      });
      // Read-only: typing changes nothing.
      await trace.locator('.view-lines').click();
      await page.keyboard.type('x');
      await page.waitForTimeout(500);
      assert.deepEqual((await shown()).slice(0, expected.length), expected);
      await command('View: Close Editor');
      await group.waitFor({ state: 'detached' });
    });

    step('"ZIS Lint: Restart Language Server" starts a new server, which lints again', async () => {
      const [[old]] = serversBelow(server.pid);
      await openFile(SAMPLE);
      await command('ZIS Lint: Restart Language Server');
      const [[restarted, binary]] = await until('a new zis-lint server', () => {
        const found = serversBelow(server.pid);
        return found.length === 1 && found[0][0] !== old && found;
      });
      assert.notEqual(restarted, old);
      assert.equal(binary, expectedBinary);
      await waitForProblems(SAMPLE_PROBLEMS.filter((p) => p.code !== 'ZIS101' && p.code !== 'ZIS301'));
    });

    step('a missing binary is reported, and "Open Settings" opens the Remote settings at zisLint.path', async () => {
      const missing = join(scratch, 'no/zis-lint');
      // Set as a user does, in the Settings editor: Remote tab, since code-server is a remote window.
      await page.keyboard.press('Control+,');
      const settings = page.locator('.settings-editor');
      await settings.waitFor();
      await settings.locator('.settings-tabs-widget .action-label', { hasText: 'Remote' }).click();
      await page.keyboard.type('zisLint.path');
      const input = settings.locator('.setting-item-contents', { hasText: 'Zis Lint: Path' }).locator('input');
      await input.fill(missing);
      await input.press('Enter');
      const toast = page.locator('.notification-toast', { hasText: 'zisLint.path' });
      await toast.waitFor();
      assert.equal(
        (await toast.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' '),
        `zis-lint: \`zisLint.path\` is "${missing}", which is not an executable file. Install it with ` +
          '`cargo install --locked --path .` from a clone of the zis-lint repository (the binary lands in ' +
          '~/.cargo/bin, which must be on PATH), or set `zisLint.path` to the binary; then run "ZIS Lint: ' +
          'Restart Language Server".',
      );
      await until('the server to stop', () => serversBelow(server.pid).length === 0);
      await waitForProblems([]);

      await command('View: Close Editor');
      await settings.waitFor({ state: 'detached' });
      await toast.getByRole('button', { name: 'Open Settings' }).click();
      await settings.waitFor();
      const selected = settings.locator('.settings-tabs-widget .action-label[aria-selected="true"]');
      await until('the Remote tab', async () => (await selected.innerText()).startsWith('Remote ['));
      const item = settings.locator('.setting-item-contents', { hasText: 'Zis Lint: Path' });
      await item.waitFor();
      assert.equal(await item.locator('input').inputValue(), missing);
    });
  });
}
