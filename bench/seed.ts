import { URN } from '../src/engine/scim/urns';
import { openWorkbench } from '../src/engine/workbench';
import { seededUserName, userBody } from './users';

export interface SeededDatabase {
  token: string;
  /** Ids and userNames of the seeded users, in creation order, for the scenarios to cycle over. */
  ids: string[];
  userNames: string[];
  seconds: number;
  /** A group holding the first half of the users (at most 50,000), for the membership scenarios. */
  bigGroup: { id: string; memberCount: number };
}

/** Members of the big group: Okta pushes groups of this size for a whole company. */
const BIG_GROUP_MAX = 50_000;

/** Users written per transaction: one fsync per batch instead of one per user. */
const BATCH_SIZE = 2000;

/**
 * Fills a fresh database with `count` users through the engine's own create path (the same
 * normalisation and SQL a POST runs), so the data has exactly the shape the server serves.
 * Runs in this process, before the server child opens the file.
 */
export function seedUsers(dbPath: string, count: number, onProgress: (done: number) => void): SeededDatabase {
  const started = performance.now();
  const workbench = openWorkbench({ dbPath });
  try {
    const workspace = workbench.workspaces.ensureDefault();
    const context = { workspaceId: workspace.id, baseUrl: 'http://127.0.0.1/scim/v2' };
    const ids: string[] = [];
    const userNames: string[] = [];
    const writeBatch = workbench.db.transaction((from: number, to: number) => {
      for (let index = from; index < to; index++) {
        const userName = seededUserName(index);
        const created = workbench.resources.create(context, 'User', userBody(userName, index));
        ids.push(created.id as string);
        userNames.push(userName);
      }
    });
    for (let from = 0; from < count; from += BATCH_SIZE) {
      const to = Math.min(count, from + BATCH_SIZE);
      writeBatch(from, to);
      onProgress(to);
    }
    const memberCount = Math.min(BIG_GROUP_MAX, Math.floor(count / 2));
    const group = workbench.resources.create(context, 'Group', {
      schemas: [URN.group],
      displayName: 'Bench big group',
      members: ids.slice(0, memberCount).map((value) => ({ value })),
    });
    return {
      token: workspace.token,
      ids,
      userNames,
      seconds: (performance.now() - started) / 1000,
      bigGroup: { id: group.id as string, memberCount },
    };
  } finally {
    workbench.close();
  }
}
