import * as vscode from 'vscode';

/** The "PTM Lens" output channel. Created once; errors are written with their stack. */
export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('PTM Lens', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string, err?: unknown): void {
    this.channel.error(err instanceof Error ? `${message}: ${err.stack ?? err.message}` : err === undefined ? message : `${message}: ${String(err)}`);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
