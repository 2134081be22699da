import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  blobStore,
  createAccountAdministration,
  documentStore,
  messageQueue,
  PreconditionFailed,
  type AccountAdministration,
  type MessageQueue,
  type Stored,
} from "../adapters/index.js";
import { appSettings } from "../config/index.js";
import { endSessionsOf, identityLinkId, recordAudit, Role, subjectsOf, type Principal } from "../identity/index.js";
import { HttpProblem, PoisonMessage, type Logger, type QueueMessageMeta } from "../runtime/index.js";
import { displayNameOf, readPerson, updatePerson, type Person, type SchoolScope } from "../schools/index.js";
import { identifiersOf, redactMentions, type PersonIdentifiers } from "./mentions.js";
import {
  comparableName,
  ErasureReceipt,
  noRemovals,
  PrivacyRequestState,
  RemovalDetails,
  RemovedCounts,
  type ErasureRequest,
  type PrivacyRequestView,
} from "./request.js";
import { companionsOf, isErrorReport, rosterFilesMentioning, rosterFilesPrefix, rosterImportRecords } from "./roster-traces.js";

/**
 * The right to erasure (GDPR Art. 17). A school admin asks; a queue job removes the person's
 * documents, blobs and identity-provider accounts, and pseudonymises the school's records that
 * must stay; the request ends with a receipt in numbers. In Flanders a minor's request goes
 * through the school, so only its admin can ask.
 */

