/**
 * One NATS responder for `npm run bench:hop` (hop-cost.ts): `raw` answers with nats.js alone,
 * `nest` is a Nest microservice set up as every service is (bootstrap: the draining server on
 * the process's one connection, the reply serializer, the error filter and the RPC interceptor),
 * with one handler that echoes. Both answer in Nest's wire format (rpc-wire.ts). Prints "ready"
 * when subscribed.
 *
 *   node scripts/run-dist.js dist/tools/bench/hop-server.js raw|nest <nats url>
 */
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import type { Msg } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { DomainErrorFilter, LatencyMetrics, RpcContextInterceptor, SharedNatsConnection } from '@app/common';
import { DrainingNatsServer } from '@app/common/bootstrap/draining-nats-server';
import { RpcReplySerializer } from '@app/common/rpc/rpc-reply.serializer';
import { encodeRpcReply } from '@app/common/rpc/rpc-wire';
import { Subjects } from '@app/contracts';

const QUEUE = 'bench-hop';

interface Echo {
  n: number;
}

@Controller()
class EchoController {
  @MessagePattern(Subjects.bench.hopEcho)
  echo(@Payload() data: Echo): Echo {
    return { n: data.n };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

async function serveNest(url: string): Promise<void> {
  const nats = new SharedNatsConnection({ servers: [url], name: 'bench-hop-nest', inboxPrefix: '_INBOX' });
  const strategy = new DrainingNatsServer({ queue: QUEUE, serializer: new RpcReplySerializer() }, nats);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(EchoModule, { strategy, logger: false });
  app.useGlobalFilters(new DomainErrorFilter());
  app.useGlobalInterceptors(new RpcContextInterceptor(new LatencyMetrics('bench-hop')));
  await app.listen();
}

async function serveRaw(url: string): Promise<void> {
  const nc = await connect({ servers: url });
  const utf8 = new TextDecoder();
  nc.subscribe(Subjects.bench.hopEcho, {
    queue: QUEUE,
    callback: (err: Error | null, msg: Msg) => {
      if (err) return;
      const request = JSON.parse(utf8.decode(msg.data)) as { id: string; data: Echo };
      msg.respond(encodeRpcReply({ id: request.id, response: { n: request.data.n }, isDisposed: true }).body);
    },
  });
  await nc.flush();
}

if (require.main === module) {
  const [kind, url] = process.argv.slice(2);
  if ((kind !== 'raw' && kind !== 'nest') || !url) {
    console.error('usage: hop-server.js raw|nest <nats url>');
    process.exit(2);
  }
  (kind === 'raw' ? serveRaw(url) : serveNest(url)).then(
    () => console.log('ready'),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
