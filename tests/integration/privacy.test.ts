import { randomUUID } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { CookieJar, fetchWithJar, LoginRefused } from "../../scripts/local-stack/form-sign-in.js";
import { signInAs } from "../../scripts/sign-in.js";
import {
  blobContainers,
  blobStore,
  cosmosContainers,
  createAccountAdministration,
  createBlobStore,
  createDocumentStore,
  createMessageQueue,
  documentStore,
  type AccountAdministration,
  type DocumentStore,
  type MessageQueue,
  type OutgoingMessage,
} from "../../shared/adapters/index.js";
import { appSettings, loadAppSettings, type AppSettings } from "../../shared/config/index.js";
import { auditEntriesAbout, createSession, identityLinkId, type Principal } from "../../shared/identity/index.js";
import {
  applyRetention,
  PrivacyExport,
  PrivacyRequestView,
  processPrivacyRequest,
  requestErasure,
  textsOf,
  type PrivacyRequest,
} from "../../shared/privacy/index.js";
import { createLogger } from "../../shared/runtime/index.js";
import { addMember, createGroup, createPerson, readPerson } from "../../shared/schools/index.js";
import { callerWith, schoolFor } from "../support/sessions.js";
import { startStackProcess, type StackProcess } from "../support/stack-process.js";

const baseUrl = process.env.LEERSPOOR_TEST_BASE_URL!;
const quietLog = createLogger("silent");

const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4810000000049454e44ae426082", "hex");

/** Every `eyJ….….…` JWT in a text, its payload decoded: an id_token names the person in base64. */
const withDecodedTokens = (text: string): string =>
  [text, ...[...text.matchAll(/eyJ[\w-]+\.([\w-]+)\.[\w-]*/g)].map((match) => Buffer.from(match[1]!, "base64url").toString("utf8"))].join("\n");

