import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigRule, emptyAsAbsent, inProduction } from './config-rule';
import { DEFAULT_REDELIVERY } from '../events/redelivery';

/**
 * A boolean variable from its text. Reads the raw value (`obj[key]`): with implicit conversion
 * on, `value` is already Boolean("false"), which is true.
 */
const toBool = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()) : raw;
};

/** Settings every deployable reads. Defaults work on a development machine with local services. */
export class ServiceConfig {
  @IsIn(['development', 'test', 'production'])
  ENVIRONMENT: 'development' | 'test' | 'production' = 'development';

  @IsBoolean()
  @Transform(toBool)
  DEBUG: boolean = false;

  @IsIn([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'FATAL',
    'ERROR',
    'WARNING',
    'WARN',
    'INFO',
    'DEBUG',
    'CRITICAL',
  ])
  LOG_LEVEL: string = 'INFO';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  @ConfigRule<ServiceConfig>(
    'databasePassword',
    (c) => !inProduction(c) || c.ALLOW_PASSWORDLESS_DATABASE || databaseHasPassword(c),
    'in production the database login needs a password (in the URL or PGPASSWORD); ' +
      'set ALLOW_PASSWORDLESS_DATABASE=true if PostgreSQL authenticates this client otherwise (certificates)',
  )
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/recsys';

  /** node-postgres reads it when DATABASE_URL has no password; only checked here (production refusals). */
  @Transform(emptyAsAbsent)
  PGPASSWORD?: string;

  /** Production accepts a DATABASE_URL without password only with this set (certificate or peer authentication). */
  @IsBoolean()
  @Transform(toBool)
  ALLOW_PASSWORDLESS_DATABASE: boolean = false;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @Matches(/^(nats|tls|ws|wss):\/\/[^,]+(,(nats|tls|ws|wss):\/\/[^,]+)*$/, {
    message: 'NATS_URL must be one or more comma-separated nats:// URLs',
  })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /**
   * This app's NATS user and password. The shipped nats-server configuration (deploy/nats,
   * generated from BUS_ACCESS) has one user per app, named after it, allowed only the subjects
   * the app needs. Without them the app connects anonymously, which only a NATS without
   * authentication accepts (a development machine's); production refuses that unless
   * ALLOW_UNAUTHENTICATED_NATS is set.
   */
  @Transform(emptyAsAbsent)
  @ConfigRule<ServiceConfig>(
    'natsUserWithPassword',
    (c) => (c.NATS_USER === undefined) === (c.NATS_PASSWORD === undefined),
    'NATS_USER and NATS_PASSWORD go together: set both or neither',
  )
  @ConfigRule<ServiceConfig>(
    'natsAuthInProduction',
    (c) => !inProduction(c) || c.ALLOW_UNAUTHENTICATED_NATS || c.NATS_USER !== undefined,
    'required in production (with NATS_PASSWORD: the NATS credentials of this app); ' +
      'set ALLOW_UNAUTHENTICATED_NATS=true to run on a NATS without authentication',
  )
  NATS_USER?: string;

  @Transform(emptyAsAbsent)
  NATS_PASSWORD?: string;

  /** Production connects to NATS without credentials only with this set. */
  @IsBoolean()
  @Transform(toBool)
  ALLOW_UNAUTHENTICATED_NATS: boolean = false;

  /**
   * TLS to NATS: the CA file that signed the server's certificate, and this app's certificate
   * and key files when the server asks for client certificates. Setting any of them, or a
   * tls:// URL, makes TLS required: a server without it is refused.
   */
  @Transform(emptyAsAbsent)
  NATS_TLS_CA?: string;

  @Transform(emptyAsAbsent)
  @ConfigRule<ServiceConfig>(
    'natsCertWithKey',
    (c) => (c.NATS_TLS_CERT === undefined) === (c.NATS_TLS_KEY === undefined),
    'NATS_TLS_CERT and NATS_TLS_KEY go together: set both or neither',
  )
  NATS_TLS_CERT?: string;

  @Transform(emptyAsAbsent)
  NATS_TLS_KEY?: string;

  /** How long a NATS request waits for a reply before the caller reports the service unavailable. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  RPC_TIMEOUT_MS: number = 5000;

  /** Deliveries of an event to a durable consumer before it becomes a dead letter (event-consumer.ts). */
  @IsInt()
  @Min(1)
  @Max(100)
  EVENT_MAX_DELIVERIES: number = DEFAULT_REDELIVERY.maxDeliveries;

  /** Waits before each redelivery of a failed event, comma-separated milliseconds; the last repeats. */
  @Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    // Empty, like unset: the default.
    return value.trim() === '' ? [...DEFAULT_REDELIVERY.backoffMs] : value.split(',').map((v) => Number(v.trim()));
  })
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(3_600_000, { each: true })
  @ArrayNotEmpty({ message: 'EVENT_REDELIVERY_BACKOFF_MS must list at least one wait' })
  EVENT_REDELIVERY_BACKOFF_MS: number[] = [...DEFAULT_REDELIVERY.backoffMs];

  /**
   * A handler (HTTP route or NATS subject) taking at least this long is logged as a warning with
   * its request id, at most 10 lines a second per process; 0 turns it off. Matches a slow
   * answer with the hop that was slow, across the services' logs.
   */
  @IsInt()
  @Min(0)
  SLOW_REQUEST_MS: number = 500;

  /**
   * Port of a NATS service's own HTTP listener: GET /metrics (Prometheus), /health/live and
   * /health/ready (its dependencies), for scrapers and the probes of its pods. 0 (the default,
   * so that the services of one machine do not compete for a port): none. The gateway serves the
   * same paths on its API port and ignores this.
   */
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = 0;

  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE: number = 10;

  @IsString()
  SERVICE_INSTANCE: string = `${process.pid}`;

  /**
   * Services that mirror every profile in memory (candidate generation, the feature store)
   * re-read them all this often, a safety net under the user events that keep them fresh.
   */
  @IsInt()
  @Min(1000)
  PROFILES_RELOAD_MS: number = 600_000;

  /**
   * How often each service's erasure sweep looks for what it keeps of users who no longer exist
   * (Redis keys, stored model artifacts, in-memory copies) and erases it: the safety net under
   * the deletion event (late events, races with training, missed events). With the default the
   * whole erasure finishes within 10 minutes of a deletion (ARCHITECTURE.md, "Erasure"); at most
   * 10 minutes.
   */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  ERASURE_SWEEP_MS: number = 300_000;

  /** feature-service: how often it checks whether the trainer recomputed `user_aggregates` (then re-reads them). */
  @IsInt()
  @Min(100)
  AGGREGATES_POLL_MS: number = 30_000;

  /**
   * Whether a person sees the likes they received ("likes you"): in lists, counts, timelines,
   * mutual checks, candidate sources and explanations. Off hides them everywhere until they
   * like back (a match shows both likes). Dislikes and blocks received are never shown.
   */
  @IsBoolean()
  @Transform(toBool)
  REVEAL_RECEIVED_LIKES: boolean = true;

  get natsServers(): string[] {
    return this.NATS_URL.split(',');
  }
}

/** Whether the database login has a password: in DATABASE_URL, or in PGPASSWORD. */
function databaseHasPassword(config: ServiceConfig): boolean {
  if (config.PGPASSWORD) return true;
  try {
    return new URL(config.DATABASE_URL).password !== '';
  } catch {
    return true; // not a URL: its own rule reports it
  }
}
