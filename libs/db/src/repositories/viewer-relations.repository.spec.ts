import { relationsOf } from '@app/ml/candidates';
import { toHistory } from './viewer-relations.repository';

describe('toHistory', () => {
  it('excludes everything the viewer did and blocks against them; likers feed the reciprocal arm', () => {
    const at = '2025-01-01T00:00:00Z';
    const h = toHistory([
      { id: 2, type: 'like', created_at: at, mine: true },
      { id: 3, type: 'dislike', created_at: at, mine: true },
      { id: 4, type: 'block', created_at: at, mine: true },
      { id: 5, type: 'block', created_at: at, mine: false },
      { id: 6, type: 'super_like', created_at: at, mine: false },
      { id: 2, type: 'like', created_at: at, mine: false },
    ]);
    expect(h).toMatchObject({ swiped: [2, 3], blocked: [4, 5] });
    const r = relationsOf(h);
    expect([...r.excluded].sort()).toEqual([2, 3, 4, 5]);
    expect(r.swipes).toBe(2);
    expect(r.likers).toEqual([
      { id: 6, superLike: true, atMs: Date.parse(at) },
      { id: 2, superLike: false, atMs: Date.parse(at) },
    ]);
  });
});
