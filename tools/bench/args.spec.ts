import { marketDirFor, parseBenchArgs, UsageError } from './args';

describe('parseBenchArgs', () => {
  it('defaults to the 100k market, the recsys_bench database and the issue-4 load settings', () => {
    const a = parseBenchArgs([])!;
    expect(a).toMatchObject({
      target: 'both',
      market: 'var/market-100k',
      generateUsers: 100000,
      db: 'recsys_bench',
      duration: 20,
      connections: 32,
      rates: [300],
      cachedViewers: 200,
      queries: 1000,
      k: 100,
    });
    expect(a.backends).toEqual(['exact', 'hnsw', 'faiss']);
    expect(a.out).toBe('bench-results/bench.json');
  });

  it('gives a smaller market its own folder and database, so a quick run never replaces the 100k import', () => {
    const a = parseBenchArgs(['--users', '5000', '--duration', '5'])!;
    expect(a).toMatchObject({ market: 'var/market-5k', generateUsers: 5000, db: 'recsys_bench_5000', duration: 5 });
  });

  it('uses an existing --market folder as is, never generating', () => {
    const a = parseBenchArgs(['--market', 'var/market-48k/'])!;
    expect(a).toMatchObject({ market: 'var/market-48k/', generateUsers: null, db: 'recsys_bench_market_48k' });
  });

  it('measures one shape of the product or both in turn (--target), refusing any other', () => {
    expect(parseBenchArgs(['--target', 'all'])!.target).toBe('all');
    expect(parseBenchArgs(['--target', 'microservices'])!.target).toBe('microservices');
    expect(() => parseBenchArgs(['--target', 'gateway'])).toThrow(
      new UsageError('--target takes microservices, all, both, got "gateway"'),
    );
  });

  it('reads the boolean switches', () => {
    expect(parseBenchArgs(['--fresh', '--skip-train', '--skip-ann'])).toMatchObject({
      fresh: true,
      skipTrain: true,
      skipAnn: true,
      skipLoad: false,
    });
  });

  it('runs one fixed-rate scenario per --rates value, in the given order; --rate is one value', () => {
    expect(parseBenchArgs(['--rates', '200,300,400'])!.rates).toEqual([200, 300, 400]);
    expect(parseBenchArgs(['--rates', '400,50'])!.rates).toEqual([400, 50]);
    expect(parseBenchArgs(['--rates', '150'])!.rates).toEqual([150]);
    expect(parseBenchArgs(['--rate', '250'])!.rates).toEqual([250]);
  });

  it('returns null for --help', () => {
    expect(parseBenchArgs(['--help'])).toBeNull();
  });

  it.each([
    [['--users', '5000', '--market', 'x'], 'give --users or --market, not both'],
    [['--users', '10'], '--users must be an integer from 1000 to 1000000, got "10"'],
    [['--duration', '1.5'], '--duration must be an integer from 1 to 3600, got "1.5"'],
    [['--db', 'Bench-DB'], '--db must be a lower-case PostgreSQL identifier, got "Bench-DB"'],
    [['--rate', '0'], '--rate must be an integer from 1 to 100000, got "0"'],
    [['--rate', '100,200'], '--rate must be an integer from 1 to 100000, got "100,200"'],
    [['--rates', '200,,300'], '--rates takes integers from 1 to 100000 separated by commas, got "200,,300"'],
    [['--rates', '200,2.5'], '--rates takes integers from 1 to 100000 separated by commas, got "200,2.5"'],
    [['--rates', '300,300'], '--rates names 300 twice'],
    [['--rate', '300', '--rates', '200,400'], 'give --rate or --rates, not both'],
    [['--backends', 'exact,annoy'], '--backends takes exact, hnsw, faiss; unknown: annoy'],
    [['--colour'], 'unknown option --colour'],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(new UsageError(message));
  });
});

describe('marketDirFor', () => {
  it('names folders like the documented var/market-100k', () => {
    expect(marketDirFor(100000)).toBe('var/market-100k');
    expect(marketDirFor(2500)).toBe('var/market-2500');
  });
});
