import { JsonLogger } from './json-logger';

/** A logger whose lines are collected, parsed. */
function collecting(level = 'DEBUG'): { logger: JsonLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger('svc', level, {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

describe('JsonLogger', () => {
  it("writes a request's id when the caller passes it in the message object, and none otherwise", () => {
    const { logger, lines } = collecting();
    logger.warn({ msg: 'slow: x took 70 ms', request_id: 'req-1' }, 'SlowHandler');
    logger.log('listening', 'Bootstrap');
    expect(lines[0]).toMatchObject({
      level: 'warn',
      service: 'svc',
      context: 'SlowHandler',
      msg: 'slow: x took 70 ms',
      request_id: 'req-1',
    });
    expect(lines[1]).toMatchObject({ level: 'info', context: 'Bootstrap', msg: 'listening' });
    expect(lines[1]).not.toHaveProperty('request_id');
  });

  it('writes an error given as an object (message, stack, request id) as its fields, with the context', () => {
    const { logger, lines } = collecting();
    logger.error({ msg: 'boom', stack: 'Error: boom\n    at handler', request_id: 'req-2' }, undefined, 'RpcError');
    expect(lines[0]).toMatchObject({
      level: 'error',
      context: 'RpcError',
      msg: 'boom',
      stack: 'Error: boom\n    at handler',
      request_id: 'req-2',
    });
  });

  it('keeps the string forms: a message with a stack and a context, an Error, and drops lines below its level', () => {
    const { logger, lines } = collecting('INFO');
    logger.error('plain', 'the stack', 'Ctx');
    logger.error(new Error('thrown'), 'Ctx');
    logger.debug('not shown');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ context: 'Ctx', stack: 'the stack', msg: 'plain' });
    expect(lines[1]).toMatchObject({ context: 'Ctx', msg: 'thrown', err: { message: 'thrown' } });
  });
});
