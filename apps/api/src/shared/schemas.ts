import { objectIdString } from '@fixstream/schemas';
import { z } from 'zod';

// The input rules live in @fixstream/schemas, which browser forms load too; outputs and paging stay here.
export {
  emailAddress,
  isoDateTime,
  optionalText,
  text,
  withChanges,
} from '@fixstream/schemas';

/** An id from a client, in any case; lowercase from here on (see `objectIdString`). */
export const objectId = objectIdString;

/** Ids go out as strings and dates as ISO strings: plain JSON, so curl and any client read them. */
export const idString = z.string();
export const isoString = z.string();

/** `{ id }`, the input of every byId procedure. */
export const idInput = z.strictObject({ id: objectId });

/** Cursor pagination shared by every list: newest first, `cursor` is the last id of the previous page. */
export const pageFields = {
  cursor: objectId.optional(),
  limit: z.number().int().min(1).max(100).default(20),
};
