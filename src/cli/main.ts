/**
 * `ptm-lens`: the terminal front end over the same core the extension uses.
 *
 *   ptm-lens scan [folder] [--format text|json|sarif] [--exclude GLOB]... [--hub-url URL] [--offline] [--no-lookup]
 *                 [--project-license SPDX] [--fail-on error|warning|info] [--max-file-size MB] [--no-cache]
 *                 [--no-suggestions] [--out FILE [--force]]
 *   ptm-lens bom [folder] [--format cyclonedx|spdx|markdown] [--out FILE [--force]] [--serial-number URN]
 *                [--exclude GLOB]... [--hub-url URL] [--offline] [--project-license SPDX] [--max-file-size MB] [--no-cache]
 *                [--no-suggestions]
 *
 * Exit codes: 0 success, 1 failure while scanning or a finding at the --fail-on level, 2 usage error
 * (including an existing --out file without --force).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Severity } from '../core/assess/rules.js';
import { bomTimestamp, checkSerialNumber } from '../core/bom/common.js';
import { renderCycloneDx } from '../core/bom/cyclonedx.js';
import { renderBomMarkdown } from '../core/bom/markdown.js';
import { renderSpdx } from '../core/bom/spdx.js';
import { Detector } from '../core/detect/index.js';
import { FileStore } from '../core/hub/cache.js';
import { HubClient } from '../core/hub/client.js';
import { resolveHubSettings } from '../core/hub/settings.js';
import type { HubSettings } from '../core/hub/settings.js';
import type { PipelineResult } from '../core/pipeline.js';
import { runPipeline } from '../core/pipeline.js';
import { renderScanSarif } from '../core/report/sarif.js';
import { hasFindingAtLeast, renderScanJson, renderScanText } from '../core/report/scanReport.js';
import { terminalSafe } from '../core/text.js';
import { defaultCacheDir, PersistentScanCache } from '../core/scan/persistentCache.js';
import type { ScanCache } from '../core/scan/workspace.js';
import { DEFAULT_MAX_FILE_BYTES } from '../core/scan/workspace.js';
import { checkOutputTarget, OutputExistsError, OutputPathError, writeFileAtomic } from './output.js';

declare const __PTM_LENS_VERSION__: string | undefined;
export const VERSION = typeof __PTM_LENS_VERSION__ === 'string' ? __PTM_LENS_VERSION__ : '0.0.0-dev';

const HELP = `ptm-lens ${VERSION}: find the pre-trained models a project loads.

Usage:
  ptm-lens scan [folder] [options]   list every model reference under folder (default: .), with lookups and findings
  ptm-lens bom [folder] [options]    write a bill of materials of the models the project uses
  ptm-lens --help | --version

Options for scan:
  --format text|json|sarif  output format (default: text); sarif is SARIF 2.1.0 for CI code scanning
  --no-lookup               detection only: do not look models up
  --fail-on LEVEL           exit 1 when a finding at error, warning or info level (or worse) exists

Options for bom:
  --format cyclonedx|spdx|markdown
                            CycloneDX 1.6 JSON (default), SPDX 3.0.1 JSON-LD, or a Markdown report
  --serial-number URN       the BOM's serial number (urn:uuid:...); by default derived from its content

Options for both:
  --out FILE                write to FILE (atomically) instead of standard output
  --force                   overwrite FILE if it exists (without it, an existing FILE is an error)
  --exclude GLOB            skip matching paths (repeatable; a glob without "/" matches any folder or file name)
  --hub-url URL             a Hugging Face Hub compatible server (default: $HF_ENDPOINT, else https://huggingface.co)
  --offline                 no network: read facts from the local Hugging Face cache (also HF_HUB_OFFLINE=1)
  --project-license SPDX    the project's license, instead of detecting it (package.json, pyproject.toml, LICENSE, ...)
  --max-file-size MB        skip larger files with a notice (default: ${DEFAULT_MAX_FILE_BYTES / (1024 * 1024)})
  --no-cache                do not read or write the caches (${defaultCacheDir()})
  --no-suggestions          no improvement suggestions (focused convolution for pretrained CNNs)
  --quiet                   no progress on stderr

The Hub token is read from HF_TOKEN, HUGGING_FACE_HUB_TOKEN or $HF_HOME/token, and is sent only to the Hub URL;
it never appears in any output. BOMs are deterministic: SOURCE_DATE_EPOCH (seconds) sets their timestamp.
`;

export class UsageError extends Error {}

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isStderrTTY: boolean;
}

export async function main(argv: string[], rawIo: CliIO): Promise<number> {
  // Progress lines and errors name workspace files and repeat Hub text: no control or bidi characters
  // reach the terminal. (The text report is filtered the same way; JSON, SARIF and BOMs escape them.)
  const io: CliIO = { ...rawIo, stderr: (s) => rawIo.stderr(terminalSafe(s)) };
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof OutputExistsError || err instanceof OutputPathError) {
      io.stderr(`ptm-lens: ${err.message}\n${err instanceof UsageError ? 'Run "ptm-lens --help" for usage.\n' : ''}`);
      return 2;
    }
    io.stderr(`ptm-lens: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

const SCAN_FORMATS = ['text', 'json', 'sarif'] as const;
const BOM_FORMATS = ['cyclonedx', 'spdx', 'markdown'] as const;
/** Options that belong to one command only; the other rejects them rather than ignoring them. */
const SCAN_ONLY = ['no-lookup', 'fail-on'] as const;
const BOM_ONLY = ['serial-number'] as const;

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
        'no-suggestions': { type: 'boolean' },
        'project-license': { type: 'string' },
        'fail-on': { type: 'string' },
        out: { type: 'string', short: 'o' },
        force: { type: 'boolean' },
        'serial-number': { type: 'string' },
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
  if (command === undefined) throw new UsageError('missing command; try "ptm-lens scan [folder]" or "ptm-lens bom [folder]".');
  if (command !== 'scan' && command !== 'bom') throw new UsageError(`unknown command "${command}"; the commands are "scan" and "bom".`);
  if (rest.length > 1) throw new UsageError(`${command} takes one folder, got ${rest.length}: ${rest.join(' ')}`);
  for (const opt of command === 'scan' ? BOM_ONLY : SCAN_ONLY) {
    if (values[opt] !== undefined) throw new UsageError(`--${opt} is an option of "${command === 'scan' ? 'bom' : 'scan'}", not of "${command}".`);
  }

  const formats: readonly string[] = command === 'scan' ? SCAN_FORMATS : BOM_FORMATS;
  const format = values.format ?? formats[0]!;
  if (!formats.includes(format)) throw new UsageError(`--format for ${command} must be ${formats.map((f) => `"${f}"`).join(', ')}, not "${format}".`);
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
  if (values.force && values.out === undefined) throw new UsageError('--force only applies with --out FILE.');
  let serialNumber: string | undefined;
  let timestamp: string | undefined;
  if (command === 'bom') {
    try {
      if (values['serial-number'] !== undefined) serialNumber = checkSerialNumber(values['serial-number']);
      // Fixed once, before the scan, so every part of the BOM carries the same time.
      timestamp = bomTimestamp({ env: process.env });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const folder = path.resolve(rest[0] ?? '.');
  if (!existsSync(folder)) throw new UsageError(`no such folder: ${folder}`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`not a folder: ${folder}`);
  // Refuse an existing --out before scanning, not after.
  const out = values.out !== undefined ? checkOutputTarget(values.out, values.force === true) : undefined;

  let client: HubClient | undefined;
  let settings: HubSettings | undefined;
  if (!values['no-lookup']) {
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

  // Grammars load when the scan knows which languages the folder holds.
  const detector = await Detector.create({ grammars: [] });
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
    ...scanWorkersFromEnv(process.env),
    ...(cache ? { cache } : {}),
    ...(client ? { client } : {}),
    projectLicense: values['project-license'] ?? null,
    suggestions: values['no-suggestions'] !== true,
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

  let text: string;
  if (command === 'bom') {
    const opts = { timestamp: timestamp!, hubUrl: settings!.endpoint, ...(serialNumber ? { serialNumber } : {}) };
    text = renderBom(format, result, opts);
  } else if (format === 'json') text = renderScanJson(result, VERSION);
  else if (format === 'sarif') text = renderScanSarif(result, VERSION);
  else text = renderScanText(result, Date.now() - started);

  if (out) {
    await writeFileAtomic(out, text, values.force === true);
    if (!values.quiet) io.stderr(`ptm-lens: wrote ${out}\n`);
  } else io.stdout(text);
  if (failOn && hasFindingAtLeast(result.findings, failOn as Severity)) return 1;
  return 0;
}

/** `PTM_LENS_SCAN_WORKERS=N` sets the scan's worker threads (0: none); by default the scan decides. */
function scanWorkersFromEnv(env: NodeJS.ProcessEnv): { workers?: number } {
  const n = Number(env.PTM_LENS_SCAN_WORKERS);
  return env.PTM_LENS_SCAN_WORKERS !== undefined && Number.isInteger(n) && n >= 0 ? { workers: n } : {};
}

function renderBom(format: string, result: PipelineResult, opts: { timestamp: string; hubUrl: string; serialNumber?: string }): string {
  if (format === 'spdx') return renderSpdx(result, VERSION, opts);
  if (format === 'markdown') return renderBomMarkdown(result, VERSION, opts);
  return renderCycloneDx(result, VERSION, opts);
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
