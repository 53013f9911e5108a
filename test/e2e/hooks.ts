/**
 * Mocha root hooks for the e2e suite: a fresh artifacts folder per run, and no code-server
 * left behind whatever happened.
 */
import { rmSync } from 'node:fs';
import { ARTIFACTS_DIR, killAllSessions } from './harness.js';

export function mochaGlobalSetup(): void {
  rmSync(ARTIFACTS_DIR(), { recursive: true, force: true });
}

export function mochaGlobalTeardown(): void {
  killAllSessions();
}
