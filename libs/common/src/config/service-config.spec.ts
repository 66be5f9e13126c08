import 'reflect-metadata';
import { loadConfig } from './load-config';
import { ServiceConfig } from './service-config';

describe('ServiceConfig', () => {
  it('reads boolean variables from their text: "false" is false', () => {
    const off = loadConfig(ServiceConfig, { REVEAL_RECEIVED_LIKES: 'false', DEBUG: 'false' });
    expect(off.REVEAL_RECEIVED_LIKES).toBe(false);
    expect(off.DEBUG).toBe(false);
    const on = loadConfig(ServiceConfig, { REVEAL_RECEIVED_LIKES: 'TRUE', DEBUG: '1' });
    expect(on.REVEAL_RECEIVED_LIKES).toBe(true);
    expect(on.DEBUG).toBe(true);
    expect(loadConfig(ServiceConfig, {}).REVEAL_RECEIVED_LIKES).toBe(true);
  });
});
