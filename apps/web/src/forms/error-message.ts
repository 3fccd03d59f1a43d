/** The sentence to show for a failed call: the API's own message, which is written for people (docs/api.md). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong; try again.';
}
