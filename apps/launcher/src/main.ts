import 'reflect-metadata';
import { type AppDefinition, bootstrapTarget } from '@app/common';
import type { AppBusUser } from '@app/contracts';
import { candidateServiceApp } from '../../candidate-service/src/candidate-service.app';
import { featureServiceApp } from '../../feature-service/src/feature-service.app';
import { gatewayApp } from '../../gateway/src/gateway.app';
import { interactionServiceApp } from '../../interaction-service/src/interaction-service.app';
import { rankingServiceApp } from '../../ranking-service/src/ranking-service.app';
import { trainerApp } from '../../trainer/src/trainer.app';
import { userServiceApp } from '../../user-service/src/user-service.app';
import { targetOf } from './target';

/** Every deployable, by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const APPS: Record<AppBusUser, AppDefinition<any>> = {
  gateway: gatewayApp,
  'user-service': userServiceApp,
  'interaction-service': interactionServiceApp,
  'feature-service': featureServiceApp,
  'candidate-service': candidateServiceApp,
  'ranking-service': rankingServiceApp,
  trainer: trainerApp,
};

/**
 * The one entry point of the product (and of its one image): `--target all` or TARGET=all runs
 * every app in this process; `--target <app>` runs that one (the microservice shape).
 */
function main(): Promise<void> {
  let target;
  try {
    target = targetOf(process.argv.slice(2), process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  return bootstrapTarget(target === 'all' ? Object.values(APPS) : [APPS[target]]);
}

void main();
