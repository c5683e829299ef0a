import type { CliIo } from '../cli-io';
import { environmentVariables, planPostman, runPostman } from '../../engine/conformance/postman';
import type { PostmanReport } from '../../shared/suites';
import { readJsonFile } from '../read-json-file';
import type { PostmanCheckOptions } from '../postman-options';

interface PostmanPlan {
  file: string;
  document: unknown;
  environment?: unknown;
  variables: Record<string, string>;
  skipFolders: string[];
}

/** Reads and checks the collection and environment before anything runs, so a bad file costs nothing. */
export function preparePostman(options: PostmanCheckOptions): PostmanPlan | undefined {
  const variables = options.var ?? {};
  const skipFolders = options.postmanSkipFolder ?? [];
  if (!options.postman) {
    if (options.postmanEnv || skipFolders.length > 0 || Object.keys(variables).length > 0)
      throw new Error('--postman-env, --var and --postman-skip-folder go with --postman <collection.json>.');
    return undefined;
  }
  const file = options.postman;
  const document = readJsonFile(file);
  try {
    planPostman(document, skipFolders);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  const environment = options.postmanEnv ? readJsonFile(options.postmanEnv) : undefined;
  try {
    if (environment !== undefined) environmentVariables(environment);
  } catch (error) {
    throw new Error(`${options.postmanEnv}: ${(error as Error).message}`, { cause: error });
  }
  return { file, document, environment, variables, skipFolders };
}

/** Runs the collection, a line per request as it finishes unless the output is JSON. */
export async function runPostmanCheck(plan: PostmanPlan, target: { baseUrl: string; token: string }, json: boolean, io: CliIo): Promise<PostmanReport> {
  const say = (line: string) => !json && io.out(line);
  say(`Postman collection ${plan.file}:`);
  for (const folder of plan.skipFolders) say(`– folder "${folder}" left out (--postman-skip-folder)`);
  return runPostman(plan.document, {
    target,
    file: plan.file,
    environment: plan.environment,
    variables: plan.variables,
    skipFolders: plan.skipFolders,
    onRequest: (request, done, total) => {
      say(
        `${request.passed ? '✓' : '✗'} [${done}/${total}] ${request.name}: ${request.method} ${request.url} → ${request.status ?? 'no answer'} (${request.assertions.passed}/${request.assertions.passed + request.assertions.failed} assertions)`,
      );
      for (const failure of request.failures) say(`    ${failure}`);
    },
  });
}

/** The closing line's Postman part. */
export function postmanSummaryLine(report: PostmanReport): string {
  const { requests, assertions } = report.summary;
  const left = report.skippedFolders.length > 0 ? ` (left out: ${report.skippedFolders.map((name) => `"${name}"`).join(', ')})` : '';
  return `; Postman requests failed: ${requests.failed} of ${requests.passed + requests.failed}, assertions ${assertions.passed} passed, ${assertions.failed} failed${left}`;
}
