import { Gauge, type Registry } from 'prom-client';

/**
 * A gauge whose value is read at each scrape (a backlog in PostgreSQL, say). A read that fails,
 * or gives null, leaves the gauge out of that scrape rather than failing it: the `up` series and
 * the other alerts say what is wrong.
 */
export function scrapeGauge(o: {
  name: string;
  help: string;
  registry: Registry;
  read: () => Promise<number | null>;
}): void {
  const { read } = o;
  new Gauge({
    name: o.name,
    help: o.help,
    registers: [o.registry],
    async collect() {
      const value = await read().catch(() => null);
      // remove(), not reset(): an unlabelled gauge reset to nothing still shows 0.
      if (value === null) this.remove();
      else this.set(value);
    },
  });
}
