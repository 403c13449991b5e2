import type {IncomingMessage, ServerResponse} from 'node:http';
import type Provider from 'oidc-provider';
import type {InteractionDetails} from 'oidc-provider';
import {INTERACTION_PREFIX} from './configuration';
import {consentPage, loginPage, messagePage} from './pages';

/**
 * The development login and consent pages (`/oauth/interaction/<uid>[/login|/consent|/abort]`): GET shows the step
 * oidc-provider asks for; POST finishes it. Any email address signs in; consent grants what the client asked for.
 */

const MAX_FORM_BYTES = 16 * 1024;
const EMAIL = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,190}\.[a-z]{2,}$/i;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolveForm, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('form too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveForm(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.end(html);
}

const expired = () => messagePage('This sign-in has expired', 'Go back to the app and choose Connect again.');

/** Consent: the grant the person had, or a new one, with what the client asked for and lacks. */
async function grantConsent(oidc: Provider, details: InteractionDetails, accountId: string): Promise<string> {
  const existing = details.grantId ? await oidc.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new oidc.Grant({accountId, clientId: String(details.params.client_id)});
  const missing = details.prompt.details;
  if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
  if (missing.missingResourceScopes && typeof missing.missingResourceScopes === 'object') {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes as Record<string, string[]>)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  return grant.save();
}

export async function handleInteraction(
  oidc: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const [uid, action = ''] = pathname.slice(INTERACTION_PREFIX.length).split('/');
  let details: InteractionDetails;
  try {
    details = await oidc.interactionDetails(req, res);
  } catch {
    sendHtml(res, 400, expired());
    return;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, expired());
    return;
  }
  const base = `${INTERACTION_PREFIX}${encodeURIComponent(uid)}`;
  const client = await oidc.Client.find(String(details.params.client_id));
  const clientName = client?.clientName ?? String(details.params.client_id);

  if (req.method === 'GET' && action === '') {
    if (details.prompt.name === 'login') {
      sendHtml(res, 200, loginPage({action: `${base}/login`, abortAction: `${base}/abort`, clientName}));
    } else if (details.prompt.name === 'consent') {
      const scopes = String(details.params.scope ?? '')
        .split(' ')
        .filter(Boolean);
      sendHtml(
        res,
        200,
        consentPage({action: `${base}/consent`, clientName, email: details.session?.accountId ?? '', scopes}),
      );
    } else {
      sendHtml(
        res,
        501,
        messagePage('Not supported', `The local provider cannot handle the "${details.prompt.name}" step.`),
      );
    }
    return;
  }
  if (req.method !== 'POST') {
    sendHtml(res, 405, messagePage('Not allowed', 'Use the buttons on the sign-in page.'));
    return;
  }
  const form = await readForm(req);
  if (action === 'login' && details.prompt.name === 'login') {
    const email = (form.get('email') ?? '').trim().toLowerCase();
    if (!EMAIL.test(email)) {
      const error = email ? 'That is not an email address.' : 'Pick a user or type an email address.';
      sendHtml(
        res,
        400,
        loginPage({action: `${base}/login`, abortAction: `${base}/abort`, clientName, error, typed: email}),
      );
      return;
    }
    await oidc.interactionFinished(req, res, {login: {accountId: email}}, {mergeWithLastSubmission: false});
    return;
  }
  if (action === 'consent' && details.prompt.name === 'consent') {
    if (form.get('decision') !== 'allow') {
      await oidc.interactionFinished(
        req,
        res,
        {error: 'access_denied', error_description: 'The user denied access.'},
        {mergeWithLastSubmission: false},
      );
      return;
    }
    const accountId = details.session?.accountId;
    if (!accountId) {
      sendHtml(res, 400, expired());
      return;
    }
    const grantId = await grantConsent(oidc, details, accountId);
    await oidc.interactionFinished(req, res, {consent: {grantId}}, {mergeWithLastSubmission: true});
    return;
  }
  if (action === 'abort') {
    await oidc.interactionFinished(
      req,
      res,
      {error: 'access_denied', error_description: 'The user cancelled the sign-in.'},
      {mergeWithLastSubmission: false},
    );
    return;
  }
  sendHtml(res, 404, messagePage('Not found', 'Go back to the app and choose Connect again.'));
}
