import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_BREAKPOINT_TIMEOUT_MS,
  DEFAULT_TIMEOUT_HOLD_MS,
  type FaultAction,
  type HeldExchange,
  type HeldRelease,
  type InjectedFault,
} from '../../shared/faults';
import { REDACTED, type HeaderList } from '../../shared/recording';
import { ScimError, type ScimType } from '../scim/errors';
import { draftOf } from '../http/recording';
import { redactBody, redactHeaders, redactUrl } from '../recorder/redact';
import { secretNamesFor } from '../recorder/secret-names';
import type { Workbench } from '../workbench';
import type { CompiledRule } from './compile-rule';
import type { HeldDecision } from './breakpoints';
import { lieAbout } from './lies';
import { isReplayWithoutFaults, requestFacts } from './request-facts';
import { readUnparsedBody } from './unread-body';

declare module 'fastify' {
  interface FastifyRequest {
    /** The rule that fired on this request, for the hooks after onRequest. */
    fault?: { rule: CompiledRule; injected: InjectedFault; startIndexAsked?: number };
  }
}

/**
 * A request a breakpoint's edit sent again with another method or path: marked so that no rule acts
 * on it twice. The key is random per process, so a client cannot send it; the name holds
 * "session", so the recorder redacts it like a credential.
 */
const REDISPATCH_HEADER = 'x-scim-workbench-redispatch-session';
const REDISPATCH_KEY = randomBytes(18).toString('base64url');

/** Headers the HTTP layer writes itself: never copied from a re-dispatched answer or an edit. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

/**
 * The chaos lab on one SCIM API prefix. Registered right after the auth hook (scim-api.ts), so it
 * runs for authenticated requests only and before any route handler — the engine's, or a proxy's:
 * - onRequest: the workspace's first rule that fires decides (status answers, latency, timeouts,
 *   dropped connections act here, before fastify parses the body; those that answer read it raw to record it);
 * - preHandler: request breakpoints (the body parsed, so it can be shown and edited) and the
 *   duplicate-pages lie's shifted startIndex;
 * - onSend: lies on the real answer, and response breakpoints.
 * A workspace without enabled rules costs one map lookup per request.
 */
