import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

const expectedNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
  null: 'null',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const plural = (count: number | bigint, one: string) => `${count} ${one}${Number(count) === 1 ? '' : 's'}`;

function typeMessage(issue: RawIssue & { code: 'invalid_type' }): string {
  if (issue.input === undefined) return 'is required';
  const expected = expectedNames[issue.expected] ?? issue.expected;
  if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be a whole number';
  if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return `must be ${expected}`;
  return `must be ${expected}, not ${kindOf(issue.input)}`;
}

function sizeMessage(issue: RawIssue & { code: 'too_small' | 'too_big' }): string | undefined {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  switch (issue.origin) {
    case 'string':
      if (small && Number(limit) === 1) return 'must not be empty';
      return `must have ${small ? 'at least' : 'at most'} ${plural(limit, 'character')}`;
    case 'array':
    case 'set':
      return `must have ${small ? 'at least' : 'at most'} ${plural(limit, 'item')}`;
    case 'number':
    case 'int':
    case 'bigint':
      if (issue.inclusive) return `must be ${small ? 'at least' : 'at most'} ${limit}`;
      return `must be ${small ? 'greater' : 'less'} than ${limit}`;
    default:
      return undefined;
  }
}

const formatMessages: Record<string, string> = {
  email: 'must be an email address',
  datetime: 'must be an ISO 8601 date and time with its offset, like 2025-06-30T08:00:00Z',
  date: 'must be an ISO 8601 date, like 2025-06-30',
  url: 'must be a URL',
  regex: 'is not in the expected format',
};

/**
 * zod's messages for what a client sends ("Invalid input: expected string, received undefined") as sentences a
 * person understands: "is required", "must be one of: new, in_progress, repaired, scrap", "must be at most 3".
 * They read after the field's path ("priority: must be at most 3"). Messages a schema sets itself win over these;
 * an issue left undefined keeps zod's own message. Installed once for the API with `z.config({ customError })`.
 */
export function readableIssueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue);
    case 'invalid_value':
      if (issue.values.length === 1) return `must be ${JSON.stringify(issue.values[0])}`;
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue);
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
    case 'invalid_format':
      return formatMessages[issue.format];
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return 'does not match any accepted form';
    default:
      return undefined;
  }
}
