/** Header carrying the request id over HTTP and NATS, so one id appears in every log line. */
export const REQUEST_ID_HEADER = 'x-request-id';