export function faultHooks(app: FastifyInstance, workbench: Workbench): void {
  const { faults } = workbench;
  app.addHook('preClose', async () => faults.stopHolding());

  // Each hook is synchronous until a rule is involved: on a request no rule touches (nearly all), an
  // async hook would cost a promise and a microtask for nothing. The work that awaits runs as before.
  const actOnRequest = async (request: FastifyRequest, reply: FastifyReply, rule: CompiledRule, recording: Recording) => {
    const action = rule.action;
    const injected: InjectedFault = { ruleId: rule.rule.id, ruleName: rule.rule.name, action: action.kind, summary: describe(action) };
    if (action.kind === 'breakpoint') injected.stage = action.stage;
    request.fault = { rule, injected };
    // Lies and response breakpoints mark the exchange once they have acted (onSend); the rest act now.
    if (action.kind !== 'lie' && !(action.kind === 'breakpoint' && action.stage === 'response')) recording.injected = injected;
    // The engine never sees these: the body is read here, so the recording shows what the client tried.
    if (action.kind === 'status' || action.kind === 'timeout' || action.kind === 'drop') await readUnparsedBody(request);
    switch (action.kind) {
      case 'status':
        return answerError(reply, action.status, action.scimType, action.detail ?? defaultDetail(action.status), action.retryAfterSeconds);
      case 'latency':
        await waitOrLeave(workbench, reply, action.ms);
        return;
      case 'timeout':
        if ((await waitOrLeave(workbench, reply, action.ms ?? DEFAULT_TIMEOUT_HOLD_MS)) === 'left') injected.summary += ' (the client gave up first)';
        return dropConnection(workbench, request, reply, `Timed out by fault rule "${rule.rule.name}": held, then dropped without an answer`);
      case 'drop':
        return dropConnection(workbench, request, reply, `Connection dropped by fault rule "${rule.rule.name}" before any answer`);
    }
  };
  // Rules are matched synchronously too: a GET no rule fires on goes on within this turn, so its
  // handler still runs inside the read transaction its authentication opened (scim-api.ts).
  app.addHook('onRequest', (request, reply, done) => {
    const { scim, recording } = request;
    if (!scim || !recording || faults.activeRules(scim.workspaceId).length === 0) return done();
    if (request.headers[REDISPATCH_HEADER] === REDISPATCH_KEY || isReplayWithoutFaults(request.headers)) return done();
    const rule = faults.decide(scim.workspaceId, () => requestFacts(request, Date.now()));
    if (!rule) return done();
    actOnRequest(request, reply, rule, recording).then(() => done(), done);
  });

  const actBeforeHandler = async (request: FastifyRequest, reply: FastifyReply, fault: NonNullable<FastifyRequest['fault']>) => {
    const action = fault.rule.action;
    if (action.kind === 'lie' && action.lie === 'duplicatePages') shiftStartIndex(request, typeof action.value === 'number' ? action.value : undefined);
    if (action.kind !== 'breakpoint' || action.stage !== 'request') return;
    const view = heldView(request, 'request', fault.rule);
    const { decision, heldMs } = await holdUntilDecided(workbench, reply, view, action.timeoutMs);
    fault.injected.outcome = outcomeOf(decision);
    fault.injected.summary = `held ${seconds(heldMs)} before the engine, ${words(decision)}`;
    if (decision.kind === 'abandoned') {
      reply.hijack();
      return recordUnanswered(workbench, request, reply, `Abandoned by the client while held at breakpoint "${fault.rule.rule.name}"`);
    }
    if (decision.kind === 'fail')
      return answerError(reply, decision.failure.status, decision.failure.scimType, decision.failure.detail ?? defaultDetail(decision.failure.status));
    if (decision.kind === 'release' && decision.edit?.request) return applyRequestEdit(request, reply, decision.edit.request);
  };
  app.addHook('preHandler', (request, reply, done) => {
    const fault = request.fault;
    if (!fault) return done();
    actBeforeHandler(request, reply, fault).then(() => done(), done);
  });

  const actOnAnswer = async (request: FastifyRequest, reply: FastifyReply, payload: unknown, fault: NonNullable<FastifyRequest['fault']>) => {
    const action = fault.rule.action;
    if (action.kind === 'lie') {
      const sent = tellLie(request, reply, action, payload, fault);
      if (request.recording?.injected) amendRecordedWrite(workbench, request, reply, sent, fault.injected);
      return sent;
    }
    if (action.kind !== 'breakpoint' || action.stage !== 'response') return payload;
    const body = typeof payload === 'string' ? payload : null;
    const view = heldView(request, 'response', fault.rule, { status: reply.statusCode, headers: reply.getHeaders(), body });
    const { decision, heldMs } = await holdUntilDecided(workbench, reply, view, action.timeoutMs);
    fault.injected.outcome = outcomeOf(decision);
    fault.injected.summary = `held ${seconds(heldMs)} before the answer was sent, ${words(decision)}`;
    if (request.recording) request.recording.injected = fault.injected;
    let sent = payload;
    if (decision.kind === 'fail') {
      const error = new ScimError(
        decision.failure.status,
        decision.failure.scimType as ScimType | undefined,
        decision.failure.detail ?? defaultDetail(decision.failure.status),
      );
      reply.code(error.status);
      sent = JSON.stringify(error.toBody());
    } else if (decision.kind === 'release' && decision.edit?.response) {
      const edit = decision.edit.response;
      if (edit.status !== undefined) reply.code(edit.status);
      for (const [name, value] of Object.entries(edit.headers ?? {})) reply.header(name, value);
      if (edit.body !== undefined) sent = edit.body ?? '';
    }
    if (request.recording && typeof sent === 'string') request.recording.payload = sent;
    amendRecordedWrite(workbench, request, reply, sent, fault.injected);
    return sent;
  };
  app.addHook('onSend', (request, reply, payload, done) => {
    const fault = request.fault;
    if (!fault) return done(null, payload);
    actOnAnswer(request, reply, payload, fault).then((sent) => done(null, sent), done);
  });
}

