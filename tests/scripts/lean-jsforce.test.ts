/**
 * The build's stand-ins for jsforce's core-js helpers (#18): each names the native built-in that
 * Chrome and Edge have, and a helper the table does not know stops the build.
 */
import { describe, expect, it } from 'vitest';
import { nativeFor } from '../../scripts/build/lean-jsforce';

const evaluate = (expression: string): unknown => new Function(`return (${expression});`)();

describe('jsforce without core-js', () => {
  it('maps static helpers to the built-ins', () => {
    expect(evaluate(nativeFor('object/keys'))).toBe(Object.keys);
    expect(evaluate(nativeFor('object/get-own-property-descriptors.js'))).toBe(Object.getOwnPropertyDescriptors);
    expect(evaluate(nativeFor('json/stringify'))).toBe(JSON.stringify);
    expect(evaluate(nativeFor('reflect/construct'))).toBe(Reflect.construct);
    expect(evaluate(nativeFor('promise/index.js'))).toBe(Promise);
    expect(evaluate(nativeFor('url-search-params'))).toBe(URLSearchParams);
    expect(evaluate(nativeFor('symbol/to-primitive'))).toBe(Symbol.toPrimitive);
    expect(evaluate(nativeFor('parse-int'))).toBe(parseInt);
  });

  it("maps an instance helper to the instance's own method", () => {
    const startsWith = evaluate(nativeFor('instance/starts-with')) as (it: unknown) => unknown;
    expect(startsWith('abc')).toBe(String.prototype.startsWith);
    const forEach = evaluate(nativeFor('instance/for-each')) as (it: unknown) => unknown;
    expect(forEach([])).toBe(Array.prototype.forEach);
  });

  it('finds the iterator of an iterable', () => {
    const iteratorMethod = evaluate(nativeFor('get-iterator-method')) as (it: unknown) => unknown;
    expect(iteratorMethod(new Set())).toBe(Set.prototype[Symbol.iterator]);
    expect(iteratorMethod(null)).toBeUndefined();
  });

  it('fails the build on a helper it does not know', () => {
    expect(() => nativeFor('iterator/range')).toThrow(/unknown core-js feature/);
    expect(() => nativeFor('object/group-by/extra')).toThrow(/unknown core-js feature/);
  });
});
