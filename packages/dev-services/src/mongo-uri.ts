const SCHEME = /^(mongodb(?:\+srv)?:\/\/)/i;
const INVALID_DB_CHARS = /[/\\. "$*<>:|?\0]/;

/**
 * Puts a database name into a MongoDB connection string, replacing any there, keeping credentials, hosts (also
 * comma-separated seed lists, which `new URL` rejects) and the query string. So that each test file and each app
 * can take one base URI and pick its own database.
 *
 * A database in the path is also the driver's default `authSource`; when the URI has credentials and no
 * `authSource`, the original one (the old path's database, else `admin`) is written into the query so that
 * choosing a database never changes where the user authenticates.
 */
export function mongoUriFor(baseUri: string, dbName: string): string {
  if (!dbName || INVALID_DB_CHARS.test(dbName) || Buffer.byteLength(dbName) > 63) {
    throw new Error(`invalid MongoDB database name ${JSON.stringify(dbName)}`);
  }
  const scheme = SCHEME.exec(baseUri)?.[1];
  if (!scheme) throw new Error(`not a MongoDB connection string: ${baseUri}`);
  const rest = baseUri.slice(scheme.length);
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt + 1);
  const slashAt = beforeQuery.indexOf('/');
  const authority = slashAt === -1 ? beforeQuery : beforeQuery.slice(0, slashAt);
  const oldDb = slashAt === -1 ? '' : decodeURIComponent(beforeQuery.slice(slashAt + 1));
  if (!authority) throw new Error(`no host in MongoDB connection string: ${baseUri}`);

  const params = query.split('&').filter((part) => part !== '');
  const hasCredentials = authority.includes('@');
  const hasAuthSource = params.some((part) => part.toLowerCase().startsWith('authsource='));
  if (hasCredentials && !hasAuthSource) params.push(`authSource=${encodeURIComponent(oldDb || 'admin')}`);

  const search = params.length > 0 ? `?${params.join('&')}` : '';
  return `${scheme}${authority}/${encodeURIComponent(dbName)}${search}`;
}
