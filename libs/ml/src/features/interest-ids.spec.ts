import { normalizeInterest } from '@app/contracts';
import { interestIds } from './interest-ids';

describe('interestIds', () => {
  it('numbers distinct normalized interests in first-seen order, with one dictionary for every caller', () => {
    expect(normalizeInterest('  Rock Climbing ')).toBe('rock climbing');
    const a = Array.from(interestIds(['Hiking', 'jazz', ' hiking ', 'JAZZ', 'chess']));
    expect(a).toHaveLength(3);
    expect(new Set(a).size).toBe(3);
    // Another profile's ids mean the same words.
    const b = Array.from(interestIds(['chess', 'HIKING', 'golf']));
    expect(b.slice(0, 2)).toEqual([a[2], a[0]]);
    expect(a).not.toContain(b[2]);
    expect(Array.from(interestIds([]))).toEqual([]);
  });
});
