import { APP_BUS_USERS, type AppBusUser } from '@app/contracts';

/**
 * What one process runs: `all` (every app, calling each other in process) or one app by name
 * (the microservice shape: one process each, over NATS).
 */
export type Target = 'all' | AppBusUser;
export const TARGETS: readonly Target[] = ['all', ...APP_BUS_USERS];

/**
 * The target from the command line (`--target <t>` or `--target=<t>`) or else the TARGET
 * variable; throws, naming the targets, when it is missing or unknown. Pure, so unit-tested.
 */
export function targetOf(argv: readonly string[], env: NodeJS.ProcessEnv): Target {
  const at = argv.findIndex((a) => a === '--target' || a.startsWith('--target='));
  const given = at < 0 ? env.TARGET : argv[at].includes('=') ? argv[at].slice('--target='.length) : argv[at + 1];
  const choices = TARGETS.join(', ');
  if (!given) throw new Error(`no target: pass --target <target> or set TARGET, one of ${choices}`);
  if (!TARGETS.includes(given as Target)) throw new Error(`unknown target "${given}": one of ${choices}`);
  return given as Target;
}