type Recording = NonNullable<FastifyRequest['recording']>;

/**
 * A write is recorded inside its transaction, before onSend: when a fault changes its answer after,
 * the recorded answer, its verdict, `injected` and its search index row are brought up to what the
 * client got (redacted as recorded).
 */
function amendRecordedWrite(workbench: Workbench, request: FastifyRequest, reply: FastifyReply, sent: unknown, injected: InjectedFault): void {
  // Only a committed write (`recorded`): the id of a rolled-back one may be given to the next exchange.
  const exchangeId = request.recording?.recorded ? request.recording.exchangeId : undefined;
  if (exchangeId === undefined) return;
  const secrets = secretNamesFor(request.scim?.settings?.extensions);
  const body = typeof sent === 'string' ? sent : null;
  const headers: Record<string, unknown> = { ...reply.getHeaders(), 'content-length': String(Buffer.byteLength(body ?? '')) };
  try {
    workbench.recordings.amendExchange(
      exchangeId,
      { status: reply.statusCode, headers: redactHeaders(headers, secrets), body: redactBody(body === '' ? null : body, secrets) },
      injected,
    );
    // The indexer may have reached it meanwhile (a response breakpoint holds it for seconds): searched by what was sent.
    workbench.searchIndexer.reindex(exchangeId);
  } catch (error) {
    // The client's answer goes out regardless; the recording keeps the engine's.
    workbench.recorder.warn(`SCIM Workbench could not record what a fault rule changed in exchange ${exchangeId}: ${(error as Error).message}`, error);
  }
}

function answerError(reply: FastifyReply, status: number, scimType: string | undefined, detail: string, retryAfterSeconds?: number): FastifyReply {
  const error = new ScimError(status, scimType as ScimType | undefined, detail);
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(status).send(error.toBody());
}

function defaultDetail(status: number): string {
  const words: Record<number, string> = {
    400: 'The request was refused.',
    401: 'Authentication failed.',
    403: 'Not allowed.',
    404: 'Resource not found.',
    409: 'A resource with this identity already exists.',
    412: 'The resource changed since it was read.',
    429: 'Too many requests: try again later.',
    500: 'The server hit an internal error.',
    502: 'Bad gateway.',
    503: 'The service is unavailable: try again later.',
    504: 'The gateway timed out.',
  };
  return words[status] ?? `Failed with status ${status}.`;
}

/** Waits `ms`, or until the client goes away, or the listener closes. */
function waitOrLeave(workbench: Workbench, reply: FastifyReply, ms: number): Promise<'waited' | 'left' | 'closing'> {
  // Gone already (while its body was read): its 'close' has passed.
  if (reply.raw.socket?.destroyed) return Promise.resolve('left');
  return new Promise((resolve) => {
    const done = (how: 'waited' | 'left' | 'closing') => {
      clearTimeout(timer);
      reply.raw.removeListener('close', onClose);
      workbench.faults.removeListener('closing', onClosing);
      resolve(how);
    };
    const onClose = () => done('left');
    const onClosing = () => done('closing');
    const timer = setTimeout(() => done('waited'), ms);
    reply.raw.once('close', onClose);
    workbench.faults.once('closing', onClosing);
  });
}

/** No answer at all: the socket destroyed. */
function dropConnection(workbench: Workbench, request: FastifyRequest, reply: FastifyReply, operation: string): void {
  reply.hijack();
  recordUnanswered(workbench, request, reply, operation);
  request.raw.socket?.destroy();
}

/** An exchange that got no answer, with status 0: recorded here, as no response will finish for the recorder's own hook. */
function recordUnanswered(workbench: Workbench, request: FastifyRequest, reply: FastifyReply, operation: string): void {
  if (!request.recording || request.recording.recorded) return;
  request.recording.recorded = true;
  const draft = draftOf(request, reply, null);
  workbench.recorder.recordLater({
    ...draft,
    response: { status: 0, headers: {}, body: null },
    operation: `${operation} (${request.method} ${request.url.split('?')[0]})`,
  });
}

