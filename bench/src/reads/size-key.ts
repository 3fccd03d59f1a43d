/** How a number of requests names its column and JSON key: 1000 → `1k`, 100000 → `100k`, 2500 → `2.5k`. */
export function sizeKey(requests: number): string {
  if (requests >= 1_000_000 && requests % 100_000 === 0) return `${requests / 1_000_000}m`;
  if (requests >= 1_000 && requests % 100 === 0) return `${requests / 1_000}k`;
  return String(requests);
}
