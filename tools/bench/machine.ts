/** What the figures were measured on: timings mean little without the machine and its load. */
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
}

/** 1-, 5- and 15-minute load averages, rounded to 2 decimals. */
export type LoadAverage = [number, number, number];

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${osType()} ${release()}`,
  };
}

export function loadAverage(): LoadAverage {
  const [a, b, c] = loadavg().map((x) => Math.round(x * 100) / 100);
  return [a, b, c];
}
