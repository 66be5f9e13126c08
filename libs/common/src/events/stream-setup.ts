import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';

/**
 * A stream's info, after creating it if it did not exist (then null). The services start at
 * once, and each may find no stream and create it: nats-server accepts the first creation and
 * refuses the others ("subjects overlap with an existing stream", or "stream name already in
 * use"), which stopped a service at boot. The stream being there is all any of them wanted, so a
 * refused creation looks again and fails only if the stream is still missing.
 */
export async function findOrAddStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(config.name);
  } catch {
    // Not there yet.
  }
  try {
    await jsm.streams.add(config);
    return null;
  } catch (err) {
    return jsm.streams.info(config.name).catch(() => Promise.reject(err));
  }
}
