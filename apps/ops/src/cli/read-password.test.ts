import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OpsError } from './errors.ts';
import { type PasswordInput, readPassword } from './read-password.ts';

function terminal() {
  const input = new PassThrough() as PassThrough & PasswordInput;
  const modes: boolean[] = [];
  input.isTTY = true;
  input.setRawMode = (mode: boolean) => modes.push(mode);
  let shown = '';
  const output = { write: (text: string) => (shown += text) };
  return { input, output, modes, shown: () => shown };
}

/** Types `keys` one chunk after another, as a person would, once the prompt before each is shown. */
async function type(input: PassThrough, ...keys: string[]) {
  for (const key of keys) {
    await new Promise((resolve) => setImmediate(resolve));
    input.write(key);
  }
}

describe('readPassword', () => {
  it('takes the first line of piped input, without its line ending', async () => {
    const input = new PassThrough();
    const read = readPassword(input, { write: () => true }, 'password');
    input.end('first-line-secret\r\nsecond line\n');
    expect(await read).toBe('first-line-secret');
  });

  it('takes piped input without a final line ending, and refuses empty input', async () => {
    const whole = new PassThrough();
    const read = readPassword(whole, { write: () => true }, 'password');
    whole.end('no-newline-secret');
    expect(await read).toBe('no-newline-secret');
    const empty = new PassThrough();
    const nothing = readPassword(empty, { write: () => true }, 'password');
    empty.end();
    await expect(nothing).rejects.toThrow(/no password on standard input/);
  });

  it('asks twice at a terminal, echoes nothing, honours Backspace and leaves raw mode', async () => {
    const { input, output, modes, shown } = terminal();
    const read = readPassword(input, output, 'password');
    await type(input, 'typed-secrex', '\u007f', 't\r', 'typed-secret', '\r');
    expect(await read).toBe('typed-secret');
    expect(shown()).toBe('Password: \nPassword again: \n');
    expect(modes).toEqual([true, false, true, false]);
  });

  it('refuses two different entries and stops at Ctrl-C', async () => {
    const differ = terminal();
    const read = readPassword(differ.input, differ.output, 'password');
    await type(differ.input, 'one-secret\r', 'another-secret\r');
    await expect(read).rejects.toThrow('the two passwords typed differ');

    const cancelled = terminal();
    const stopped = readPassword(cancelled.input, cancelled.output, 'password');
    await type(cancelled.input, 'half\u0003');
    await expect(stopped).rejects.toBeInstanceOf(OpsError);
    expect(cancelled.modes).toEqual([true, false]);
  });
});
