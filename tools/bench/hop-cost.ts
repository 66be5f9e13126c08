/**
 * What one NATS request/reply hop costs, in CPU per message, with one request in flight at a
 * time (the way most messages arrive below saturation: each wakes its process alone) and with
 * several in flight (messages share wake-ups and socket writes). It measures a nats.js responder
 * alone (`raw`) and one set up as every service is (`nest`, hop-server.ts), each on a private
 * nats-server, and reads the CPU of the responder and of nats-server from /proc, and its own
 * (the caller, sending as the services' RpcClient does). The difference
 * between the two concurrencies is the price of a process waking up for a message, which the
 * recommendation flow pays at every hop (docs/benchmarks.md, "npm run bench:hop").
 *
 *   npm run bench:hop [-- --messages 10000 --concurrency 1,8]
 */
import { parseArgs } from 'node:util';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { withAppNodeOptions } from '../cli/app-env';
import { cleanupAll, releaseOnSignals, spawnTracked } from './children';
import { startPrivateNats } from './nats';
import { distArgs, ROOT } from './paths';
import { clockTicks, readProc } from './process-cpu';
import { formatTable, num } from '@app/offline/report/table';
import { decodeRpcReply, encodeRpcRequest } from '@app/common/rpc/rpc-wire';
import { Subjects } from '@app/contracts';

const WARM_UP = 1000;

type ServerKind = 'raw' | 'nest';

interface HopRow {
  server: ServerKind;
  concurrency: number;
  messages: number;
  perSecond: number;
  responderUs: number;
  natsUs: number;
  callerUs: number;
}

/** CPU seconds a process has used so far (utime + stime), from /proc. */
function cpuSeconds(pid: number): number {
  const proc = readProc(pid);
  if (!proc) throw new Error(`process ${pid} has gone`);
  return proc.ticks / clockTicks();
}

/** Sends `total` requests, `concurrency` at a time, each as the services' RpcClient sends them. */
async function drive(nc: NatsConnection, total: number, concurrency: number): Promise<void> {
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < total) {
      const n = ++sent;
      const reply = await nc.request(
        Subjects.bench.hopEcho,
        encodeRpcRequest(Subjects.bench.hopEcho, { n }, String(n)),
        { timeout: 10_000 },
      );
      if (decodeRpcReply<{ n: number }>(reply.data).n !== n) throw new Error(`reply ${n} does not match its request`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function startResponder(kind: ServerKind, url: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const { child, stop } = spawnTracked(
    `hop ${kind}`,
    process.execPath,
    distArgs('dist/tools/bench/hop-server.js', [kind, url]),
    {
      cwd: ROOT,
      env: withAppNodeOptions(process.env as Record<string, string>),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`hop server ${kind} exited with ${code}`)));
  });
  return { pid: child.pid!, stop };
}

async function measure(kind: ServerKind, concurrencies: number[], messages: number): Promise<HopRow[]> {
  const nats = await startPrivateNats();
  const responder = await startResponder(kind, nats.url);
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  const rows: HopRow[] = [];
  try {
    for (const concurrency of concurrencies) {
      await drive(nc, WARM_UP, concurrency);
      const [r0, n0, t0] = [cpuSeconds(responder.pid), cpuSeconds(nats.pid!), performance.now()];
      const c0 = process.cpuUsage();
      await drive(nc, messages, concurrency);
      const c1 = process.cpuUsage(c0);
      const [r1, n1, t1] = [cpuSeconds(responder.pid), cpuSeconds(nats.pid!), performance.now()];
      rows.push({
        server: kind,
        concurrency,
        messages,
        perSecond: messages / ((t1 - t0) / 1000),
        responderUs: ((r1 - r0) / messages) * 1e6,
        natsUs: ((n1 - n0) / messages) * 1e6,
        callerUs: (c1.user + c1.system) / messages,
      });
    }
  } finally {
    await nc.close();
    await responder.stop();
    await nats.stop();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { messages: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '1,8' } },
  });
  const messages = Number(values.messages);
  const concurrencies = values.concurrency.split(',').map(Number);
  if (!Number.isInteger(messages) || messages < 100 || concurrencies.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new Error('--messages must be an integer of at least 100, --concurrency a list of positive integers');
  }
  releaseOnSignals();
  const rows = [
    ...(await measure('raw', concurrencies, messages)),
    ...(await measure('nest', concurrencies, messages)),
  ];
  console.log(
    `one NATS request/reply hop, ${messages} messages per row (CPU from /proc, ${clockTicks()} ticks a second):`,
  );
  const headers = [
    'responder',
    'in flight',
    'messages/s',
    'responder CPU µs/message',
    'nats-server CPU µs/message',
    'caller CPU µs/message',
  ];
  console.log(
    formatTable(
      headers,
      rows.map((r) => [
        r.server,
        r.concurrency,
        num(r.perSecond, 0),
        num(r.responderUs, 0),
        num(r.natsUs, 0),
        num(r.callerUs, 0),
      ]),
    ),
  );
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
