import type { ReplayAuth } from '../../shared/replay';
import type { SimulationSummary } from '../../shared/simulator';
import type { FakePerson } from './fake-people';
import { DIALECTS, type IdpDialect, type IdpName } from './idp-dialects';
import { CancelledError, ScimClient, type SentRequest } from '../client/scim-client';
import { ModelledRetryClient, QuarantinedError } from '../reaction/modelled-retry-client';
import { RETRY_MODELS } from '../reaction/retry-models';
import { SCENARIOS, SCENARIO_DESCRIPTIONS, type ScenarioName } from './scenarios';

export { SCENARIOS, SCENARIO_DESCRIPTIONS, type ScenarioName };

export interface SimulationOptions {
  idp: IdpName;
  scenario: ScenarioName;
  users: number;
  seed?: number;
  baseUrl: string;
  auth: ReplayAuth;
  /** Pause before each request (a watchable demo pace). */
  delayMs?: number;
  signal?: AbortSignal;
  onRequest?: (sent: SentRequest) => void;
  onProgress?: (progress: { step: string; sent: number }) => void;
  /** Model the IdP's retries of failing answers (default true; see reaction/retry-models.ts). */
  modelRetries?: boolean;
  /** Multiplies the model's own waits (not a Retry-After): tests shorten them. */
  retryBackoffScale?: number;
  /** How long a request may go unanswered before the IdP gives up on it (ScimClient's default: 30 s). */
  timeoutMs?: number;
}

/** What a simulation did (the summary the admin API and the CLI report), and for which IdP and scenario. */
export interface SimulationResult extends SimulationSummary {
  idp: IdpName;
  scenario: ScenarioName;
}

const SCIM_ADMINS = 'SCIM Admins';

/** What the simulation knows of the target, as an IdP keeps it: the ids of the users and groups it pushed. */
class Run {
  readonly userIds = new Map<number, string>();
  /** People whose user was found (or left) deactivated: no longer assigned to the app, so not updated. */
  readonly inactive = new Set<number>();
  readonly groupIds = new Map<string, string>();
  readonly result: SimulationResult;

  constructor(
    readonly dialect: IdpDialect,
    readonly client: ScimClient,
    readonly people: FakePerson[],
    private readonly options: SimulationOptions,
  ) {
    this.result = {
      idp: dialect.name,
      scenario: options.scenario,
      requests: 0,
      failures: [],
      users: { created: 0, updated: 0, deactivated: 0, reactivated: 0, deleted: 0 },
      groups: { created: 0, renamed: 0, membersAdded: 0, membersRemoved: 0 },
      cancelled: false,
      notes: [],
    };
  }

  check(step: string, status: number, ok: (status: number) => boolean = (s) => s >= 200 && s < 300): boolean {
    this.options.onProgress?.({ step, sent: this.client.sent });
    if (ok(status)) return true;
    this.result.failures.push({ step, status });
    return false;
  }

  /**
   * Finds or creates each person's user. A user found deactivated is assigned again, which IdPs do by
   * reactivating it, when `reassign` (the assign-users scenario); the other scenarios, which only look
   * users up first, leave it deactivated and pass it over (an IdP updates only the users assigned to the app).
   */
  async assign(reassign = false): Promise<void> {
    for (const person of this.people) {
      if (this.userIds.has(person.index)) continue;
      const found = await this.dialect.findUser(this.client, person);
      if (found) {
        this.userIds.set(person.index, found.id);
        if (found.active) continue;
        if (!reassign) this.inactive.add(person.index);
        else if (this.check(`reactivate ${person.userName}`, await this.dialect.setActive(this.client, found.id, person, true)))
          this.result.users.reactivated += 1;
        continue;
      }
      const managerId = person.managerIndex === undefined ? undefined : this.userIds.get(person.managerIndex);
      const id = await this.dialect.createUser(this.client, person, managerId);
      if (id) {
        this.userIds.set(person.index, id);
        this.result.users.created += 1;
      } else this.check(`create ${person.userName}`, this.client.lastStatus, () => false);
    }
  }

  groupsToPush(): { name: string; externalId: string; members: FakePerson[] }[] {
    const byDepartment = new Map<string, FakePerson[]>();
    for (const person of this.people) byDepartment.set(person.department, [...(byDepartment.get(person.department) ?? []), person]);
    return [
      { name: SCIM_ADMINS, externalId: 'group-scim-admins', members: this.people.slice(0, 2) },
      ...[...byDepartment].map(([name, members]) => ({ name, externalId: `group-${name.toLowerCase()}`, members })),
    ];
  }

  async pushGroups(): Promise<void> {
    await this.assign();
    for (const group of this.groupsToPush()) {
      if (this.groupIds.has(group.name)) continue;
      let id = await this.dialect.findGroup(this.client, group.name);
      if (!id) {
        id = await this.dialect.createGroup(this.client, group.name, group.externalId);
        if (!id) {
          this.check(`push group ${group.name}`, this.client.lastStatus, () => false);
          continue;
        }
        this.result.groups.created += 1;
      }
      this.groupIds.set(group.name, id);
      const members = group.members.flatMap((person) =>
        this.userIds.has(person.index) ? [{ id: this.userIds.get(person.index)!, display: person.userName }] : [],
      );
      if (members.length > 0 && this.check(`add members to ${group.name}`, await this.dialect.addMembers(this.client, id, members)))
        this.result.groups.membersAdded += members.length;
    }
  }

