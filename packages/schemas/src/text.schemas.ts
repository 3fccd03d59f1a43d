import { z } from 'zod';

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

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('must be an email address'));

/** An update must change something: `{ id }` alone is refused rather than silently doing nothing. */
export function withChanges<T extends z.ZodObject>(schema: T) {
  return schema.refine(
    (value) => Object.keys(value).some((key) => key !== 'id' && value[key] !== undefined),
    {
      message: 'nothing to change: give at least one field besides id',
    },
  );
}
