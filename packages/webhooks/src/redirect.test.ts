import { describe, expect, it } from 'vitest';
import { DestinationRefusedError } from './destination-guard.ts';
import { redirectStep } from './redirect.ts';

const from = new URL('https://hooks.example/in?x=1');

describe('redirectStep', () => {
  it.each([301, 302, 303, 307, 308])(
    'follows a %i to its Location, resolved against the current URL',
    (status) => {
      expect(redirectStep({ status, location: '/moved' }, from, 0, 3)).toEqual({
        kind: 'follow',
        url: new URL('https://hooks.example/moved'),
      });
      expect(redirectStep({ status, location: 'https://other.example/x' }, from, 2, 3)).toEqual({
        kind: 'follow',
        url: new URL('https://other.example/x'),
      });
    },
  );

  it('treats other statuses, and a redirect status without Location, as final', () => {
    for (const status of [200, 204, 300, 304, 305, 400, 410, 500]) {
      expect(redirectStep({ status, location: '/moved' }, from, 0, 3)).toEqual({ kind: 'final' });
    }
    expect(redirectStep({ status: 302, location: undefined }, from, 0, 3)).toEqual({ kind: 'final' });
  });

  it('rejects a redirect past the limit', () => {
    expect(redirectStep({ status: 308, location: '/again' }, from, 3, 3)).toEqual({
      kind: 'rejected',
      error: 'Gave up after 3 redirects (the next one was 308)',
    });
    expect(redirectStep({ status: 302, location: '/again' }, from, 0, 0)).toMatchObject({ kind: 'rejected' });
  });

  it('rejects a Location that is no URL', () => {
    expect(redirectStep({ status: 302, location: 'http://[::1' }, from, 0, 3)).toEqual({
      kind: 'rejected',
      error: 'Redirect 302 has an unusable Location header',
    });
  });

  it('refuses a redirect from https to http, but lets http go to https', () => {
    const step = redirectStep({ status: 307, location: 'http://hooks.example/in' }, from, 0, 3);
    expect(step.kind).toBe('refused');
    const error = step.kind === 'refused' ? step.error : null;
    expect(error).toBeInstanceOf(DestinationRefusedError);
    expect(error?.reason).toBe('scheme');
    expect(error?.message).toBe(
      'Refused the redirect from https://hooks.example to http://hooks.example: it leaves https',
    );
    expect(
      redirectStep(
        { status: 307, location: 'https://hooks.example/in' },
        new URL('http://hooks.example/'),
        0,
        3,
      ),
    ).toMatchObject({ kind: 'follow' });
  });
});
