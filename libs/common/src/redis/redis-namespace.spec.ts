import { redisNamespace } from './redis-namespace';

describe('redisNamespace', () => {
  it("follows the database, so deployments sharing one Redis never see each other's keys", () => {
    expect(redisNamespace('postgres://postgres@127.0.0.1:5432/recsys', '')).toBe('recsys:recsys:');
    expect(redisNamespace('postgres://postgres@127.0.0.1:5432/recsys_test_e2e_42', '')).toBe(
      'recsys:recsys_test_e2e_42:',
    );
  });

  it('uses an explicit prefix when one is given, ending it with a colon', () => {
    expect(redisNamespace('postgres://h/db', 'prod-eu')).toBe('prod-eu:');
    expect(redisNamespace('postgres://h/db', 'prod-eu:')).toBe('prod-eu:');
  });
});
