/**
 * The extension manifest and the code agree: every command the code registers is contributed (and the
 * reverse), every menu and welcome entry names a contributed command or view, and every setting the
 * code reads is contributed with a scope and a markdown description.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> };
  };
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [readFileSync(p, 'utf8')] : [];
  });
}

const code = sources(path.join(root, 'src')).join('\n');

describe('Extension manifest', () => {
  const contributed = new Set(pkg.contributes.commands.map((c) => c.command));

  it('contributes exactly the commands the code registers, each with a title in the PTM Lens category', () => {
    const registered = new Set([...code.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]!));
    assert.deepEqual([...registered].sort(), [...contributed].sort());
    for (const c of pkg.contributes.commands) {
      assert.ok(c.title.trim().length > 0, c.command);
      assert.equal(c.category, 'PTM Lens', c.command);
    }
  });

  it('names only contributed commands and views in menus and welcome content', () => {
    const views = new Set(Object.values(pkg.contributes.views).flat().map((v) => v.id));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) {
        assert.ok(contributed.has(e.command), `${menu}: ${e.command}`);
        for (const m of (e.when ?? '').matchAll(/view == ([\w.]+)/g)) assert.ok(views.has(m[1]!), `${menu}: ${m[1]}`);
      }
    }
    for (const w of pkg.contributes.viewsWelcome) {
      assert.ok(views.has(w.view), w.view);
      for (const m of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(contributed.has(m[1]!), m[1]);
    }
    // The view the scan reports progress in and the status bar opens.
    assert.ok(views.has('ptmLens.models'));
    assert.match(code, /MODELS_VIEW_ID = 'ptmLens\.models'/);
  });

  it('contributes every setting the code reads, each with a scope and a markdown description', () => {
    const props = pkg.contributes.configuration.properties;
    const read = new Set([...code.matchAll(/\b(?:c|config|cfg)\.get<[^>]+>\('([^']+)'\)|\b(?:str|num)\('([^']+)'/g)].map((m) => `ptmLens.${m[1] ?? m[2]}`));
    assert.ok(read.size >= 5, [...read].join(', '));
    for (const key of read) assert.ok(props[key], `${key} is read but not contributed`);
    for (const [key, p] of Object.entries(props)) {
      assert.ok(p.scope, `${key} has a scope`);
      assert.ok(p.markdownDescription && p.markdownDescription.length > 20, `${key} has a markdown description`);
    }
  });
});
