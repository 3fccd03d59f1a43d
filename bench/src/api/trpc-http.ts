/** Signs in through `auth.login` over plain HTTP (tRPC without a transformer is plain JSON) and returns the token. */
export async function login(apiUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${apiUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { result?: { data?: { token?: string } } };
  const token = body.result?.data?.token;
  if (!response.ok || !token) throw new Error(`login as ${email} failed: ${JSON.stringify(body)}`);
  return token;
}

/**
 * Calls a tRPC query over plain HTTP GET, as a browser client does (input as JSON in `?input=`), and returns its
 * data. An error answer throws: a benchmark must not report a refused call as a fast one.
 */
export async function trpcQuery<T = unknown>(
  apiUrl: string,
  token: string,
  procedure: string,
  input?: unknown,
): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${apiUrl}/trpc/${procedure}${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return dataOf<T>(procedure, response);
}

/** Calls a tRPC mutation over plain HTTP POST (input as the JSON body) and returns its data; an error answer throws. */
export async function trpcMutation<T = unknown>(
  apiUrl: string,
  token: string,
  procedure: string,
  input: unknown,
): Promise<T> {
  const response = await fetch(`${apiUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return dataOf<T>(procedure, response);
}

async function dataOf<T>(procedure: string, response: Response): Promise<T> {
  const body = (await response.json()) as { result?: { data?: T } };
  if (!response.ok || !body.result)
    throw new Error(`${procedure} answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body.result.data as T;
}
