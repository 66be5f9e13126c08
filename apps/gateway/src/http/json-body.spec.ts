import { parseJsonBody } from './json-body';

const body = (text: string) => Buffer.from(text, 'utf8');

describe('parseJsonBody (a JSON body read as Express read it)', () => {
  it('reads an object or an array, and an empty body as {}', () => {
    expect(parseJsonBody(body('{"a":1,"b":[true,null]}'))).toEqual({ a: 1, b: [true, null] });
    expect(parseJsonBody(body(' \n[1,2]'))).toEqual([1, 2]);
    expect(parseJsonBody(body(''))).toEqual({});
    expect(parseJsonBody(body('  \r\n'))).toEqual({});
  });

  it.each([
    ['a string', '"text"'],
    ['a number', '42'],
    ['null', 'null'],
    ['a truncated object', '{"a":'],
    ['not JSON at all', '{bad'],
  ])('refuses %s as entity.parse.failed (400)', (_what, text) => {
    let thrown: unknown;
    try {
      parseJsonBody(body(text));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ type: 'entity.parse.failed', status: 400 });
    expect((thrown as Error).message).not.toBe('');
  });

  it('keeps a __proto__ key as data, as JSON.parse does (the schema checks refuse it later)', () => {
    const parsed = parseJsonBody(body('{"__proto__":{"admin":true}}')) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
