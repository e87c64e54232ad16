import { Body, Controller, Get, Header, HttpCode, Post, Res } from '@nestjs/common';
import { BypassMaintenance, escapeHtml } from '../../lib';

/** What the handlers use of Express's response (the sample app runs on Express). */
interface CookieResponse {
  cookie(name: string, value: string, options: { httpOnly: boolean; sameSite: 'lax'; path: string }): void;
  clearCookie(name: string, options: { path: string }): void;
  setHeader(name: string, value: string): void;
}

/** Demo admins: the sample app's admin API and console trust them. A real app checks a session or a token. */
export const DEMO_ADMINS = ['alice', 'bob', 'carol'];

/** The demo's session cookie: the signed-in admin's name, as a real app's session would say who it is. */
export const DEMO_USER_COOKIE = 'demo_user';

/**
 * A demo sign-in for the console: pick alice, bob or carol and get a cookie naming them, as a real app's session
 * cookie would. Never blocked, so it works during maintenance. Not for production: nothing is checked.
 */
@Controller('demo')
@BypassMaintenance()
export class DemoSignInController {
  @Get('sign-in')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    const buttons = DEMO_ADMINS.map((name) => `<button type="submit" name="user" value="${escapeHtml(name)}">${escapeHtml(name)}</button>`).join('\n');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Demo sign-in</title></head>
<body><main><h1>Demo sign-in</h1>
<p>Sign in as one of the demo admins, then open the <a href="/maintenance/console">maintenance console</a>.</p>
<form method="post" action="/demo/sign-in">
${buttons}
</form>
<form method="post" action="/demo/sign-out"><button type="submit">Sign out</button></form>
</main></body></html>
`;
  }

  @Post('sign-in')
  @HttpCode(303)
  signIn(@Body() body: { user?: unknown }, @Res({ passthrough: true }) response: CookieResponse): void {
    const user = typeof body?.user === 'string' && DEMO_ADMINS.includes(body.user) ? body.user : null;
    if (user) response.cookie(DEMO_USER_COOKIE, user, { httpOnly: true, sameSite: 'lax', path: '/' });
    response.setHeader('Location', user ? '/maintenance/console' : '/demo/sign-in');
  }

  @Post('sign-out')
  @HttpCode(303)
  signOut(@Res({ passthrough: true }) response: CookieResponse): void {
    response.clearCookie(DEMO_USER_COOKIE, { path: '/' });
    response.setHeader('Location', '/demo/sign-in');
  }
}