/** The stored request, in the school's partition. Counts are kept as the job goes, so a retry adds to them. */
export const PrivacyRequest = z.object({
  id: z.string(),
  schoolId: z.string(),
  type: z.literal("privacy-request"),
  action: z.literal("erase"),
  state: PrivacyRequestState,
  /** A random UUID, not personal data by itself once the person is gone. */
  personId: z.string(),
  requestedBy: z.string(),
  requesterRoles: z.array(Role),
  requestedAt: z.string(),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  failedAt: z.string().optional(),
  /** A stable code of what went wrong, never the error's text (which could quote data). */
  failure: z.string().optional(),
  attempts: z.number().int().nonnegative(),
  progress: z.object({ removed: RemovedCounts, details: RemovalDetails }),
  receipt: ErasureReceipt.optional(),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

/** The message on `privacy-requests`; its message id is the request id. */
export const PrivacyRequestMessage = z.object({ requestId: z.uuid(), schoolId: z.string().min(1) });
export type PrivacyRequestMessage = z.infer<typeof PrivacyRequestMessage>;

const schoolData = () => documentStore().container("school-data");

export const privacyRequestLocation = (requestId: string): string => `/api/school/privacy-requests/${requestId}`;

export function viewOf(request: PrivacyRequest): PrivacyRequestView {
  return {
    requestId: request.id,
    action: request.action,
    state: request.state,
    personId: request.personId,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    ...(request.startedAt ? { startedAt: request.startedAt } : {}),
    ...(request.completedAt ? { completedAt: request.completedAt } : {}),
    ...(request.failedAt ? { failedAt: request.failedAt } : {}),
    ...(request.receipt ? { receipt: request.receipt } : {}),
  };
}

async function readRequest(scope: SchoolScope, requestId: string): Promise<Stored<PrivacyRequest> | undefined> {
  const found = await schoolData().read<PrivacyRequest>(requestId, scope.schoolId);
  return found?.type === "privacy-request" ? found : undefined;
}

export async function readPrivacyRequest(scope: SchoolScope, requestId: string): Promise<PrivacyRequestView> {
  const request = await readRequest(scope, requestId);
  if (!request) throw HttpProblem.notFound(`No privacy request ${requestId} in this school`);
  return viewOf(request);
}

const nameMismatch = (): HttpProblem =>
  new HttpProblem(400, "validation", "Invalid request", "Invalid body.confirmName", [
    { field: "body.confirmName", message: "does not match the name of the person to erase" },
  ]);

async function openRequestFor(scope: SchoolScope, personId: string): Promise<Stored<PrivacyRequest> | undefined> {
  const [open] = await schoolData().query<Stored<PrivacyRequest>>(
    {
      query: "SELECT * FROM c WHERE c.type = 'privacy-request' AND c.personId = @personId AND (c.state = 'queued' OR c.state = 'running')",
      parameters: [{ name: "@personId", value: personId }],
    },
    { partitionKey: scope.schoolId },
  );
  return open;
}

/**
 * Queues the erasure of a person of the admin's school and answers with the request. The body
 * (the typed name) is read only once the person is known to be of this school, so another
 * school's id is a 404 whatever is sent. Asking again while a request is open gives that
 * request back and sends its message again (a lost send is repaired that way).
 */
export async function requestErasure(
  principal: Principal,
  scope: SchoolScope,
  personId: string,
  confirmation: () => Promise<ErasureRequest>,
  options: { now?: Date; queue?: MessageQueue; newId?: () => string } = {},
): Promise<PrivacyRequestView> {
  const now = options.now ?? new Date();
  const person = await readPerson(scope, personId);
  if (!person) throw HttpProblem.notFound(`No person ${personId} in this school`);
  if (person.id === principal.personId) {
    throw new HttpProblem(409, "self-erasure", "Cannot erase yourself", "Another school admin must erase this account");
  }
  const { confirmName } = await confirmation();
  if (comparableName(confirmName) !== comparableName(displayNameOf(person))) throw nameMismatch();

  const request =
    (await openRequestFor(scope, personId)) ??
    (await schoolData().create<PrivacyRequest>({
      id: (options.newId ?? randomUUID)(),
      schoolId: scope.schoolId,
      type: "privacy-request",
      action: "erase",
      state: "queued",
      personId,
      requestedBy: principal.personId,
      requesterRoles: principal.roles,
      requestedAt: now.toISOString(),
      attempts: 0,
      progress: noRemovals(),
    }));
  const message: PrivacyRequestMessage = { requestId: request.id, schoolId: scope.schoolId };
  await (options.queue ?? messageQueue()).send("privacy-requests", [{ id: request.id, body: message }]);
  return viewOf(request);
}

// ---------------------------------------------------------------------------------------------
// The job

let accountAdministration: AccountAdministration | undefined;
const defaultAccounts = (): AccountAdministration => {
  accountAdministration ??= createAccountAdministration(appSettings());
  return accountAdministration;
};

export interface ErasureDependencies {
  accounts?: AccountAdministration;
  now?: () => Date;
  /** Deliveries after which the request is marked failed (the message then goes to the dead letters). */
  maxDeliveries?: number;
}

type Tally = PrivacyRequest["progress"];

/** Documents of a school that hold a person's id but are records about others' actions, kept as they are. */
const keptTypes = ["audit", "privacy-request", "person"] as const;

/** The steps of an erasure, each safe to run again: what is gone is simply not found a second time. */
class Erasure {
  constructor(
    private request: Stored<PrivacyRequest>,
    private readonly tally: Tally,
    private readonly accounts: AccountAdministration,
    private readonly now: () => Date,
  ) {}

  private get scope(): SchoolScope {
    return { schoolId: this.request.schoolId };
  }

  private get personId(): string {
    return this.request.personId;
  }

  /** Stores the counts so far; a concurrent run of the same request makes this throw, and the message is retried. */
  async checkpoint(changes: Partial<PrivacyRequest> = {}): Promise<Stored<PrivacyRequest>> {
    const next = PrivacyRequest.parse({ ...this.request, ...changes, progress: this.tally });
    this.request = await schoolData().replace<PrivacyRequest>(next, this.request._etag);
    return this.request;
  }

  /** First, so that nobody signs in as the person while the rest is removed. */
  async deactivate(person: Person | undefined): Promise<void> {
    if (person?.status === "active") await updatePerson(this.scope, this.personId, { status: "inactive" }, this.now());
  }

  /** The IdP account goes before its link: a retry finds the account through the link. */
  async removeIdentityProviderAccounts(): Promise<void> {
    for (const subject of await subjectsOf(this.personId)) {
      await this.accounts.deleteAccount(subject);
      this.tally.removed.idpAccounts++;
      if (await documentStore().container("platform").delete(identityLinkId(subject), "identity-link")) {
        this.tally.removed.documents++;
        this.tally.details.identityLinks++;
      }
    }
  }

  /** Memberships, login cards, and whatever else of the school carries the person's id. */
  async removeDocumentsOfPerson(): Promise<void> {
    const notKept = keptTypes.map((type) => `c.type != '${type}'`).join(" AND ");
    const found = await schoolData().query<{ id: string; type?: string }>(
      {
        query: `SELECT c.id, c.type FROM c WHERE c.personId = @personId AND (NOT IS_DEFINED(c.type) OR (${notKept}))`,
        parameters: [{ name: "@personId", value: this.personId }],
      },
      { partitionKey: this.scope.schoolId },
    );
    for (const document of found) {
      if (!(await schoolData().delete(document.id, this.scope.schoolId))) continue;
      this.tally.removed.documents++;
      if (document.type === "membership") this.tally.details.memberships++;
      else if (document.type === "login-card") this.tally.details.loginCards++;
      else this.tally.details.otherDocuments++;
    }
  }

  async endSessions(): Promise<void> {
    this.tally.removed.sessions += await endSessionsOf(this.personId);
  }

  /**
   * Roster uploads are processing artefacts: once imported they serve no purpose, so an upload
   * that contains the person is deleted whole, with its error report. The import records stay
   * for the school, with the person's values replaced.
   */
  async removeRosterTraces(ids: PersonIdentifiers): Promise<void> {
    const all = await blobStore().list("roster-files", rosterFilesPrefix(this.scope));
    const mentioning = (await rosterFilesMentioning(this.scope, ids)).map((file) => file.name);
    const doomed = new Set(mentioning.flatMap((name) => [name, ...companionsOf(name, all, this.scope)]));
    for (const name of doomed) {
      if (!(await blobStore().delete("roster-files", name))) continue;
      this.tally.removed.blobs++;
      if (isErrorReport(name)) this.tally.details.rosterErrorReports++;
      else this.tally.details.rosterFiles++;
    }
    for (const record of await rosterImportRecords(this.scope)) {
      const { value, changed } = redactMentions(record, ids);
      if (!changed) continue;
      await schoolData().replace(value, record._etag);
      this.tally.details.pseudonymisedRosterImports++;
    }
  }

  async removeProfilePictures(person: Person): Promise<void> {
    const names = new Set(await blobStore().list("profile-pictures", `${this.scope.schoolId}/${this.personId}`));
    if (person.picture) names.add(person.picture);
    for (const name of names) {
      if (!(await blobStore().delete("profile-pictures", name))) continue;
      this.tally.removed.blobs++;
      this.tally.details.profilePictures++;
    }
  }

  /** Last: the steps before need the person's e-mail, names and roster id to find their traces. */
  async removePerson(): Promise<void> {
    if (await schoolData().delete(this.personId, this.scope.schoolId)) {
      this.tally.removed.documents++;
      this.tally.details.person++;
    }
  }
}

/**
 * Carries out an erasure request. Idempotent: run twice, or again after a crash halfway, it
 * finds what is left and removes that; a completed request is left as it is.
 */
export async function processPrivacyRequest(
  message: PrivacyRequestMessage,
  meta: QueueMessageMeta,
  log: Logger,
  dependencies: ErasureDependencies = {},
): Promise<void> {
  const now = dependencies.now ?? (() => new Date());
  const scope = { schoolId: message.schoolId };
  const found = await readRequest(scope, message.requestId);
  if (!found) throw new PoisonMessage(`No privacy request ${message.requestId} in ${message.schoolId}`);
  const context = { requestId: found.id, schoolId: found.schoolId, personId: found.personId };
  if (found.state === "completed") {
    log.info(context, "privacy request already completed");
    return;
  }

  const tally = structuredClone(found.progress);
  const erasure = new Erasure(found, tally, dependencies.accounts ?? defaultAccounts(), now);
  // Which step failed goes into the request (and the log) as a code, never an error's text.
  let step = "start";
  const run = async (name: string, action: () => Promise<unknown>) => {
    step = name;
    await action();
  };
  try {
    await erasure.checkpoint({ state: "running", startedAt: found.startedAt ?? now().toISOString(), attempts: found.attempts + 1 });
    const person = await readPerson(scope, found.personId);
    await run("deactivate", () => erasure.deactivate(person));
    await run("idp-accounts", () => erasure.removeIdentityProviderAccounts());
    await run("checkpoint", () => erasure.checkpoint());
    await run("documents", () => erasure.removeDocumentsOfPerson());
    await run("sessions", () => erasure.endSessions());
    await run("checkpoint", () => erasure.checkpoint());
    if (person) {
      await run("roster-traces", () => erasure.removeRosterTraces(identifiersOf(person)));
      await run("profile-pictures", () => erasure.removeProfilePictures(person));
      await run("checkpoint", () => erasure.checkpoint());
      await run("person", () => erasure.removePerson());
    }
    // Sessions started in the meantime (a sign-in before the account was gone) end too.
    await run("sessions", () => erasure.endSessions());
    step = "complete";

    const completedAt = now();
    const receipt: ErasureReceipt = { requestId: found.id, completedAt: completedAt.toISOString(), requestedBy: found.requestedBy, ...tally };
    await recordAudit(
      { personId: found.requestedBy, roles: found.requesterRoles, schoolId: found.schoolId },
      { action: "privacy-request-process", method: "QUEUE", target: { requestId: found.id, personId: found.personId }, subjectId: found.personId, status: 200 },
      completedAt,
    );
    await erasure.checkpoint({ state: "completed", completedAt: receipt.completedAt, receipt });
    log.info({ ...context, removed: tally.removed }, "privacy request completed");
  } catch (error) {
    const lastTry = meta.deliveryCount >= (dependencies.maxDeliveries ?? appSettings().QUEUE_MAX_DELIVERIES);
    const failure = error instanceof PreconditionFailed ? `concurrent-run:${step}` : `step-failed:${step}`;
    if (lastTry) {
      const latest = await readRequest(scope, found.id);
      if (latest && latest.state !== "completed") {
        await schoolData().replace<PrivacyRequest>({ ...latest, state: "failed", failedAt: now().toISOString(), failure, progress: tally }, latest._etag);
      }
    }
    log.warn({ ...context, deliveryCount: meta.deliveryCount, failure, lastTry }, "privacy request step failed");
    throw error;
  }
}
