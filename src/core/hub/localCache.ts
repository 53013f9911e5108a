/**
 * Offline lookups from the local Hugging Face cache (REFERENCE.md §1.10): the commit a ref points to,
 * the snapshot's file list, and the downloaded `config.json` and `README.md`. Nothing here touches
 * the network; facts the cache cannot hold are listed as unavailable.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { legacyCanonicalId } from '../detect/hubId.js';
import { baseModelsOf } from './facts.js';
import type { ModelFacts, ModelLookup } from './types.js';

const OFFLINE_UNAVAILABLE = ['downloads', 'likes', 'gating', 'creation date', 'security scan', 'publisher verification', 'license tags'];

export function cacheFolderName(id: string): string {
  return `models--${id.split('/').join('--')}`;
}

export async function readLocalModel(hubCacheDir: string, id: string, revision: string | null): Promise<ModelLookup> {
  // Folders carry the id as requested, so a legacy id and its canonical id are both tried.
  const candidates = [id, legacyCanonicalId(id)].filter((x): x is string => !!x);
  for (const candidate of candidates) {
    const dir = path.join(hubCacheDir, cacheFolderName(candidate));
    const sha = await resolveRevision(dir, revision);
    if (!sha) continue;
    const snapshot = path.join(dir, 'snapshots', sha);
    const files = await listFiles(snapshot);
    if (files === undefined) continue;
    const facts: ModelFacts = {
      requestedId: id,
      canonicalId: candidate === id ? legacyCanonicalId(id) ?? id : candidate,
      requestedRevision: revision,
      sha,
      files,
      unavailable: OFFLINE_UNAVAILABLE.map((fact) => ({ fact, reason: 'offline mode reads only the local cache' })),
      source: 'local-cache',
    };
    if (candidate.includes('/')) facts.author = candidate.split('/')[0]!;
    const readme = await readSmall(path.join(snapshot, 'README.md'));
    if (readme !== undefined) {
      facts.readme = readme;
      const card = frontMatter(readme);
      if (card) {
        facts.cardData = card;
        facts.baseModels = baseModelsOf(undefined, card);
      }
    } else {
      facts.unavailable.push({ fact: 'model card', reason: 'README.md is not in the local cache' });
    }
    const config = await readSmall(path.join(snapshot, 'config.json'));
    if (config !== undefined) {
      try {
        const parsed = JSON.parse(config) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) facts.config = parsed as Record<string, unknown>;
      } catch {
        facts.unavailable.push({ fact: 'config', reason: 'config.json in the local cache is not valid JSON' });
      }
    }
    return { state: 'offline', facts, reason: 'offline mode: facts come from the local Hugging Face cache only' };
  }
  return {
    state: 'offline',
    reason: `offline mode, and ${id}${revision ? `@${revision}` : ''} is not in the local Hugging Face cache (${hubCacheDir})`,
    error: { kind: 'offline' },
  };
}

async function resolveRevision(dir: string, revision: string | null): Promise<string | undefined> {
  if (revision && /^[0-9a-f]{40}$/i.test(revision)) return revision;
  const ref = await readSmall(path.join(dir, 'refs', revision ?? 'main'));
  const sha = ref?.trim();
  return sha && /^[0-9a-f]{40}$/i.test(sha) ? sha : undefined;
}

async function listFiles(root: string): Promise<string[] | undefined> {
  const out: string[] = [];
  const walk = async (rel: string, depth: number): Promise<boolean> => {
    let entries;
    try {
      entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      // Snapshot files are symbolic links into blobs/; subfolders are real folders.
      if (e.isDirectory() && depth < 8) await walk(child, depth + 1);
      else if (e.isFile() || e.isSymbolicLink()) out.push(child);
    }
    return true;
  };
  if (!(await walk('', 0))) return undefined;
  return out.sort();
}

async function readSmall(file: string, max = 2 * 1024 * 1024): Promise<string | undefined> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > max) return undefined;
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The YAML front matter of a model card, parsed; undefined when absent or invalid. */
export function frontMatter(readme: string): Record<string, unknown> | undefined {
  const m = /^\uFEFF?---[\n\r]+([\S\s]*?)[\n\r]+---[\n\r]/.exec(readme);
  if (!m) return undefined;
  try {
    const data = parseYaml(m[1]!, { strict: false, uniqueKeys: false, logLevel: 'error' }) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
