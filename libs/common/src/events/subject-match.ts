/**
 * Whether a NATS subject matches a filter: `*` stands for one token, a final `>` for one or more
 * (NATS's own rules). Used where the server does not filter for us: a replayed dead letter says
 * its event's subject in a header, which its consumer checks against the filter it follows.
 */
export function subjectMatches(subject: string, filter: string): boolean {
  const s = subject.split('.');
  const f = filter.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return i === f.length - 1 && s.length > i;
    if (i >= s.length || (f[i] !== '*' && f[i] !== s[i]) || s[i] === '') return false;
  }
  return s.length === f.length;
}