async function holdUntilDecided(
  workbench: Workbench,
  reply: FastifyReply,
  view: Omit<HeldExchange, 'id' | 'heldAt' | 'releaseAt'>,
  timeoutMs?: number,
): Promise<{ decision: HeldDecision; heldMs: number }> {
  const started = performance.now();
  const held = workbench.faults.breakpoints.hold(view, timeoutMs ?? DEFAULT_BREAKPOINT_TIMEOUT_MS);
  const onClose = () => held.abandon();
  reply.raw.once('close', onClose);
  try {
    return { decision: await held.decision, heldMs: performance.now() - started };
  } finally {
    reply.raw.removeListener('close', onClose);
  }
}

/** The exchange as the inspector may see it: the Authorization header, the workspace's secret header and secret body fields redacted. */
function heldView(
  request: FastifyRequest,
  stage: 'request' | 'response',
  rule: CompiledRule,
  response?: { status: number; headers: Record<string, unknown>; body: string | null },
): Omit<HeldExchange, 'id' | 'heldAt' | 'releaseAt'> {
  const secrets = secretNamesFor(request.scim?.settings?.extensions);
  const secretHeader = request.scim?.settings?.auth?.headerName?.toLowerCase();
  const hide = (list: HeaderList): [string, string][] => list.map(([name, value]) => [name, name === secretHeader ? REDACTED : value]);
  const body = request.body === undefined || request.body === null ? null : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  const facts = requestFacts(request, Date.now());
  return {
    workspace: request.recording?.workspace ?? '',
    stage,
    ruleId: rule.rule.id,
    ruleName: rule.rule.name,
    client: facts.client,
    request: {
      method: request.method,
      url: redactUrl(request.url, secrets),
      path: redactUrl(scimRelative(request.url), secrets),
      headers: hide(redactHeaders(request.headers, secrets)),
      body: redactBody(body, secrets),
    },
    ...(response && {
      response: { status: response.status, headers: hide(redactHeaders(response.headers, secrets)), body: redactBody(response.body, secrets) },
    }),
  };
}

/** The path and query after the SCIM base URL (`/w/demo/scim/v2/Users?x` → `/Users?x`). */
function scimRelative(url: string): string {
  const root = url.toLowerCase().indexOf('/scim/v2');
  return root === -1 ? url : url.slice(root + '/scim/v2'.length) || '/';
}

