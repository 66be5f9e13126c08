import { CLOCK_SKEW_SECONDS, lifetimeProblem, parseUserId, principalOf } from './token-claims';

describe('parseUserId: one spelling per user id', () => {
  it.each([
    ['16', 16],
    [16, 16],
    ['1', 1],
    ['2147483647', 2_147_483_647],
    [2_147_483_647, 2_147_483_647],
  ])('accepts %j', (sub, id) => {
    expect(parseUserId(sub)).toBe(id);
  });

  it.each([
    ['0x10'],
    ['016'],
    ['1e1'],
    [' 16'],
    ['16 '],
    ['16\n'],
    ['+16'],
    ['16.0'],
    ['-16'],
    ['0'],
    ['00'],
    [''],
    ['2147483648'],
    ['99999999999'],
    ['１６'],
    [0],
    [-16],
    [16.5],
    [2_147_483_648],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [true],
    [null],
    [undefined],
    [[16]],
    [{ id: 16 }],
  ])('refuses %j', (sub) => {
    expect(parseUserId(sub)).toBeNull();
  });
});

describe('lifetimeProblem', () => {
  const now = 1_800_000_000;
  const max = 86_400;

  it('requires exp, as a number', () => {
    expect(lifetimeProblem({ sub: '1' }, max, now)).toMatch(/no exp/);
    expect(lifetimeProblem({ exp: '1800003600' }, max, now)).toMatch(/exp must be a number/);
    expect(lifetimeProblem({ exp: now + 60, iat: 'yesterday' }, max, now)).toMatch(/iat must be a number/);
  });

  it('accepts up to the longest lifetime, measured from iat, or from now without iat', () => {
    expect(lifetimeProblem({ exp: now + max, iat: now }, max, now)).toBeNull();
    expect(lifetimeProblem({ exp: now + max }, max, now)).toBeNull();
    expect(lifetimeProblem({ exp: now + 60, iat: now - max + 60 }, max, now)).toBeNull();
  });

  it('refuses a longer lifetime', () => {
    expect(lifetimeProblem({ exp: now + max + 1, iat: now }, max, now)).toMatch(/longer than the 86400 s/);
    expect(lifetimeProblem({ exp: now + max + 1 }, max, now)).toMatch(/longer than/);
    // Issued two days ago for three days: one day left, but it lives three.
    expect(lifetimeProblem({ exp: now + 86_400, iat: now - 2 * 86_400 }, max, now)).toMatch(/longer than/);
  });

  it('refuses an iat in the future that would stretch a token past the longest lifetime', () => {
    expect(lifetimeProblem({ exp: now + 365 * 86_400, iat: now + 365 * 86_400 - 3600 }, max, now)).toMatch(
      /longer than/,
    );
    // The issuer's clock a little ahead of ours is fine.
    expect(
      lifetimeProblem({ exp: now + max + CLOCK_SKEW_SECONDS, iat: now + CLOCK_SKEW_SECONDS }, max, now),
    ).toBeNull();
  });
});

describe('principalOf', () => {
  it('a user token names a user id, string or number, and is keyed by it', () => {
    expect(principalOf({ sub: '16' })).toEqual({ userId: 16, role: 'user', subject: '16' });
    expect(principalOf({ sub: 16, role: 'user' })).toEqual({ userId: 16, role: 'user', subject: '16' });
  });

  it.each([['0x10'], ['016'], ['1e1'], [' 16'], ['16.0'], ['-1'], [0], ['2147483648'], [undefined], ['alice']])(
    'a user token with sub %j is refused',
    (sub) => {
      expect(principalOf({ sub, role: 'user' })).toMatch(/sub must be a user id/);
    },
  );

  it('an admin token may name no user (the app backend), and keeps its subject for the rate limiter', () => {
    expect(principalOf({ sub: 'backend', role: 'admin' })).toEqual({ userId: 0, role: 'admin', subject: 'backend' });
    expect(principalOf({ role: 'admin' })).toEqual({ userId: 0, role: 'admin', subject: '' });
    expect(principalOf({ sub: '16', role: 'admin' })).toEqual({ userId: 16, role: 'admin', subject: '16' });
    expect(principalOf({ sub: { id: 1 }, role: 'admin' })).toMatch(/sub must be a string/);
  });

  it('refuses any other role', () => {
    expect(principalOf({ sub: '1', role: 'Admin' })).toMatch(/role must be/);
    expect(principalOf({ sub: '1', role: 'superuser' })).toMatch(/role must be/);
  });
});
