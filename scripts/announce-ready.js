#!/usr/bin/env node
// Waits until the gateway reports every service ready, then prints where to look.
const port = process.env.PORT || '8000';
const base = `http://localhost:${port}`;
const deadline = Date.now() + 120_000;

(async function poll() {
  try {
    const res = await fetch(`${base}/api/v1/health/ready`);
    if (res.status === 200) {
      console.log(
        [
          '',
          'Everything is up:',
          `  API          ${base}/api/v1`,
          `  Swagger UI   ${base}/docs`,
          `  ReDoc        ${base}/redoc`,
          `  Health       ${base}/api/v1/health/`,
          `  Metrics      ${base}/api/v1/health/metrics`,
          '  Tokens       npm run token -- --sub <user id>   |   npm run token -- --sub backend --role admin',
          '',
        ].join('\n'),
      );
      return;
    }
  } catch {
    /* not up yet */
  }
  if (Date.now() > deadline) {
    console.error(`the stack did not become ready within 2 minutes: see the logs above, or ${base}/api/v1/health/`);
    process.exit(1);
  }
  setTimeout(poll, 500);
})();
