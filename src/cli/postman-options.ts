import { InvalidArgumentError, type Command } from 'commander';

/** `check --postman`: a Postman collection run with newman next to the named checks. */
export interface PostmanCheckOptions {
  postman?: string;
  postmanEnv?: string;
  var?: Record<string, string>;
  postmanSkipFolder?: string[];
}

function collectVar(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const split = value.indexOf('=');
  if (split < 1) throw new InvalidArgumentError('must be name=value.');
  return { ...previous, [value.slice(0, split)]: value.slice(split + 1) };
}

export function addPostmanOptions(command: Command): Command {
  return command
    .option(
      '--postman <collection.json>',
      'also run a Postman collection (v2) with newman; Protocol, Server, Port, Api and token are filled from --target and --token',
    )
    .option('--postman-env <environment.json>', 'a Postman environment export whose values the collection uses (--target, --token and --var win over it)')
    .option('--var <name=value>', 'a collection variable (repeatable); wins over --postman-env and the values read from --target', collectVar)
    .option(
      '--postman-skip-folder <name>',
      'leave out a folder of the collection, e.g. the Microsoft collection\'s "Get Token" (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    );
}
