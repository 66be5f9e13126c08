/**
 * A JSON request body read as Express's body parser (`express.json()`, strict) read it, so that
 * every answer to a bad body is the one the API has always given: an empty body is `{}`; a body
 * must be an object or an array; anything else, or JSON that does not parse, fails as
 * `entity.parse.failed` (400), which the error filter reports as `body: request body is not
 * valid JSON (...)`. Pure, so unit-tested.
 */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  // The first character after JSON's whitespace (space, tab, line feed, carriage return).
  const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw parseFailed(`Unexpected token ${first} in JSON at position 0`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw parseFailed((err as Error).message);
  }
}

/** The error Express's body parser raises for a body that is not JSON. */
function parseFailed(message: string): Error & { type: string; status: number } {
  return Object.assign(new SyntaxError(message), { type: 'entity.parse.failed', status: 400 });
}
