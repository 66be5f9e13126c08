import 'reflect-metadata';
import { loadConfig } from '../config/load-config';
import { ServiceConfig } from '../config/service-config';
import { anonymousNatsWarning, natsConnectionOptions, serversForLog, toConnectOptions } from './nats-connect-options';

const config = (env: Record<string, string>) => loadConfig(ServiceConfig, { SERVICE_INSTANCE: '7', ...env });

describe('NATS connection options', () => {
  it('connects anonymously without credentials, with the app name and its own reply inboxes', () => {
    const o = natsConnectionOptions('ranking-service', config({}));
    expect(o).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      name: 'ranking-service-7',
      inboxPrefix: '_INBOX.ranking-service',
    });
    expect(toConnectOptions(o)).toMatchObject({ inboxPrefix: '_INBOX.ranking-service', maxReconnectAttempts: -1 });
    expect(toConnectOptions(o)).not.toHaveProperty('user');
    expect(toConnectOptions(o)).not.toHaveProperty('tls');
  });

  it('logs in with NATS_USER and NATS_PASSWORD', () => {
    const o = natsConnectionOptions('gateway', config({ NATS_USER: 'gateway', NATS_PASSWORD: 'pw' }));
    expect(toConnectOptions(o)).toMatchObject({ user: 'gateway', pass: 'pw', inboxPrefix: '_INBOX.gateway' });
  });

  it('requires TLS for a tls:// URL or any TLS file, with the files given', () => {
    expect(natsConnectionOptions('trainer', config({ NATS_URL: 'tls://nats:4222' })).tls).toEqual({});
    const files = { NATS_TLS_CA: '/ca.pem', NATS_TLS_CERT: '/c.pem', NATS_TLS_KEY: '/k.pem' };
    expect(toConnectOptions(natsConnectionOptions('trainer', config(files))).tls).toEqual({
      caFile: '/ca.pem',
      certFile: '/c.pem',
      keyFile: '/k.pem',
    });
  });

  it('shows servers in logs without the user or password a URL may carry', () => {
    expect(serversForLog(['nats://u:secret@a:4222', 'tls://b:4222', 'nats://token@c'])).toBe(
      'nats://a:4222,tls://b:4222,nats://c',
    );
  });

  it('warns at boot only when connecting without credentials', () => {
    expect(anonymousNatsWarning(config({}))).toMatch(/no credentials .*ALLOW_UNAUTHENTICATED_NATS=true/);
    expect(anonymousNatsWarning(config({ NATS_USER: 'trainer', NATS_PASSWORD: 'pw' }))).toBeNull();
  });
});
