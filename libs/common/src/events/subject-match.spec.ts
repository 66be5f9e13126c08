import { subjectMatches } from './subject-match';

describe('subjectMatches', () => {
  it.each([
    ['events.interaction.created', 'events.interaction.created', true],
    ['events.user.deleted', 'events.user.*', true],
    ['events.user.deleted', 'events.>', true],
    ['events', 'events.>', false],
    ['events.user', 'events.user.*', false],
    ['events.user.deleted.x', 'events.user.*', false],
    ['events.interaction.created', 'events.user.*', false],
    ['', 'events.user.*', false],
    ['events..deleted', 'events.*.deleted', false],
  ])('%s against %s: %s', (subject, filter, expected) => {
    expect(subjectMatches(subject, filter)).toBe(expected);
  });
});
