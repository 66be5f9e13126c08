/** TRUST_PROXY as Express's `trust proxy` takes it: a hop count is a number, else a list of addresses or names. */
export function trustProxy(setting: string): number | string[] {
  return /^\d+$/.test(setting.trim()) ? Number(setting) : setting.split(',').map((s) => s.trim());
}
