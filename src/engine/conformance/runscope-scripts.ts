import { isDeepStrictEqual } from 'node:util';
import { createContext, runInContext } from 'node:vm';

/**
 * A step's Runscope scripts, run in a node:vm context holding only the small part of Runscope's
 * script API the IdP exports use: `response` (body, status, headers, response_time), `assert` (the
 * Chai-style checks below), `log`, and `variables.get/set`. An assert this runner does not know fails
 * the script rather than passing it. node:vm keeps the script away from this process's globals and
 * stops a runaway loop; it is not a boundary against a hostile export, which the user chose to run.
 */
export interface RunscopeScriptResponse {
  body: string;
  status: number;
  headers: Record<string, string>;
  response_time: number;
}

export interface RunscopeScriptOutcome {
  /** asserts that held */
  passed: number;
  /** the assert that failed, or the error that ended the script */
  failure?: string;
  logs: string[];
}

const SCRIPT_TIME_LIMIT_MS = 1_000;

class ScriptAssertionError extends Error {}

function makeAssert(count: () => void) {
  const check = (condition: boolean, message: string | undefined, fallback: string) => {
    if (!condition) throw new ScriptAssertionError(message ?? fallback);
    count();
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the scripts pass whatever values they assert on
  const methods: Record<string, (...args: any[]) => void> = {
    ok: (value, message) => check(Boolean(value), message, `expected ${String(value)} to be truthy`),
    isOk: (value, message) => check(Boolean(value), message, `expected ${String(value)} to be truthy`),
    notOk: (value, message) => check(!value, message, `expected ${String(value)} to be falsy`),
    isNotOk: (value, message) => check(!value, message, `expected ${String(value)} to be falsy`),
    isTrue: (value, message) => check(value === true, message, `expected ${String(value)} to be true`),
    isFalse: (value, message) => check(value === false, message, `expected ${String(value)} to be false`),
    // Chai's equal is ==; a script written for Runscope relies on that.
    equal: (actual, expected, message) => check(actual == expected, message, `expected ${String(actual)} to equal ${String(expected)}`),
    notEqual: (actual, expected, message) => check(actual != expected, message, `expected ${String(actual)} not to equal ${String(expected)}`),
    strictEqual: (actual, expected, message) => check(actual === expected, message, `expected ${String(actual)} to strictly equal ${String(expected)}`),
    notStrictEqual: (actual, expected, message) => check(actual !== expected, message, `expected ${String(actual)} not to strictly equal ${String(expected)}`),
    deepEqual: (actual, expected, message) => check(isDeepStrictEqual(actual, expected), message, 'expected the values to be deeply equal'),
    isArray: (value, message) => check(Array.isArray(value), message, 'expected an array'),
    isNumber: (value, message) => check(typeof value === 'number', message, 'expected a number'),
    isString: (value, message) => check(typeof value === 'string', message, 'expected a string'),
    isDefined: (value, message) => check(value !== undefined, message, 'expected a defined value'),
    isUndefined: (value, message) => check(value === undefined, message, 'expected undefined'),
    isNull: (value, message) => check(value === null, message, 'expected null'),
    isNotNull: (value, message) => check(value !== null, message, 'expected a value other than null'),
    fail: (message) => check(false, message, 'assert.fail()'),
  };
  const assert = (value: unknown, message?: string) => methods.ok!(value, message);
  return new Proxy(Object.assign(assert, methods), {
    get(target, name) {
      if (typeof name === 'string' && !Object.hasOwn(methods, name)) {
        return () => {
          throw new ScriptAssertionError(`assert.${name} is not supported by this runner`);
        };
      }
      return Reflect.get(target, name);
    },
  });
}

export function runRunscopeScript(script: string, response: RunscopeScriptResponse, variables: Record<string, string>): RunscopeScriptOutcome {
  const outcome: RunscopeScriptOutcome = { passed: 0, logs: [] };
  const context = createContext(
    {
      response: { ...response, headers: { ...response.headers } },
      assert: makeAssert(() => (outcome.passed += 1)),
      log: (...values: unknown[]) => outcome.logs.push(values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' ')),
      variables: {
        get: (name: string) => variables[String(name)],
        set: (name: string, value: unknown) => {
          variables[String(name)] = String(value);
        },
      },
    },
    { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' },
  );
  try {
    runInContext(script, context, { timeout: SCRIPT_TIME_LIMIT_MS, filename: 'runscope-script.js' });
  } catch (error) {
    const message = error instanceof Error || (error && typeof (error as Error).message === 'string') ? (error as Error).message : String(error);
    outcome.failure = /Script execution timed out/.test(message) ? `script: stopped after ${SCRIPT_TIME_LIMIT_MS} ms` : `script: ${message}`;
  }
  return outcome;
}
