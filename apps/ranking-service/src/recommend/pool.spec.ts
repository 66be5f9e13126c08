import { MAX_CANDIDATE_POOL } from '@app/contracts';
import { poolSize } from './pool';

describe('poolSize', () => {
  it('gathers at least top-K, three times the page end for deep pages, never past the maximum', () => {
    expect(poolSize(100, 20, 0)).toBe(100);
    expect(poolSize(100, 50, 20)).toBe(210);
    expect(poolSize(100, 100, 400)).toBe(MAX_CANDIDATE_POOL);
  });
});
