import { OpsError } from './errors.ts';

/** Standard input as `readPassword` uses it; `isTTY` and `setRawMode` only on a terminal. */
export interface PasswordInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * Reads a password without it appearing on the command line (where the shell history and `ps` keep it): at a
 * terminal, typed after a prompt on `output` with nothing echoed, and asked twice; otherwise the first line of
 * standard input, so a script can pipe it in (`printf '%s\n' "$PASSWORD" | pnpm ops create-admin …`).
 */
export async function readPassword(
  input: PasswordInput,
  output: { write(text: string): unknown },
  what: string,
): Promise<string> {
  if (!input.isTTY || !input.setRawMode) {
    const line = await readFirstLine(input);
    if (line === null)
      throw new OpsError(`no ${what} on standard input (pipe it in, or give it as an option)`);
    return line;
  }
  const first = await typeHidden(input, output, `${capitalised(what)}: `);
  const again = await typeHidden(input, output, `${capitalised(what)} again: `);
  if (first !== again) throw new OpsError(`the two ${what}s typed differ`);
  return first;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The first line of a non-terminal input, without its line ending; null when the input is empty. */
function readFirstLine(input: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (line: string | null) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', reject);
      input.pause();
      resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) finish(text.slice(0, end).replace(/\r$/, ''));
    };
    const onEnd = () => finish(text === '' ? null : text.replace(/\r$/, ''));
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', reject);
    input.resume();
  });
}

/** One line typed at a terminal in raw mode, echoing nothing; Ctrl-C cancels, Backspace deletes. */
function typeHidden(
  input: PasswordInput,
  output: { write(text: string): unknown },
  prompt: string,
): Promise<string> {
  output.write(prompt);
  input.setRawMode?.(true);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (done: () => void) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      done();
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\u0003') return finish(() => reject(new OpsError('cancelled')));
        if (char === '\r' || char === '\n' || char === '\u0004') return finish(() => resolve(typed));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
