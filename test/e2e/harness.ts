/**
 * End-to-end harness: runs the built extension in a real VS Code (code-server) and drives the
 * workbench with headless Chromium through playwright-core.
 *
 * scripts/e2e-setup.sh installs code-server and Node 24 into a cache and writes
 * <cache>/e2e-env.json, which this module reads. Every session gets its own temporary
 * extensions dir, user-data dir and copy of the fixture workspace, so runs never share state.
 * Nothing here contacts an address other than 127.0.0.1: the browser aborts any other request
 * (and records it in `blockedRequests`), and the editor's online features are switched off.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** Bounded waits. Generous, since a loaded CI machine (2 cores) is slow on first load. */
export const TIMEOUTS = {
  serverReady: 60_000,
  workbenchReady: 120_000,
  ui: 30_000,
  hover: 30_000,
  problems: 60_000,
} as const;

const EXTENSION_FILES = ['package.json', 'dist', 'media', 'syntaxes', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt'];

/** The editor's online features off, and nothing that steals focus or opens on start. */
const BASE_SETTINGS: Record<string, unknown> = {
  // PTM Lens makes no Hub request unless a test points it at the fixture Hub.
  'ptmLens.offline': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.autofetch': false,
  'github.gitAuthentication': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.tsserver.web.typeAcquisition.enabled': false,
  'editor.hover.delay': 300,
  'editor.hover.sticky': true,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
};

export interface E2EEnv {
  node: string;
  codeServerEntry: string;
  codeServerVersion: string;
  chromium: string;
}

export function cacheDir(): string {
  return process.env.PTM_LENS_E2E_CACHE ?? path.join(homedir(), '.cache', 'ptm-lens-e2e');
}

/** Reads the paths written by scripts/e2e-setup.sh. */
export function loadE2EEnv(): E2EEnv {
  const file = path.join(cacheDir(), 'e2e-env.json');
  if (!existsSync(file)) {
    throw new Error(`${file} not found: run \`bash scripts/e2e-setup.sh\` first (npm run test:e2e does).`);
  }
  const env = JSON.parse(readFileSync(file, 'utf8')) as E2EEnv;
  for (const p of [env.node, env.codeServerEntry, env.chromium]) {
    if (!existsSync(p)) throw new Error(`${p} (from ${file}) does not exist: rerun \`bash scripts/e2e-setup.sh\`.`);
  }
  return env;
}

/** The checkout: the nearest directory upwards from the working directory whose package.json is PTM Lens. */
export function repoRoot(): string {
  let dir = process.cwd();
  while (true) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'ptm-lens') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no ptm-lens package.json in ${process.cwd()} or above; run the tests from the checkout`);
    dir = parent;
  }
}

export const ARTIFACTS_DIR = (): string => path.join(repoRoot(), 'test', 'e2e', 'artifacts');
export const FIXTURE_WORKSPACE = (): string => path.join(repoRoot(), 'test', 'e2e', 'workspace');

/** Copies the built extension into `extensionsDir` as `<publisher>.<name>-<version>`. */
export function stageExtension(extensionsDir: string, root = repoRoot()): string {
  if (!existsSync(path.join(root, 'dist', 'extension.js'))) {
    throw new Error(`${path.join(root, 'dist', 'extension.js')} is missing: run \`npm run build\` before the e2e tests.`);
  }
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const target = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  mkdirSync(target, { recursive: true });
  for (const entry of EXTENSION_FILES) {
    const src = path.join(root, entry);
    if (existsSync(src)) cpSync(src, path.join(target, entry), { recursive: true });
  }
  return target;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when `cond` returns a truthy value; polls every `intervalMs`, fails after `timeoutMs`. */
