import {createHash} from 'node:crypto';
import {randomVerifier, s256Challenge} from '../../platform/pkce';

/**
 * The PKCE code the Dashboard host uses for `createOAuthState` (local/platform/pkce.ts): the S256 challenge checked
 * against the worked example in RFC 7636 Appendix B, and verifiers checked against the RFC's rules.
 */

describe('PKCE (RFC 7636)', () => {
  test('S256 gives the challenge of the Appendix B example', async () => {
    await expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('S256 agrees with Node’s own SHA-256 and base64url for fresh verifiers', async () => {
    for (let i = 0; i < 20; i += 1) {
      const verifier = randomVerifier();
      await expect(s256Challenge(verifier)).resolves.toBe(
        createHash('sha256').update(verifier, 'ascii').digest('base64url'),
      );
    }
  });

  test('a verifier is 43 unreserved characters (32 random octets) and never repeats', () => {
    const verifiers = Array.from({length: 50}, randomVerifier);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(new Set(verifiers).size).toBe(verifiers.length);
  });
});
