import type { DataSource } from 'typeorm';
import { Subjects } from '@app/contracts';
import { useFreshDatabase } from '../../../../test/support/infra';
import { createDataSource } from '../data-source';
import type { ModelVersionData } from '../entities/model-version.entity';
import { ModelVersionsRepository, type TrainedModel } from './model-versions.repository';

describe('ModelVersionsRepository (integration)', () => {
  let ds: DataSource;
  // Declared before the database's own clean-up, so the pool closes before it is dropped.
  afterAll(() => ds?.destroy());
  const url = useFreshDatabase('model_versions_repo');
  beforeAll(async () => {
    ds = createDataSource(url(), 4);
    await ds.initialize();
  });
  beforeEach(() => ds.query('DELETE FROM model_versions; DELETE FROM outbox_events'));

  const versions = () => new ModelVersionsRepository(ds.manager);
  const data = (maxInteractionId: number): ModelVersionData => ({
    users: 3,
    interactions: 9,
    max_interaction_id: maxInteractionId,
    cutoff_ms: 1000,
  });
  const trained = (bytes: string, maxInteractionId = 9): TrainedModel => ({
    metrics: { ndcg: 0.5, auc: Number.NaN },
    data: data(maxInteractionId),
    artifact: Buffer.from(bytes),
  });
  const statusOf = async (version: number) =>
    (await versions().list('embeddings')).find((v) => v.version === version)?.status;

  it('matches the migration exactly: TypeORM would change nothing of model_versions', async () => {
    const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(pending.filter((q) => q.includes('model_versions'))).toEqual([]);
  });

  it('numbers versions per kind, even when opened concurrently', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => versions().open('embeddings', { dim: 8 })));
    expect(opened.sort()).toEqual([1, 2, 3, 4]);
    expect(await versions().open('ranker', { epochs: 2 })).toBe(1);
    const listed = await versions().list('embeddings');
    const expected = [4, 3, 2, 1].map((n) => [n, 'training', { dim: 8 }, false]);
    expect(listed.map((v) => [v.version, v.status, v.params, v.hasArtifact])).toEqual(expected);
  });

  it('activates a version in one transaction with its event, retiring the one it was compared with', async () => {
    const v1 = await versions().open('embeddings', {});
    expect(await versions().activate('embeddings', v1, null, trained('one'))).toBe(true);
    const v2 = await versions().open('embeddings', {});
    expect(await versions().activate('embeddings', v2, v1, trained('two', 20))).toBe(true);

    expect(await versions().activeVersion('embeddings')).toBe(v2);
    expect(await versions().artifactOf('embeddings', v1)).toEqual(Buffer.from('one'));
    const active = { version: v2, artifact: Buffer.from('two'), data: data(20) };
    expect(await versions().active('embeddings')).toEqual(active);
    expect(await versions().activeVersion('ranker')).toBeNull();
    const listed = await versions().list();
    expect(listed.map((v) => [v.kind, v.version, v.status, v.activatedAt !== null])).toEqual([
      ['embeddings', v2, 'active', true],
      ['embeddings', v1, 'retired', true],
    ]);
    // The metric that could not be computed is left out (JSON has no NaN).
    expect(listed[0].metrics).toEqual({ ndcg: 0.5 });
    const events = await ds.query(`SELECT subject, payload FROM outbox_events ORDER BY id`);
    const announced = (version: number) => ({
      subject: Subjects.events.modelActivated,
      payload: { kind: 'embeddings', version },
    });
    expect(events).toEqual([announced(v1), announced(v2)]);
  });

  it('rejects an activation when another version went active meanwhile', async () => {
    const v1 = await versions().open('ranker', {});
    const v2 = await versions().open('ranker', {});
    expect(await versions().activate('ranker', v1, null, trained('one'))).toBe(true);
    expect(await versions().activate('ranker', v2, null, trained('two'))).toBe(false);
    const [second] = (await versions().list('ranker')).filter((v) => v.version === v2);
    const decision = `rejected: version ${v1} was activated while this one trained`;
    expect(second).toMatchObject({ status: 'rejected', hasArtifact: true, data: { decision } });
    expect(await versions().activeVersion('ranker')).toBe(v1);
  });

  it('knows the newest interaction a finished version saw, leaving out failed and training ones', async () => {
    expect(await versions().lastTrainedInteractionId('embeddings')).toBeNull();
    const v1 = await versions().open('embeddings', {});
    await versions().reject('embeddings', v1, trained('one', 41));
    const v2 = await versions().open('embeddings', {});
    await versions().activate('embeddings', v2, null, trained('two', 40));
    expect(await versions().lastTrainedInteractionId('embeddings')).toBe(41);
    const v3 = await versions().open('embeddings', {});
    await versions().reject('embeddings', v3, trained('three', 99));
    await ds.query(`UPDATE model_versions SET status = 'failed' WHERE version = $1`, [v3]);
    expect(await versions().lastTrainedInteractionId('embeddings')).toBe(41);
  });

  it('fails, discards and frees versions, and fails only those abandoned long enough ago', async () => {
    const [a, b, c, d] = [1, 2, 3, 4];
    for (const n of [a, b, c, d]) expect(await versions().open('embeddings', {})).toBe(n);
    await versions().fail('embeddings', a, 'worker ran out of memory');
    await versions().discard('embeddings', b);
    await ds.query(`UPDATE model_versions SET trained_at = now() - interval '2 hours' WHERE version = $1`, [c]);
    await versions().failAbandoned('embeddings', 3600_000);
    expect((await versions().list('embeddings')).map((v) => [v.version, v.status, v.data.decision])).toEqual([
      [d, 'training', undefined],
      [c, 'failed', 'failed: abandoned (the worker stopped mid-training)'],
      [a, 'failed', 'failed: worker ran out of memory'],
    ]);

    await versions().reject('embeddings', d, trained('four'));
    expect(await versions().artifactStates('embeddings')).toEqual(
      expect.arrayContaining([
        { version: d, status: 'rejected', hasArtifact: true },
        { version: a, status: 'failed', hasArtifact: false },
      ]),
    );
    await versions().freeArtifacts('embeddings', [d]);
    await versions().freeArtifacts('embeddings', []);
    expect(await versions().artifactOf('embeddings', d)).toBeNull();
    expect(await statusOf(d)).toBe('rejected');
  });

  it('reads a slice of an artifact, replaces stored artifacts only, and serializes with the kind\u2019s lock', async () => {
    const [a, b] = [await versions().open('embeddings', {}), await versions().open('embeddings', {})];
    await versions().reject('embeddings', a, trained('0123456789'));
    expect(await versions().versionsWithArtifacts('embeddings')).toEqual([a]);
    expect((await versions().artifactSlice('embeddings', a, 3, 4))!.toString()).toBe('3456');
    expect(await versions().artifactSlice('embeddings', b, 0, 4)).toBeNull();
    await versions().replaceArtifact('embeddings', a, Buffer.from('clean'));
    await versions().replaceArtifact('embeddings', b, Buffer.from('never trained'));
    expect((await versions().artifactOf('embeddings', a))!.toString()).toBe('clean');
    expect(await versions().artifactOf('embeddings', b)).toBeNull();

    // Opening a version (which takes the lock) waits for a locked rewrite to commit.
    const order: string[] = [];
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const locked = versions().withKindLock('embeddings', async (v) => {
      order.push('locked');
      await held;
      await v.replaceArtifact('embeddings', a, Buffer.from('rewritten'));
      order.push('rewritten');
    });
    await new Promise((r) => setTimeout(r, 50));
    const opening = versions()
      .open('embeddings', {})
      .then(() => order.push('opened'));
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([locked, opening]);
    expect(order).toEqual(['locked', 'rewritten', 'opened']);
  });
});
