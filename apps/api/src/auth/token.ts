import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError, AppErrorCode } from '../errors/app-error.ts';

const issuer = 'fixstream';
const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** "15m", "8h", "7d" to seconds. */
export function ttlSeconds(ttl: string): number {
  const match = /^(\d+)\s*([smhd])$/.exec(ttl.trim());
  if (!match) throw new Error(`Invalid token lifetime "${ttl}"`);
  return Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds];
}

export interface TokenClaims {
  userId: string;
  companyId: string;
  /**
   * The user's token version when the token was signed (its `tv` claim); null for a user without one. A token is
   * accepted only while it is still the user's (see `token-version.ts`).
   */
  tokenVersion: string | null;
}

/** Issues and checks the API's bearer tokens (HS256 JWTs). */
export interface TokenService {
  /** Leaving out `tokenVersion` signs for a user without one: for a user with one, the token is refused. */
  sign(
    claims: Omit<TokenClaims, 'tokenVersion'> & { tokenVersion?: string | null },
  ): Promise<{ token: string; expiresAt: Date }>;
  verify(token: string): Promise<TokenClaims>;
}

export function createTokenService(options: {
  secret: string;
  ttl: string;
  clockToleranceSeconds?: number;
}): TokenService {
  const key = new TextEncoder().encode(options.secret);
  const lifetime = ttlSeconds(options.ttl);
  return {
    async sign({ userId, companyId, tokenVersion = null }) {
      const issuedAt = Math.floor(Date.now() / 1000);
      const expiresAt = issuedAt + lifetime;
      const claims = tokenVersion === null ? { cid: companyId } : { cid: companyId, tv: tokenVersion };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer,
          algorithms: ['HS256'],
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        if (typeof payload.sub !== 'string' || typeof payload.cid !== 'string')
          throw new Error('claims missing');
        if (payload.tv !== undefined && typeof payload.tv !== 'string') throw new Error('bad token version');
        return { userId: payload.sub, companyId: payload.cid, tokenVersion: payload.tv ?? null };
      } catch (cause) {
        const message =
          cause instanceof errors.JWTExpired
            ? 'Your session has expired; sign in again'
            : 'Invalid access token';
        throw new AppError(AppErrorCode.Unauthenticated, message, { cause });
      }
    },
  };
}
