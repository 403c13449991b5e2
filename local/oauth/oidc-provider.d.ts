/**
 * The few parts of oidc-provider 8 (which ships no types) that local/oauth uses. Only what is called is declared.
 * @see https://github.com/panva/node-oidc-provider/tree/v8.8.1/docs
 */
declare module 'oidc-provider' {
  import type {IncomingMessage, ServerResponse} from 'node:http';

  export interface KoaContextLike {
    method: string;
    path: string;
    status: number;
    body: unknown;
    oidc?: {route?: string; client?: {clientId: string}};
  }

  export interface InteractionDetails {
    uid: string;
    prompt: {name: string; reasons: string[]; details: Record<string, unknown>};
    params: Record<string, unknown>;
    session?: {accountId: string; uid: string};
    grantId?: string;
    lastSubmission?: Record<string, unknown>;
    returnTo: string;
    exp: number;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: {accountId: string; clientId: string}): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface StoredToken {
    exp?: number;
    remainingTTL: number;
  }

  export interface ClientLike {
    clientId: string;
    clientName?: string;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    readonly Grant: GrantConstructor;
    readonly Client: {find(id: string): Promise<ClientLike | undefined>};
    readonly RefreshToken: {find(value: string): Promise<StoredToken | undefined>};
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: KoaContextLike, next: () => Promise<void>) => Promise<void>): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: {mergeWithLastSubmission?: boolean},
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
