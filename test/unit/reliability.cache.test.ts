/**
 * Reliability: the persistent caches. The Hub lookup store (one file per entry) and the scan cache
 * (one file) survive truncated and garbled files, concurrent writers, and keep to their size caps.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoredEntry } from '../../src/core/hub/cache.js';
import { FileStore, LookupCache } from '../../src/core/hub/cache.js';
import type { DetectionResult } from '../../src/core/detect/types.js';
import { PersistentScanCache } from '../../src/core/scan/persistentCache.js';
import { checkOutputTarget, OutputExistsError, writeFileAtomic } from '../../src/cli/output.js';

const entry = (value: unknown): StoredEntry<unknown> => ({ value, storedAt: 1, expiresAt: null });
const jsonFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.json'));

describe('Reliability: persistent caches and output files', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-cache-'));
    dirs.push(d);
    return d;
  };

  describe('Hub lookup store (FileStore)', () => {
    const corruptions: [string, (text: string) => string | Buffer][] = [
      ['truncated to half', (t) => t.slice(0, Math.floor(t.length / 2))],
      ['empty', () => ''],
      ['garbled bytes', () => Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 31 + 7) % 256))],
      ['valid JSON of another shape', () => '[1,2,3]'],
      ['an entry for another key', (t) => t.replace(/"key":"[^"]*"/, '"key":"someone-else"')],
      ['an entry without storedAt', (t) => t.replace(/"storedAt":\d+,?/, '')],
      ['NUL bytes', (t) => '\u0000'.repeat(t.length)],
    ];
    for (const [label, corrupt] of corruptions) {
      it(`discards an entry file that is ${label}, and the next write rebuilds it`, async () => {
        const dir = tmp();
        const store = new FileStore(dir);
        await store.set('model|x', entry({ a: 1 }));
        const [file] = jsonFiles(dir);
        writeFileSync(path.join(dir, file!), corrupt(readFileSync(path.join(dir, file!), 'utf8')));
        assert.equal(await new FileStore(dir).get('model|x'), undefined);
        assert.deepEqual(jsonFiles(dir), [], 'the bad file is removed');
        // Through the lookup cache: a corrupt entry is a miss, the factory runs, the entry is rewritten.
        writeFileSync(path.join(dir, file!), corrupt('{"key":"model|x","entry":{"value":1,"storedAt":1,"expiresAt":null}}'));
        const cache = new LookupCache({ store: new FileStore(dir) });
        assert.equal(await cache.getOrCreate('model|x', async () => 'fresh', () => null), 'fresh');
        assert.deepEqual((await new FileStore(dir).get('model|x'))?.value, 'fresh');
      });
    }

    it('two stores writing the same keys at once: every read sees a whole entry, every file parses, no temporary file is left', async () => {
      const dir = tmp();
      const a = new FileStore(dir);
      const b = new FileStore(dir);
      const big = 'x'.repeat(64 * 1024);
      const ops: Promise<unknown>[] = [];
      for (let i = 0; i < 400; i++) {
        const key = `k${i % 20}`;
        ops.push((i % 2 ? a : b).set(key, entry({ writer: i % 2, i, big })));
        ops.push(
          (i % 2 ? b : a).get(key).then((e) => {
            if (e) assert.equal((e.value as { big: string }).big.length, big.length, 'a whole entry');
          }),
        );
      }
      await Promise.all(ops);
      const files = readdirSync(dir);
      assert.deepEqual(files.filter((n) => !n.endsWith('.json')), [], 'no temporary files left');
      assert.equal(files.length, 20);
      for (const f of files) JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    });

    it('keeps to its entry cap, also across many short runs (each run a new store)', async () => {
      const dir = tmp();
      for (let run = 0; run < 30; run++) {
        const store = new FileStore(dir, 10);
        for (let i = 0; i < 3; i++) await store.set(`run${run}|${i}`, entry(i));
      }
      assert.ok(jsonFiles(dir).length <= 10 + 3, `${jsonFiles(dir).length} entries with a cap of 10`);
    });

    it('keeps to its byte cap, evicting the oldest entries first', async () => {
      const dir = tmp();
      const store = new FileStore(dir, 1000, 200 * 1024);
      const blob = 'y'.repeat(30 * 1024);
      for (let i = 0; i < 20; i++) {
        await store.set(`k${i}`, entry({ i, blob }));
        const file = path.join(dir, jsonFiles(dir).find((n) => readFileSync(path.join(dir, n), 'utf8').includes(`"key":"k${i}"`))!);
        utimesSync(file, new Date(1_000_000 + i * 1000), new Date(1_000_000 + i * 1000));
      }
      await store.evict();
      const total = jsonFiles(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
      assert.ok(total <= 200 * 1024, `${total} bytes with a cap of ${200 * 1024}`);
      assert.ok((await store.get('k19')) !== undefined, 'the newest entry is kept');
      assert.equal(await store.get('k0'), undefined, 'the oldest entry is evicted');
    });

    it('clears temporary files a crashed writer left behind', async () => {
      const dir = tmp();
      const store = new FileStore(dir);
      await store.set('a', entry(1));
      const stale = path.join(dir, `${jsonFiles(dir)[0]}.999.abc.tmp`);
      writeFileSync(stale, '{"key":"a","en');
      const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
      utimesSync(stale, old, old);
      await store.evict();
      assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
    });
  });

  describe('report and BOM files (--out)', () => {
    it('never clobbers a file that appears after the check, without --force', async () => {
      const dir = tmp();
      const target = checkOutputTarget(path.join(dir, 'bom.json'), false);
      writeFileSync(target, 'precious');
      await assert.rejects(writeFileAtomic(target, 'new', false), OutputExistsError);
      assert.equal(readFileSync(target, 'utf8'), 'precious');
      assert.deepEqual(readdirSync(dir), ['bom.json'], 'no temporary file left');
    });

    it('twenty writers racing for a new file without --force: exactly one wins, the file is whole', async () => {
      const dir = tmp();
      const target = path.join(dir, 'report.json');
      const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ writer: i, pad: String(i).repeat(50_000) }));
      const results = await Promise.allSettled(bodies.map((b) => writeFileAtomic(target, b, false)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof OutputExistsError));
      assert.ok(bodies.includes(readFileSync(target, 'utf8')));
      assert.deepEqual(readdirSync(dir), ['report.json']);
    });

    it('with --force, a reader never sees a partial file while twenty writers replace it', async () => {
      const dir = tmp();
      const target = path.join(dir, 'report.json');
      const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ writer: i, pad: String(i % 10).repeat(200_000) }));
      writeFileSync(target, bodies[0]!);
      let reading = true;
      let reads = 0;
      const reader = (async () => {
        while (reading) {
          const text = readFileSync(target, 'utf8');
          assert.ok(bodies.includes(text), 'a whole file');
          reads++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await Promise.all(bodies.map((b) => writeFileAtomic(target, b, true)));
      reading = false;
      await reader;
      assert.ok(reads > 0);
      assert.deepEqual(readdirSync(dir), ['report.json']);
    });
  });

  describe('scan cache (one file)', () => {
    const result: DetectionResult = { references: [], notices: [] };
    const corruptions: [string, string | Buffer][] = [
      ['a truncated file', '{"version":"2","entries":[["k",{"references":[],"no'],
      ['a garbled file', Buffer.from([0xff, 0xfe, 0x00, 0x12, 0x7b])],
      ['a file of another version', '{"version":"0","entries":[["k",{"references":[],"notices":[]}]]}'],
      ['a file of another shape', '{"version":"2","entries":{"k":1}}'],
      ['a file with bad entries', '{"version":"2","entries":[1,null,["k"],["k2",{"references":5}]]}'],
    ];
    for (const [label, bytes] of corruptions) {
      it(`starts empty from ${label} and rewrites it whole`, async () => {
        const file = path.join(tmp(), 'scan-cache.json');
        writeFileSync(file, bytes);
        const cache = await PersistentScanCache.open(file);
        assert.equal(cache.size, 0);
        cache.set('fresh', result);
        await cache.save();
        const reopened = await PersistentScanCache.open(file);
        assert.deepEqual(reopened.get('fresh'), result);
      });
    }
  });
});
