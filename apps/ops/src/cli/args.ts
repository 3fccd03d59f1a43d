import { type ParseArgsConfig, parseArgs } from 'node:util';
import { eventIdSchema } from '@fixstream/events';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` in strict mode, with its errors (unknown option, missing value, stray positional) turned into a
 * `UsageError` carrying the command's usage, so every command reports bad input the same way and exits 2.
 */
export function parseCommandArgs<O extends Options>(
  args: readonly string[],
  options: O,
  usage: string,
  maxPositionals = 0,
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? firstLine(error.message) : String(error), usage);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).join(' ');
    throw new UsageError(
      `unexpected argument${parsed.positionals.length - maxPositionals > 1 ? 's' : ''}: ${extra}`,
      usage,
    );
  }
  return parsed;
}

/** Event ids as producers assign them (the catalog's rule), checked before any query uses one. */
export function eventIdArg(value: string, usage: string): string {
  if (!eventIdSchema.safeParse(value).success) {
    throw new UsageError(`"${value}" is not an event id (letters, digits, _ and -, at most 64)`, usage);
  }
  return value;
}

/** Function ids as `defineFunction` accepts them. */
export function functionIdArg(value: string | undefined, usage: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(value)) {
    throw new UsageError(`"${value}" is not a function id (lowercase letters, digits and dashes)`, usage);
  }
  return value;
}

/** A whole number within bounds, for options like `--limit`. */
export function integerArg(
  name: string,
  value: string | undefined,
  bounds: { min: number; max: number; fallback: number },
  usage: string,
): number {
  if (value === undefined) return bounds.fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < bounds.min || number > bounds.max) {
    throw new UsageError(
      `--${name} must be a whole number from ${bounds.min} to ${bounds.max}, got "${value}"`,
      usage,
    );
  }
  return number;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