function namesIn(text: string, needles: readonly string[]): string[] {
  const haystack = withDecodedTokens(text).toLocaleLowerCase("nl");
  return needles.filter((needle) => haystack.includes(needle.toLocaleLowerCase("nl")));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---------------------------------------------------------------------------------------------
// The acceptance test, on a stack of its own, so that its whole log output can be read.

interface SignedIn {
  jar: CookieJar;
  csrfToken: string;
  personId: string;
}

describe("export then erase of a demo pupil (on a separate stack, LOG_LEVEL=info)", () => {
  let stack: StackProcess;
  let settings: AppSettings;
  let store: DocumentStore;
  let blobs: ReturnType<typeof createBlobStore>;
  let queue: MessageQueue;
  let password: string;
  let pupil: SignedIn;
  let admin: SignedIn;
  let teacher: SignedIn;
  let schoolId: string;
  let cardIssuedAt: string;
  let requestId: string;
  let receipt: NonNullable<PrivacyRequestView["receipt"]>;
  const leerId = "EJ-5B-2026-leerid";
  const sourcedId = "stu-5b-emma-7f3a";
  const email = "pupil-5b-1@demo.leerspoor.local";
  // Given name alone is left out: four letters can occur by chance in random ids and hashes.
  const needles = ["Emma Janssens", "Janssens", email, leerId, sourcedId];

  const call = (who: SignedIn, method: string, path: string, body?: unknown): Promise<Response> =>
    fetchWithJar(new URL(path, stack.url), who.jar, {
      method,
      headers: method === "GET" ? {} : { "x-csrf-token": who.csrfToken, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function signIn(login: string): Promise<SignedIn> {
    const demo = JSON.parse(await readFile(join(stack.dataDir, "demo.json"), "utf8")) as { accounts: { login: string; password: string | null }[] };
    const secret = demo.accounts.find((account) => account.login === login)!.password!;
    if (login === "pupil-5b-1") password = secret;
    const { jar, me } = await signInAs(stack.url, login, secret);
    const { csrfToken, personId } = me as { csrfToken: string; personId: string };
    return { jar, csrfToken, personId };
  }

  const rosterPrefix = () => `${schoolId}/`;

  beforeAll(async () => {
    stack = await startStackProcess({ env: { LOG_LEVEL: "info" } });
    settings = loadAppSettings(stack.env);
    store = createDocumentStore(settings);
    blobs = createBlobStore(settings);
    queue = createMessageQueue(settings, () => undefined);

    // Real sign-ins through the local IdP's login form: sessions, identity links and IdP accounts exist.
    pupil = await signIn("pupil-5b-1");
    admin = await signIn("schooladmin");
    teacher = await signIn("teacher");
    schoolId = (await (await call(admin, "GET", "/api/me")).json()).school.id;

    const patched = await call(admin, "PATCH", `/api/school/people/${pupil.personId}`, { leerId, sourcedId });
    expect(patched.status).toBe(200);
    const issued = await call(teacher, "POST", "/api/school/login-cards", { personIds: [pupil.personId] });
    expect(issued.status).toBe(201);
    cardIssuedAt = (await issued.json()).cards[0].issuedAt;

    // A profile picture, as the portal will store it.
    const pictureName = `${schoolId}/${pupil.personId}.png`;
    await blobs.put("profile-pictures", pictureName, png, "image/png");
    const person = await store.container("school-data").read<Record<string, unknown>>(pupil.personId, schoolId);
    await store.container("school-data").upsert({ ...person!, id: pupil.personId, picture: pictureName });

    // What a roster import leaves behind: uploads, error reports and an import record.
    const users = "sourcedId,status,givenName,familyName,email\r\n" + `${sourcedId},active,Emma,Janssens,${email}\r\n` + "stu-5b-louis-11c2,active,Louis,Hermans,\r\n";
    await blobs.put("roster-files", `${rosterPrefix()}imp-1/upload.zip`, Buffer.from(zipSync({ "users.csv": strToU8(users), "manifest.csv": strToU8("propertyName,value\r\n") })), "application/zip");
    await blobs.put("roster-files", `${rosterPrefix()}imp-1/errors.csv`, "file,row,field,message\r\nusers.csv,3,email,missing\r\n", "text/csv");
    await blobs.put("roster-files", `${rosterPrefix()}imp-2.csv`, "klas;familienaam;voornaam\r\n5B;Janssens;Emma\r\n5B;Hermans;Louis\r\n", "text/csv");
    await blobs.put("roster-files", `${rosterPrefix()}imp-2.errors.csv`, "file,row,field,message\r\nimp-2.csv,3,email,missing\r\n", "text/csv");
    await blobs.put("roster-files", `${rosterPrefix()}imp-3/upload.csv`, "sourcedId,givenName,familyName\r\nstu-5b-louis-11c2,Louis,Hermans\r\n", "text/csv");
    await store.container("school-data").upsert({
      id: "roster-import-privacy-test",
      schoolId,
      type: "roster-import",
      createdBy: admin.personId,
      rows: [
        { sourcedId, givenName: "Emma", familyName: "Janssens", email, outcome: "matched", personId: pupil.personId },
        { sourcedId: "stu-5b-louis-11c2", givenName: "Louis", familyName: "Hermans", outcome: "matched" },
      ],
      errors: [{ file: "users.csv", row: 4, field: "leerId", message: `Emma Janssens: '${leerId}' is used twice` }],
    });
  }, 180_000);

  afterAll(async () => {
    await queue?.close();
    await stack?.stop();
  });

  it("gives the pupil everything held about them as one JSON download", async () => {
    const response = await call(pupil, "GET", "/api/me/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="leerspoor-export-${new Date().toISOString().slice(0, 10)}.json"`);
    const exported = PrivacyExport.parse(await response.json());
    expect(exported.person).toMatchObject({ id: pupil.personId, givenName: "Emma", familyName: "Janssens", email, leerId, sourcedId });
    expect(exported.memberships).toEqual([expect.objectContaining({ groupName: "5B", groupType: "class", role: "pupil", status: "active" })]);
    expect(exported.loginCards).toEqual([{ issuedAt: cardIssuedAt }]);
    expect(exported.identityLinks).toEqual([expect.objectContaining({ connection: "demo", subject: "demo|pupil-5b-1" })]);
    expect(exported.sessions.length).toBeGreaterThanOrEqual(1);
    expect(exported.sessions[0]).toEqual({ createdAt: expect.any(String), lastSeenAt: expect.any(String), expiresAt: expect.any(String) });
    expect(exported.auditEntries).toEqual(expect.arrayContaining([expect.objectContaining({ action: "school-people-update", as: "subject", actorId: admin.personId })]));
    expect(exported.profilePicture).toEqual({ blob: `${schoolId}/${pupil.personId}.png`, container: "profile-pictures" });
    expect(exported.rosterImports).toEqual([{ importId: "roster-import-privacy-test", rows: [expect.objectContaining({ sourcedId, outcome: "matched" })] }]);
    expect(exported.rosterFiles.map((file) => file.name).sort()).toEqual([`${rosterPrefix()}imp-1/upload.zip`, `${rosterPrefix()}imp-2.csv`]);
    // No secrets: card hashes, session ids and tokens stay out.
    expect(JSON.stringify(exported)).not.toMatch(/secretHash|pinHash|salt|csrfToken|idToken|eyJ/);
  });

  it("lets the school admin export the same person, for a parent's request through the school", async () => {
    const response = await call(admin, "GET", `/api/school/people/${pupil.personId}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="leerspoor-export-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(PrivacyExport.parse(await response.json()).exportedBy).toBe(admin.personId);
  });

  it("erases the pupil through a queue job that ends with a receipt in numbers", async () => {
    const accepted = await call(admin, "POST", `/api/school/people/${pupil.personId}/erasure`, { confirmName: "emma  JANSSENS" });
    expect(accepted.status).toBe(202);
    const queued = PrivacyRequestView.parse(await accepted.json());
    requestId = queued.requestId;
    expect(accepted.headers.get("location")).toBe(`/api/school/privacy-requests/${requestId}`);
    expect(queued).toMatchObject({ state: "queued", action: "erase", personId: pupil.personId, requestedBy: admin.personId });

    const done = await until("the erasure to complete", async () => {
      const view = PrivacyRequestView.parse(await (await call(admin, "GET", accepted.headers.get("location")!)).json());
      expect(view.state).not.toBe("failed");
      return view.state === "completed" ? view : undefined;
    });
    receipt = done.receipt!;
    expect(receipt).toEqual({
      requestId,
      completedAt: expect.any(String),
      requestedBy: admin.personId,
      removed: { documents: 4, blobs: 5, idpAccounts: 1, sessions: expect.any(Number) },
      details: {
        person: 1,
        memberships: 1,
        loginCards: 1,
        identityLinks: 1,
        otherDocuments: 0,
        profilePictures: 1,
        rosterFiles: 2,
        rosterErrorReports: 2,
        pseudonymisedRosterImports: 1,
      },
    });
    expect(receipt.removed.sessions).toBeGreaterThanOrEqual(1);
    expect(namesIn(JSON.stringify(done), needles)).toEqual([]);
  });

  it("leaves no document in any Cosmos container that names them", async () => {
    let scanned = 0;
    for (const { name } of cosmosContainers) {
      for (const document of await store.container(name).query<Record<string, unknown>>({ query: "SELECT * FROM c" })) {
        scanned++;
        expect([name, document.id, namesIn(JSON.stringify(document), needles)]).toEqual([name, document.id, []]);
      }
    }
    expect(scanned).toBeGreaterThan(20);
    expect(await store.container("school-data").read(pupil.personId, schoolId)).toBeUndefined();
    // The school's import record stays, with the other pupil's row as it was.
    const record = await store.container("school-data").read<{ rows: Record<string, string>[] }>("roster-import-privacy-test", schoolId);
    expect(record!.rows[1]).toEqual({ sourcedId: "stu-5b-louis-11c2", givenName: "Louis", familyName: "Hermans", outcome: "matched" });
    expect(record!.rows[0]).toMatchObject({ givenName: "[erased]", familyName: "[erased]", email: "[erased]", sourcedId: "[erased]" });
  });

  it("leaves no blob in any container that names them, and keeps uploads that do not", async () => {
    let scanned = 0;
    for (const container of blobContainers) {
      for (const name of await blobs.list(container)) {
        scanned++;
        const bytes = (await blobs.get(container, name))!;
        expect([container, name, namesIn([name, ...textsOf(bytes)].join("\n"), needles)]).toEqual([container, name, []]);
      }
    }
    expect(scanned).toBeGreaterThanOrEqual(1);
    expect(await blobs.list("roster-files", rosterPrefix())).toEqual([`${rosterPrefix()}imp-3/upload.csv`]);
    expect(await blobs.list("profile-pictures", `${schoolId}/${pupil.personId}`)).toEqual([]);
  });

  it("removes their IdP account: signing in with it fails, and their session has ended", async () => {
    expect((await call(pupil, "GET", "/api/me")).status).toBe(401);
    await expect(signInAs(stack.url, "pupil-5b-1", password)).rejects.toBeInstanceOf(LoginRefused);
    const accounts = await readFile(join(stack.dataDir, "idp-accounts.json"), "utf8");
    expect(accounts).not.toContain("demo|pupil-5b-1");
    expect(namesIn(accounts, needles)).toEqual([]);
  });

  it("records export and erasure in the audit log, with ids only", async () => {
    const entries = await store
      .container("school-data")
      .query<{ action: string; actorId: string; subjectId?: string; target: Record<string, string> }>(
        { query: "SELECT * FROM c WHERE c.type = 'audit' AND c.subjectId = @personId ORDER BY c.at", parameters: [{ name: "@personId", value: pupil.personId }] },
        { partitionKey: schoolId },
      );
    const actions = entries.map((entry) => `${entry.action} by ${entry.actorId === admin.personId ? "admin" : entry.actorId === pupil.personId ? "pupil" : "teacher"}`);
    expect(actions).toEqual(expect.arrayContaining(["me-export by pupil", "school-people-export by admin", "school-people-erasure by admin", "privacy-request-process by admin"]));
    expect(entries.find((entry) => entry.action === "privacy-request-process")!.target).toEqual({ requestId, personId: pupil.personId });
    expect(namesIn(JSON.stringify(entries), needles)).toEqual([]);
  });

  it("completes again without error when the message comes again, or the job re-runs after a crash halfway", async () => {
    const message: OutgoingMessage = { id: requestId, body: { requestId, schoolId } };
    const completedLines = () => stack.output().split("\n").filter((line) => line.includes(requestId) && line.includes("privacy request already completed")).length;
    await queue.send("privacy-requests", [message]);
    await until("the repeated message to be handled", async () => (completedLines() >= 1 ? true : undefined));

    // As after a crash between the last step and the receipt: the request is still running.
    const stored = (await store.container("school-data").read<PrivacyRequest>(requestId, schoolId))!;
    await store.container("school-data").replace<PrivacyRequest>({ ...stored, state: "running" }, stored._etag);
    await queue.send("privacy-requests", [message]);
    const again = await until("the re-run to complete", async () => {
      const view = PrivacyRequestView.parse(await (await call(admin, "GET", `/api/school/privacy-requests/${requestId}`)).json());
      return view.state === "completed" && view.completedAt !== receipt.completedAt ? view : undefined;
    });
    expect(again.receipt!.removed).toEqual(receipt.removed);
    expect(again.receipt!.details).toEqual(receipt.details);
    expect(await queue.receiveDeadLettered("privacy-requests", { maxMessages: 32, lockSeconds: 1 })).toEqual([]);
    expect(stack.output()).not.toMatch(/privacy request step failed|message dead-lettered/);
  });

  it("logs no name, e-mail, LeerID or roster id: not in the stack's output, not in its log files", async () => {
    const output = stack.output();
    // The log level is honoured: every request has its line, and the job its own.
    expect(output).toMatch(/"msg":"request"/);
    expect(output).toContain(`"requestId":"${requestId}"`);
    expect(namesIn(output, needles)).toEqual([]);
    const logDir = join(stack.dataDir, "logs");
    const files = await readdir(logDir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect([file, namesIn(await readFile(join(logDir, file), "utf8"), needles)]).toEqual([file, []]);
  });

  it("leaves nothing that names them in the stack's files once stopped (Cosmos snapshot, IdP accounts and sessions)", async () => {
    await queue.close();
    await stack.stop({ keepData: true });
    try {
      for (const file of ["cosmos-snapshot.json", "idp-accounts.json", "oidc-store.json"]) {
        const text = await readFile(join(stack.dataDir, file), "utf8").catch(() => "");
        expect([file, namesIn(text, needles)]).toEqual([file, []]);
      }
      for (const file of await readdir(join(stack.dataDir, "logs"))) {
        expect([file, namesIn(await readFile(join(stack.dataDir, "logs", file), "utf8"), needles)]).toEqual([file, []]);
      }
    } finally {
      await rm(stack.dataDir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The rules around it, on the shared test stack.

const api = (caller: { headers(method?: string): Record<string, string> }, method: string, path: string, body?: string): Promise<Response> =>
  fetch(`${baseUrl}/api/${path}`, { method, headers: caller.headers(method), ...(body === undefined ? {} : { body }) });

/** A queue that keeps what is sent, so the job can be run by the test itself. */
function keepingQueue(): MessageQueue & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { sent, maxDeliveries: 5, send: async (_queue, messages) => void sent.push(...messages) } as MessageQueue & { sent: OutgoingMessage[] };
}

const principalOf = (caller: { personId: string; schoolId?: string }, roles: Principal["roles"] = ["schoolAdmin"]): Principal => ({
  sessionId: "test",
  personId: caller.personId,
  displayName: "Test",
  roles,
  schoolId: caller.schoolId!,
  csrfToken: "test",
});

describe("privacy requests", () => {
  it("gives another school's admin 404 for the export, the erasure and the receipt", async () => {
    const schoolA = await schoolFor();
    const adminA = await callerWith("schoolAdmin", schoolA);
    const pupilA = await createPerson({ schoolId: schoolA }, { roles: ["pupil"], givenName: "Ada", familyName: "Apers" });
    const accepted = await api(adminA, "POST", `school/people/${pupilA.id}/erasure`, JSON.stringify({ confirmName: "Ada Apers" }));
    expect(accepted.status).toBe(202);
    const { requestId } = await accepted.json();

    const adminB = await callerWith("schoolAdmin", await schoolFor());
    for (const [method, path, body] of [
      ["GET", `school/people/${pupilA.id}/export`, undefined],
      ["POST", `school/people/${pupilA.id}/erasure`, JSON.stringify({ confirmName: "Ada Apers" })],
      ["GET", `school/privacy-requests/${requestId}`, undefined],
    ] as const) {
      const response = await api(adminB, method, path, body);
      expect([method, path, response.status, response.headers.get("content-type")]).toEqual([method, path, 404, "application/problem+json"]);
    }
  });

  it("answers bad input with 400 problem+json naming the field, and changes nothing", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Bo", familyName: "Baert" });
    const cases: [string, string, string | undefined, string][] = [
      ["POST", `school/people/${pupil.id}/erasure`, "{}", "body.confirmName"],
      ["POST", `school/people/${pupil.id}/erasure`, JSON.stringify({ confirmName: "Bo Baerts" }), "body.confirmName"],
      ["POST", `school/people/${pupil.id}/erasure`, JSON.stringify({ confirmName: "Bo Baert", now: true }), "body"],
      ["POST", `school/people/${pupil.id}/erasure`, "{not json", "body"],
      ["POST", "school/people/not-a-uuid/erasure", JSON.stringify({ confirmName: "Bo Baert" }), "params.personId"],
      ["GET", "school/people/not-a-uuid/export", undefined, "params.personId"],
      ["GET", "school/privacy-requests/42", undefined, "params.requestId"],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await api(admin, method, path, body);
      expect([path, body, response.status, response.headers.get("content-type")]).toEqual([path, body, 400, "application/problem+json"]);
      const problem = (await response.json()) as { errors: { field: string }[] };
      expect([path, body, problem.errors.map((error) => error.field)]).toEqual([path, body, [field]]);
    }
    expect(await readPerson({ schoolId }, pupil.id)).toMatchObject({ status: "active" });
    const requests = await documentStore()
      .container("school-data")
      .query({ query: "SELECT * FROM c WHERE c.type = 'privacy-request'" }, { partitionKey: schoolId });
    expect(requests).toEqual([]);
  });

  it("does not let an admin erase their own account", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const response = await api(admin, "POST", `school/people/${admin.personId}/erasure`, JSON.stringify({ confirmName: "Test schoolAdmin" }));
    expect(response.status).toBe(409);
    expect((await response.json()).type).toBe("urn:leerspoor:problem:self-erasure");
  });

  it("gives the open request back when asked again, and sends its message again", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Cas", familyName: "Claes" });
    const queue = keepingQueue();
    const first = await requestErasure(principalOf(admin), { schoolId }, pupil.id, async () => ({ confirmName: "Cas Claes" }), { queue });
    const second = await requestErasure(principalOf(admin), { schoolId }, pupil.id, async () => ({ confirmName: "Cas Claes" }), { queue });
    expect(second.requestId).toBe(first.requestId);
    expect(queue.sent).toEqual([
      { id: first.requestId, body: { requestId: first.requestId, schoolId } },
      { id: first.requestId, body: { requestId: first.requestId, schoolId } },
    ]);
  });

  it("finishes an erasure that crashed halfway when the message comes again, and is marked failed after the last try", async () => {
    const schoolId = await schoolFor();
    const admin = await callerWith("schoolAdmin", schoolId);
    const pupil = await createPerson({ schoolId }, { roles: ["pupil"], givenName: "Dirk", familyName: "Dewulf", email: "dirk.dewulf@example.test" });
    const group = await createGroup({ schoolId }, { groupType: "class", name: "2C" });
    await addMember({ schoolId }, group.id, pupil.id, "pupil");
    const subject = `test|${randomUUID()}`;
    await documentStore().container("platform").create({ id: identityLinkId(subject), kind: "identity-link", subject, personId: pupil.id, schoolId, createdAt: new Date().toISOString() });
    await createSession({ personId: pupil.id, displayName: "Dirk Dewulf", roles: ["pupil"], schoolId });
    await blobStore().put("roster-files", `${schoolId}/crash/upload.csv`, "givenName;familyName\r\nDirk;Dewulf\r\n", "text/csv");

    const queue = keepingQueue();
    const { requestId } = await requestErasure(principalOf(admin), { schoolId }, pupil.id, async () => ({ confirmName: "Dirk Dewulf" }), { queue });
    const message = { requestId, schoolId };
    const realAccounts = createAccountAdministration(appSettings());
    const failingAccounts: AccountAdministration = { deleteAccount: async () => Promise.reject(new Error("IdP unreachable")) };
    const stored = () => documentStore().container("school-data").read<PrivacyRequest>(requestId, schoolId);

    // First delivery: the IdP is down halfway; the person is already locked out.
    await expect(processPrivacyRequest(message, { messageId: requestId, deliveryCount: 1 }, quietLog, { accounts: failingAccounts })).rejects.toThrow("IdP unreachable");
    expect(await stored()).toMatchObject({ state: "running", attempts: 1 });
    expect(await readPerson({ schoolId }, pupil.id)).toMatchObject({ status: "inactive" });

    // The last delivery fails too: the request says so, with a code and no error text.
    await expect(processPrivacyRequest(message, { messageId: requestId, deliveryCount: 5 }, quietLog, { accounts: failingAccounts, maxDeliveries: 5 })).rejects.toThrow();
    expect(await stored()).toMatchObject({ state: "failed", failure: "step-failed:idp-accounts", attempts: 2 });

    // Delivered again once the IdP is back: it finishes, and a further run changes nothing.
    await processPrivacyRequest(message, { messageId: requestId, deliveryCount: 1 }, quietLog, { accounts: realAccounts });
    const completed = (await stored())!;
    expect(completed).toMatchObject({ state: "completed", attempts: 3 });
    expect(completed.receipt!.removed).toEqual({ documents: 3, blobs: 1, idpAccounts: 1, sessions: 1 });
    await processPrivacyRequest(message, { messageId: requestId, deliveryCount: 2 }, quietLog, { accounts: realAccounts });
    expect((await stored())!.receipt).toEqual(completed.receipt);

    expect(await readPerson({ schoolId }, pupil.id)).toBeUndefined();
    expect(await documentStore().container("platform").read(identityLinkId(subject), "identity-link")).toBeUndefined();
    expect(await blobStore().list("roster-files", `${schoolId}/crash/`)).toEqual([]);
    const audit = await auditEntriesAbout(schoolId, pupil.id);
    expect(JSON.stringify(audit)).not.toMatch(/Dirk|Dewulf|dirk\.dewulf/);
  });

  it("treats a message for an unknown request as poison", async () => {
    await expect(
      processPrivacyRequest({ requestId: randomUUID(), schoolId: await schoolFor() }, { messageId: "x", deliveryCount: 1 }, quietLog),
    ).rejects.toMatchObject({ name: "PoisonMessage" });
  });
});

describe("retention of roster uploads and privacy exports", () => {
  it("deletes blobs older than their rule allows and keeps younger ones", async () => {
    const prefix = `retention-${randomUUID()}/`;
    await blobStore().put("roster-files", `${prefix}upload.csv`, "a;b\r\n", "text/csv");
    await blobStore().put("privacy-exports", `${prefix}export.json`, "{}", "application/json");
    const rules = [
      { container: "roster-files", maxAgeDays: 30, prefix },
      { container: "privacy-exports", maxAgeDays: 7, prefix },
    ] as const;
    const day = 24 * 60 * 60 * 1000;

    expect(await applyRetention(new Date(Date.now() + 8 * day), rules)).toEqual({ "roster-files": 0, "privacy-exports": 1 });
    expect(await blobStore().list("roster-files", prefix)).toEqual([`${prefix}upload.csv`]);
    expect(await applyRetention(new Date(Date.now() + 31 * day), rules)).toEqual({ "roster-files": 1, "privacy-exports": 0 });
    expect(await blobStore().list("roster-files", prefix)).toEqual([]);
  });
});
