import { describe, expect, it } from 'vitest';
import { httpRoute } from '../../shared/http/route';
import { context, httpEvent } from '../helpers/http-event';

// A route that acts as the user (Cognito's ChangePassword) needs the raw bearer token.
const echo = httpRoute({ auth: 'jwt' }, async ({ accessToken }) => ({ status: 200, body: { accessToken } }));
const claims = { sub: 'sub-1', username: 'a@b.it', 'cognito:groups': '[staff]' };
const call = async (headers: Record<string, string>) =>
  JSON.parse(((await echo(httpEvent({ headers, claims }) as never, context)) as { body: string }).body);

describe('the raw access token on the route input', () => {
  it('is the bearer token of the Authorization header, whatever its case', async () => {
    expect(await call({ Authorization: 'Bearer eyJ.abc.def' })).toEqual({ accessToken: 'eyJ.abc.def' });
    expect(await call({ authorization: 'bearer eyJ.abc.def' })).toEqual({ accessToken: 'eyJ.abc.def' });
  });

  it('is null without a bearer token', async () => {
    expect(await call({})).toEqual({ accessToken: null });
    expect(await call({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ accessToken: null });
  });
});
