/** TRUST_PROXY in proxy-addr's form (Fastify's trustProxy): a hop count, or a list of addresses or names. */
export function trustProxy(setting: string): number | string[] {
  return /^\d+$/.test(setting.trim()) ? Number(setting) : setting.split(',').map((s) => s.trim());
}
