import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>;
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>;

/**
 * fastify's default compilers load with each server it builds: ajv with ajv-formats and ajv's JTD
 * (@fastify/ajv-compiler), and fast-json-stringify with an ajv of its own for response schemas
 * (@fastify/fast-json-stringify-compiler): ~1 MB of the bundle evaluated, ~10 ms of CPU at each
 * `serve` start, before any route needs them (no route here has a response schema). Here each
 * loads when first used. In the bundle, rolldown turns `require` of a bundled package into a call
 * of that package's module wrapper, which runs the package on its first call; from the sources it
 * is Node's (Vitest's, tsx's), or one made here where an ES module has none.
 */
const loadAjvCompiler = (): typeof import('@fastify/ajv-compiler') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a load on first use that stays in the bundle (above)
  typeof require === 'function' ? require('@fastify/ajv-compiler') : createRequire(import.meta.url)('@fastify/ajv-compiler');
const loadSerializerCompiler = (): typeof import('@fastify/fast-json-stringify-compiler') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a load on first use that stays in the bundle (above)
  typeof require === 'function' ? require('@fastify/fast-json-stringify-compiler') : createRequire(import.meta.url)('@fastify/fast-json-stringify-compiler');

/**
 * Route schemas of this process not compiled yet, for compileRouteSchemasNow. Held weakly: a closed
 * server's validators (and its ajv instance) must not live on because they were never called.
 */
const uncompiled = new Set<WeakRef<(checkSchema: boolean) => void>>();

/**
 * fastify's compilers, one pool for the process: servers built with the same ajv options share
 * one ajv instance, which keeps each schema object it compiled, so the second server to build (a
 * restarted engine, the admin API after the CLI's, each test's server) reuses the route validators
 * instead of compiling them again (about 20 ms of CPU each). The schemas are module constants.
 */
let sharedCompilers: AjvCompilers | undefined;
type AjvCompilers = ReturnType<typeof import('@fastify/ajv-compiler').AjvCompiler>;
type Ajv = Parameters<NonNullable<NonNullable<Parameters<AjvCompilers>[1]>['onCreate']>>[0];

/**
 * ajv checks each schema against the JSON Schema meta-schema before compiling it, and compiles the
 * meta-schema for that first: ~50 ms of CPU in every process that answers a request with a schema
 * (each `serve`, each desktop start), spent checking schemas that are constants of this code.
 * Their check runs where they are all compiled at once instead (compileRouteSchemasNow, in a test),
 * with the error ajv would throw; the validators are the same, as the check adds nothing to them.
 */
const ajvOf = new WeakMap<Compile, Ajv>();
const fastifyCompilers: AjvCompilers = (externalSchemas, ajvOptions = {}) => {
  let created: Ajv | undefined;
  const compile = (sharedCompilers ??= loadAjvCompiler().AjvCompiler())(externalSchemas, {
    ...ajvOptions,
    customOptions: { ...ajvOptions.customOptions, validateSchema: false },
    onCreate: (ajv: Ajv) => {
      created = ajv;
      ajvOptions.onCreate?.(ajv as never);
    },
  } as typeof ajvOptions);
  if (created) ajvOf.set(compile, created);
  return compile;
};
type Compile = ReturnType<AjvCompilers>;

/** fastify's serializer compilers (fast-json-stringify), one pool for the process, as fastify's default would be. */
let sharedSerializers: SerializerCompilers | undefined;
const buildSerializer: BuildSerializer = (externalSchemas, serializerOptions) =>
  (sharedSerializers ??= loadSerializerCompiler()())(externalSchemas, serializerOptions as Parameters<SerializerCompilers>[1]);
type SerializerCompilers = ReturnType<typeof import('@fastify/fast-json-stringify-compiler')>;

/**
 * fastify compiles every route's schemas with ajv while the server starts: about 150 ms of CPU per
 * listener, paid by every `serve` start, every desktop start and every test server, for routes
 * most runs never call. These compilers are fastify's own (@fastify/ajv-compiler, with the ajv
 * options and plugins the server was given), so what is valid does not change; each route's
 * schema is compiled on the route's first request instead. A schema ajv cannot compile would then
 * fail that request rather than the start, so a test compiles them all (compileRouteSchemasNow).
 */
export function lazyValidatorCompilers(): { buildValidator: BuildValidator; buildSerializer: BuildSerializer } {
  const buildValidator = (externalSchemas: Parameters<typeof fastifyCompilers>[0], ajvOptions: Parameters<typeof fastifyCompilers>[1]) => {
    // The ajv instance too (with ajv-formats, ~10 ms of CPU), from the pool when the first route's
    // schema is compiled: a start compiles none.
    let compile: Compile | undefined;
    return (route: Parameters<Compile>[0]) => {
      let compiled: Validate | undefined;
      // compileRouteSchemasNow asks for the schema's meta-schema check (fastifyCompilers); a request does not.
      const compileNow = (checkSchema = false): Validate => {
        uncompiled.delete(entry);
        compile ??= fastifyCompilers(externalSchemas, ajvOptions);
        if (checkSchema) ajvOf.get(compile)?.validateSchema(route.schema, true);
        return (compiled ??= compile(route) as unknown as Validate);
      };
      const entry = new WeakRef(compileNow);
      uncompiled.add(entry);
      const validate: Validate = (data) => {
        const check = compiled ?? compileNow();
        const valid = check(data);
        // fastify reads the errors from the function it was given.
        validate.errors = check.errors;
        return valid;
      };
      return validate;
    };
  };
  // fastify types a validator as ajv's own function (with its schema and env); it only calls it and reads `errors`.
  return { buildValidator: buildValidator as unknown as BuildValidator, buildSerializer };
}

/**
 * Checks every route schema of the servers built so far in this process against the meta-schema and
 * compiles it; throws what ajv throws.
 */
export function compileRouteSchemasNow(): number {
  let count = 0;
  for (const entry of [...uncompiled]) {
    uncompiled.delete(entry);
    const compileNow = entry.deref();
    if (!compileNow) continue;
    compileNow(true);
    count += 1;
  }
  return count;
}
