/**
 * Writing `--out` files. A report or BOM is written to a temporary file beside the target and then
 * moved into place, so a reader (a CI step, an upload) never sees half a file, and an interrupted run
 * leaves the old file intact. An existing file is replaced only with `--force`: BOMs are often kept
 * as release artefacts, and overwriting one by accident loses the record.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';

/** The target exists and `--force` was not given (a usage error: exit 2). */
export class OutputExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists; use --force to overwrite it.`);
    this.name = 'OutputExistsError';
  }
}

/** A target that cannot be written (no such folder, a folder in its place): a usage error too. */
export class OutputPathError extends Error {
  override name = 'OutputPathError';
}

/** Checks the target before any work is done, so a long scan does not end in a refusal. */
export function checkOutputTarget(file: string, force: boolean): string {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new OutputPathError(`cannot write ${target}: no such folder ${dir}`);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new OutputPathError(`cannot write ${target}: it is a folder`);
    if (!force) throw new OutputExistsError(target);
  }
  return target;
}

/**
 * Writes `data` to `file` atomically. Without `force`, the final step is a hard link, which fails if
 * the target appeared meanwhile, so even a race cannot overwrite a file; on file systems without
 * hard links it falls back to a checked rename.
 */
export async function writeFileAtomic(file: string, data: string, force: boolean): Promise<void> {
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.writeFile(tmp, data, { flag: 'wx' });
  try {
    if (force) {
      await fs.rename(tmp, target);
      return;
    }
    try {
      await fs.link(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new OutputExistsError(target);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
      if (existsSync(target)) throw new OutputExistsError(target);
      await fs.rename(tmp, target);
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
