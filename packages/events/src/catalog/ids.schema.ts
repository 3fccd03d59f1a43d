import { z } from 'zod';

/** A MongoDB ObjectId as its 24-character hex string, the only id form that crosses process boundaries. */
export const objectIdString = z.string().regex(/^[a-f\d]{24}$/i, 'must be a 24-character hex id');