  /** The people the target gave an id (a failed create is already reported; its person is left out of later steps). */
  provisioned(people: FakePerson[]): { person: FakePerson; id: string }[] {
    return people.flatMap((person) => (this.userIds.has(person.index) ? [{ person, id: this.userIds.get(person.index)! }] : []));
  }

  async updateProfiles(): Promise<void> {
    await this.assign();
    for (const { person, id } of this.provisioned(this.people.filter((person) => !this.inactive.has(person.index)))) {
      const status = await this.dialect.updateProfile(this.client, id, person, { title: `Senior ${person.title}`, city: 'Lisbon' });
      if (this.check(`update ${person.userName}`, status)) this.result.users.updated += 1;
    }
  }

  async renameGroup(): Promise<void> {
    await this.pushGroups();
    const [first] = this.groupsToPush();
    const id = this.groupIds.get(first!.name);
    if (!id) return;
    if (this.check(`rename ${first!.name}`, await this.dialect.renameGroup(this.client, id, `${first!.name} (renamed)`))) this.result.groups.renamed += 1;
  }

  async removeMembers(): Promise<void> {
    await this.pushGroups();
    for (const group of this.groupsToPush()) {
      const first = group.members[0];
      const groupId = this.groupIds.get(group.name);
      if (!first || !groupId || !this.userIds.has(first.index)) continue;
      const statuses = await this.dialect.removeMembers(this.client, groupId, [this.userIds.get(first.index)!]);
      if (statuses.every((status) => this.check(`remove ${first.userName} from ${group.name}`, status))) this.result.groups.membersRemoved += 1;
    }
  }

  /** The last third of the people (at least one). */
  affected(): FakePerson[] {
    return this.people.slice(this.people.length - Math.max(1, Math.floor(this.people.length / 3)));
  }

  async deactivate(): Promise<void> {
    await this.assign();
    for (const { person, id } of this.provisioned(this.affected())) {
      if (this.check(`deactivate ${person.userName}`, await this.dialect.setActive(this.client, id, person, false))) {
        this.result.users.deactivated += 1;
        this.inactive.add(person.index);
      }
    }
  }

  async reactivate(): Promise<void> {
    if (this.result.users.deactivated === 0) await this.deactivate();
    for (const { person, id } of this.provisioned(this.affected())) {
      if (this.check(`reactivate ${person.userName}`, await this.dialect.setActive(this.client, id, person, true))) {
        this.result.users.reactivated += 1;
        this.inactive.delete(person.index);
      }
    }
  }

  async delete(): Promise<void> {
    await this.assign();
    if (!this.dialect.deleteUser) {
      this.result.notes.push(`${this.dialect.label} never deletes users when they are unassigned: it deactivates them.`);
      for (const { person, id } of this.provisioned(this.affected())) {
        if (this.check(`deactivate ${person.userName}`, await this.dialect.setActive(this.client, id, person, false))) this.result.users.deactivated += 1;
      }
      return;
    }
    for (const { person, id } of this.provisioned(this.affected())) {
      if (this.check(`delete ${person.userName}`, await this.dialect.deleteUser(this.client, id))) {
        this.result.users.deleted += 1;
        this.userIds.delete(person.index);
      }
    }
  }
}

/** What each scenario does, in order; `full` is all of them as one provisioning story. */
const SCENARIO_STEPS: Record<ScenarioName, ((run: Run) => Promise<void>)[]> = {
  'assign-users': [(run) => run.assign(true)],
  'update-profiles': [(run) => run.updateProfiles()],
  'push-groups': [(run) => run.pushGroups()],
  'rename-group': [(run) => run.renameGroup()],
  'remove-members': [(run) => run.removeMembers()],
  deactivate: [(run) => run.deactivate()],
  reactivate: [(run) => run.reactivate()],
  delete: [(run) => run.delete()],
  full: [
    (run) => run.pushGroups(),
    (run) => run.updateProfiles(),
    (run) => run.removeMembers(),
    (run) => run.renameGroup(),
    (run) => run.deactivate(),
    (run) => run.reactivate(),
    (run) => run.delete(),
  ],
};

/**
 * Sends the requests an IdP sends for a provisioning scenario, in its order and shapes, to any
 * SCIM base URL: the workbench's own workspace for a demo, or the user's own server. Every
 * scenario looks up what it needs first, as IdPs do, so scenarios run alone or one after another.
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const dialect = DIALECTS[options.idp];
  const clientOptions = {
    baseUrl: options.baseUrl,
    auth: options.auth,
    userAgent: dialect.userAgent,
    delayMs: options.delayMs,
    signal: options.signal,
    onRequest: options.onRequest,
    timeoutMs: options.timeoutMs,
  };
  const client =
    options.modelRetries === false
      ? new ScimClient(clientOptions)
      : new ModelledRetryClient(clientOptions, RETRY_MODELS[options.idp], options.retryBackoffScale);
  // Faker (all its locales) takes longer to load than the rest of the CLI: only a simulation loads it.
  const { fakePeople } = await import('./fake-people');
  const run = new Run(dialect, client, fakePeople(options.users, options.seed ?? 1), options);
  try {
    await dialect.testConnection(client);
    for (const step of SCENARIO_STEPS[options.scenario]) await step(run);
  } catch (error) {
    if (error instanceof QuarantinedError) run.result.notes.push(error.message);
    else if (error instanceof CancelledError) run.result.cancelled = true;
    else throw error;
  }
  run.result.requests = client.sent;
  run.result.reaction = client instanceof ModelledRetryClient ? client.summary : { modelled: false, retries: 0, gaveUp: 0, quarantined: false };
  return run.result;
}
