import { z } from 'zod';

/**
 * A MongoDB ObjectId as its 24-character hex string, the only id form that crosses process boundaries. Any case
 * is accepted and lowercase comes out, so one id has one spelling in locks, claims, comparisons and events.
 */
export const objectIdString = z
  .string()
  .toLowerCase()
  .regex(/^[a-f\d]{24}$/, 'must be a 24-character hex id');
