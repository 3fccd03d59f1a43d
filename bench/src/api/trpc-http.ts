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
