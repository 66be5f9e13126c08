#!/usr/bin/env node
// Checks that PostgreSQL, Redis and NATS answer at the configured URLs; explains the fix if not.
const { Client } = require('pg');
const Redis = require('ioredis');
const { connect } = require('@nats-io/transport-node');

const env = process.env;
const urls = {
  postgres: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/recsys',
  redis: env.REDIS_URL || 'redis://127.0.0.1:6379',
  nats: (env.NATS_URL || 'nats://127.0.0.1:4222').split(','),
};
const HOWTO = {
  postgres:
    'start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or set DATABASE_URL)',
  redis:
    'start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no   (or set REDIS_URL)',
  nats: 'start it: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server   (or set NATS_URL); JetStream (-js) is required',
};

async function checkPostgres() {
  const admin = new URL(urls.postgres);
  admin.pathname = '/postgres'; // the app database may not exist yet: migrate creates it
  const c = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  await c.connect();
  await c.query('SELECT 1');
  await c.end();
}
async function checkRedis() {
  const r = new Redis(urls.redis, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
  } finally {
    r.disconnect();
  }
}
async function checkNats() {
  const nc = await connect({ servers: urls.nats, reconnect: false, timeout: 3000 });
  try {
    const info = nc.info;
    if (!info || !info.jetstream) throw new Error('server runs without JetStream (start nats-server with -js)');
  } finally {
    await nc.close();
  }
}

(async () => {
  const checks = { postgres: checkPostgres, redis: checkRedis, nats: checkNats };
  let failed = 0;
  for (const [name, check] of Object.entries(checks)) {
    try {
      await check();
      console.log(`  ok   ${name}`);
    } catch (err) {
      failed++;
      console.log(`  FAIL ${name} at ${[].concat(urls[name]).join(',')}: ${err.message}\n       ${HOWTO[name]}`);
    }
  }
  process.exit(failed ? 1 : 0);
})();