/** Headers and body change in place; another method or path is another route, so the edited request is sent to it again. */
async function applyRequestEdit(request: FastifyRequest, reply: FastifyReply, edit: NonNullable<HeldRelease['request']>): Promise<FastifyReply | void> {
  for (const [name, value] of Object.entries(edit.headers ?? {})) request.headers[name.toLowerCase()] = value;
  if (edit.body !== undefined) request.body = edit.body === null || edit.body.trim() === '' ? undefined : JSON.parse(edit.body);
  const path = request.url.split('?')[0]!;
  const root = path.toLowerCase().indexOf('/scim/v2');
  const prefix = root === -1 ? '' : path.slice(0, root + '/scim/v2'.length);
  const methodChanged = edit.method !== undefined && edit.method !== request.method;
  const pathChanged = edit.path !== undefined && `${prefix}${edit.path}` !== request.url;
  if (!methodChanged && !pathChanged) return;
  const headers: Record<string, string> = { [REDISPATCH_HEADER]: REDISPATCH_KEY };
  for (const [name, value] of Object.entries(request.headers)) if (!HOP_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
  const answer = await request.server.inject({
    method: edit.method ?? (request.method as 'GET'),
    url: `${prefix}${edit.path ?? request.url.slice(prefix.length)}`,
    headers,
    ...(request.body !== undefined && { payload: JSON.stringify(request.body) }),
  });
  reply.code(answer.statusCode);
  for (const [name, value] of Object.entries(answer.headers)) if (!HOP_HEADERS.has(name) && value !== undefined) reply.header(name, value);
  return reply.send(answer.payload);
}

/** The page asked for starts earlier (by `overlap`, default half a page), so it repeats the previous page's last resources. */
function shiftStartIndex(request: FastifyRequest, overlap: number | undefined): void {
  const query = request.query as Record<string, unknown> | undefined;
  const startIndex = Number(query?.startIndex ?? 1);
  if (!query || !Number.isInteger(startIndex) || startIndex <= 1) return;
  const count = Number(query.count ?? 100);
  const shifted = Math.max(1, startIndex - (overlap ?? Math.max(1, Math.ceil(count / 2))));
  request.fault!.startIndexAsked = startIndex;
  query.startIndex = shifted;
}

function tellLie(
  request: FastifyRequest,
  reply: FastifyReply,
  action: Extract<FaultAction, { kind: 'lie' }>,
  payload: unknown,
  fault: NonNullable<FastifyRequest['fault']>,
): unknown {
  let sent = payload;
  let summary: string | undefined;
  if (action.lie === 'contentType') {
    const type = typeof action.value === 'string' ? action.value : 'text/html';
    reply.header('content-type', type);
    summary = `Content-Type answered as ${type}`;
  } else if (action.lie === 'emptyCreatedBody') {
    if (reply.statusCode === 201) {
      sent = '';
      summary = '201 answered with an empty body';
    }
  } else if (action.lie === 'duplicatePages') {
    const asked = fault.startIndexAsked;
    if (asked !== undefined && typeof payload === 'string') {
      try {
        const page = JSON.parse(payload) as { startIndex?: number };
        const began = page.startIndex;
        page.startIndex = asked;
        sent = JSON.stringify(page);
        summary = `page asked from ${asked} answered from ${String(began)}, repeating ${asked - Number(began)} resource(s) of the previous page`;
      } catch {
        // Not a list answer: nothing to repeat.
      }
    }
  } else if (typeof payload === 'string') {
    const count = Number((request.query as Record<string, unknown> | undefined)?.count);
    const told = lieAbout(action.lie, action.value, payload, Number.isInteger(count) ? count : undefined);
    if (told) {
      sent = told.body;
      summary = told.summary;
    }
  }
  if (summary === undefined) return payload;
  fault.injected.summary = summary;
  if (request.recording) {
    request.recording.injected = fault.injected;
    if (typeof sent === 'string') request.recording.payload = sent;
  }
  return sent;
}

function describe(action: FaultAction): string {
  switch (action.kind) {
    case 'status':
      return `answered ${action.status}${action.scimType ? ` ${action.scimType}` : ''}${action.retryAfterSeconds !== undefined ? ` with Retry-After: ${action.retryAfterSeconds}` : ''} instead of the engine`;
    case 'latency':
      return `${action.ms} ms of latency added`;
    case 'timeout':
      return `held ${(action.ms ?? DEFAULT_TIMEOUT_HOLD_MS) / 1000} s, then dropped without an answer`;
    case 'drop':
      return 'connection dropped before any answer';
    case 'lie':
      return `lie: ${action.lie}`;
    case 'breakpoint':
      return `held at ${action.stage}`;
  }
}

function outcomeOf(decision: HeldDecision): NonNullable<InjectedFault['outcome']> {
  if (decision.kind === 'release') return decision.edit ? 'edited' : 'released';
  return decision.kind === 'fail' ? 'failed' : decision.kind;
}

function words(decision: HeldDecision): string {
  switch (decision.kind) {
    case 'release': {
      const edit = decision.edit;
      if (!edit) return 'released as-is';
      const parts = [...Object.keys(edit.request ?? {}), ...Object.keys(edit.response ?? {})];
      return `released edited: ${parts.join(', ')}`;
    }
    case 'fail':
      return `failed with ${decision.failure.status}${decision.failure.scimType ? ` ${decision.failure.scimType}` : ''}`;
    case 'auto-released':
      return 'released as-is when its timeout ran out';
    case 'abandoned':
      return 'abandoned: the client closed the connection';
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
