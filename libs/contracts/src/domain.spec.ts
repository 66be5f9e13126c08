import { isPositiveSwipe } from './domain';

describe('isPositiveSwipe', () => {
  it('counts likes and super likes as interest, dislikes and blocks not', () => {
    expect(['like', 'super_like', 'dislike', 'block'].map((t) => isPositiveSwipe(t as never))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