export async function waitFor<T>(what: string, cond: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (true) {
    try {
      const v = await cond();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/*
 * The few DOM shapes the in-page functions use. The project's tsconfig has no DOM lib (the
 * extension runs on Node), so these stand in for it in code that runs in the browser.
 */
interface DomRect {
  top: number;
  left: number;
  width: number;
  height: number;
}
interface DomNode {
  textContent: string | null;
}
interface DomElement extends DomNode {
  innerText: string;
  outerHTML: string;
  ownerDocument: DomDocument;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): DomRect;
}
interface DomDocument {
  activeElement: { tagName: string } | null;
  createTreeWalker(root: DomElement, whatToShow: number): { nextNode(): DomNode | null };
  createRange(): { setStart(node: DomNode, offset: number): void; setEnd(node: DomNode, offset: number): void; getBoundingClientRect(): DomRect };
}

const live = new Set<VsCodeSession>();

/** Kills every session still running and removes its temporary dirs; used on signals and at exit. */
export function killAllSessions(): void {
  for (const s of live) {
    s.kill();
    rmSync(s.tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}
process.once('exit', killAllSessions);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAllSessions();
    process.exit(130);
  });
}

export interface LaunchOptions {
  /** Folder copied to a temporary workspace and opened; defaults to test/e2e/workspace. */
  workspace?: string;
  /** Extra environment for code-server and so the extension host (e.g. HF_ENDPOINT). */
  env?: Record<string, string>;
  /** User settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Window size; the default fits hovers and the panel. */
  viewport?: { width: number; height: number };
}

/** A row of the Problems panel: a file, or one marker under it. */
export interface TreeRow {
  label: string;
  description: string;
  ariaLabel: string;
  /** 1 for top-level rows. */
  level: number;
  /** "true"/"false" for collapsible rows. */
  expanded: string | undefined;
  /** The class list of the row's icon (e.g. "codicon codicon-warning"). */
  icon: string;
}

export interface ProblemRow {
  kind: 'file' | 'marker';
  /** Visible text of the row. */
  text: string;
  /** The row's aria-label ("Error: <message> at line 2 and character 10. generated by json"). */
  ariaLabel: string;
  /** For markers: 'error' | 'warning' | 'info' | 'hint'. */
  severity?: string;
  message?: string;
  /** The diagnostic's source, e.g. "json" or "PTM Lens". */
  source?: string;
  code?: string;
  /** 1-based position, as the panel shows it. */
  line?: number;
  column?: number;
}

export class VsCodeSession {
  /** Requests the browser aborted because they were for an address other than 127.0.0.1. */
  readonly blockedRequests: string[] = [];
  /** Console errors of the page, kept for failure reports. */
  readonly consoleErrors: string[] = [];
  private closed = false;

  private constructor(
    readonly tmp: string,
    readonly workspace: string,
    readonly userDataDir: string,
    readonly serverLog: string,
    readonly url: string,
    private readonly server: ChildProcess,
    private browser: Browser | undefined,
    private context: BrowserContext | undefined,
    private _page: Page | undefined,
  ) {}

  get page(): Page {
    if (!this._page) throw new Error('session has no page');
    return this._page;
  }

  /** Starts code-server with the built extension, opens the workbench and waits until it is ready. */
  static async launch(options: LaunchOptions = {}): Promise<VsCodeSession> {
    const env = loadE2EEnv();
    const tmp = mkdtempSync(path.join(tmpdir(), 'ptm-lens-e2e-'));
    const extensionsDir = path.join(tmp, 'extensions');
    const userDataDir = path.join(tmp, 'user-data');
    const workspace = path.join(tmp, 'workspace');
    const serverLog = path.join(tmp, 'code-server.log');
    const config = path.join(tmp, 'config.yaml');
    mkdirSync(extensionsDir, { recursive: true });
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    stageExtension(extensionsDir);
    cpSync(options.workspace ?? FIXTURE_WORKSPACE(), workspace, { recursive: true });
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
    writeFileSync(config, 'auth: none\ncert: false\n');

    const port = await freePort();
    const out = openSync(serverLog, 'a');
    const server = spawn(
      env.node,
      [
        env.codeServerEntry,
        '--config', config,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--extensions-dir', extensionsDir,
        '--user-data-dir', userDataDir,
        workspace,
      ],
      {
        // Own process group, so close() can end code-server and every process it forked.
        detached: true,
        stdio: ['ignore', out, out],
        env: {
          ...process.env,
          // No extension gallery: nothing to query on open-vsx.org.
          EXTENSIONS_GALLERY: '{}',
          // code-server keeps a heartbeat and logs under the XDG dirs; keep them per session.
          XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
          XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
          ...options.env,
        },
      },
    );
    closeSync(out);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    const session = new VsCodeSession(tmp, workspace, userDataDir, serverLog, url, server, undefined, undefined, undefined);
    live.add(session);
    try {
      await session.waitForServer(port);
      await session.openBrowser(env.chromium, options.viewport ?? { width: 1400, height: 900 });
      await session.waitForWorkbench();
    } catch (err) {
      await session.captureFailure('launch').catch(() => undefined);
      await session.close();
      throw err;
    }
    return session;
  }

  private async waitForServer(port: number): Promise<void> {
    let exited: string | undefined;
    this.server.once('exit', (code, signal) => {
      exited = `code-server exited early (code ${code}, signal ${signal})`;
    });
    await waitFor(
      `code-server on 127.0.0.1:${port}`,
      async () => {
        if (exited) throw new Error(`${exited}; log:\n${this.serverLogTail()}`);
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return res?.ok;
      },
      TIMEOUTS.serverReady,
    ).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- code-server log ---\n${this.serverLogTail()}`);
    });
  }

  private async openBrowser(executablePath: string, viewport: { width: number; height: number }): Promise<void> {
    this.browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        // Chromium's own services (sign-in, autofill, updates) still look up Google hosts;
        // resolve nothing but loopback so not even a DNS query leaves the machine.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    });
    this.context = await this.browser.newContext({ viewport });
    await this.context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1') return route.continue();
      this.blockedRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    this._page = await this.context.newPage();
    this._page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    await this._page.goto(this.url, { timeout: TIMEOUTS.workbenchReady });
  }

  /** The workbench is ready when the explorer lists the workspace and the status bar is drawn. */
  private async waitForWorkbench(): Promise<void> {
    const page = this.page;
    await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUTS.workbenchReady });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: TIMEOUTS.workbenchReady });
    await page.locator('.part.statusbar').waitFor({ timeout: TIMEOUTS.workbenchReady });
    // Start from a clean slate: close any notification toasts that would cover the editor.
    await this.dismissNotifications();
  }

  async dismissNotifications(): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    if ((await toasts.count()) > 0) await this.runCommand('Notifications: Clear All Notifications');
  }

  // ---------------------------------------------------------------- quick input

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async openQuickInput(keys: string, prefix: string): Promise<Locator> {
    const widget = this.quickInput();
    const input = widget.locator('input.input');
    await this.closeQuickInput();
    // VS Code listens for keybindings on the window, so no element needs focus first.
    await this.page.keyboard.press(keys);
    await widget.waitFor({ state: 'visible', timeout: TIMEOUTS.ui });
    // The palette opens with its prefix ('>' for commands); wait for it so typing goes after it.
    if (prefix) await waitFor(`quick input prefix "${prefix}"`, async () => (await input.inputValue()).startsWith(prefix), TIMEOUTS.ui);
    return input;
  }

  private async closeQuickInput(): Promise<void> {
    const widget = this.quickInput();
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: TIMEOUTS.ui });
    }
  }

  /** Labels of the quick input's rows once the list has caught up with what was typed. */
  private async quickInputLabels(): Promise<string[]> {
    const widget = this.quickInput();
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    return waitFor(
      'quick input results',
      async () => {
        const labels = await rows.evaluateAll((els: DomElement[]) => els.map((e) => (e.querySelector('.label-name')?.textContent ?? e.textContent ?? '').trim()));
        if (labels.length > 0) return labels;
        // An empty list is an answer too once the widget says so ("No matching commands").
        return (await widget.locator('.quick-input-message:visible').count()) > 0 ? labels : undefined;
      },
      TIMEOUTS.ui,
    );
  }

  // ---------------------------------------------------------------- commands

  /** Titles (as shown, "Category: Title") of palette commands matching `query`. */
  async listCommands(query: string): Promise<string[]> {
    const input = await this.openQuickInput('F1', '>');
    try {
      await input.fill(`>${query}`);
      return await this.quickInputLabels();
    } finally {
      await this.closeQuickInput();
    }
  }

  /**
   * Waits until the palette offers a command titled exactly `title`. Commands contributed by
   * extensions appear once the extension host has read their manifests, which can be after the
   * workbench shows; an open palette does not refresh, so each attempt reopens it.
   */
  async waitForCommand(title: string, timeoutMs = TIMEOUTS.workbenchReady): Promise<void> {
    await waitFor(`command "${title}" in the palette`, async () => (await this.listCommands(title)).includes(title), timeoutMs, 500);
  }

  /**
   * Runs the palette command titled exactly `title` (as shown, e.g. "PTM Lens: Scan Workspace for Models").
   * With `opensQuickInput`, the command shows its own quick pick, so the palette is not waited on to close.
   */
  async runCommand(title: string, options: { opensQuickInput?: boolean } = {}): Promise<void> {
    const row = this.quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) })
      .first();
    // The palette closes when focus moves away from it, which a view or webview that finishes
    // loading just then can cause; each attempt reopens it, and a closed palette fails fast.
    await waitFor(
      `command "${title}" run from the palette`,
      async () => {
        try {
          const input = await this.openQuickInput('F1', '>');
          await input.fill(`>${title}`, { timeout: 5_000 });
          await row.waitFor({ timeout: 10_000 });
          await row.click({ timeout: 5_000 });
          return true;
        } catch (err) {
          if (!(await this.quickInput().isVisible())) return false;
          throw err;
        }
      },
      TIMEOUTS.ui * 2,
      250,
    );
    if (options.opensQuickInput) return;
    await this.quickInput().waitFor({ state: 'hidden', timeout: TIMEOUTS.ui });
  }

  // ---------------------------------------------------------------- editor

  /**
   * Opens a workspace file through Quick Open (Ctrl+P) and waits until its editor is active.
   * Quick Open may answer from a file list cached before the file existed; then it says "No
   * matching results", and closing and reopening it searches again.
   */
  async openFile(relativePath: string): Promise<void> {
    const name = path.basename(relativePath);
    const dir = path.dirname(relativePath);
    const rows = this.quickInput().locator('.quick-input-list .monaco-list-row');
    const match = rows
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }) })
      .filter({ hasText: dir === '.' ? '' : dir })
      .first();
    const noResults = rows.filter({ hasText: 'No matching results' }).first();
    await waitFor(
      `"${relativePath}" in Quick Open`,
      async () => {
        const input = await this.openQuickInput('Control+P', '');
        await input.fill(relativePath);
        await match.or(noResults).first().waitFor({ timeout: TIMEOUTS.ui });
        if (await match.isVisible()) {
          await match.click();
          return true;
        }
        await this.closeQuickInput();
        return false;
      },
      TIMEOUTS.workbenchReady,
      500,
    );
    await this.quickInput().waitFor({ state: 'hidden', timeout: TIMEOUTS.ui });
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: TIMEOUTS.ui });
    await this.activeEditor().locator('.view-lines .view-line').first().waitFor({ timeout: TIMEOUTS.ui });
  }

  /** Writes a file into this session's copy of the workspace (the checked-in fixture is untouched). */
  writeWorkspaceFile(relativePath: string, content: string): string {
    const file = path.join(this.workspace, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  /** The text editor of the active editor group. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Viewport coordinates of the middle of the `occurrence`-th (0-based) `text` in the active editor. */
  async textPosition(text: string, occurrence = 0): Promise<{ x: number; y: number }> {
    const editor = this.activeEditor();
    await editor.waitFor({ timeout: TIMEOUTS.ui });
    return waitFor(
      `"${text}" in the active editor`,
      () =>
        editor.evaluate(
          (root: DomElement, args) => {
            // No named inner functions here: tsx would wrap them in a __name() helper the page lacks.
            const lines = Array.from(root.querySelectorAll('.view-lines .view-line')).sort(
              (a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top,
            );
            let seen = 0;
            for (const line of lines) {
              const content = (line.textContent ?? '').replace(/\u00a0/g, ' ');
              let from = 0;
              while (true) {
                const at = content.indexOf(args.text, from);
                if (at < 0) break;
                if (seen++ === args.occurrence) {
                  // Map character offsets to text nodes; Monaco splits a line into token spans.
                  const walker = root.ownerDocument.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
                  const range = root.ownerDocument.createRange();
                  let offset = 0;
                  let startSet = false;
                  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                    const len = n.textContent?.length ?? 0;
                    if (!startSet && at < offset + len) {
                      range.setStart(n, at - offset);
                      startSet = true;
                    }
                    if (startSet && at + args.text.length <= offset + len) {
                      range.setEnd(n, at + args.text.length - offset);
                      const r = range.getBoundingClientRect();
                      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
                    }
                    offset += len;
                  }
                }
                from = at + 1;
              }
            }
            return undefined;
          },
          { text, occurrence },
        ),
      TIMEOUTS.ui,
    );
  }

  /** Clicks into the editor so the cursor sits in the middle of `text`. */
  async placeCursorOn(text: string, occurrence = 0): Promise<void> {
    const { x, y } = await this.textPosition(text, occurrence);
    await this.page.mouse.click(x, y);
  }

  /**
   * Moves the mouse over `text` in the active editor and returns the hover's text once it
   * shows (and, if given, contains `expect`). Hover providers answer asynchronously and a
   * hover can be dismissed by an unrelated re-render, so the mouse leaves and re-enters the
   * text between bounded attempts.
   */
  async hover(text: string, options: { occurrence?: number; expect?: string | RegExp; timeoutMs?: number } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? TIMEOUTS.hover);
    // The editor's content hover (not the workbench's tooltips, which are .monaco-hover too).
    const hover = this.page.locator('.monaco-editor .monaco-hover:visible .monaco-hover-content, .monaco-editor .monaco-hover:visible .hover-contents').first();
    const matches = (s: string): boolean =>
      options.expect === undefined ? s.trim().length > 0 : typeof options.expect === 'string' ? s.includes(options.expect) : options.expect.test(s);
    for (let attempt = 1; ; attempt++) {
      const { x, y } = await this.textPosition(text, options.occurrence ?? 0);
      const box = await this.activeEditor().boundingBox();
      // Leave the text (to the editor's bottom-right corner, usually empty) and let any hover
      // that is showing close, so a stale hover is never read; then come back.
      await this.page.mouse.move(box ? box.x + box.width - 30 : 0, box ? box.y + box.height - 30 : 0);
      await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(async () => {
        await this.page.keyboard.press('Escape');
        await hover.waitFor({ state: 'hidden', timeout: 5_000 });
      });
      await this.page.mouse.move(x, y, { steps: 3 });
      const perAttempt = Math.min(10_000, Math.max(1_000, deadline - Date.now()));
      try {
        return await waitFor(
          `hover over "${text}"`,
          async () => {
            if (!(await hover.isVisible())) return undefined;
            const s = await hover.innerText();
            return matches(s) ? s : undefined;
          },
          perAttempt,
        );
      } catch (err) {
        const last = (await hover.isVisible()) ? await hover.innerText() : '';
        if (Date.now() >= deadline) {
          throw new Error(`no hover over "${text}"${options.expect ? ` containing ${String(options.expect)}` : ''} after ${attempt} attempts; last hover: ${JSON.stringify(last)}`, { cause: err });
        }
      }
    }
  }

  // ---------------------------------------------------------------- panels

  /**
   * Shows the Problems panel and returns its rows (file rows and marker rows). With `expect`,
   * waits until some row's text or aria-label matches, since diagnostics arrive asynchronously.
   */
  async readProblems(options: { expect?: string | RegExp; timeoutMs?: number } = {}): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      await panel.waitFor({ state: 'visible', timeout: TIMEOUTS.ui });
    }
    const rows = panel.locator('.monaco-list-row');
    const read = (): Promise<ProblemRow[]> =>
      rows.evaluateAll((els: DomElement[]) =>
        els.map((e) => {
          const text = e.innerText.trim();
          const ariaLabel = e.getAttribute('aria-label') ?? '';
          const icon = e.querySelector('.marker-icon');
          if (!icon) return { kind: 'file' as const, text, ariaLabel };
          // Anonymous callbacks only: tsx wraps named inner functions in a __name() helper the page lacks.
          const [message, source, code, position] = ['.marker-message', '.marker-source', '.marker-code', '.marker-line'].map(
            (sel) => e.querySelector(sel)?.textContent?.trim() || undefined,
          );
          const pos = /Ln (\d+), Col (\d+)/.exec(position ?? '');
          return {
            kind: 'marker' as const,
            text,
            ariaLabel,
            severity: ['error', 'warning', 'info', 'hint'].find((c) => (icon.getAttribute('class') ?? '').split(/\s+/).includes(c)),
            message,
            source,
            code,
            line: pos ? Number(pos[1]) : undefined,
            column: pos ? Number(pos[2]) : undefined,
          };
        }),
      );
    const want = options.expect;
    if (want === undefined) return read();
    const hit = (s: string): boolean => (typeof want === 'string' ? s.includes(want) : want.test(s));
    return waitFor(
      `a problem matching ${String(want)}`,
      async () => {
        const r = await read();
        return r.some((row) => hit(row.text) || hit(row.ariaLabel)) ? r : undefined;
      },
      options.timeoutMs ?? TIMEOUTS.problems,
    );
  }

  /** Shows the output channel named `name` and returns its visible text. */
  async readOutputChannel(name: string, options: { expect?: string | RegExp; timeoutMs?: number } = {}): Promise<string> {
    const rows = this.quickInput().locator('.quick-input-list .monaco-list-row');
    const channel = rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }) }).first();
    // An extension creates its channel when it activates, possibly after this is called, and the
    // channel list does not refresh while open: each attempt reopens it.
    await waitFor(
      `output channel "${name}" in the channel list`,
      async () => {
        const input = await this.openQuickInput('F1', '>');
        await input.fill('>Output: Show Output Channels...');
        const cmd = rows.filter({ hasText: 'Show Output Channels' }).first();
        await cmd.waitFor({ timeout: TIMEOUTS.ui });
        await cmd.click();
        // The same widget now lists the channels.
        await waitFor('the output channel list', async () => (await input.getAttribute('placeholder')) === 'Select Output Channel' && (await rows.count()) > 0, TIMEOUTS.ui);
        if (await channel.isVisible()) {
          await channel.click();
          return true;
        }
        await this.closeQuickInput();
        return false;
      },
      options.timeoutMs ?? TIMEOUTS.workbenchReady,
      500,
    );
    await this.quickInput().waitFor({ state: 'hidden', timeout: TIMEOUTS.ui });
    const lines = this.page.locator('.part.panel .output-view .monaco-editor .view-lines');
    await lines.waitFor({ timeout: TIMEOUTS.ui });
    const read = async (): Promise<string> =>
      lines.evaluate((el: DomElement) =>
        Array.from(el.querySelectorAll('.view-line'))
          .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
          .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
          .join('\n'),
      );
    const want = options.expect;
    if (want === undefined) return read();
    return waitFor(
      `output channel "${name}" to show ${String(want)}`,
      async () => {
        const t = await read();
        return (typeof want === 'string' ? t.includes(want) : want.test(t)) ? t : undefined;
      },
      options.timeoutMs ?? TIMEOUTS.ui,
    );
  }

  // ---------------------------------------------------------------- views and webviews

  /** The pane of a view (e.g. "Pre-trained Models") in the sidebar, expanded; opens the Explorer first. */
  async openTreeView(title: string): Promise<Locator> {
    const header = this.page.locator('.part.sidebar .pane-header').filter({ has: this.page.locator('.title', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`, 'i') }) }).first();
    if (!(await header.isVisible())) {
      await this.runCommand('View: Show Explorer');
      await header.waitFor({ timeout: TIMEOUTS.ui });
    }
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await waitFor(`view "${title}" expanded`, async () => (await header.getAttribute('aria-expanded')) === 'true', TIMEOUTS.ui);
    // `has` is queried inside each pane, so it takes a relative locator.
    return this.page
      .locator('.part.sidebar .pane')
      .filter({ has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`, 'i') }) })
      .first();
  }

  /** Drags the sidebar's edge so that it is `width` pixels wide (for readable screenshots). */
  async resizeSidebar(width: number): Promise<void> {
    const sidebar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sidebar) return;
    const edge = sidebar.x + sidebar.width;
    const y = sidebar.y + sidebar.height / 2;
    await this.page.mouse.move(edge + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sidebar.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await waitFor('the sidebar to resize', async () => Math.abs(((await this.page.locator('.part.sidebar').boundingBox())?.width ?? 0) - width) < 40, TIMEOUTS.ui);
  }

  /** The rows a tree view shows now: label, description, aria-label, level, icon classes. */
  async treeRows(pane: Locator): Promise<TreeRow[]> {
    return pane.locator('.monaco-list-row').evaluateAll((els: DomElement[]) =>
      els.map((e) => ({
        label: e.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: e.querySelector('.label-description')?.textContent?.trim() ?? '',
        ariaLabel: e.getAttribute('aria-label') ?? '',
        level: Number(e.getAttribute('aria-level') ?? '0'),
        expanded: e.getAttribute('aria-expanded') ?? undefined,
        icon: e.querySelector('.custom-view-tree-node-item-icon')?.getAttribute('class') ?? '',
      })),
    );
  }

  /** Waits until a tree row's label matches and returns the rows. */
  async waitForTreeRow(pane: Locator, label: string | RegExp, timeoutMs = TIMEOUTS.problems): Promise<TreeRow[]> {
    const hit = (s: string): boolean => (typeof label === 'string' ? s === label : label.test(s));
    return waitFor(`a tree row "${String(label)}"`, async () => {
      const rows = await this.treeRows(pane);
      return rows.some((r) => hit(r.label)) ? rows : undefined;
    }, timeoutMs);
  }

  /** The row locator for a label (exact). */
  treeRow(pane: Locator, label: string): Locator {
    return pane.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) }).first();
  }

  /** Opens a row's context menu and returns the menu's item labels. */
  async contextMenu(row: Locator): Promise<string[]> {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu').first();
    await menu.waitFor({ timeout: TIMEOUTS.ui });
    return menu.locator('.action-label').evaluateAll((els: DomElement[]) => els.map((e) => (e.textContent ?? '').trim()).filter((t) => t !== ''));
  }

  /** Clicks an item of the open context menu. */
  async clickMenuItem(label: string): Promise<void> {
    const item = this.page.locator('.context-view .monaco-menu .action-item').filter({ has: this.page.locator('.action-label', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) }).first();
    await item.click();
  }

  /** The text of the webview whose page has a heading matching `heading`, once it shows `expect`. */
  async webviewText(heading: string | RegExp, expect: string | RegExp, timeoutMs: number = TIMEOUTS.ui): Promise<{ text: string; html: string }> {
    const match = (s: string, want: string | RegExp): boolean => (typeof want === 'string' ? s.includes(want) : want.test(s));
    return waitFor(`a webview showing ${String(expect)}`, async () => {
      for (const frame of this.page.frames()) {
        const got = await frame
          .locator('html')
          .evaluate((el: DomElement) => ({ h1: el.querySelector('h1')?.textContent ?? '', text: el.innerText, html: el.outerHTML }), undefined, { timeout: 1_000 })
          .catch(() => undefined);
        if (got && match(got.h1, heading) && match(got.text, expect)) return { text: got.text, html: got.html };
      }
      return undefined;
    }, timeoutMs, 300);
  }

  // ---------------------------------------------------------------- diagnostics

  async screenshot(file: string): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, timeout: TIMEOUTS.ui });
  }

  serverLogTail(lines = 80): string {
    try {
      return readFileSync(this.serverLog, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no code-server log)';
    }
  }

  /** Saves a screenshot, the code-server log, VS Code's own logs and page errors under test/e2e/artifacts/<name>/. */
  async captureFailure(name: string): Promise<string> {
    const dir = path.join(ARTIFACTS_DIR(), name.replace(/[^\w.-]+/g, '_').slice(0, 120));
    mkdirSync(dir, { recursive: true });
    if (this._page && !this._page.isClosed()) await this.screenshot(path.join(dir, 'screenshot.png')).catch(() => undefined);
    if (existsSync(this.serverLog)) cpSync(this.serverLog, path.join(dir, 'code-server.log'));
    const vscodeLogs = path.join(this.userDataDir, 'logs');
    if (existsSync(vscodeLogs)) cpSync(vscodeLogs, path.join(dir, 'vscode-logs'), { recursive: true });
    writeFileSync(
      path.join(dir, 'browser.txt'),
      `url: ${this.url}\n\nblocked requests:\n${this.blockedRequests.join('\n')}\n\nconsole errors:\n${this.consoleErrors.join('\n')}\n`,
    );
    return dir;
  }

  // ---------------------------------------------------------------- shutdown

  /** Kills code-server's process group at once (synchronous; for exit and signal handlers). */
  kill(): void {
    if (this.server.pid !== undefined && this.server.exitCode === null && this.server.signalCode === null) {
      try {
        process.kill(-this.server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    live.delete(this);
  }

  /** Closes the browser, stops code-server and everything it forked, and removes the temporary dirs. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser?.close().catch(() => undefined);
    const pid = this.server.pid;
    if (pid !== undefined && this.server.exitCode === null && this.server.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.server.once('exit', () => resolve()));
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') this.kill();
      // Forked helpers (extension host, watchers) share the group; make sure none is left.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // group already empty
      }
    }
    live.delete(this);
    rmSync(this.tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
