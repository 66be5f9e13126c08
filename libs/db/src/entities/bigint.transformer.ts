import type { ValueTransformer } from 'typeorm';

/** pg returns bigint as a string; ids stay far below 2^53, so a number is exact and friendlier. */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
