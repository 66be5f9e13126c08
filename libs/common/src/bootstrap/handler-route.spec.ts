import { Subjects } from '@app/contracts';
import { handlerRoute } from './handler-route';

describe('handlerRoute', () => {
  const registered = new Set([Subjects.candidates.generate, '{"cmd":"sum"}']);
  const nestWay = (subject: string): string => `nest:${subject}`;

  it('answers a registered plain subject with itself, without asking Nest', () => {
    const fallback = jest.fn(nestWay);
    expect(handlerRoute(Subjects.candidates.generate, registered, fallback)).toBe(Subjects.candidates.generate);
    expect(fallback).not.toHaveBeenCalled();
  });

  it("leaves any other subject to Nest's parsing (an object pattern written differently, or one with no handler)", () => {
    const fallback = jest.fn(nestWay);
    expect(handlerRoute('{"cmd": "sum"}', registered, fallback)).toBe('nest:{"cmd": "sum"}');
    expect(handlerRoute('users.nope', registered, fallback)).toBe('nest:users.nope');
    expect(fallback).toHaveBeenCalledTimes(2);
  });
});
