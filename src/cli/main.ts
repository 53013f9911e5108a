/**
 * `ptm-lens`: the terminal front end over the same core the extension uses.
 *
 *   ptm-lens scan [folder] [--format text|json] [--exclude GLOB]... [--hub-url URL] [--offline] [--no-lookup]
 *                 [--project-license SPDX] [--fail-on error|warning|info] [--max-file-size MB] [--no-cache]
 *
 * Exit codes: 0 success, 1 failure while scanning or a finding at the --fail-on level, 2 usage error.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Severity } from '../core/assess/rules.js';
import { Detector } from '../core/detect/index.js';
import { FileStore } from '../core/hub/cache.js';
import { HubClient } from '../core/hub/client.js';
import { resolveHubSettings } from '../core/hub/settings.js';
import { runPipeline } from '../core/pipeline.js';
import { hasFindingAtLeast, renderScanJson, renderScanText } from '../core/report/scanReport.js';
import { defaultCacheDir, PersistentScanCache } from '../core/scan/persistentCache.js';
import type { ScanCache } from '../core/scan/workspace.js';
import { DEFAULT_MAX_FILE_BYTES } from '../core/scan/workspace.js';

declare const __PTM_LENS_VERSION__: string | undefined;
export const VERSION = typeof __PTM_LENS_VERSION__ === 'string' ? __PTM_LENS_VERSION__ : '0.0.0-dev';

const HELP = `ptm-lens ${VERSION}: find the pre-trained models a project loads.

Usage:
  ptm-lens scan [folder] [options]   list every model reference under folder (default: .)
  ptm-lens --help | --version

Options for scan:
  --format text|json       output format (default: text)
  --exclude GLOB           skip matching paths (repeatable; a glob without "/" matches any folder or file name)
  --hub-url URL            a Hugging Face Hub compatible server (default: $HF_ENDPOINT, else https://huggingface.co)
  --offline                no network: read facts from the local Hugging Face cache (also HF_HUB_OFFLINE=1)
  --no-lookup              detection only: do not look models up
  --project-license SPDX   the project's license, instead of detecting it (package.json, pyproject.toml, LICENSE, ...)
  --fail-on LEVEL          exit 1 when a finding at error, warning or info level (or worse) exists
  --max-file-size MB       skip larger files with a notice (default: ${DEFAULT_MAX_FILE_BYTES / (1024 * 1024)})
  --no-cache               do not read or write the caches (${defaultCacheDir()})
  --quiet                  no progress on stderr

The Hub token is read from HF_TOKEN, HUGGING_FACE_HUB_TOKEN or $HF_HOME/token, and is sent only to the Hub URL.
`;

export class UsageError extends Error {}

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isStderrTTY: boolean;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`ptm-lens: ${err.message}\nRun "ptm-lens --help" for usage.\n`);
      return 2;
    }
    io.stderr(`ptm-lens: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        format: { type: 'string', short: 'f' },
        exclude: { type: 'string', multiple: true, short: 'e' },
        'max-file-size': { type: 'string' },
        'no-cache': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'hub-url': { type: 'string' },
        offline: { type: 'boolean' },
        'no-lookup': { type: 'boolean' },
        'project-license': { type: 'string' },
        'fail-on': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (command === undefined) throw new UsageError('missing command; try "ptm-lens scan [folder]".');
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"; the command is "scan".`);
  if (rest.length > 1) throw new UsageError(`scan takes one folder, got ${rest.length}: ${rest.join(' ')}`);

  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${format}".`);
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  if (values['max-file-size'] !== undefined) {
    const mb = Number(values['max-file-size']);
    if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`--max-file-size takes a positive number of megabytes, not "${values['max-file-size']}".`);
    maxFileBytes = Math.round(mb * 1024 * 1024);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning' && failOn !== 'info') {
    throw new UsageError(`--fail-on must be "error", "warning" or "info", not "${failOn}".`);
  }
  if (values['no-lookup'] && (values['hub-url'] || values.offline)) throw new UsageError('--no-lookup cannot be combined with --hub-url or --offline.');
  const folder = path.resolve(rest[0] ?? '.');
  if (!existsSync(folder)) throw new UsageError(`no such folder: ${folder}`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`not a folder: ${folder}`);

  let client: HubClient | undefined;
  if (!values['no-lookup']) {
    let settings;
    try {
      settings = resolveHubSettings({ endpoint: values['hub-url'] ?? null, offline: values.offline ?? null });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    client = new HubClient({
      settings,
      userAgent: `ptm-lens/${VERSION}`,
      ...(values['no-cache'] ? {} : { store: new FileStore(path.join(defaultCacheDir(), 'hub')) }),
    });
  }

  const detector = await Detector.create();
  let cache: (ScanCache & { save(): Promise<void> }) | undefined;
  if (!values['no-cache']) cache = await PersistentScanCache.open(path.join(defaultCacheDir(), 'scan-cache.json'));

  const started = Date.now();
  let lastProgress = started;
  const progress = (message: string): void => {
    const now = Date.now();
    if (values.quiet || now - lastProgress < 1000) return;
    lastProgress = now;
    io.stderr(`ptm-lens: ${message}\n`);
  };
  const result = await runPipeline(folder, detector, {
    exclude: values.exclude ?? [],
    maxFileBytes,
    ...(cache ? { cache } : {}),
    ...(client ? { client } : {}),
    projectLicense: values['project-license'] ?? null,
    onProgress: (p) => progress(`${p.filesSeen} files read, ${p.filesParsed} parsed${p.currentFile ? ` (${p.currentFile})` : ''}`),
    onModelProgress: (done, total) => progress(`${done} of ${total} models looked up`),
  });
  if (cache) {
    try {
      await cache.save();
    } catch (err) {
      io.stderr(`ptm-lens: could not save the result cache: ${(err as Error).message}\n`);
    }
  }
  const elapsed = Date.now() - started;
  if (format === 'json') io.stdout(renderScanJson(result, VERSION));
  else io.stdout(renderScanText(result, elapsed));
  if (failOn && hasFindingAtLeast(result.findings, failOn as Severity)) return 1;
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isStderrTTY: process.stderr.isTTY === true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`ptm-lens: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
