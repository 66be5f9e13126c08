import type { ApiResponse } from './api';

/** An id no test creates (the largest the API accepts). */
export const UNKNOWN_ID = 2_147_483_647;
/** Path ids the API must refuse with 400. */
export const BAD_IDS = ['abc', '0', '-1', '1.5', '99999999999'];

/** Asserts a 400 VALIDATION_FAILED whose details and message name `field`, with a request id. */
export function expectBadInput(res: ApiResponse, field: string): void {
  const got = {
    status: res.status,
    error: res.body?.error,
    fields: (res.body?.details ?? []).map((d: { field: string }) => d.field),
    message: res.body?.message,
  };
  expect(got).toMatchObject({ status: 400, error: 'VALIDATION_FAILED', fields: expect.arrayContaining([field]) });
  expect(got.message).toContain(field);
  expect(typeof res.body.request_id).toBe('string');
}

/** Asserts a status and error code (message shown on failure). */
export function expectStatus(res: ApiResponse, status: number, error: string): void {
  expect({ status: res.status, error: res.body?.error, message: res.body?.message }).toMatchObject({ status, error });
}
