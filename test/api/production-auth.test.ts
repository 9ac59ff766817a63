// Production tokens: signed by the identity provider's keys, found through its JWKS, with
// its issuer and audience. A token signed with the demo key is refused there.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwksTokenVerifier, signDemoToken } from '../../api/auth.ts';
import { testSigningKey } from '../support/fixtures.ts';

const issuer = 'https://idp.bank.example';
const audience = 'diguan';
let server: http.Server;
let verify: ReturnType<typeof jwksTokenVerifier>;
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  verify = jwksTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks`, issuer, audience });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const providerToken = (claims: { iss?: string; aud?: string } = {}) =>
  new SignJWT({ name: 'officer', roles: ['OFFICER'], inst: 'demo-bank' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('00000000-0000-4000-8000-000000000009')
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);

describe('production token verification', () => {
  it("accepts the identity provider's token", async () => {
    const payload = await verify(await providerToken());
    expect(payload).toMatchObject({ sub: '00000000-0000-4000-8000-000000000009', iss: issuer });
  });

  it('refuses another issuer or another audience', async () => {
    await expect(verify(await providerToken({ iss: 'https://evil.example' }))).rejects.toThrow();
    await expect(verify(await providerToken({ aud: 'someone-else' }))).rejects.toThrow();
  });

  it('never accepts a token signed with the demo key', async () => {
    const demo = await signDemoToken(testSigningKey, {
      userId: '00000000-0000-4000-8000-000000000009',
      username: 'officer',
      roles: ['OFFICER'],
      institutionCode: 'demo-bank',
    });
    await expect(verify(demo)).rejects.toThrow();
  });
});
