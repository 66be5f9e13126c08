import {
  ErrorCode,
  SERVICE_NAMES,
  Subjects,
  type ErrorPayload,
  type RpcSubject,
  type ServiceName,
} from '../../../contracts/src';
import { whileTablesLocked } from '../../../../test/support/locked-tables';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';
import { RPC_SCHEMAS } from '../validation/contracts/rpc-schemas';

/**
 * Every service's boundary: all six service processes on a private NATS and a fresh database,
 * sent malformed requests directly on their subjects, the way a compromised or buggy caller on
 * the bus would.
 */
describe('every service checks its requests against their schemas (integration)', () => {
  let fx: ServiceFixture;

  beforeAll(async () => {
    fx = await startServiceFixture('boundary', [...SERVICE_NAMES]);
  }, 120_000);
  afterAll(() => fx?.stop());

  const subjects = Object.keys(RPC_SCHEMAS) as RpcSubject[];

  it('answers VALIDATION_FAILED naming an unknown field on every subject of every service, without touching the database', async () => {
    const refusals = await whileTablesLocked(fx.databaseUrl, () =>
      Promise.all(
        subjects.map(async (subject) => ({
          subject,
          reply: await fx.rpc.sendExpectingError(subject, { unexpected_field: "1'; DROP TABLE users; --" } as never),
        })),
      ),
    );
    for (const { subject, reply } of refusals)
      expect({ subject, reply }).toEqual({
        subject,
        reply: {
          code: ErrorCode.ValidationFailed,
          message: expect.stringContaining('unexpected_field: unknown field'),
          details: expect.arrayContaining([{ field: 'unexpected_field', reasons: ['unknown field'] }]),
        } satisfies ErrorPayload,
      });
    const { rows } = await fx.db.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'users'`);
    expect(rows[0].n).toBe(1);
  });

  it('counts a refused request as an answer of its handler, not as an error', async () => {
    const byService = new Map<ServiceName, RpcSubject>([
      ['user-service', Subjects.users.delete],
      ['feature-service', Subjects.features.batch],
      ['trainer', Subjects.training.enqueue],
    ]);
    for (const [service, subject] of byService) {
      await fx.rpc.sendExpectingError(subject, {} as never);
      const { handlers } = await fx.rpc.send(Subjects.health.metrics(service), {});
      const counted = handlers.find((h) => h.name === subject);
      expect({ subject, errors: counted?.errors, answered: (counted?.count ?? 0) >= 1 }).toEqual({
        subject,
        errors: 0,
        answered: true,
      });
    }
  });
});
