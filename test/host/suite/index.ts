/** Entry point @vscode/test-electron loads inside the extension host: runs the suite with mocha. */
import Mocha from 'mocha';
import { registerSuite } from './extension.test.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000 });
  mocha.suite.emit('pre-require', globalThis, 'host-suite', mocha);
  registerSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} host test(s) failed`)) : resolve()));
  });
}
