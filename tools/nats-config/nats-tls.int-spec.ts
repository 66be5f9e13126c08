import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { BUS_USERS, busPasswordVariable } from '@app/contracts';
import { loadConfig } from '@app/common/config/load-config';
import { ServiceConfig } from '@app/common/config/service-config';
import { natsConnectionOptions, toConnectOptions } from '@app/common/nats/nats-connect-options';
import { type NatsHandle, startNats, stopNats } from '../../test/support/infra';
import { busPassword, SHIPPED_CONFIG_FILES } from './nats-permissions';

const SHIPPED = join(__dirname, '..', '..', SHIPPED_CONFIG_FILES[0]);

/** Runs openssl (Debian's, always present where nats-server is), failing loudly. */
function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
}

/**
 * A throwaway CA and a server certificate signed by it, in `dir`: for 127.0.0.1, and for
 * localhost, the name nats.js checks when connecting to 127.0.0.1.
 */
function makeCertificates(dir: string): void {
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const key = ['-newkey', 'rsa:2048', '-nodes'];
  openssl(
    ['req', '-x509', ...key, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test-ca'],
    dir,
  );
  openssl(['req', ...key, '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial'].concat([
      '-out',
      'server.pem',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    ]),
    dir,
  );
}

/**
 * TLS to NATS with the apps' own connection options (natsConnectionOptions from the config):
 * the shipped configuration with TLS from nats-server's command line, as the file's header says.
 */
describe('NATS over TLS (integration)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-nats-tls-'));
  // busPassword: a bare random one starting with a digit would not parse in nats-server's configuration.
  const password = busPassword((n) => randomBytes(n).toString('base64url'));
  const env = Object.fromEntries(BUS_USERS.map((u) => [busPasswordVariable(u), password]));
  let tls: NatsHandle;
  let plain: NatsHandle;

  beforeAll(async () => {
    makeCertificates(dir);
    const probe = { user: 'gateway', pass: password, tls: { caFile: join(dir, 'ca.pem') } };
    const certs = ['--tlscert', join(dir, 'server.pem'), '--tlskey', join(dir, 'server-key.pem')];
    tls = await startNats({ configFile: SHIPPED, env, args: certs, probe });
    plain = await startNats({ configFile: SHIPPED, env, probe: { user: 'gateway', pass: password } });
  });

  afterAll(async () => {
    if (tls) await stopNats(tls);
    if (plain) await stopNats(plain);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Connects as the gateway would with `vars` in its environment. */
  const connectWith = (vars: Record<string, string>) =>
    connect({
      ...toConnectOptions(
        natsConnectionOptions(
          'gateway',
          loadConfig(ServiceConfig, { NATS_USER: 'gateway', NATS_PASSWORD: password, ...vars }),
        ),
      ),
      reconnect: false,
    });

  it('connects over TLS trusting the CA of NATS_TLS_CA, with a nats:// or a tls:// URL', async () => {
    for (const scheme of ['nats', 'tls']) {
      const nc = await connectWith({
        NATS_URL: `${scheme}://127.0.0.1:${new URL(tls.url).port}`,
        NATS_TLS_CA: join(dir, 'ca.pem'),
      });
      expect(nc.info?.tls_required).toBe(true);
      await nc.rtt();
      await nc.close();
    }
  });

  it('refuses a server certificate from an unknown CA', async () => {
    await expect(connectWith({ NATS_URL: tls.url })).rejects.toThrow();
  });

  it('refuses a server without TLS when TLS is asked for (NATS_TLS_CA or a tls:// URL)', async () => {
    const port = new URL(plain.url).port;
    await expect(connectWith({ NATS_URL: plain.url, NATS_TLS_CA: join(dir, 'ca.pem') })).rejects.toThrow(/tls/i);
    await expect(connectWith({ NATS_URL: `tls://127.0.0.1:${port}` })).rejects.toThrow(/tls/i);
    // Without either, the plain server is fine.
    const nc = await connectWith({ NATS_URL: plain.url });
    await nc.close();
  });
});
