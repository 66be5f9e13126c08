/**
 * Compile-time proof that a schema class describes its contract type exactly: the same fields,
 * each as optional and of the same type as in libs/contracts, nested objects included. A class
 * that `implements` its contract already fails to compile when a required field is added or a
 * type changes; this also catches a field the contract gained as optional, or lost, which
 * `implements` lets through. The tables (rpc-schemas.ts, event-schemas.ts) apply it to every
 * entry, so a contract change breaks the build exactly where a schema went stale.
 */

/** True when A and B are the same type (TypeScript's own identity relation). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * True when a schema's instances are exactly the contract; a contract of no fields
 * (`Record<string, never>`) wants a class of none.
 */
export type Mirrors<Schema, Contract> = string extends keyof Contract
  ? [keyof Schema] extends [never]
    ? true
    : false
  : Same<Schema, Contract>;

/** The keys of `Table` whose schema does not mirror the contract `ContractOf` gives for that key. */
export type StaleSchemas<
  Table extends Record<string, new () => object>,
  ContractOf extends Record<keyof Table, unknown>,
> = {
  [K in keyof Table]: Mirrors<InstanceType<Table[K]>, ContractOf[K]> extends true ? never : K;
}[keyof Table];

/**
 * Compiles for `true` only when no schema is stale; otherwise the error names the stale keys:
 * `Type 'true' is not assignable to type '"users.get"'`.
 */
export type NoneStale<Stale> = [Stale] extends [never] ? true : Stale;

// The helpers themselves, checked by the compiler.
type Expect<T extends true> = T;
export type _MirrorsProofs = [
  Expect<Mirrors<{ a: number; b?: string | null }, { a: number; b?: string | null }>>,
  Expect<Same<Mirrors<{ a: number }, { a: number; b?: string }>, false>>,
  Expect<Same<Mirrors<{ a: number; b?: string }, { a: number }>, false>>,
  Expect<Same<Mirrors<{ a?: number }, { a: number }>, false>>,
  Expect<Same<Mirrors<{ a: { b?: number } }, { a: { b?: number; c?: number } }>, false>>,
  Expect<Mirrors<object, Record<string, never>>>,
  Expect<Same<Mirrors<{ a?: number }, Record<string, never>>, false>>,
];
