import { trustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it('is a hop count, or a list of addresses, networks and names', () => {
    expect(trustProxy('loopback')).toEqual(['loopback']);
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('10.0.0.0/8, loopback')).toEqual(['10.0.0.0/8', 'loopback']);
  });
});
