import { readPassword } from './read-password.ts';

/** Where a command writes: results on stdout, diagnostics on stderr. Tests can pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a secret from standard input (see `readPassword`); absent where there is no input to read. */
  readSecret?(what: string): Promise<string>;
  /**
   * Shows how far a long command is, in one line on stderr that each call rewrites (`''` clears it); absent where
   * stderr is not a terminal, so a log or a pipe gets no line of carriage returns.
   */
  progress?(text: string): void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readSecret: (what) => readPassword(process.stdin, process.stderr, what),
  ...(process.stderr.isTTY
    ? { progress: (text: string) => void process.stderr.write(`\r\x1b[K${text}`) }
    : {}),
};

/** Prints the one JSON document a `--json` run puts on stdout. */
export function printJson(io: CliIo, document: unknown): void {
  io.stdout(`${JSON.stringify(document, null, 2)}\n`);
}

/** Prints lines of human output on stdout. */
export function printLines(io: CliIo, ...lines: string[]): void {
  io.stdout(`${lines.join('\n')}\n`);
}
