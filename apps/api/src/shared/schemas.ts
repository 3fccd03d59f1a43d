import { objectIdString } from '@fixstream/events';
import { z } from 'zod';

export { objectIdString as objectId };

const noNul = (value: string) => !value.includes('\0');

/** A trimmed, length-limited, NUL-free line of text (MongoDB-wire stores cannot all hold NUL). */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine(noNul, 'must not contain NUL characters');
}

/** Like `text` but optional and nullable; an empty string means "no value". */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine(noNul, 'must not contain NUL characters')
    .transform((value) => (value === '' ? null : value))
    .nullish();
}

export const isoDateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** Ids go out as strings and dates as ISO strings: plain JSON, so curl and any client read them. */
export const idString = z.string();
export const isoString = z.string();
