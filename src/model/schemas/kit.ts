/** Small TypeBox builders shared by the contract schemas. */
import {
  Type,
  type TInteger,
  type TNull,
  type TObject,
  type TProperties,
  type TSchema,
  type TUnion,
  type TUnsafe,
} from '@sinclair/typebox';

/** An object that admits no property it does not name (additionalProperties: false). */
export const Closed = <P extends TProperties>(properties: P): TObject<P> =>
  Type.Object(properties, { additionalProperties: false });

/** The value, or null. */
export const Nullable = <T extends TSchema>(schema: T): TUnion<[T, TNull]> => Type.Union([schema, Type.Null()]);

/**
 * `{ "enum": [...] }`, typed as the union of its values. TypeBox's own union of literals would
 * be an anyOf of consts, whose ajv errors ("must be equal to constant" once per value) replace the
 * one "must be equal to one of the allowed values" users and tests read. Type.Unsafe is the
 * documented way to emit a keyword TypeBox has no builder for; the static type is derived from the
 * same values, so it cannot drift.
 */
export const StringEnum = <const T extends readonly string[]>(values: T): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ enum: [...values] });

/**
 * An object with exactly these keys, each a count (integer ≥ 0): e.g. findings by status.
 * Object.fromEntries cannot carry the key list's literal types, hence the one cast; the keys and
 * the static type both come from `keys`.
 */
export const Counts = <const K extends readonly string[]>(keys: K): TObject<{ [P in K[number]]: TInteger }> =>
  Closed(Object.fromEntries(keys.map((key) => [key, Type.Integer({ minimum: 0 })])) as { [P in K[number]]: TInteger });
