import 'reflect-metadata';
import { bootstrap } from '@app/common';
import { gatewayApp } from './gateway.app';

void bootstrap(gatewayApp);
