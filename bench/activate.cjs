/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the CommonJS bundles with require(). */
// Loads dist/extension.js with a stand-in `vscode` module and times require() and activate().
// Prints one JSON line: { requireMs, activateMs, wasmCompiles } (WebAssembly compilations during both:
// 0 means the parsers were not loaded at activation).
const Module = require('node:module');
const path = require('node:path');

const extension = process.argv[2];
let wasmCompiles = 0;
for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  if (typeof original === 'function') {
    WebAssembly[name] = function (...args) {
      wasmCompiles++;
      return original.apply(this, args);
    };
  }
}

/** Any property, call or construction gives another stand-in; it is not thenable and converts to "". */
function stub() {
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      return stub();
    },
    apply: () => stub(),
    construct: () => stub(),
    set: () => true,
    defineProperty: () => true,
  });
}

// esbuild copies the module's own properties, so every name of the API must exist up front: they are
// read from the API's type declarations.
const api = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts', { paths: [path.dirname(extension), __dirname] }), 'utf8');
const names = new Set([...api.matchAll(/^\s*export (?:namespace|class|enum|const|let|function) ([A-Za-z_]+)/gm)].map((m) => m[1]));
const vscode = Object.fromEntries([...names].map((n) => [n, stub()]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const root = path.resolve(path.dirname(extension), '..');
const context = {
  subscriptions: [],
  extension: { packageJSON: require(path.join(root, 'package.json')) },
  extensionUri: stub(),
  extensionPath: root,
  globalStorageUri: { fsPath: path.join(root, 'bench', '.work', 'global-storage') },
  storageUri: undefined,
  asAbsolutePath: (p) => path.join(root, p),
  secrets: stub(),
  globalState: stub(),
  workspaceState: stub(),
  environmentVariableCollection: stub(),
  logUri: stub(),
};

const t0 = performance.now();
const ext = require(extension);
const t1 = performance.now();
ext.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, wasmCompiles }) + '\n');
process.exit(0);
