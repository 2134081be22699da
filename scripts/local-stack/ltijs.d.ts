/** The parts of ltijs 5 (a CommonJS library without types) that the demo tool and the interop tests use. */
declare module "ltijs" {
  export interface LtiContext {
    contextId: string;
    user: string;
    context?: { id: string; label?: string; title?: string; type?: string[] };
    resource?: { id: string; title?: string };
    messageType: string;
    version: string;
    roles: string[];
    targetLinkUri: string;
    custom?: Record<string, string>;
    launchPresentation?: { document_target?: string; locale?: string; return_url?: string };
    deepLinkingSettings?: Record<string, unknown>;
    endpoint?: Record<string, unknown>;
    namesRoles?: Record<string, unknown>;
    lis?: Record<string, unknown>;
    path: string;
  }
  /** What ltijs decoded from a verified id_token. */
  export interface LtiToken {
    iss: string;
    user: string;
    userInfo: { given_name?: string; family_name?: string; name?: string; email?: string };
    platformInfo?: Record<string, unknown>;
    clientId: string;
    platformId: string;
    deploymentId: string;
    platformContext: LtiContext;
  }
  export interface LtiRequest {
    query: Record<string, string>;
    body: Record<string, unknown>;
    path: string;
  }
  export interface LtiResponse {
    locals: { token?: LtiToken; context?: LtiContext; ltik?: string; err?: unknown };
    status(code: number): LtiResponse;
    send(body: unknown): unknown;
    json(body: unknown): unknown;
    setHeader(name: string, value: string): void;
    redirect(url: string): void;
  }
  export interface PlatformRegistration {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: { method: "JWK_SET" | "JWK_KEY" | "RSA_KEY"; key: string };
  }
  export interface Platform {
    platformKid(): Promise<string>;
    platformClientId(): Promise<string>;
    delete(): Promise<unknown>;
  }
  type Handler = (token: LtiToken, req: LtiRequest, res: LtiResponse, next: () => void) => unknown;
  export interface LtiProvider {
    setup(
      encryptionKey: string,
      database: { plugin: unknown },
      options?: {
        appRoute?: string;
        loginRoute?: string;
        keysetRoute?: string;
        cookies?: { secure?: boolean; sameSite?: string };
        devMode?: boolean;
        tokenMaxAge?: number | false;
        cors?: boolean;
      },
    ): LtiProvider;
    deploy(options?: { port?: number; silent?: boolean; serverless?: boolean }): Promise<true>;
    close(options?: { silent?: boolean }): Promise<true>;
    onConnect(handler: Handler): true;
    onDeepLinking(handler: Handler): true;
    onInvalidToken(handler: (req: LtiRequest, res: LtiResponse) => unknown): true;
    onSessionTimeout(handler: (req: LtiRequest, res: LtiResponse) => unknown): true;
    registerPlatform(platform: PlatformRegistration): Promise<Platform>;
    getPlatform(url: string, clientId: string): Promise<Platform | false>;
    deletePlatform(url: string, clientId: string): Promise<true>;
    app: {
      get(path: string, handler: (req: LtiRequest, res: LtiResponse) => unknown): void;
      post(path: string, handler: (req: LtiRequest, res: LtiResponse) => unknown): void;
    };
    /** Deep Linking 2.0: the signed LtiDeepLinkingResponse, alone or in an auto-submitting form to the return URL. */
    DeepLinking: LtiDeepLinking;
    /** AGS 2.0 through the platform's token endpoint. */
    Grade: LtiGrade;
    /** NRPS 2.0 through the platform's token endpoint. */
    NamesAndRoles: LtiNamesAndRoles;
  }
  export interface LtiMember {
    status: string;
    user_id: string;
    roles: string[];
    name?: string;
    given_name?: string;
    family_name?: string;
    email?: string;
    picture?: string;
  }
  export interface LtiNamesAndRoles {
    /** Follows `next` links up to `pages` pages (false: all); `url` starts at a next or differences link instead. */
    getMembers(
      idtoken: LtiToken,
      options?: { role?: string; limit?: number; pages?: number | false; url?: string; resourceLinkId?: boolean },
    ): Promise<{ id: string; context: { id: string; label?: string; title?: string }; members: LtiMember[]; next?: string; differences?: string }>;
  }
  /** A Deep Linking 2.0 content item, as the tool sends it. */
  export interface LtiContentItem {
    type: string;
    title?: string;
    text?: string;
    url?: string;
    custom?: Record<string, string>;
    lineItem?: { scoreMaximum: number; label?: string; resourceId?: string; tag?: string };
    [property: string]: unknown;
  }
  export interface LtiDeepLinking {
    createDeepLinkingForm(idtoken: LtiToken, contentItems: LtiContentItem[], options?: { message?: string; errMessage?: string; log?: string; errLog?: string }): Promise<string>;
    createDeepLinkingMessage(idtoken: LtiToken, contentItems: LtiContentItem[], options?: { message?: string; errMessage?: string; log?: string; errLog?: string }): Promise<string>;
  }
  export interface LtiLineItem {
    id: string;
    label: string;
    scoreMaximum: number;
    resourceLinkId?: string;
    resourceId?: string;
    tag?: string;
  }
  export interface LtiScore {
    userId?: string;
    scoreGiven?: number;
    scoreMaximum?: number;
    activityProgress: string;
    gradingProgress: string;
    comment?: string;
    timestamp?: string;
  }
  export interface LtiGrade {
    getLineItems(idtoken: LtiToken, options?: { resourceLinkId?: boolean; tag?: string; resourceId?: string; limit?: number; label?: string; id?: string }): Promise<{ lineItems: LtiLineItem[]; next?: string }>;
    createLineItem(idtoken: LtiToken, lineItem: Omit<LtiLineItem, "id">, options?: { resourceLinkId?: boolean }): Promise<LtiLineItem>;
    submitScore(idtoken: LtiToken, lineItemId: string, score: LtiScore): Promise<LtiScore>;
    getScores(idtoken: LtiToken, lineItemId: string, options?: { userId?: string; limit?: number }): Promise<unknown>;
    /** DELETE of the line item at that URL; throws got's HTTPError (with `response`) when the platform refuses. */
    deleteLineItemById(idtoken: LtiToken, lineItemId: string): Promise<true>;
  }
  export const Provider: LtiProvider;
  const ltijs: { Provider: LtiProvider };
  export default ltijs;
}

declare module "ltijs-sequelize" {
  /** ltijs' database plugin over Sequelize; the arguments are Sequelize's (database, user, password, options). */
  export default class Database {
    constructor(database: string, user: string, password: string, options: Record<string, unknown>);
  }
}
