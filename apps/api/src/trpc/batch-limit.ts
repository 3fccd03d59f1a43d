/**
 * The most calls one HTTP request may batch (tRPC's `maxBatchSize`): without a cap, one GET could carry hundreds
 * of list scans and one POST hundreds of creates. A larger batch is refused whole with 400; the typed client
 * (`@fixstream/client`, `batch: true`) splits its batches at the same size.
 */
export const maxBatchCalls = 10;
